"""What staff pages and the gradebook read: the latest graded submission per student, the
dashboard's numbers, the gradebook CSV (through ``autograder.reports.gradebook``) and regrades.

    rows = gradebook_rows(db, course, "a2_conv2d")
    text = render_gradebook(rows, "canvas", item=gradebook_item(course, "a2_conv2d"))
"""
from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import func, select, update
from sqlalchemy.orm import defer

from autograder.reports.gradebook import GradebookRow, render_gradebook
from autograder.service import jobs
from autograder.service.course import Course
from autograder.service.database import Database
from autograder.service.models import DONE, FAILED, STUDENT, OverrideRow, Person, Submission
from autograder.service.visibility import outcome, overrides_of


def latest_graded(db: Database, assignment: str) -> dict[str, Submission]:
    """student -> their newest counted submission that finished (done or failed)."""
    with db.session() as s:
        rows = s.scalars(select(Submission).options(defer(Submission.data)).where(
            Submission.assignment == assignment, Submission.counted.is_(True),
            Submission.status.in_((DONE, FAILED))).order_by(Submission.submitted_at, Submission.id)).all()
    return {r.student: r for r in rows}


def overrides_for(db: Database, assignment: str) -> list[OverrideRow]:
    with db.session() as s:
        return list(s.scalars(select(OverrideRow).where(OverrideRow.assignment == assignment)
                              .order_by(OverrideRow.id)).all())


def students(db: Database) -> dict[str, dict]:
    """Every student with a token: name -> roster columns."""
    with db.session() as s:
        people = s.scalars(select(Person).where(Person.role == STUDENT).order_by(Person.name)).all()
    return {p.name: json.loads(p.meta or "{}") for p in people}


def gradebook_item(course: Course, assignment: str) -> str:
    policy = course.policy(assignment)
    title = policy.title or assignment
    return f"{title} ({policy.lms_id})" if policy.lms_id else title


def gradebook_rows(db: Database, course: Course, assignment: str) -> list[GradebookRow]:
    """One row per student from their newest graded submission, under the course policy."""
    overrides = overrides_of(overrides_for(db, assignment))
    roster = students(db)
    rows = []
    for student, sub in latest_graded(db, assignment).items():
        graded = outcome(sub, course, overrides)
        meta = {k: str(v) for k, v in roster.get(student, {}).items()}
        when = datetime.fromtimestamp(sub.graded_at or sub.submitted_at, timezone.utc)
        if graded is None:
            rows.append(GradebookRow(student=student, total=0.0, max_score=0.0, status="failed",
                                     reason=sub.reason, graded_at=when.isoformat(timespec="seconds"), meta=meta))
            continue
        res = graded.result
        rows.append(GradebookRow(
            student=student, total=graded.total, max_score=graded.max_score,
            groups={g: sc for g, (sc, _) in graded.group_scores().items()}, status=res.status,
            reason=res.reason, late_days=graded.late_days, late_penalty=graded.late_penalty,
            overrides="; ".join(f"{o.target}: {o.score:g} ({o.reason})" for o in graded.applied),
            suite_version=res.suite_version, graded_at=when.isoformat(timespec="seconds"), meta=meta))
    typical = max((r.max_score for r in rows), default=0.0)
    for r in rows:
        if not r.max_score:
            r.max_score = typical
    return rows


def gradebook_csv(db: Database, course: Course, assignment: str, layout: str) -> str:
    return render_gradebook(gradebook_rows(db, course, assignment), layout, item=gradebook_item(course, assignment))


@dataclass
class Dashboard:
    assignment: str
    queue: dict[str, int]
    graded_today: int
    histogram: list[int]                       # ten bins of percent: 0-10, ..., 90-100
    misconceptions: dict[str, list[str]]       # id -> students whose latest result shows it
    not_submitted: list[str]
    rows: list[tuple[str, float, float, str, int]] = field(default_factory=list)  # student, total, max, status, id


