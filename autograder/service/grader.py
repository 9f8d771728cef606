"""One grading process: holds one ``GradingSession`` and grades queued submissions until stopped.

    python -m autograder.service.grader --db URL --owner g1 [--course FILE]

It claims a submission, writes the stored bytes to a private temporary file under the name the
student gave, loads it with ``load_submissions``, grades it in the sandbox the course names, and
stores results.json; a thread renews the lease while it grades. It exits when its parent dies.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sys
import tempfile
import threading
from pathlib import Path

from autograder.service import jobs
from autograder.service.course import Course, load_course
from autograder.service.database import Database

IDLE_POLL = 0.2


def grade_bytes(session, job: jobs.Job) -> dict:
    """results.json of one stored submission (never raises for bad content)."""
    from autograder.reports.gradescope import to_results_json
    from autograder.submission import load_submissions

    with tempfile.TemporaryDirectory(prefix="convgrade-sub-") as tmp:
        path = Path(tmp) / safe_filename(job.filename)
        path.write_bytes(job.data)
        subs = load_submissions(path, job.assignment)
        result = session.grade(subs[0], job.assignment)
    result.submission = job.student
    return to_results_json(result)


def safe_filename(name: str) -> str:
    """The upload's base name with only harmless characters (its suffix decides how it is read)."""
    base = re.sub(r"[^\w.-]+", "_", Path(name.replace("\\", "/")).name).strip("._") or "submission.py"
    return base[-100:]


def serve_forever(db: Database, course: Course, owner: str, stop: threading.Event,
                  lease: float = jobs.LEASE_SECONDS) -> None:
    from autograder.engine import GradeOptions, GradingSession

    options = GradeOptions(visibility="all", lang=course.lang, sandbox=course.sandbox)
    with GradingSession(options) as session:
        parent = os.getppid()
        while not stop.is_set() and os.getppid() == parent:
            job = jobs.claim(db, owner, lease)
            if job is None:
                stop.wait(IDLE_POLL)
                continue
            beat = _Heartbeat(db, job, lease)
            try:
                result = grade_bytes(session, job)
            finally:
                beat.stop()
            jobs.finish(db, job.claim, job.id, json.dumps(result))


class _Heartbeat(threading.Thread):
    def __init__(self, db: Database, job: jobs.Job, lease: float):
        super().__init__(daemon=True)
        self.db, self.job, self.lease, self._stop_event = db, job, lease, threading.Event()
        self.start()

    def run(self) -> None:
        while not self._stop_event.wait(self.lease / 4):
            try:
                jobs.heartbeat(self.db, self.job.claim, self.job.id, self.lease)
            except Exception:          # a database hiccup: the next beat tries again
                pass

    def stop(self) -> None:
        self._stop_event.set()


def _die_with_parent() -> None:
    """Linux: SIGTERM this process when the server that started it dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _on_term(stop: threading.Event, parent: int) -> None:
    """SIGTERM from a server shutting down: finish the job in hand, then stop. From the kernel
    because the server died: leave now; the job's lease runs out and a new server grades it."""
    stop.set()
    if os.getppid() != parent:
        os._exit(0)                         # the sandboxes die with this process (PDEATHSIG)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.service.grader")
    parser.add_argument("--db", required=True)
    parser.add_argument("--owner", required=True)
    parser.add_argument("--course", default=None)
    parser.add_argument("--lease", type=float, default=jobs.LEASE_SECONDS)
    args = parser.parse_args(argv)
    parent = os.getppid()
    _die_with_parent()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: _on_term(stop, parent))
    if os.getppid() != parent:              # the server died before the signal was armed
        return 0
    db = Database.open(args.db, migrate=False)
    try:
        serve_forever(db, load_course(args.course), args.owner, stop, args.lease)
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
