"""The course file (TOML): which assignments are open, each with its course policy, the
submission policy and the staff.

    [course]
    title = "Convolution layers"
    lang = "en"                         # feedback language (en | zh)
    sandbox = "bwrap"                   # bwrap: fail closed when bubblewrap is missing; auto; none
                                        # (default: $CONVGRADE_SANDBOX, else auto, as on the command line)

    [submission]
    cooldown_seconds = 60               # between two submissions of one student
    daily_cap = 20                      # submissions per student, assignment and UTC day (0: no cap)
    max_bytes = 2000000                 # one upload
    show_hidden_before_deadline = false # hidden-suite results before the deadline

    [staff]
    names = ["ta-lin"]

    [assignments.a2_conv2d]             # one table per open assignment
    policy = "policy/a2_conv2d.toml"    # the policy format of `grade --policy`, relative to this file

Without a course file, all four assignments are open with no deadline.
"""
from __future__ import annotations

import os
try:
    import tomllib  # novermin (3.11+; tomli below on 3.10)
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.assignments import ASSIGNMENTS, UnknownAssignment, get_assignment
from autograder.policy import Policy, PolicyError, load_policy


class CourseError(ValueError):
    """A course file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class SubmissionPolicy:
    cooldown_seconds: float = 60.0
    daily_cap: int = 50
    max_bytes: int = 2_000_000
    show_hidden_before_deadline: bool = False


@dataclass(frozen=True)
class Course:
    title: str = "convgrade"
    lang: str = "en"
    sandbox: str = field(default_factory=lambda: os.environ.get("CONVGRADE_SANDBOX", "auto"))
    submission: SubmissionPolicy = SubmissionPolicy()
    staff: tuple[str, ...] = ()
    assignments: dict[str, Policy] = field(default_factory=dict)   # open assignment -> policy

    def policy(self, assignment: str) -> Policy:
        return self.assignments[assignment]


def default_course() -> Course:
    """All four assignments open, no deadline, the suites' own weights."""
    return Course(assignments={name: Policy(assignment=name) for name in ASSIGNMENTS})


def load_course(path: Path | str | None) -> Course:
    """Read a course file; ``None`` gives ``default_course()``. Raises CourseError."""
    if path is None:
        return default_course()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseError(f"{path} does not exist") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CourseError(f"{path} is not valid TOML: {exc}") from None
    head = _table(data, "course", path)
    sub = _table(data, "submission", path)
    staff = _table(data, "staff", path).get("names", [])
    if not isinstance(staff, list) or not all(isinstance(s, str) and s for s in staff):
        raise CourseError(f"{path}: staff.names must be a list of names")
    lang = head.get("lang", "en")
    if lang not in ("en", "zh"):
        raise CourseError(f"{path}: course.lang must be en or zh, not {lang!r}")
    sandbox = head.get("sandbox", os.environ.get("CONVGRADE_SANDBOX", "auto"))
    if sandbox not in ("auto", "bwrap", "none"):
        raise CourseError(f"{path}: course.sandbox must be auto, bwrap or none, not {sandbox!r}")
    policy = SubmissionPolicy(
        cooldown_seconds=_number(sub, "cooldown_seconds", 60.0, path),
        daily_cap=int(_number(sub, "daily_cap", 50, path)),
        max_bytes=int(_number(sub, "max_bytes", 2_000_000, path)),
        show_hidden_before_deadline=bool(sub.get("show_hidden_before_deadline", False)))
    return Course(title=str(head.get("title", "convgrade")), lang=lang, sandbox=sandbox,
                  submission=policy, staff=tuple(staff), assignments=_assignments(data, path))


def _assignments(data: dict[str, Any], path: Path) -> dict[str, Policy]:
    tables = _table(data, "assignments", path)
    if not tables:
        raise CourseError(f"{path}: no [assignments.NAME] table: nothing would be open for submission")
    out: dict[str, Policy] = {}
    for key, table in tables.items():
        try:
            name = get_assignment(key).name
        except UnknownAssignment:
            raise CourseError(f"{path}: [assignments.{key}] is not an assignment "
                              f"({', '.join(ASSIGNMENTS)})") from None
        if not isinstance(table, dict):
            raise CourseError(f"{path}: [assignments.{key}] must be a table")
        policy = Policy(assignment=name)
        if "policy" in table:
            try:
                policy = load_policy(path.parent / str(table["policy"]))
            except PolicyError as exc:
                raise CourseError(f"{path}: assignments.{key}.policy: {exc}") from None
            if policy.assignment and get_assignment(policy.assignment).name != name:
                raise CourseError(f"{path}: assignments.{key}.policy is the policy of {policy.assignment}")
            policy = Policy(**{**policy.__dict__, "assignment": name})
        out[name] = policy
    return out


def _table(data: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise CourseError(f"{path}: [{key}] must be a table")
    return value


def _number(table: dict[str, Any], key: str, default: float, path: Path) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise CourseError(f"{path}: submission.{key} must be a number >= 0, not {value!r}")
    return float(value)
