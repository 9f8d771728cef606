"""The grader processes of a batch: N long-lived ``python -m autograder.grader_process`` processes,
fed one submission at a time as JSON, their replies read without blocking.

    _grade_all(todo, options, OUT / "logs", finished)    # finished(item, result) -> progress text

A grader that dies is replaced and its submission tried once more; one that runs past the
submission timeout is killed. On Ctrl-C (KeyboardInterrupt) every grader is killed at once (their
sandboxed workers die with them) and the interrupt goes on to the caller, so a batch ends within
a moment, not after the submissions in flight.
"""
from __future__ import annotations

import importlib
import json
import os
import selectors
import subprocess
import sys
import time
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from autograder.grader_process import options_to_json, submission_to_json
from autograder.reports.gradescope import to_results_json
from autograder.results import GRADER_ERROR, TIMEOUT, GradingResult

if TYPE_CHECKING:
    from autograder.batch import BatchOptions, _Item

REPO_ROOT = Path(__file__).resolve().parent.parent


class _Grader:
    """One ``autograder.grader_process`` process and the job it is working on."""

    def __init__(self, index: int, options_json: str, log: Path):
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p)
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "ab") as err:
            # a session of its own: a Ctrl-C in the TA's terminal reaches the batch, which kills
            # the graders at once; PR_SET_PDEATHSIG in the grader covers a killed batch
            self.proc = subprocess.Popen([sys.executable, "-m", "autograder.grader_process", options_json],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                                         env=env, cwd=str(REPO_ROOT), start_new_session=True)
        self.index = index
        self.buffer = b""
        self.item: _Item | None = None
        self.started = 0.0
        os.set_blocking(self.proc.stdout.fileno(), False)

    def send(self, item: _Item) -> None:
        self.item, self.started = item, time.monotonic()
        job = {"job": item.name, "assignment": item.assignment, "submission": submission_to_json(item.submission)}
        self.proc.stdin.write((json.dumps(job) + "\n").encode("utf-8"))
        self.proc.stdin.flush()

    def read(self) -> list[dict] | None:
        """Complete replies received so far; None when the process has gone."""
        try:
            data = os.read(self.proc.stdout.fileno(), 1 << 20)
        except BlockingIOError:
            return []
        if not data:
            return None
        self.buffer += data
        *lines, self.buffer = self.buffer.split(b"\n")
        replies = []
        for line in lines:
            try:
                reply = json.loads(line) if line.strip() else None
            except ValueError:       # a grader that printed garbage: treat as an error reply
                reply = {"job": self.item.name if self.item else None, "error": "unreadable reply"}
            if isinstance(reply, dict):
                replies.append(reply)
        return replies

    def kill(self) -> None:
        try:
            self.proc.kill()
        except OSError:
            pass
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def stop(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


def _grade_all(todo: list[_Item], options: BatchOptions, logs: Path,
               finished: Callable[[_Item, dict], str]) -> None:
    """Grade ``todo`` on ``options.workers`` long-lived graders; ``finished`` is called per result
    and returns the line the progress shows."""
    if not todo:
        return
    if options.scheduler:
        return _grade_on_cluster(todo, options, finished)
    queue = deque(todo)
    opts = json.dumps(options_to_json(options.grade))
    count = max(1, min(options.workers, len(todo)))
    selector = selectors.DefaultSelector()
    graders: list[_Grader] = []

    def start(i: int) -> _Grader:
        g = _Grader(i, opts, logs / f"grader-{i}.log")
        selector.register(g.proc.stdout, selectors.EVENT_READ, g)
        return g

    def replace(g: _Grader) -> None:
        selector.unregister(g.proc.stdout)
        g.kill()
        graders[g.index] = start(g.index)

    def done(item: _Item, result: dict) -> None:
        progress.advance(finished(item, result))

    progress = Progress(len(todo), options.progress)
    completed = False
    try:
        graders.extend(start(i) for i in range(count))
        while queue or any(g.item for g in graders):
            for g in graders:
                if g.item is None and queue:
                    g.send(queue.popleft())
            for key, _ in selector.select(timeout=0.5):
                g = key.data
                replies = g.read()
                if replies is None:                       # the grader process died
                    item, g.item = g.item, None
                    if item is not None:
                        item.attempts += 1
                        if item.attempts < 2:
                            queue.appendleft(item)
                        else:
                            done(item, _failure(item, GRADER_ERROR, "the grader process died twice "
                                                "while grading this submission"))
                    replace(g)
                    continue
                for reply in replies:
                    item, g.item = g.item, None
                    if item is None or reply.get("job") != item.name:
                        continue
                    result = reply.get("result")
                    if not isinstance(result, dict):
                        result = _failure(item, GRADER_ERROR, "the grader failed: " + _last_line(reply.get("error")))
                    done(item, result)
            now = time.monotonic()
            for g in list(graders):
                if g.item is not None and now - g.started > options.submission_timeout:
                    item, g.item = g.item, None
                    done(item, _failure(item, TIMEOUT, f"grading this submission took longer than "
                                        f"{options.submission_timeout:g} s and was stopped"))
                    replace(g)
        completed = True
    finally:
        progress.close()
        for g in graders:
            g.stop() if completed else g.kill()      # interrupted: no waiting for work in flight
        selector.close()


def _grade_on_cluster(todo: list[_Item], options: BatchOptions, finished: Callable[[_Item, dict], str]) -> None:
    """Grade ``todo`` as tasks on the Dask cluster at ``options.scheduler`` (see autograder.cluster):
    the code travels as JSON, each result comes back once; a lost worker's tasks run elsewhere."""
    from autograder.cluster.executor import grade_on_cluster
    from autograder.cluster.jobs import make_job

    opts = options_to_json(options.grade)
    by_key = {str(i): item for i, item in enumerate(todo)}
    jobs = [(key, make_job(item.name, item.assignment, opts, submission_to_json(item.submission)))
            for key, item in by_key.items()]
    progress = Progress(len(todo), options.progress)

    def done(key: str, result: dict | None, failure: str) -> None:
        item = by_key[key]
        progress.advance(finished(item, result if result is not None else _failure(item, GRADER_ERROR, failure)))

    try:
        grade_on_cluster(options.scheduler, jobs, done)
    finally:
        progress.close()


def _failure(item: _Item, status: str, reason: str) -> dict[str, Any]:
    """A result made here when the grader could not give one (no tests: the gradebook shows 0)."""
    name = item.assignment or ""
    version = ""
    if name:
        version = str(getattr(importlib.import_module(f"autograder.suites.{name}"), "SUITE_VERSION", ""))
    return to_results_json(GradingResult.failed(item.submission.name, name, status, reason, suite_version=version))


def _last_line(text: object) -> str:
    lines = str(text or "").strip().splitlines()
    return lines[-1][:300] if lines else "no reason given"


class Progress:
    """What the TA sees while a batch runs, on stderr. ``mode``: "bar" (a rich progress bar with
    the rate and the time left, for a terminal), "lines" (one flushed line per finished
    submission, for a log or a CI), "none"."""

    def __init__(self, total: int, mode: str | bool):
        self.mode = {True: "bar", False: "none"}.get(mode, mode) if isinstance(mode, bool) else mode
        self.total, self.done, self.bar = total, 0, None
        self.start = time.monotonic()
        if self.mode != "bar":
            return
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)
        from rich.progress import Progress as Bar

        self.bar = Bar(TextColumn("grading"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                       TimeRemainingColumn(), TextColumn("{task.fields[last]}", markup=False),
                       console=Console(stderr=True), transient=False)
        self.task = self.bar.add_task("grading", total=total, rate="", last="")
        self.bar.start()

    def advance(self, line: str) -> None:
        self.done += 1
        if self.mode == "lines":
            sys.stderr.write(f"[{self.done}/{self.total}] {line}\n")
            sys.stderr.flush()
        elif self.bar is not None:
            rate = self.done / max(time.monotonic() - self.start, 1e-6) * 60
            self.bar.update(self.task, advance=1, rate=f"{rate:.1f}/min", last=line[:40])

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
