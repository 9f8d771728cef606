"""Attacks that need more than one submission or a look at the grader itself: a key left for the
next submission, a forged frame that would balloon the grader, and spinners against the speed
yardstick (the reference must be timed while the submission's processes are stopped)."""
from __future__ import annotations

import resource
import time

from autograder.assignments import get_assignment
from autograder.sandbox import Worker
from autograder.sandbox.processes import descendants, pids_of_uid

from .conftest import (hostile_module, results_json, scores_by_function, submission_of,
                       wait_until_gone, orphaned_worker_pids)


def _attacked_score(data: dict, function: str) -> float:
    return sum(t["score"] for t in scores_by_function(data)[function])


def test_a_key_does_not_reach_the_next_submission(session, places):
    """The first submission stores a key in its uid's key ring; the next one, graded right after
    it by the same session, looks for that key and answers right only if it finds it."""
    writer = session.grade(submission_of("a1_shapes", hostile_module("a1_shapes", "keyring.py", places),
                                         name="first"), "a1_shapes")
    reader = session.grade(submission_of("a1_shapes", hostile_module("a1_shapes", "keyring_reader.py",
                                                                     places), name="second"), "a1_shapes")
    assert _attacked_score(results_json(writer), "receptive_field") == 0
    assert _attacked_score(results_json(reader), "receptive_field") == 0
    assert wait_until_gone(orphaned_worker_pids) == {}


def test_aliased_payloads_do_not_grow_the_grader(session, places):
    """300 array entries of one reply all pointing at one 8 MiB payload would decode into 2.4 GB;
    the grader refuses the reply instead (its peak memory hardly moves)."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss << 10
    result = session.grade(submission_of("a1_shapes", hostile_module("a1_shapes", "forged_alias.py", places)),
                           "a1_shapes")
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss << 10
    data = results_json(result)
    assert data["extra_data"]["status"] in ("graded", "partial")
    assert _attacked_score(data, "receptive_field") == 0
    assert after - before < 1 << 30, f"the grader grew by {(after - before) >> 20} MiB"


SPINNER = """
import threading
def _spin():
    while True:
        pass
threading.Thread(target=_spin, daemon=True).start()
def ready():
    return 1
"""


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat", "rb") as f:
        fields = f.read().rsplit(b")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100.0        # utime + stime, in clock ticks


def test_the_reference_is_timed_while_the_submission_is_stopped(session):
    """A spinning thread of the submission being graded gets no CPU while the grader times the
    reference solution (which it would otherwise slow down, loosening the time limit)."""
    import importlib

    from autograder.cases import Case

    assignment = get_assignment("a2_conv2d")
    hidden = importlib.import_module("autograder.suites.a2_conv2d.test_hidden")
    case = next(c for c in hidden.speed_cases() if isinstance(c, Case))
    session.reference_time(assignment, case)             # the solution worker is up and warm
    chunk = type("C", (), {"code": SPINNER, "origin": "spin.py", "first_line": 1})()
    with Worker([chunk], "spin", sandbox=session.sandbox, limits=session.options.limits) as student:
        assert student.call("ready").value == 1
        time.sleep(0.3)
        pids = descendants(student.pid) if student.uid is None else pids_of_uid(student.uid)
        spun_before = sum(_cpu_seconds(p) for p in pids)
        start = time.monotonic()
        seconds = session.reference_time(assignment, case, pause=(student, None))
        wall = time.monotonic() - start
        spun = sum(_cpu_seconds(p) for p in pids) - spun_before
        assert student.call("ready").value == 1               # it goes on afterwards
    assert seconds is not None and seconds > 0
    assert spun <= 0.05 + 0.2 * wall, f"the submission spun {spun:.2f} s of the {wall:.2f} s timing"
