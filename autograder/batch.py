"""Grade many submissions: in parallel, journaled, resumable, under the course policy.

    report = run_batch(["submissions/"], "graded/", BatchOptions(assignment="a1", workers=2))

``N`` long-lived grader processes (``python -m autograder.batch_worker``) each hold one
GradingSession, so torch is imported and each reference value computed at most once per worker
(N times per batch). Submissions travel to them as JSON and results come back as Gradescope
results.json objects; nothing student-derived is ever unpickled.

Each finished submission is appended to ``OUT/journal.jsonl`` (fsync per record) before anything
else is written, so a run killed at any moment loses at most the submissions in flight. A re-run
grades only what the journal lacks, what changed, and everything when the suite or the grading
options changed (reporting who moved, old → new). ``OUT/.convgrade.lock`` keeps a second run out.
Outputs (SPEC): results/<name>.json, feedback/<name>.md and .html, gradebook.csv, summary.html,
and moved.csv after a regrade.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import selectors
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from autograder import __version__
from autograder.assignments import get_assignment
from autograder.batch_worker import options_to_json, submission_to_json
from autograder.engine import GradeOptions
from autograder.journal import Journal, write_atomic
from autograder.lock import OutLock, OutputLocked
from autograder.policy import Override, Policy, PolicyOutcome, apply_policy, load_overrides, load_policy
from autograder.reports.gradebook import GradebookRow, render_gradebook
from autograder.reports.gradescope import from_results_json, to_results_json
from autograder.results import GRADER_ERROR, TIMEOUT, GradingResult
from autograder.submission import Submission, load_submissions

JOURNAL = "journal.jsonl"
REPO_ROOT = Path(__file__).resolve().parent.parent

__all__ = ["BatchOptions", "BatchReport", "Moved", "OutputLocked", "run_batch"]


@dataclass
class BatchOptions:
    """How to run a batch; ``grade`` holds the engine's options (limits included)."""

    assignment: str | None = None
    workers: int = 2
    grade: GradeOptions = field(default_factory=GradeOptions)
    policy: Path | None = None            # TOML course policy; None: the suite's own weights
    overrides: Path | None = None         # default: OUT/overrides.toml when it exists
    gradebook: str = "plain"              # plain | canvas | moodle
    submission_timeout: float = 600.0     # wall seconds for one whole submission
    regrade: bool = False                 # grade everything again, even if nothing changed
    progress: bool = True                 # a rich progress bar on stderr


@dataclass
class Moved:
    """A student whose score changed on a regrade (both under the current policy)."""

    student: str
    old: float
    new: float
    max_score: float


@dataclass
class BatchReport:
    out: Path
    submissions: int
    graded: int                           # graded in this run
    reused: int                           # taken from the journal
    moved: list[Moved] = field(default_factory=list)
    journal_problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: list[GradebookRow] = field(default_factory=list)
    results: list[tuple[str, Path]] = field(default_factory=list)   # (student, OUT/results/<file>.json)

    def lines(self) -> list[str]:
        """A short account for the TA's terminal."""
        out = [f"{self.submissions} submissions: {self.graded} graded now, {self.reused} from the journal."]
        out += self.journal_problems + self.warnings
        if self.moved:
            out.append(f"{len(self.moved)} moved on the regrade:")
            out += [f"  {m.student}: {m.old:g} -> {m.new:g} / {m.max_score:g}" for m in self.moved]
        out.append(f"Gradebook: {self.out / 'gradebook.csv'}; summary: {self.out / 'summary.html'}")
        return out


@dataclass
class _Item:
    """One discovered submission and what the batch knows about it."""

    name: str                  # unique in the batch; the gradebook's student column
    file: str                  # safe file stem for results/ and feedback/
    submission: Submission
    assignment: str | None
    key: str                   # hash of the code: a changed file is graded again
    fingerprint: str           # hash of the suite and the grading options
    record: dict | None = None     # latest journal record
    previous: dict | None = None   # a record of the same code under another suite (for "moved")
    attempts: int = 0


# ---------------------------------------------------------------------------------------- run