def dashboard(db: Database, course: Course, assignment: str, now: float | None = None) -> Dashboard:
    now = time.time() if now is None else now
    day = now - now % 86400
    latest = latest_graded(db, assignment)
    overrides = overrides_of(overrides_for(db, assignment))
    histogram = [0] * 10
    found: dict[str, list[str]] = {}
    rows = []
    for student, sub in sorted(latest.items()):
        graded = outcome(sub, course, overrides)
        total, maximum = (graded.total, graded.max_score) if graded else (0.0, 0.0)
        rows.append((student, total, maximum, graded.result.status if graded else FAILED, sub.id))
        if graded and maximum:
            histogram[min(9, int(10 * total / maximum))] += 1
        for m in (graded.result.misconception_counts() if graded else {}):
            found.setdefault(m, []).append(student)
    graded_today = _count_graded_since(db, assignment, day)
    submitted = {r[0] for r in rows} | _students_with_any(db, assignment)
    return Dashboard(assignment, jobs.queue_counts(db, assignment), graded_today, histogram,
                     dict(sorted(found.items(), key=lambda kv: -len(kv[1]))),
                     [n for n in students(db) if n not in submitted], rows)


def _count_graded_since(db: Database, assignment: str, since: float) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Submission).where(
            Submission.assignment == assignment, Submission.graded_at >= since,
            Submission.regrade_of.is_(None))) or 0


def _students_with_any(db: Database, assignment: str) -> set[str]:
    with db.session() as s:
        return set(s.scalars(select(Submission.student).where(Submission.assignment == assignment).distinct()))


# ------------------------------------------------------------------------- regrades


def start_regrade(db: Database, course: Course, assignment: str, student: str | None = None) -> str:
    """Queue a regrade of the latest graded submission of one student (or all); returns the batch id.
    Nothing changes in the gradebook until ``commit_regrade``."""
    latest = latest_graded(db, assignment)
    picked = [latest[student]] if student else list(latest.values())
    if student and student not in latest:
        raise KeyError(student)
    with db.session() as s:
        originals = [s.get(Submission, r.id) for r in picked]
        for o in originals:
            _ = o.data                       # load the bytes while the session is open
    batch = uuid.uuid4().hex[:12]
    jobs.queue_regrade(db, originals, batch)
    return batch


@dataclass
class Moved:
    student: str
    old: float
    new: float | None                  # None while the regrade is not graded yet
    max_score: float


def regrade_preview(db: Database, course: Course, batch: str) -> tuple[list[Moved], int]:
    """Who moves (old and new totals) and how many of the batch are still waiting."""
    with db.session() as s:
        rows = s.scalars(select(Submission).options(defer(Submission.data))
                         .where(Submission.batch == batch).order_by(Submission.student)).all()
        olds = {r.id: s.get(Submission, r.regrade_of) for r in rows}
    if not rows:
        raise KeyError(batch)
    overrides = overrides_of(overrides_for(db, rows[0].assignment))
    moved, waiting = [], 0
    for r in rows:
        old = outcome(olds[r.id], course, overrides)
        new = outcome(r, course, overrides) if r.status == DONE else None
        if r.status not in (DONE, FAILED):
            waiting += 1
        old_total = old.total if old else 0.0
        new_total = new.total if new else (0.0 if r.status == FAILED else None)
        if new_total is None or abs(new_total - old_total) > 1e-9:
            moved.append(Moved(r.student, old_total, new_total, (new or old).max_score if (new or old) else 0.0))
    return moved, waiting


def commit_regrade(db: Database, batch: str) -> int:
    """Make the batch's graded rows the ones that count; returns how many now count."""
    with db.session() as s:
        rows = s.scalars(select(Submission).options(defer(Submission.data)).where(
            Submission.batch == batch, Submission.status.in_((DONE, FAILED)),
            Submission.counted.is_(False))).all()
        for r in rows:
            s.execute(update(Submission).where(Submission.id == r.regrade_of).values(counted=False))
            r.counted = True
        return len(rows)
