"""Grade many submissions: in parallel, journaled, resumable, under the course policy.

    report = run_batch(["submissions/"], "graded/", BatchOptions(assignment="a1", workers=2))

``N`` long-lived grader processes (``python -m autograder.grader_process``) each hold one
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
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from autograder import __version__
from autograder.assignments import get_assignment
from autograder.batch_grading import _grade_all
from autograder.batch_render import _moved, _Renderer, _warnings, lateness_lines
from autograder.grader_process import options_to_json, submission_to_json
from autograder.engine import GradeOptions
from autograder.journal import Journal
from autograder.lock import OutLock, OutputLocked
from autograder.policy import Policy, load_overrides, load_policy
from autograder.reports.gradebook import GradebookRow
from autograder.results import GradingResult
from autograder.safe_text import safe_name
from autograder.submission import Submission, load_submissions
from autograder.submission.times import TimesError, metadata_json_time, read_times_file

JOURNAL = "journal.jsonl"

__all__ = ["BatchInterrupted", "BatchOptions", "BatchReport", "Moved", "OutputLocked", "TimesError", "run_batch"]


@dataclass
class BatchOptions:
    """How to run a batch; ``grade`` holds the engine's options (limits included)."""

    assignment: str | None = None
    workers: int = 1                      # grader processes (the command line's --workers default)
    grade: GradeOptions = field(default_factory=GradeOptions)
    policy: Path | None = None            # TOML course policy; None: the suite's own weights
    overrides: Path | None = None         # default: OUT/overrides.toml when it exists
    times: Path | None = None             # the TA's CSV of submission times (student,submitted_at)
    gradebook: str = "plain"              # plain | canvas | moodle
    submission_timeout: float = 600.0     # wall seconds for one whole submission
    regrade: bool = False                 # grade everything again, even if nothing changed
    progress: bool | str = True           # "bar" (True), "lines" (one per submission), "none" (False)
    scheduler: str | None = None          # a Dask scheduler's address: grade on its cluster
    similarity: bool = False              # a similarity report beside the summary (autograder.similarity)


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
    lateness: list[str] = field(default_factory=list)   # late count and days, unknown times
    rows: list[GradebookRow] = field(default_factory=list)
    results: list[tuple[str, Path]] = field(default_factory=list)   # (student, OUT/results/<file>.json)

    def lines(self) -> list[str]:
        """A short account for the TA's terminal."""
        out = [f"{self.submissions} submissions: {self.graded} graded now, {self.reused} from the journal."]
        out += self.journal_problems + self.lateness + self.warnings
        if self.moved:
            out.append(f"{len(self.moved)} moved on the regrade:")
            out += [f"  {m.student}: {m.old:g} -> {m.new:g} / {m.max_score:g}" for m in self.moved]
        out.append(f"Gradebook: {self.out / 'gradebook.csv'}; summary: {self.out / 'summary.html'}")
        return out


class BatchInterrupted(Exception):
    """Ctrl-C during a batch: what was saved (``saved`` of ``total`` submissions in the journal)."""

    def __init__(self, out: Path, saved: int, total: int):
        super().__init__(f"interrupted: {saved} of {total} submissions saved in {out / JOURNAL}")
        self.out, self.saved, self.total = out, saved, total


@dataclass
class _Item:
    """One discovered submission and what the batch knows about it."""

    name: str                  # unique in the batch, printable (safe_name); the gradebook's student
    file: str                  # safe file stem for results/ and feedback/
    submission: Submission
    assignment: str | None
    key: str                   # hash of the code: a changed file is graded again
    fingerprint: str           # hash of the suite and the grading options
    record: dict | None = None     # latest journal record
    previous: dict | None = None   # a record of the same code under another suite (for "moved")
    attempts: int = 0
    conflict: str = ""         # several submissions map to this student: says which


# ---------------------------------------------------------------------------------------- run


def run_batch(paths: list[Path | str], out: Path | str, options: BatchOptions | None = None) -> BatchReport:
    """Grade every submission under ``paths`` into ``out``; raises OutputLocked when ``out`` is busy,
    PolicyError for a bad policy or overrides file, TimesError for a bad times file,
    UnknownAssignment for a bad assignment, BatchInterrupted on Ctrl-C (what was graded is saved)."""
    options = options or BatchOptions()
    out = Path(out)
    items: list[_Item] = []
    with OutLock(out):
        try:
            return _run_locked(paths, out, options, items)
        except KeyboardInterrupt:
            # whatever was journaled is kept; the outputs derived from it are rewritten on resume
            raise BatchInterrupted(out, sum(i.record is not None for i in items), len(items)) from None


