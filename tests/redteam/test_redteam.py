"""Hostile submissions through the real engine and the real sandbox, each checked for containment.

Containment, checked the same way for every attack in ``attacks.ATTACKS``:
  * 0 on every test of what it attacked (everything, for an attack at import), full marks on the
    functions it left alone, and a plain-words reason;
  * the grader finishes with a valid results.json (Gradescope's schema, strict JSON);
  * nothing outside the sandbox changed (a canary OUT folder, the grader's own files, host /tmp);
  * no process left behind (none carrying the attack's token, none of an unowned worker uid);
  * no hidden input and no student text in any hidden test's output or the top-level output;
  * every student-visible text bounded.

Set RT_TABLE=FILE to append one JSON line per attack (outcome and time to verdict).
"""
from __future__ import annotations

import functools
import json
import os
import re
import socket
import time
from pathlib import Path

import pytest

from .attacks import ATTACKS, Attack
from autograder.sandbox import Limits

from .conftest import (SECRET, solution_text, hidden_values, hostile_module, leaked_values,
                       orphaned_worker_pids, processes_with_token, results_json, scores_by_function,
                       snapshot, student_texts, submission_of, wait_until_gone)

@functools.lru_cache(maxsize=None)
def _secrets(assignment: str) -> frozenset:
    return frozenset(hidden_values(assignment))


def _record(attack: Attack, data: dict, seconds: float) -> None:
    table = os.environ.get("RT_TABLE")
    if not table:
        return
    by_fn = scores_by_function(data)
    attacked = attack.attacked or tuple(by_fn)
    line = {"attack": attack.name, "status": data["extra_data"]["status"],
            "attacked_score": sum(t["score"] for f in attacked for t in by_fn.get(f, [])),
            "score": data["score"], "max_score": data["max_score"], "seconds": round(seconds, 2),
            "reason": (data["extra_data"].get("reason") or "")[:120]}
    with open(table, "a", encoding="utf-8") as f:
        f.write(json.dumps(line) + "\n")


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.file[:-3] for a in ATTACKS])
def test_attack_is_contained(attack: Attack, session, sandbox_kind, places):
    if attack.bwrap_only and sandbox_kind.name != "bwrap":
        pytest.skip("only the bwrap sandbox contains this attack")
    listener = None
    if attack.listen:
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        listener.setblocking(False)
        places.port = listener.getsockname()[1]
    canary_before = snapshot(places.canary)

    start = time.monotonic()
    result = session.grade(submission_of(attack.assignment, hostile_module(attack.assignment, attack.file, places)),
                           attack.assignment)
    seconds = time.monotonic() - start

    # the grader finished with a valid, bounded results.json
    data = results_json(result)
    _record(attack, data, seconds)
    status = data["extra_data"]["status"]
    assert status in attack.statuses, (status, data["extra_data"].get("reason"))

    # 0 on what it attacked, full marks on what it left alone, and a reason in plain words
    by_fn = scores_by_function(data)
    attacked = attack.attacked or tuple(by_fn)
    for fn in attacked:
        assert fn in by_fn, f"no test of {fn}"
        for t in by_fn[fn]:
            if attack.raises_value_error and "expect:raises" in t["tags"]:
                continue
            assert t["score"] == 0, f"{t['name']} scored {t['score']}: {t['output'][:300]}"
    for fn, tests in by_fn.items():
        if fn not in attacked:
            lost = [t["name"] for t in tests if t["score"] != t["max_score"]]
            assert not lost, f"untouched {fn} lost points: {lost[:3]} {tests[0]['output'][:300]}"
    if attack.message:
        said = data["output"] + "\n" + "\n".join(t["output"] for fn in attacked for t in by_fn[fn])
        assert re.search(attack.message, said, re.I), said[:1000]

    # nothing outside the sandbox changed
    time.sleep(0.3)                                   # a surviving daemon would write by now
    assert snapshot(places.canary) == canary_before
    assert not Path(f"/tmp/{places.token}").exists()
    if listener is not None:
        with pytest.raises(BlockingIOError):
            listener.accept()
        listener.close()

    # no process left behind
    assert wait_until_gone(lambda: processes_with_token(places.token)) == []
    assert wait_until_gone(orphaned_worker_pids) == {}

    # no hidden data, no student text in hidden feedback
    hidden_texts = [("output", data["output"])] + [
        (t["name"], t["output"]) for t in data["tests"] if t["extra_data"]["hidden"]]
    for where, text in hidden_texts:
        assert SECRET not in text, f"{where} shows the student's own text: {text[:300]}"
        assert "worker| " not in text, f"{where} shows the worker's output"
    if attack.assignment == "a2_conv2d":
        assert leaked_values(student_texts(data), set(_secrets(attack.assignment))) == []


