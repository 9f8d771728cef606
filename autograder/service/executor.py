"""Where grading runs, behind a tiny interface so that another executor (a cluster) can plug in.

    executor = LocalExecutor(db_url, course_path, workers=2)
    executor.start()        # N grading processes, each one GradingSession (autograder.service.grader)
    executor.alive()        # how many are running
    executor.stop()

The executor holds no state of its own: the queue lives in the database. A supervisor thread
restarts a grading process that died and gives its claims back to the queue at once.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Protocol

from autograder.service import jobs
from autograder.service.database import Database


class Executor(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...
    def alive(self) -> int: ...


class LocalExecutor:
    """N local grading processes, supervised."""

    def __init__(self, db: Database, db_url: str, course_path: Path | str | None, workers: int = 1,
                 lease: float = jobs.LEASE_SECONDS, log_dir: Path | None = None):
        self.db, self.db_url, self.course_path = db, db_url, course_path
        self.workers, self.lease, self.log_dir = max(1, workers), lease, log_dir
        self._procs: dict[int, tuple[str, subprocess.Popen]] = {}
        self._started: dict[int, float] = {}
        self._backoff: dict[int, float] = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.restarts = 0

    def start(self) -> None:
        for slot in range(self.workers):
            self._spawn(slot)
        self._thread = threading.Thread(target=self._supervise, name="convgrade-supervisor", daemon=True)
        self._thread.start()

    def alive(self) -> int:
        with self._lock:
            return sum(p.poll() is None for _, p in self._procs.values())

    def pids(self) -> list[int]:
        with self._lock:
            return [p.pid for _, p in self._procs.values() if p.poll() is None]

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        with self._lock:
            procs = list(self._procs.values())
        for _, p in procs:
            if p.poll() is None:
                p.terminate()
        deadline = time.monotonic() + timeout
        for owner, p in procs:
            try:
                p.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            jobs.release(self.db, owner)

    def _spawn(self, slot: int) -> None:
        owner = f"g{slot}-{os.getpid()}-{int(time.time() * 1000) % 10**9}"
        cmd = [sys.executable, "-m", "autograder.service.grader", "--db", self.db_url, "--owner", owner,
               "--lease", str(self.lease)]
        if self.course_path:
            cmd += ["--course", str(self.course_path)]
        log = subprocess.DEVNULL
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            log = open(self.log_dir / f"grader-{slot}.log", "ab")
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        if log is not subprocess.DEVNULL:
            log.close()
        with self._lock:
            self._procs[slot] = (owner, proc)
            self._started[slot] = time.monotonic()

    def _supervise(self) -> None:
        while not self._stop.wait(0.5):
            with self._lock:
                dead = [(slot, owner) for slot, (owner, p) in self._procs.items() if p.poll() is not None]
            for slot, owner in dead:
                if self._stop.is_set():
                    return
                jobs.release(self.db, owner)       # its submission is graded again, by a live process
                quick = time.monotonic() - self._started.get(slot, 0.0) < 10.0
                self._backoff[slot] = min(30.0, 2 * self._backoff.get(slot, 0.5)) if quick else 0.0
                if self._backoff[slot] and self._stop.wait(self._backoff[slot]):
                    return                         # a process that dies at once is not restarted in a tight loop
                self.restarts += 1
                self._spawn(slot)