def run_batch(paths: list[Path | str], out: Path | str, options: BatchOptions | None = None) -> BatchReport:
    """Grade every submission under ``paths`` into ``out``; raises OutputLocked when ``out`` is busy,
    PolicyError for a bad policy or overrides file, UnknownAssignment for a bad assignment."""
    options = options or BatchOptions()
    out = Path(out)
    with OutLock(out):
        policy = load_policy(options.policy) if options.policy else Policy()
        overrides = load_overrides(options.overrides or out / "overrides.toml")
        items = discover(paths, options)
        journal = Journal(out / JOURNAL)
        contents = journal.open()
        try:
            todo = _plan(items, contents.records, options.regrade)
            report = BatchReport(out, len(items), 0, len(items) - len(todo),
                                 journal_problems=list(contents.problems))
            render = _Renderer(out, policy, overrides, options.grade.lang)

            def finished(item: _Item, result: dict[str, Any]) -> None:
                item.record = {"type": "graded", "name": item.name, "key": item.key,
                               "fingerprint": item.fingerprint, "assignment": item.assignment,
                               "graded_at": _now(), "result": result}
                journal.append(item.record)       # durable before anything is derived from it
                render.submission(item)
                report.graded += 1

            _grade_all(todo, options, out / "logs", finished)
        finally:
            journal.close()
        for item in items:
            if item.record is not None and item.name not in render.done:
                render.submission(item)
        report.moved = _moved(todo, render)
        report.warnings += _warnings(items, overrides)
        report.rows = [render.row(item) for item in items if item.record is not None]
        report.results = [(item.name, out / "results" / f"{item.file}.json")
                          for item in items if item.record is not None]
        render.finish(report, options, policy, items)
        return report


def discover(paths: list[Path | str], options: BatchOptions) -> list[_Item]:
    """Every submission under ``paths``, with unique names and keys, in a stable order."""
    items: list[_Item] = []
    names: dict[str, int] = {}
    files: set[str] = set()
    fingerprints: dict[str | None, str] = {}
    for path in paths:
        for sub in load_submissions(Path(path), options.assignment):
            name = _unique(sub.name, names)
            file = _unique_file(_safe(name), files)
            assignment = options.assignment or sub.assignment
            if assignment:
                assignment = get_assignment(assignment).name
            if assignment not in fingerprints:
                fingerprints[assignment] = suite_fingerprint(assignment, options.grade)
            sub.submitted_at = _metadata_time(sub) or sub.submitted_at
            items.append(_Item(name, file, sub, assignment, _code_key(sub, assignment),
                               fingerprints[assignment]))
    return items


def suite_fingerprint(assignment: str | None, grade: GradeOptions) -> str:
    """What a grade depends on besides the code: suite files, grader version, grading options."""
    h = hashlib.sha256(f"{assignment}|{__version__}".encode())
    if assignment:
        suite = get_assignment(assignment).suite_dir()
        for f in sorted(suite.rglob("*.py")):
            h.update(str(f.relative_to(suite)).encode() + b"\0" + f.read_bytes() + b"\0")
    opts = options_to_json(grade)
    for k in ("device", "sandbox", "show_output"):
        opts.pop(k, None)
    h.update(json.dumps(opts, sort_keys=True).encode())
    return h.hexdigest()[:16]


def _code_key(sub: Submission, assignment: str | None) -> str:
    d = submission_to_json(sub)
    d.pop("origin")
    d["assignment"] = assignment
    return hashlib.sha256(json.dumps(d, sort_keys=True).encode()).hexdigest()[:16]


def _plan(items: list[_Item], records: list[dict], regrade: bool) -> list[_Item]:
    """Attach the latest journal record to each item; return those that must be graded."""
    latest: dict[str, dict] = {}
    for r in records:
        if r.get("type") == "graded" and isinstance(r.get("result"), dict):
            latest[r.get("name")] = r
    todo = []
    for item in items:
        r = latest.get(item.name)
        if r and r.get("key") == item.key and r.get("fingerprint") == item.fingerprint and not regrade:
            item.record = r
            continue
        if r and r.get("key") == item.key:
            item.previous = r
        todo.append(item)
    return todo


# ---------------------------------------------------------------------------------------- graders


class _Grader:
    """One ``autograder.batch_worker`` process and the job it is working on."""

    def __init__(self, index: int, options_json: str, log: Path):
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p)
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "ab") as err:
            self.proc = subprocess.Popen([sys.executable, "-m", "autograder.batch_worker", options_json],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                                         env=env, cwd=str(REPO_ROOT))
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
        return [json.loads(line) for line in lines if line.strip()]

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


