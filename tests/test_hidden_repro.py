"""Hidden failures through the real engine and sandbox: the verdict alone comes from the hidden
case; the smallest failing case, diagnosis, exception type and raising line come from a public
reproduction; a hidden configuration is never printed; where nothing public fails, the test says
what it covers. Raise sites are checked against the code the grader sent.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from autograder.assignments import ASSIGNMENTS
from autograder.reports.gradescope import schema_problems, to_results_json
from autograder.sandbox import Limits
from autograder.submission import Chunk, Submission
from support import solution_source as solution

LIMITS = Limits(call_timeout=5.0, load_timeout=10.0, cpu_seconds=300)
BUGS = Path(__file__).resolve().parent / "hidden_bugs"
REPRO = "The same function also fails on a public case"
NO_REPRO = "None of the public configurations tried here fails"


@pytest.fixture(scope="module")
def session(grading_session):
    with grading_session(limits=LIMITS) as s:
        yield s


def grade(session, assignment: str, code: str):
    filename = ASSIGNMENTS[assignment].filename
    result = session.grade(Submission("student", assignment, [Chunk(code, filename)]), assignment)
    assert schema_problems(to_results_json(result)) == []
    assert result.status in ("graded", "partial"), (result.status, result.reason)
    return result


def hidden_only_calls(assignment: str) -> set[str]:
    import importlib
    hidden = importlib.import_module(f"autograder.suites.{assignment}.test_hidden").CASES
    public = importlib.import_module(f"autograder.suites.{assignment}.test_public").CASES
    return {c.describe() for c in hidden} - {c.describe() for c in public}


def failed(result, function: str, hidden: bool = True):
    return [t for t in result.tests if t.function == function and t.hidden == hidden and t.score == 0]


def assert_no_hidden_call(result, assignment: str) -> None:
    calls = hidden_only_calls(assignment)
    for t in result.tests:
        for call in calls:
            assert call not in t.output, (t.name, call)
    assert not any(call in result.output for call in calls)


# ---------------------------------------------------------------------- a1: scalar cases


def test_a1_hidden_failure_is_reproduced_on_public_numbers(session):
    """Dilation ignored only when the stride is above 1: the public suite never combines the two,
    the hidden 'all parameters' case does. Before, its own call was printed as the small case."""
    code = solution("a1_shapes") + (
        "\n_orig = conv_output_size\n"
        "def conv_output_size(in_size, kernel_size, stride=1, padding=0, dilation=1):\n"
        "    return _orig(in_size, kernel_size, stride, padding, 1 if stride > 1 else dilation)\n")
    result = grade(session, "a1_shapes", code)
    assert_no_hidden_call(result, "a1_shapes")
    assert not failed(result, "conv_output_size", hidden=False)
    lost = failed(result, "conv_output_size")
    assert lost
    for t in lost:
        assert "This hidden test failed." in t.output
        assert "It tests `conv_output_size` with: stride > 1" in t.output
        assert REPRO in t.output and "dilation-ignored" in t.misconceptions
        shown = re.search(r"conv_output_size\((\d+), (\d+), (.*)\)", t.output.split(REPRO)[1])
        assert shown and "dilation=" in shown.group(3) and "stride=" in shown.group(3)
        assert "conv_output_size(31, 4" not in t.output


def test_a1_hidden_failure_nothing_public_reproduces(session):
    """A mistake only on one hidden input size: no public configuration fails, so the test says
    that it failed and what it covers, and no number of the hidden configuration."""
    code = solution("a1_shapes") + (
        "\n_orig = conv_output_size\n"
        "def conv_output_size(in_size, kernel_size, stride=1, padding=0, dilation=1):\n"
        "    return _orig(in_size, kernel_size, stride, padding, dilation) + (in_size == 31)\n")
    result = grade(session, "a1_shapes", code)
    lost = failed(result, "conv_output_size")
    assert [t.name for t in lost] == ["conv_output_size [hidden] all parameters"]
    text = lost[0].output
    assert NO_REPRO in text and REPRO not in text
    assert "dilation > 1" in text and "stride > 1" in text
    assert not re.search(r"\b(31|4|3|2)\b", text.replace("> 1", "")), text
    assert lost[0].misconceptions == []


# ---------------------------------------------------------------------- a2: arrays, raises


def test_exception_in_student_code_line_type_and_pattern(session):
    """conv2d_naive sized with ceil: its own indexing raises IndexError where floor and ceil
    differ. Hidden failures show a public case, the exception type, the line of the student's
    file (read from the code sent), and the diagnosis off-by-one-size; never the message."""
    bug = (BUGS / "ceil_index_conv.py").read_text(encoding="utf-8")
    code = solution("a2_conv2d") + "\n" + bug
    lines = code.splitlines()
    raising = next(i for i, line in enumerate(lines, 1) if line.strip().startswith("total += xp["))
    result = grade(session, "a2_conv2d", code)
    assert_no_hidden_call(result, "a2_conv2d")
    raised = [t for t in failed(result, "conv2d_naive") if "IndexError" in t.output]
    assert raised
    for t in raised:
        text = t.output
        verdict, repro = text.split(REPRO)
        assert "IndexError" not in verdict              # the hidden call gives the verdict only
        assert f"conv2d.py, line {raising}:" in repro
        assert lines[raising - 1].strip() in repro
        assert "out of bounds" not in text              # no exception message
        assert "off-by-one-size" in t.misconceptions and "[off-by-one-size]" in repro


def test_public_raise_shows_the_students_line(session):
    code = solution("a2_conv2d") + (
        "\n_orig = max_pool2d\n"
        "def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):\n"
        "    if ceil_mode:\n"
        "        raise RuntimeError('no' + ' ceil')\n"
        "    return _orig(x, kernel_size, stride, padding, dilation, ceil_mode)\n")
    line = code.splitlines().index("        raise RuntimeError('no' + ' ceil')") + 1
    result = grade(session, "a2_conv2d", code)
    public = failed(result, "max_pool2d", hidden=False)
    assert public and all(f"conv2d.py, line {line}:\n    raise RuntimeError('no' + ' ceil')" in t.output
                          for t in public)
    assert all("no ceil" in t.output for t in public)         # public tests show the message
    for t in failed(result, "max_pool2d"):
        assert "no ceil" not in t.output and "ceil_mode" in t.output   # covers, in words
        assert REPRO in t.output and f"line {line}" in t.output
    assert_no_hidden_call(result, "a2_conv2d")


def test_raise_line_chosen_by_hidden_data_or_out_of_range_is_never_shown(session):
    """The worker reports the raising line; on hidden input it is never used, and a line that
    is not inside the submitted file is not shown at all (nor anything from the worker)."""
    code = solution("a2_conv2d") + (
        "\n_orig = conv2d\n"
        "def conv2d(x, weight, bias=None, *a, **k):\n"
        "    import numpy as np\n"
        "    if x.ndim == 4 and x.shape[0] == 2 and np.any(x != np.round(x)):\n"
        "        n = int(abs(x.ravel()[0]) * 1e6) % 300\n"
        "        exec(compile('\\n' * n + 'raise KeyError()', 'conv2d.py', 'exec'))\n"
        "    if x.shape[-1] == 4 and x.shape[1] == 1:\n"
        "        exec(compile('\\n' * 10**6 + 'raise KeyError()', 'conv2d.py', 'exec'))\n"
        "    return _orig(x, weight, bias, *a, **k)\n")
    result = grade(session, "a2_conv2d", code)
    public = [t for t in failed(result, "conv2d", hidden=False) if "KeyError" in t.output]
    assert public and all("raised in" not in t.output for t in public)
    hidden = failed(result, "conv2d")
    assert hidden
    for t in hidden:
        assert "KeyError" not in t.output.split(REPRO)[0]
        assert not re.search(r"line \d+", t.output.split(REPRO)[0])
    assert_no_hidden_call(result, "a2_conv2d")


def test_pooling_configuration_that_does_not_shrink_is_not_printed(session):
    """Before, an a2 hidden pooling configuration that did not shrink was shown as it was."""
    code = solution("a2_conv2d") + (
        "\n_orig = avg_pool2d\n"
        "def avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):\n"
        "    return _orig(x, kernel_size, stride, padding, ceil_mode, True)\n")
    result = grade(session, "a2_conv2d", code)
    lost = failed(result, "avg_pool2d")
    assert lost and all("count_include_pad=False" in t.output for t in lost)
    assert any("count-include-pad" in t.misconceptions for t in lost)
    assert_no_hidden_call(result, "a2_conv2d")


def test_chinese_hidden_failure_texts(session, grading_session):
    with grading_session(limits=LIMITS, lang="zh") as zh:
        code = solution("a1_shapes") + (
            "\n_orig = conv_output_size\n"
            "def conv_output_size(in_size, kernel_size, stride=1, padding=0, dilation=1):\n"
            "    return _orig(in_size, kernel_size, stride, padding, dilation) + (in_size == 31)\n")
        result = grade(zh, "a1_shapes", code)
    text = failed(result, "conv_output_size")[0].output
    assert "这个隐藏测试没有通过。" in text and "它测试的是 `conv_output_size`" in text
    assert "空洞率大于 1" in text and "这里尝试的公开配置都没有出错" in text