def test_public_run_escapes_the_workers_output(session, grading_session, places):
    """In a student's own check run the worker's output is shown, every line prefixed, so a fake
    "102 passed" or a fake results.json can never pass for the grader's own line."""
    with grading_session(visibility="public", limits=session.options.limits) as public:
        result = public.grade(submission_of("a1_shapes", hostile_module("a1_shapes", "fake_output.py", places)),
                              "a1_shapes")
    data = results_json(result)
    assert "passed in" in data["output"]
    for line in data["output"].splitlines():
        if "passed in" in line or '"score"' in line or "PASSED" in line:
            assert line.startswith("worker| "), line
        assert "\x1b" not in line


def test_hidden_inputs_are_distinctive():
    """The leak check has teeth: the hidden a2 inputs give thousands of distinctive numbers."""
    assert len(_secrets("a2_conv2d")) > 1000


def test_numpy_testing_is_allowed(session):
    """SPEC: all of numpy may be used. ``numpy.testing`` imports ``sysconfig``, which imports the
    interpreter's ``_sysconfigdata_*`` module: a standard-library file whose name is not in
    ``sys.stdlib_module_names``, so the worker's import blocker refuses it today."""
    code = solution_text("a1_shapes") + "\nimport numpy as np\nnp.testing.assert_allclose(1.0, 1.0)\n"
    result = session.grade(submission_of("a1_shapes", code), "a1_shapes")
    data = results_json(result)
    assert data["extra_data"]["status"] == "graded", data["extra_data"]["reason"]
    assert data["score"] == data["max_score"]


def test_a_looping_function_costs_a_bounded_time(grading_session, deadline):
    """A function that never returns must not cost (its number of tests x call_timeout): with the
    defaults (10 s) a loop in a2's conv2d (67 tests) costs over 10 minutes, past the batch's
    submission timeout, which then zeroes the whole submission, working functions included.
    After a couple of timeouts of one function its remaining tests should fail at once."""
    limits = Limits(call_timeout=0.5, load_timeout=3.0, memory_bytes=1 << 30, cpu_seconds=60)
    loops = "\n\ndef receptive_field(layers):\n    while True:\n        pass\n" \
            "\n\ndef conv2d_num_params(*args, **kwargs):\n    while True:\n        pass\n"
    with grading_session(limits=limits) as s:
        s.grade(submission_of("a1_shapes", solution_text("a1_shapes")), "a1_shapes")   # warm up
        start = time.monotonic()
        result = s.grade(submission_of("a1_shapes", solution_text("a1_shapes") + loops), "a1_shapes")
        seconds = time.monotonic() - start
    by_fn = scores_by_function(results_json(result))
    assert all(t["score"] == 0 for f in ("receptive_field", "conv2d_num_params") for t in by_fn[f])
    timed_out = sum("did not finish" in t["output"] for t in result_tests(result))
    # the timeouts are wall-clock and do not stretch on a busy machine; the grading work does
    assert seconds < 8 * limits.call_timeout + deadline(4), (
        f"{seconds:.1f} s for 18 looping tests: {timed_out} of them each waited the full call timeout")


def result_tests(result):
    return results_json(result)["tests"]
