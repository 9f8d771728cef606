"""The speed yardstick: how long the reference solution takes on a speed case, timed fairly.

The reference solution runs in a worker of the same sandbox and limits as the students'. Its
time is taken only while every process of the submission being graded is stopped (SIGSTOP),
so no student code, a CPU spinner included, can slow the yardstick down and so loosen the time
limit. The first measurement is the best of two calls; each later submission re-checks it with
one more call, and the yardstick is the best of the last ``WINDOW`` samples, so it follows a
machine that gets slower or faster (drift) while one unlucky sample does not move it.

A slow speed call is retried once against timing noise on a fresh input (:func:`fresh_input`,
another seed): a submission that kept the first answer and returns it again is wrong there.
"""
from __future__ import annotations

import contextlib
from dataclasses import replace

from autograder.assignments import Assignment
from autograder.cases import Case, materialize
from autograder.sandbox import Limits, Worker
from autograder.submission import Chunk

WINDOW = 3
RETRY_SEED_STEP = 7_919_003      # added to a case's seed for its speed retry
REFERENCE_TIMEOUT = 120.0


def fresh_input(case: Case) -> Case:
    """``case`` on another seed: same shapes and configuration, other values."""
    return replace(case, seed=case.seed + RETRY_SEED_STEP)


class ReferenceTimer:
    """Reference timings per (assignment, case), measured with the student's workers paused."""

    def __init__(self, sandbox, limits: Limits):
        self.sandbox = sandbox
        self.limits = Limits(memory_bytes=max(limits.memory_bytes, 2 << 30),
                             call_timeout=REFERENCE_TIMEOUT, load_timeout=30.0, cpu_seconds=600)
        self._samples: dict[tuple[str, str], list[float]] = {}
        self._checked_for: dict[tuple[str, str], object] = {}   # key -> worker last re-checked for
        self._workers: dict[str, Worker | None] = {}

    def seconds(self, assignment: Assignment, case: Case, pause=()) -> float | None:
        """Seconds of the reference solution on ``case``; ``pause`` are the workers of the
        submission being graded (None entries ignored): they are stopped while it is timed."""
        key = (assignment.name, repr(case))
        students = [w for w in pause if w is not None]
        owner = students[0] if students else None
        samples = self._samples.setdefault(key, [])
        if not samples or (owner is not None and self._checked_for.get(key) is not owner):
            self._checked_for[key] = owner
            samples += self._measure(assignment, case, students, calls=1 if samples else 2)
            del samples[:-WINDOW]
        return min(samples) if samples else None

    def _measure(self, assignment: Assignment, case: Case, students: list, calls: int) -> list[float]:
        worker = self._worker(assignment)
        if worker is None:
            return []
        args, kwargs = materialize(case)
        times = []
        with contextlib.ExitStack() as stack:
            for student in students:
                stack.enter_context(student.paused())
            for _ in range(calls):
                call = worker.call(case.function, args, kwargs, timeout=REFERENCE_TIMEOUT)
                if call.status == "ok":
                    times.append(call.elapsed)
        return times

    def _worker(self, assignment: Assignment) -> Worker | None:
        if assignment.name not in self._workers:
            path = assignment.solution_path()
            worker = None
            if path.exists():
                worker = Worker([Chunk(path.read_text(encoding="utf-8"), path.name)],
                                assignment.module, sandbox=self.sandbox, limits=self.limits)
                if not worker.start().ok:
                    worker.close()
                    worker = None
            self._workers[assignment.name] = worker
        return self._workers[assignment.name]

    def close(self) -> None:
        for worker in self._workers.values():
            if worker is not None:
                worker.close()
        self._workers.clear()