def _grade_all(todo: list[_Item], options: BatchOptions, logs: Path, finished: Callable[[_Item, dict], None]) -> None:
    """Grade ``todo`` on ``options.workers`` long-lived graders; ``finished`` is called per result."""
    if not todo:
        return
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

    progress = _Progress(len(todo), options.progress)
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
                            finished(item, _failure(item, GRADER_ERROR, "the grader process died twice "
                                                    "while grading this submission"))
                            progress.advance(item.name)
                    replace(g)
                    continue
                for reply in replies:
                    item, g.item = g.item, None
                    if item is None or reply.get("job") != item.name:
                        continue
                    result = reply.get("result")
                    if not isinstance(result, dict):
                        result = _failure(item, GRADER_ERROR, "the grader failed: " + _last_line(reply.get("error")))
                    finished(item, result)
                    progress.advance(item.name)
            now = time.monotonic()
            for g in list(graders):
                if g.item is not None and now - g.started > options.submission_timeout:
                    item, g.item = g.item, None
                    finished(item, _failure(item, TIMEOUT, f"grading this submission took longer than "
                                            f"{options.submission_timeout:g} s and was stopped"))
                    progress.advance(item.name)
                    replace(g)
    finally:
        progress.close()
        for g in graders:
            g.stop()
        selector.close()


def _failure(item: _Item, status: str, reason: str) -> dict[str, Any]:
    """A result made here when the grader could not give one (no tests: the gradebook shows 0)."""
    name = item.assignment or ""
    version = ""
    if name:
        import importlib

        version = str(getattr(importlib.import_module(f"autograder.suites.{name}"), "SUITE_VERSION", ""))
    result = GradingResult(submission=item.submission.name, assignment=name, status=status, reason=reason,
                           output=reason[:1].upper() + reason[1:] + ".", suite_version=version,
                           grader_version=__version__)
    return to_results_json(result)


