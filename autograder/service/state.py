"""The running service: configuration, database, course, templates, and the one intake path
that both the web form and the JSON API use to accept an upload."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from autograder.service import jobs
from autograder.service.course import Course
from autograder.service.database import Database
from autograder.service.models import STUDENT, Person
from autograder.service.uploads import upload_problem

HERE = Path(__file__).resolve().parent


@dataclass
class ServiceConfig:
    course: Course
    db_url: str
    course_path: Path | None = None
    workers: int = 1
    lease: float = jobs.LEASE_SECONDS
    log_dir: Path | None = None
    grade: bool = True                     # start the local grading processes
    scheduler: str | None = None           # a Dask scheduler: grade on its cluster, not locally


class Refused(Exception):
    """An upload that is not taken: HTTP status, a text key, and Retry-After where it applies."""

    def __init__(self, status: int, key: str, detail: str = "", retry_after: int | None = None):
        super().__init__(detail or key)
        self.status, self.key, self.detail, self.retry_after = status, key, detail, retry_after


@dataclass
class Service:
    config: ServiceConfig
    db: Database
    secret: str
    templates: Environment = field(default_factory=lambda: Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True)))
    intake_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def course(self) -> Course:
        return self.config.course

    def accept(self, person: Person, assignment: str, filename: str, data: bytes) -> int:
        """Store an upload and queue it (committed before this returns); raises Refused."""
        policy = self.course.submission
        if person.role != STUDENT:
            raise Refused(403, "forbidden")
        if assignment not in self.course.assignments:
            raise Refused(422, "not_open")
        problem = upload_problem(filename, data, assignment, policy.max_bytes)
        if problem == "too_large":
            raise Refused(413, "too_large")
        if problem:
            raise Refused(422, "not_a_submission", problem)
        with self.intake_lock:                 # one check-and-store at a time: cooldowns hold
            try:
                return jobs.store_submission(self.db, person.name, assignment, filename[:200], data,
                                             policy, time.time())
            except jobs.Cooldown as c:
                raise Refused(429, c.reason, retry_after=c.retry_after) from None
