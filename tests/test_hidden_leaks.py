"""Hostile submissions that try to carry HIDDEN test data out through student-visible text.

Each one is the a2 reference solution with an appended ``conv2d`` that encodes hidden input
numbers into something the grader might repeat: a value stashed for the shrinker's calls, an
exception class name, a returned object's type name, an output shape, a count of wrong entries,
a dtype, an exit code. They run through the real engine and sandbox (GradingSession), and no
hidden input number and no attacker-chosen marker may reach a hidden test's text or the
top-level output (SPEC: on a hidden test the student sees its verdict; everything else comes from
a reproduction on public configurations in a worker that never saw a hidden input; public tests
show everything).
"""
from __future__ import annotations

import json
import re

import numpy as np
import pytest

from autograder.assignments import ASSIGNMENTS
from autograder.cases import materialize
from autograder.reports.gradescope import schema_problems, to_results_json
from autograder.sandbox import Limits, Worker
from autograder.submission import Chunk, Submission
from support import solution_source

pytestmark = pytest.mark.slow          # each attack a full a2 grade with shrinking

ASSIGNMENT = "a2_conv2d"
LIMITS = Limits(call_timeout=3.0, load_timeout=10.0, cpu_seconds=120)

# the attacker's encoding: the first values of x, as integer millionths
DIGITS = "'_'.join(str(int(abs(t) * 1e6)) for t in x.ravel()[:4])"


def reference_code() -> str:
    return solution_source(ASSIGNMENT)


def hostile(body: str) -> str:
    """The reference solution with ``conv2d`` replaced (the original stays as ``_orig``)."""
    return reference_code() + "\n\n_orig = conv2d\n\n\ndef conv2d(x, weight, bias=None, *a, **k):\n" + \
        "".join(f"    {line}\n" for line in body.strip("\n").splitlines())


def _hidden_tokens() -> tuple[set[str], set[str]]:
    """Distinctive renderings of the hidden inputs: (integer millionths, 4-decimal floats)."""
    from autograder.suites.a2_conv2d.test_hidden import CASES
    digits, floats = set(), set()
    for case in CASES:
        args, kwargs = materialize(case)
        for a in list(args) + list(kwargs.values()):
            if not isinstance(a, np.ndarray) or a.dtype.kind != "f" or a.size == 0:
                continue
            flat = a.ravel()
            for i, v in enumerate(flat[:4096] if not case.large else flat[:64]):
                v = float(v)
                if v != round(v) and abs(v) >= 0.01:
                    d = str(int(abs(v) * 1e6))
                    if len(d) >= 5:
                        digits.add(d)
                    if i < 4:
                        floats.add(f"{v:.4f}")
                        floats.add(f"{abs(v):.4f}")
    return digits, floats


HIDDEN_DIGITS, HIDDEN_FLOATS = _hidden_tokens()


@pytest.fixture(scope="module")
def session(grading_session):
    with grading_session(limits=LIMITS) as s:
        yield s


def grade(session, code: str):
    sub = Submission("hostile", ASSIGNMENT, [Chunk(code, ASSIGNMENTS[ASSIGNMENT].filename)])
    result = session.grade(sub, ASSIGNMENT)
    doc = to_results_json(result)
    assert schema_problems(doc) == []
    assert result.status in ("graded", "partial"), (result.status, result.reason)
    return result, doc


def visible(doc: dict) -> tuple[str, list[str], list[str]]:
    """(top-level output, hidden test outputs, public test outputs) of a results.json."""
    top = json.dumps({k: v for k, v in doc.items() if k != "tests"}, ensure_ascii=False)
    hidden = [t.get("output", "") + " " + t.get("name", "") for t in doc["tests"] if "[hidden]" in t["name"]]
    public = [t.get("output", "") for t in doc["tests"] if "[hidden]" not in t["name"]]
    return top, hidden, public


REPRO = "The same function also fails on a public case"


def verdict_part(text: str) -> str:
    """A hidden test's text before its public reproduction (which shows public data)."""
    for header in (REPRO, "同一个函数在一个公开的例子上也出错了"):
        text = text.split(header)[0]
    return text


def assert_no_hidden_numbers(doc: dict) -> None:
    top, hidden, public = visible(doc)
    for text in [top] + hidden + public:
        for token in re.findall(r"\d{5,}", text):
            assert token not in HIDDEN_DIGITS, f"hidden input digits {token} in: {text[:600]}"
    for text in [top] + hidden:
        for token in re.findall(r"-?\d+\.\d{4}\b", text):
            assert token not in HIDDEN_FLOATS, f"hidden input value {token} in: {text[:600]}"


def assert_no_marker(doc: dict, marker: str) -> None:
    top, hidden, _ = visible(doc)
    for text in [top] + hidden:
        assert marker not in text, text[:600]


def failed_hidden(doc: dict, function: str = "conv2d") -> list[str]:
    return [t["output"] for t in doc["tests"]
            if "[hidden]" in t["name"] and t["name"].startswith(function + " ") and t["score"] == 0]


# ---------------------------------------------------------------------- the channels


def test_shrinker_never_calls_the_worker_that_holds_hidden_inputs(session):
    """A global keeps the last non-integer x (hidden tests use randn); integer inputs (the
    shrinker's first candidates) get it back as the output, in integer millionths."""
    code = hostile("""
import numpy as np
global _stash
if np.any(x != np.round(x)):
    _stash = [int(abs(t) * 1e6) for t in x.ravel()[:16]]
    return _orig(x, weight, bias, *a, **k) + 1.0
r = _orig(x, weight, bias, *a, **k)
out = np.zeros(r.shape, dtype=r.dtype)
vals = np.array(globals().get('_stash', []) or [7], dtype=np.float64)
out.ravel()[:min(out.size, vals.size)] = vals[:out.size]
return out
""")
    result, doc = grade(session, code)
    shown = [o for o in failed_hidden(doc) if REPRO in o]
    assert shown, "a hidden failure should still show a public reproduction"
    assert_no_hidden_numbers(doc)


