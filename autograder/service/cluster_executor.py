"""Grading for `convgrade serve --scheduler ADDRESS`: the course's submissions on a Dask cluster.

    executor = ClusterExecutor(db, course, "tcp://10.0.0.5:8786", slots=4)
    executor.start()        # ClusterUnavailable when no scheduler answers
    executor.alive()        # the cluster's workers
    executor.stop()

The database stays the record of truth, as with local grading: ``slots`` dispatcher threads in
the server each claim a queued submission (the same atomic claim and lease as a local grading
process), send its stored bytes to the cluster as a job (code, never a path), renew the lease
while a worker grades it, and record the result once. A worker lost mid-grade: the scheduler runs
the task elsewhere. A dispatcher or the server lost: the lease runs out and the submission is
claimed again after a restart.
"""
from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from pathlib import Path

from autograder.service import jobs
from autograder.service.database import Database

IDLE_POLL = 0.2


class ClusterExecutor:
    """Dispatcher threads between the database's queue and a Dask cluster."""

    def __init__(self, db: Database, course, address: str, slots: int = 2,
                 lease: float = jobs.LEASE_SECONDS):
        self.db, self.course, self.address = db, course, address
        self.slots, self.lease = max(1, slots), lease
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._owners: list[str] = []
        self.client = None

    def start(self) -> None:
        from autograder.cluster.executor import connect

        self.client = connect(self.address)              # ClusterUnavailable: the server does not start
        for slot in range(self.slots):
            owner = f"dask{slot}-{os.getpid()}-{int(time.time() * 1000) % 10**9}"
            self._owners.append(owner)
            thread = threading.Thread(target=self._dispatch, args=(owner,), name=f"convgrade-dask-{slot}",
                                      daemon=True)
            thread.start()
            self._threads.append(thread)

    def alive(self) -> int:
        try:
            return len(self.client.scheduler_info().get("workers", {})) if self.client else 0
        except Exception:  # noqa: BLE001 - the scheduler is gone: nothing grades
            return 0

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout)
        for owner in self._owners:
            jobs.release(self.db, owner)                  # claims in flight go back to the queue
        if self.client is not None:
            self.client.close()

    def _dispatch(self, owner: str) -> None:
        while not self._stop.is_set():
            try:
                job = jobs.claim(self.db, owner, self.lease)
            except Exception:  # noqa: BLE001 - a database hiccup: try again
                job = None
            if job is None:
                self._stop.wait(IDLE_POLL)
                continue
            try:
                result = self._grade(job)
            except Exception:  # noqa: BLE001 - the cluster failed: the submission goes back to the queue
                jobs.release(self.db, owner)
                self._stop.wait(1.0)
                continue
            jobs.finish(self.db, job.claim, job.id, json.dumps(result))

    def _grade(self, job: jobs.Job) -> dict:
        from autograder.grader_process import options_to_json, submission_to_json
        from autograder.cluster.jobs import make_job, parse_reply
        from autograder.cluster.worker import grade_job
        from autograder.engine import GradeOptions
        from autograder.service.grader import safe_filename
        from autograder.submission import load_submissions

        with tempfile.TemporaryDirectory(prefix="convgrade-sub-") as tmp:
            path = Path(tmp) / safe_filename(job.filename)
            path.write_bytes(job.data)
            submission = load_submissions(path, job.assignment)[0]
        submission.name = job.student                     # as the local grading processes name it
        options = GradeOptions(visibility="all", lang=self.course.lang, sandbox=self.course.sandbox)
        text = make_job(job.student, job.assignment, options_to_json(options), submission_to_json(submission))
        future = self.client.submit(grade_job, text, key=f"convgrade-serve-{job.id}-{job.claim}", pure=False)
        try:
            while True:                                   # renew the lease while a worker grades it
                try:
                    reply = future.result(timeout=self.lease / 4)
                    break
                except TimeoutError:
                    if self._stop.is_set():
                        raise
                    jobs.heartbeat(self.db, job.claim, job.id, self.lease)
        finally:
            future.release()
        return parse_reply(reply)