def _run_locked(paths: list[Path | str], out: Path, options: BatchOptions, items: list[_Item]) -> BatchReport:
    policy = load_policy(options.policy) if options.policy else Policy()
    overrides = load_overrides(options.overrides or out / "overrides.toml")
    times = read_times_file(options.times) if options.times else None
    items += discover(paths, options)
    report_times = assign_times(items, policy, times, options.times)
    journal = Journal(out / JOURNAL)
    contents = journal.open()
    try:
        todo = _plan(items, contents.records, options.regrade)
        report = BatchReport(out, len(items), 0, len(items) - len(todo),
                             journal_problems=list(contents.problems))
        render = _Renderer(out, policy, overrides, options.grade.lang)

        def finished(item: _Item, result: dict[str, Any]) -> str:
            item.record = {"type": "graded", "name": item.name, "key": item.key,
                           "fingerprint": item.fingerprint, "assignment": item.assignment,
                           "graded_at": _now(), "result": result}
            journal.append(item.record)       # durable before anything is derived from it
            report.graded += 1
            return render.submission(item)

        _grade_all(todo, options, out / "logs", finished)
    finally:
        journal.close()
    for item in items:
        if item.record is not None and item.name not in render.done:
            render.submission(item)
    report.moved = _moved(todo, render)
    report.warnings += report_times + _warnings(items, overrides)
    report.rows = [render.row(item) for item in items if item.record is not None]
    report.lateness = lateness_lines(report.rows, policy)
    report.results = [(item.name, out / "results" / f"{item.file}.json")
                      for item in items if item.record is not None]
    render.finish(report, options, policy, items)
    return report


def discover(paths: list[Path | str], options: BatchOptions) -> list[_Item]:
    """Every submission under ``paths``, with unique printable names and keys, in a stable order.
    Several submissions that map to one student are all kept (the later ones as NAME-2, ...) and
    each carries a ``conflict`` note naming the others; a trusted submission_metadata.json beside
    a path that is one submission gives its time."""
    items: list[_Item] = []
    names: set[str] = set()
    files: set[str] = set()
    fingerprints: dict[str | None, str] = {}
    claimed: dict[str, list[_Item]] = {}
    for path in paths:
        subs = load_submissions(Path(path), options.assignment)
        if len(subs) == 1 and subs[0].submitted_at is None:
            when, source = metadata_json_time(Path(path))
            if when is not None:
                subs[0].submitted_at, subs[0].time_source = when, source
        for sub in subs:
            student = safe_name(sub.name)
            name = _unique(student, names)
            file = _unique_file(_safe(name), files)
            assignment = options.assignment or sub.assignment
            if assignment:
                assignment = get_assignment(assignment).name
            if assignment not in fingerprints:
                fingerprints[assignment] = suite_fingerprint(assignment, options.grade)
            item = _Item(name, file, sub, assignment, _code_key(sub, assignment), fingerprints[assignment])
            claimed.setdefault(student, []).append(item)
            items.append(item)
    for student, group in claimed.items():
        if len(group) > 1:
            where = ", ".join(f"{_where(i.submission)} (as {i.name})" for i in group)
            for i in group:
                i.conflict = (f"{len(group)} submissions map to student {student}: {where}; "
                              "both are graded, check which one is theirs")
    return items


def assign_times(items: list[_Item], policy: Policy, times: dict[str, datetime] | None,
                 times_path: Path | None) -> list[str]:
    """Set each submission's time from the trusted records: the TA's times file first, then the
    LMS metadata found while loading; the file's own date only when the policy names "mtime".
    Returns warnings (times for students the batch does not have)."""
    warnings = []
    if times is not None:
        for item in items:
            when = times.get(item.name)
            if when is not None:
                item.submission.submitted_at = when
                item.submission.time_source = f"the times file {times_path.name}"
        unknown = sorted(set(times) - {i.name for i in items})
        if unknown:
            warnings.append(f"{times_path.name} gives times for {len(unknown)} student(s) with no submission: "
                            + ", ".join(safe_name(u) for u in unknown[:10]) + (" ..." if len(unknown) > 10 else ""))
    if policy.late.time_source == "mtime":
        for item in items:
            sub = item.submission
            if sub.submitted_at is None and sub.file_time is not None:
                sub.submitted_at = sub.file_time
                sub.time_source = "file date (the policy's time_source = \"mtime\")"
    return warnings


def _where(sub: Submission) -> str:
    return "/".join(safe_name(p, 60) for p in sub.origin.parts[-2:]) or safe_name(sub.name)


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


# ---------------------------------------------------------------------------------------- helpers


def grade_paths(paths: list[Path | str], assignment: str | None, options: GradeOptions,
                on_result: Callable[[str, GradingResult], None] | None = None
                ) -> list[tuple[str, GradingResult]]:
    """Grade every submission under ``paths`` in this process, in one session, with no journal
    (``check`` and a single ``grade``): [(name, result)], names made unique as a batch makes them."""
    from autograder.engine import GradingSession

    graded: list[tuple[str, GradingResult]] = []
    names: set[str] = set()
    with GradingSession(options) as session:
        for path in paths:
            for submission in load_submissions(Path(path), assignment):
                result = session.grade(submission, assignment)
                name = _unique(submission.name, names)
                graded.append((name, result))
                if on_result is not None:
                    on_result(name, result)
    return graded


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{name}-{n}"
    used.add(candidate)
    return candidate


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("._")[:100] or "submission"


def _unique_file(stem: str, used: set[str]) -> str:
    candidate, n = stem, 1
    while candidate.lower() in used:
        n += 1
        candidate = f"{stem}-{n}"
    used.add(candidate.lower())
    return candidate


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
