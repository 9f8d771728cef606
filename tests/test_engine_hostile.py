"""Hostile submissions through the real engine and sandbox: each is contained, scores 0 on what
it attacked, and the grader still writes a valid results.json."""
from __future__ import annotations

import pytest

from autograder.assignments import ASSIGNMENTS, REPO_ROOT
from autograder.reports.gradescope import schema_problems, to_results_json
from autograder.sandbox import Limits
from autograder.submission import Chunk, Submission
from support import needs_bwrap
from support import solution_source as solution

LIMITS = Limits(call_timeout=1.5, load_timeout=4.0, cpu_seconds=30)   # an endless loop costs 1.5 s


@pytest.fixture(scope="module")
def public(grading_session):
    """Public tests only (few cases per function, every message shown): the strictest leak test."""
    with grading_session(visibility="public", limits=LIMITS) as s:
        yield s


def grade(session, code: str, assignment: str = "a1_shapes"):
    sub = Submission("hostile", assignment, [Chunk(code, ASSIGNMENTS[assignment].filename)])
    result = session.grade(sub, assignment)
    assert schema_problems(to_results_json(result)) == []
    return result


def only_attacked_lost(result, function: str) -> None:
    for t in result.tests:
        if t.function == function:
            assert t.score == 0, t.name
        else:
            assert t.status == "passed", (t.name, t.output)


def override(function: str, body: str) -> str:
    """Solution of a1 with ``function`` replaced by a hostile body."""
    return solution("a1_shapes") + f"\n\ndef {function}(*args, **kwargs):\n" + "".join(
        f"    {line}\n" for line in body.splitlines())


def test_endless_loop_is_cut_and_the_rest_graded(public):
    result = grade(public, override("receptive_field", "while True:\n    pass"))
    only_attacked_lost(result, "receptive_field")
    assert result.status == "partial"
    assert all("did not finish" in t.output for t in result.tests if t.function == "receptive_field")


def test_ten_gigabytes_are_refused(public):
    result = grade(public, override("receptive_field", "import numpy as np\nreturn int(np.ones(10**10 // 8).sum())"))
    only_attacked_lost(result, "receptive_field")


def test_fork_bomb_is_contained(public):
    result = grade(public, override("same_padding", "import os\nwhile True:\n    try:\n        os.fork()\n"
                                                   "    except OSError:\n        pass"))
    only_attacked_lost(result, "same_padding")


@needs_bwrap
def test_hidden_suite_cannot_be_read_from_disk(public):
    hidden = ASSIGNMENTS["a1_shapes"].suite_dir() / "test_hidden.py"
    paths = [str(hidden), str(hidden.relative_to(REPO_ROOT)), "../autograder/suites/a1_shapes/test_hidden.py"]
    body = ("found = []\n"
            f"for p in {paths!r}:\n"
            "    try:\n        found.append(open(p).read()[:80])\n    except OSError:\n        pass\n"
            "raise ValueError('LEAK:' + repr(found))")
    result = grade(public, override("receptive_field", body))
    texts = [t.output for t in result.tests] + [result.output]
    assert any("LEAK:[]" in text for text in texts)          # ran, and found nothing
    assert not any("Hidden tests" in text or "CASES" in text for text in texts)


def test_torch_through_importlib_inside_a_function(public):
    result = grade(public, override("receptive_field", "import importlib\nreturn importlib.import_module('torch')"))
    only_attacked_lost(result, "receptive_field")
    attacked = [t for t in result.tests if t.function == "receptive_field"]
    assert all("torch" in t.output and "not allowed" in t.output for t in attacked)


def test_torch_through_exec_of_base64_at_import(public):
    code = solution("a1_shapes") + "\nimport base64\nexec(base64.b64decode(%r).decode())\n" % "aW1wb3J0IHRvcmNo"
    result = grade(public, code)
    assert result.status == "failed_to_load" and result.score == 0
    assert "torch" in result.output and "not allowed" in result.output


def test_sys_exit_at_import(public):
    result = grade(public, solution("a1_shapes") + "\nimport sys\nsys.exit(0)\n")
    assert result.status == "failed_to_load" and result.score == 0 and result.tests
    assert "from __future__" not in result.output


def test_ndarray_subclass_with_a_lying_eq(public):
    code = solution("a2_conv2d") + (
        "\n\nclass Liar(np.ndarray):\n"
        "    def __eq__(self, other):\n        return True\n"
        "    def __array_finalize__(self, obj):\n        pass\n"
        "_orig = conv2d\n"
        "def conv2d(*args, **kwargs):\n"
        "    return (_orig(*args, **kwargs) + 1).view(Liar)\n")
    result = grade(public, code, "a2_conv2d")
    conv = [t for t in result.tests if t.function == "conv2d" and t.tags != ["expect:raises"]]
    assert conv and all(t.score == 0 for t in conv)
    assert all(t.status == "passed" for t in result.tests if t.function not in ("conv2d", "conv1d"))  # conv1d calls conv2d


def test_printed_pytest_summary_is_not_a_summary(public):
    code = solution("a1_shapes").replace(
        "def same_padding(kernel_size, dilation=1):",
        "def same_padding(kernel_size, dilation=1):\n    print('57 passed', flush=True)")
    result = grade(public, code)
    assert result.score == result.max_score
    lines = [line.strip() for t in result.tests for line in t.output.splitlines()] + result.output.splitlines()
    assert "57 passed" not in [line.strip() for line in lines]


def test_stdout_never_reaches_a_hidden_grade(grading_session):
    code = solution("a1_shapes") + "\nprint('57 passed')\n"
    with grading_session(limits=LIMITS) as s:
        result = grade(s, code)
    assert "57 passed" not in str(to_results_json(result))
