"""The grading queue, kept in the database (the record of truth, not the executor).

    sid = store_submission(db, "s1001", "a2_conv2d", "conv2d.py", data, course.submission)
    job = claim(db, "g1-4242")            # atomic; None when nothing is queued
    heartbeat(db, job.claim, job.id)      # keeps the lease while grading
    finish(db, job.claim, job.id, results_json)   # recorded only while this claim holds

A claim whose lease ran out (its process died, or froze) is taken again by the next ``claim``;
``release(db, prefix)`` gives back at once the claims of a process known to be dead. After
``MAX_ATTEMPTS`` claims a submission is marked failed rather than crash graders forever.
"""
from __future__ import annotations

import hashlib
import math
import time
import uuid
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select, update

from autograder.service.course import SubmissionPolicy
from autograder.service.database import Database
from autograder.service.models import DONE, FAILED, GRADING, QUEUED, Submission

LEASE_SECONDS = 60.0
MAX_ATTEMPTS = 3


class Cooldown(Exception):
    """Too soon after the last submission, or the day's cap is reached."""

    def __init__(self, retry_after: float, reason: str):
        super().__init__(reason)
        self.retry_after = max(1, math.ceil(retry_after))
        self.reason = reason


@dataclass(frozen=True)
class Job:
    id: int
    claim: str
    student: str
    assignment: str
    filename: str
    data: bytes
    submitted_at: float


def store_submission(db: Database, student: str, assignment: str, filename: str, data: bytes,
                     policy: SubmissionPolicy, now: float | None = None) -> int:
    """Store one upload (bytes and hash) and queue it; committed before this returns.

    Raises Cooldown within ``policy.cooldown_seconds`` of the student's last submission, or
    once ``policy.daily_cap`` uploads of this assignment were made this UTC day."""
    now = time.time() if now is None else now
    with db.session() as s:
        mine = [Submission.student == student, Submission.regrade_of.is_(None)]
        last = s.scalar(select(func.max(Submission.submitted_at)).where(*mine))
        if last is not None and now - last < policy.cooldown_seconds:
            raise Cooldown(policy.cooldown_seconds - (now - last), "cooldown")
        day = now - now % 86400
        today = s.scalar(select(func.count()).select_from(Submission).where(
            *mine, Submission.assignment == assignment, Submission.submitted_at >= day))
        if policy.daily_cap and today >= policy.daily_cap:
            raise Cooldown(day + 86400 - now, "daily_cap")
        row = Submission(student=student, assignment=assignment, filename=filename, data=data,
                         sha256=hashlib.sha256(data).hexdigest(), submitted_at=now, status=QUEUED,
                         attempts=0, reason="", counted=True)
        s.add(row)
        s.flush()
        return row.id


def queue_regrade(db: Database, originals: list[Submission], batch: str) -> list[int]:
    """Queue a copy of each submission that counts only once the batch is committed."""
    ids = []
    with db.session() as s:
        for o in originals:
            row = Submission(student=o.student, assignment=o.assignment, filename=o.filename, data=o.data,
                             sha256=o.sha256, submitted_at=o.submitted_at, status=QUEUED, attempts=0,
                             reason="", counted=False, regrade_of=o.id, batch=batch)
            s.add(row)
            s.flush()
            ids.append(row.id)
    return ids


def claim(db: Database, owner: str, lease: float = LEASE_SECONDS, now: float | None = None) -> Job | None:
    """Take the oldest queued submission (or one whose lease ran out) for ``owner``."""
    for _ in range(5):
        now = time.time() if now is None else now
        token = f"{owner}:{uuid.uuid4().hex[:12]}"
        takeable = or_(Submission.status == QUEUED,
                       and_(Submission.status == GRADING, Submission.lease_until < now))
        with db.session() as s:
            pick = select(Submission.id).where(takeable).order_by(Submission.id).limit(1)
            if db.dialect == "postgresql":
                pick = pick.with_for_update(skip_locked=True)
            sid = s.scalar(pick)
            if sid is None:
                return None
            taken = s.execute(update(Submission).where(Submission.id == sid, takeable).values(
                status=GRADING, claim=token, lease_until=now + lease,
                attempts=Submission.attempts + 1)).rowcount
        if not taken:
            continue                      # another process was quicker: try the next one
        with db.session() as s:
            row = s.get(Submission, sid)
            if row.attempts > MAX_ATTEMPTS:
                _give_up(db, token, sid)
                continue
            return Job(row.id, token, row.student, row.assignment, row.filename, row.data, row.submitted_at)
    return None


def heartbeat(db: Database, token: str, sid: int, lease: float = LEASE_SECONDS) -> bool:
    """Extend the lease; False when the claim was lost (the submission went to someone else)."""
    with db.session() as s:
        return bool(s.execute(update(Submission).where(
            Submission.id == sid, Submission.claim == token, Submission.status == GRADING).values(
            lease_until=time.time() + lease)).rowcount)


def finish(db: Database, token: str, sid: int, result_json: str) -> bool:
    """Store the result; only the holder of the claim records it (once)."""
    with db.session() as s:
        return bool(s.execute(update(Submission).where(
            Submission.id == sid, Submission.claim == token, Submission.status == GRADING).values(
            status=DONE, result=result_json, graded_at=time.time(), lease_until=None)).rowcount)


def release(db: Database, owner: str) -> int:
    """Give back every claim of ``owner`` (a grading process that died); returns how many."""
    with db.session() as s:
        return s.execute(update(Submission).where(
            Submission.status == GRADING, Submission.claim.like(f"{owner}:%")).values(
            status=QUEUED, claim=None, lease_until=None)).rowcount


def _give_up(db: Database, token: str, sid: int) -> None:
    with db.session() as s:
        s.execute(update(Submission).where(Submission.id == sid, Submission.claim == token).values(
            status=FAILED, graded_at=time.time(), lease_until=None,
            reason=f"grading stopped {MAX_ATTEMPTS} times without a result; the course staff can regrade it"))


def queue_counts(db: Database, assignment: str | None = None) -> dict[str, int]:
    """Submissions per status (regrades included)."""
    with db.session() as s:
        q = select(Submission.status, func.count()).group_by(Submission.status)
        if assignment:
            q = q.where(Submission.assignment == assignment)
        counts = dict(s.execute(q).all())
    return {k: counts.get(k, 0) for k in (QUEUED, GRADING, DONE, FAILED)}