class _Progress:
    """A rich progress bar with the rate and the time left; silent when disabled."""

    def __init__(self, total: int, enabled: bool):
        self.bar = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        self.start = time.monotonic()
        self.bar = Progress(TextColumn("grading"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                            TimeRemainingColumn(), TextColumn("{task.fields[last]}"),
                            console=Console(stderr=True), transient=False)
        self.task = self.bar.add_task("grading", total=total, rate="", last="")
        self.bar.start()

    def advance(self, name: str) -> None:
        if self.bar is None:
            return
        done = self.bar.tasks[0].completed + 1
        rate = done / max(time.monotonic() - self.start, 1e-6) * 60
        self.bar.update(self.task, advance=1, rate=f"{rate:.1f}/min", last=name[:30])

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


# ---------------------------------------------------------------------------------------- outputs


class _Renderer:
    """Writes the per-submission files and, at the end, the gradebook and the summary."""

    def __init__(self, out: Path, policy: Policy, overrides: list[Override], lang: str):
        self.out, self.policy, self.overrides, self.lang = out, policy, overrides, lang
        self.done: dict[str, PolicyOutcome] = {}

    def outcome(self, item: _Item, record: dict) -> PolicyOutcome:
        result = from_results_json(record["result"])
        return apply_policy(result, self.policy, self.overrides, item.submission.submitted_at, item.name)

    def submission(self, item: _Item) -> None:
        graded = self.outcome(item, item.record)
        self.done[item.name] = graded
        data = to_results_json(graded.result)
        data["score"] = graded.total           # Gradescope takes the top-level score over the tests' sum
        data["max_score"] = graded.max_score
        if graded.notes:
            data["output"] = "\n\n".join([*graded.notes, data["output"]]).strip()
        data["extra_data"]["policy"] = {
            "late_days": graded.late_days, "late_penalty_percent": graded.late_penalty,
            "overrides": [{"target": o.target, "score": o.score, "reason": o.reason} for o in graded.applied],
            "submitted_at": _iso(item.submission.submitted_at), "graded_at": item.record.get("graded_at", "")}
        write_atomic(self.out / "results" / f"{item.file}.json", json.dumps(data, indent=1, sort_keys=True))
        shown = from_results_json(data)
        markdown, page = _feedback(shown, graded, self.lang, pictures=f"{item.file}.files")
        write_atomic(self.out / "feedback" / f"{item.file}.md", markdown)
        for picture, png in _pictures(shown).items():     # the Markdown page links them as files
            write_atomic(self.out / "feedback" / f"{item.file}.files" / picture, png)
        write_atomic(self.out / "feedback" / f"{item.file}.html", page)

    def row(self, item: _Item) -> GradebookRow:
        graded = self.done[item.name]
        res = graded.result
        return GradebookRow(
            student=item.name, total=graded.total, max_score=graded.max_score,
            groups={g: s for g, (s, _) in graded.group_scores().items()}, status=res.status,
            reason=res.reason, late_days=graded.late_days, late_penalty=graded.late_penalty,
            overrides="; ".join(f"{o.target}: {o.score:g} ({o.reason})" for o in graded.applied),
            suite_version=res.suite_version, graded_at=item.record.get("graded_at", ""),
            meta=dict(item.submission.meta))

    def finish(self, report: BatchReport, options: BatchOptions, policy: Policy, items: list[_Item]) -> None:
        from autograder.reports.summary import SummaryData, render_summary

        rows = report.rows
        typical = _typical_max(rows)
        for r in rows:                           # an ungraded submission still counts out of the full score
            if not r.max_score:
                r.max_score = typical
        assignments = sorted({i.assignment for i in items if i.assignment})
        title = policy.title or (get_assignment(assignments[0]).name if len(assignments) == 1 else "grades")
        item = f"{title} ({policy.lms_id})" if policy.lms_id else title
        write_atomic(self.out / "gradebook.csv", render_gradebook(rows, options.gradebook, item=item))
        moved = "student,old,new,max\n" + "".join(f"{_csv(m.student)},{m.old:g},{m.new:g},{m.max_score:g}\n"
                                                   for m in report.moved)
        if report.moved or (self.out / "moved.csv").exists():
            write_atomic(self.out / "moved.csv", moved)
        notes = report.journal_problems + report.warnings
        notes += [f"moved on the regrade: {m.student} {m.old:g} -> {m.new:g}" for m in report.moved]
        results = [self.done[i.name].result for i in items if i.name in self.done]
        write_atomic(self.out / "summary.html", render_summary(SummaryData(title, rows, results, notes)))


def _moved(todo: list[_Item], render: _Renderer) -> list[Moved]:
    moved = []
    for item in todo:
        if item.previous is None or item.name not in render.done:
            continue
        old = render.outcome(item, item.previous)
        new = render.done[item.name]
        if abs(old.total - new.total) > 1e-9:
            moved.append(Moved(item.name, old.total, new.total, new.max_score))
    return moved


def _warnings(items: list[_Item], overrides: list[Override]) -> list[str]:
    names = {i.name for i in items}
    out = [f"override for {o.student!r} ({o.target}) matches no submission" for o in overrides
           if o.student not in names]
    for i in items:
        out += [f"{i.name}: {w}" for w in i.submission.warnings]
    return out


def _feedback(shown: GradingResult, graded: PolicyOutcome, lang: str, pictures: str | None = None
              ) -> tuple[str, str]:
    """Markdown (its pictures linked under ``pictures``) and HTML feedback of one submission."""
    from autograder.reports.feedback import render_html, render_markdown

    return render_markdown(shown, lang, pictures=pictures), render_html(shown, lang)


def _pictures(shown: GradingResult) -> dict[str, bytes]:
    from autograder.reports.feedback import markdown_pictures

    return markdown_pictures(shown)


# ---------------------------------------------------------------------------------------- helpers


def _last_line(text: object) -> str:
    lines = str(text or "").strip().splitlines()
    return lines[-1][:300] if lines else "no reason given"


def _typical_max(rows: list[GradebookRow]) -> float:
    counts: dict[float, int] = {}
    for r in rows:
        if r.max_score:
            counts[r.max_score] = counts.get(r.max_score, 0) + 1
    return max(counts, key=lambda m: (counts[m], m)) if counts else 0.0


def _metadata_time(sub: Submission) -> datetime | None:
    """``created_at`` of a Gradescope-style submission_metadata.json beside the submission."""
    for folder in (sub.origin, sub.origin.parent):
        path = Path(folder) / "submission_metadata.json"
        try:
            if path.is_file():
                text = json.loads(path.read_text(encoding="utf-8")).get("created_at", "")
                when = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
                return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
        except (OSError, ValueError, AttributeError):
            return None
    return None


def _unique(name: str, seen: dict[str, int]) -> str:
    seen[name] = seen.get(name, 0) + 1
    return name if seen[name] == 1 else f"{name}-{seen[name]}"


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("._")[:100] or "submission"


def _unique_file(stem: str, used: set[str]) -> str:
    candidate, n = stem, 1
    while candidate.lower() in used:
        n += 1
        candidate = f"{stem}-{n}"
    used.add(candidate.lower())
    return candidate


def _csv(text: str) -> str:
    return f'"{text}"' if any(c in text for c in ',"\n') else text


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _iso(when: datetime | None) -> str:
    return when.isoformat() if when else ""