def test_hidden_failure_gets_its_own_reproduction_after_a_public_one(session):
    """A public failure of the function does not use up the hidden failures' reproduction."""
    result, doc = grade(session, hostile("return _orig(x, weight, bias, *a, **k) + 0.5"))
    public = [t["output"] for t in doc["tests"] if "[public]" in t["name"] and t["score"] == 0
              and t["name"].startswith("conv2d ")]
    assert public
    assert all(REPRO in o for o in failed_hidden(doc))
    assert_no_hidden_numbers(doc)


def test_exception_class_named_after_hidden_data(session):
    result, doc = grade(session, hostile(
        f"raise type('Le' + 'ak_' + {DIGITS}, (Exception,), {{}})()"))
    assert_no_marker(doc, "Leak_")
    assert_no_hidden_numbers(doc)
    assert any("an exception of a class your code defined" in o for o in failed_hidden(doc))
    _, _, public = visible(doc)
    assert any("Leak_" in o for o in public)          # public tests show everything


def test_builtin_exception_is_still_named(session):
    result, doc = grade(session, hostile("raise KeyError('Le' + 'ak_' + " + DIGITS + ")"))
    assert_no_marker(doc, "Leak_")
    outputs = failed_hidden(doc)
    assert outputs and all("KeyError" in o for o in outputs)     # from the public reproduction
    assert all("KeyError" not in verdict_part(o) for o in outputs)


def test_returned_object_of_a_class_named_after_hidden_data(session):
    result, doc = grade(session, hostile(f"return type('Le' + 'ak_' + {DIGITS}, (), {{}})()"))
    assert_no_marker(doc, "Leak_")
    assert_no_hidden_numbers(doc)
    assert any("not an array or a number" in o for o in failed_hidden(doc))


def test_output_shape_spelling_hidden_numbers(session):
    result, doc = grade(session, hostile(
        "import numpy as np\n"
        "return np.zeros((0, 424242) + tuple(int(abs(t) * 1e6) for t in x.ravel()[:4]))"))
    assert_no_hidden_numbers(doc)
    outputs = failed_hidden(doc)
    assert outputs and all(REPRO in o for o in outputs)
    for o in outputs:       # the verdict part holds no shape of the student's making
        assert "424242" not in verdict_part(o), o[:600]


def test_count_of_wrong_entries(session):
    result, doc = grade(session, hostile("""
r = _orig(x, weight, bias, *a, **k)
n = int(abs(x.ravel()[0]) * 1e6) % max(r.size, 1) if x.size else 0
r.ravel()[:max(n, 1)] += 1000
return r
"""))
    assert_no_hidden_numbers(doc)
    for o in failed_hidden(doc):
        assert not re.search(r"\d+ of \d+ (entries|positions)", verdict_part(o)), o[:600]


def test_returned_dtype_chosen_by_hidden_data(session):
    result, doc = grade(session, hostile("""
import numpy as np
r = _orig(x, weight, bias, *a, **k)
kinds = [np.float16, np.int8, np.int16, np.int32, np.int64, np.uint8, np.complex64]
return r.astype(kinds[int(abs(x.ravel()[0]) * 1e6) % 7] if x.size else np.float16)
"""))
    outputs = failed_hidden(doc)
    assert outputs
    for o in outputs:
        assert not re.search(r"float16|int8|int16|int32|int64|uint8|complex64", verdict_part(o)), o[:600]


def test_exit_code_chosen_by_hidden_data(session):
    result, doc = grade(session, hostile("""
import os
import numpy as np
if x.shape == (2, 3, 7, 7) and np.any(x != np.round(x)):
    os._exit(int(abs(x.ravel()[0]) * 1e6) % 256)
return _orig(x, weight, bias, *a, **k)
"""))
    outputs = failed_hidden(doc)
    assert outputs
    for o in outputs:
        part = verdict_part(o)
        assert not re.search(r"(exit code|status|signal) \d+|SIG[A-Z]+", part), part[:600]


def test_chinese_hidden_and_public_texts(grading_session):
    with grading_session(limits=LIMITS, lang="zh") as zh:
        result, doc = grade(zh, hostile(
            "import numpy as np\n"
            "if x.ndim == 4 and x.shape[0] == 2 and x.shape[2] == 7:\n"
            f"    raise type('Le' + 'ak_' + {DIGITS}, (Exception,), {{}})()\n"
            "return _orig(x, weight, bias, *a, **k) + 0.5"))
    assert_no_marker(doc, "Leak_")
    assert_no_hidden_numbers(doc)
    assert failed_hidden(doc) and all("这个隐藏测试没有通过" in o for o in failed_hidden(doc))
    _, _, public = visible(doc)
    details = [o for o in public if "期望结果 =" in o]
    assert details, "a small public failure shows its expected values, labelled in Chinese"
    assert not any(re.search(r"^(expected|got) =$", o, re.M) for o in public)


# ---------------------------------------------------------------------- exit status under bwrap


@pytest.mark.parametrize("code", [137, 152, 139])
def test_bwrap_exit_code_above_128_is_not_read_as_a_signal(code, bwrap_kind):
    src = f"import os\n\ndef f():\n    os._exit({code})\n"
    with Worker([Chunk(src, "m.py")], "m", sandbox=bwrap_kind, limits=LIMITS) as worker:
        assert worker.start().ok
        call = worker.call("f")
    assert call.status == "crashed", (call.status, call.detail)
    assert str(code) in call.detail and "SIG" not in call.detail
