"""Course policy for one assignment: points and visibility per test group, the deadline, the late
policy, and the TA's manual overrides. Read from TOML; applied to a ``GradingResult`` after every
(re)grade, so a regrade never loses an override.

    policy = load_policy("a1_shapes.toml")              # or Policy() for the suite's own weights
    overrides = load_overrides("OUT/overrides.toml")
    graded = apply_policy(result, policy, overrides, submitted_at)   # -> PolicyOutcome

See examples/policy/a1_shapes.toml for every key.
"""
from __future__ import annotations

import copy
import math
try:
    import tomllib  # novermin (3.11+; tomli below on 3.10)
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from autograder.results import Adjustment, FinalScore, GradingResult

VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
# Where submission times may come from. "records": only what the LMS, nbgrader or the TA recorded
# outside the student's content; "mtime": also a file's modification time or a zip member's date
# (the student sets both), used only when the policy names it.
TIME_SOURCES = ("records", "mtime")


class PolicyError(ValueError):
    """A policy or overrides file that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class GroupPolicy:
    points: float | None = None        # the group's total; None keeps the suite's weights
    visibility: str | None = None      # Gradescope visibility of the group's tests


@dataclass(frozen=True)
class LatePolicy:
    percent_per_day: float = 0.0       # deducted from the total per started day late
    max_days: int | None = None        # later than this: the total is 0
    grace_minutes: float = 0.0         # submissions this close after the deadline are on time
    time_source: str = "records"       # see TIME_SOURCES


@dataclass(frozen=True)
class Policy:
    assignment: str = ""
    title: str = ""                    # the grade item's name in the LMS (default: the assignment)
    lms_id: str = ""                   # Canvas assignment id, appended as "Title (id)"
    total_points: float | None = None  # rescale the whole assignment to this many points
    groups: dict[str, GroupPolicy] = field(default_factory=dict)
    deadline: datetime | None = None
    late: LatePolicy = LatePolicy()


@dataclass(frozen=True)
class Override:
    """A manual score: for one test, one group, or (neither given) the final total."""

    student: str
    score: float
    reason: str
    test: str = ""
    group: str = ""

    @property
    def target(self) -> str:
        return f"test {self.test!r}" if self.test else f"group {self.group!r}" if self.group else "total"


@dataclass
class PolicyOutcome:
    """A result with the policy applied, and the numbers the gradebook needs."""

    result: GradingResult              # tests rescaled, visibility set, test/group overrides applied
    total: float                       # final score: late penalty and a total override included
    max_score: float
    late_days: int = 0
    late_penalty: float = 0.0          # percent deducted
    applied: list[Override] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # plain words for the student and the TA

    @property
    def percent(self) -> float:
        return round(100.0 * self.total / self.max_score, 2) if self.max_score else 0.0

    def group_scores(self) -> dict[str, tuple[float, float]]:
        """group -> (score, max) after points, visibility and overrides (before the late penalty)."""
        out: dict[str, tuple[float, float]] = {}
        for t in self.result.tests:
            g = t.group or t.function
            s, m = out.get(g, (0.0, 0.0))
            out[g] = (s + t.score, m + t.max_score)
        return {g: (round(s, 4), round(m, 4)) for g, (s, m) in out.items()}


# ------------------------------------------------------------------------- reading


def load_policy(path: Path | str) -> Policy:
    """Read a policy file; raises PolicyError with the file name and the bad key."""
    data = _read_toml(path)
    a = data.get("assignment", {})
    late = data.get("late", {})
    groups = {}
    for name, g in (data.get("groups") or {}).items():
        if not isinstance(g, dict):
            raise PolicyError(f"{path}: [groups.{name}] must be a table")
        vis = g.get("visibility")
        if vis is not None and vis not in VISIBILITIES:
            raise PolicyError(f"{path}: groups.{name}.visibility must be one of {', '.join(VISIBILITIES)}")
        groups[name] = GroupPolicy(_num(g.get("points"), f"groups.{name}.points", path), vis)
    deadline = a.get("deadline")
    if deadline is not None:
        deadline = _as_datetime(deadline, "assignment.deadline", path)
    max_days = late.get("max_days")
    time_source = late.get("time_source", "records")
    if time_source not in TIME_SOURCES:
        raise PolicyError(f"{path}: late.time_source must be one of {', '.join(TIME_SOURCES)}, "
                          f"not {time_source!r}")
    return Policy(
        assignment=str(a.get("name", "")), title=str(a.get("title", "")), lms_id=str(a.get("lms_id", "")),
        total_points=_num(a.get("points"), "assignment.points", path), groups=groups, deadline=deadline,
        late=LatePolicy(percent_per_day=_num(late.get("percent_per_day", 0), "late.percent_per_day", path),
                        max_days=None if max_days is None else int(max_days),
                        grace_minutes=_num(late.get("grace_minutes", 0), "late.grace_minutes", path),
                        time_source=time_source))


def load_overrides(path: Path | str | None) -> list[Override]:
    """Read ``[[override]]`` entries; a missing file means no overrides."""
    if path is None or not Path(path).exists():
        return []
    out = []
    for i, o in enumerate(_read_toml(path).get("override", []), 1):
        where = f"{path}: override #{i}"
        if not isinstance(o, dict) or "student" not in o or "score" not in o:
            raise PolicyError(f"{where} needs at least student and score")
        if not str(o.get("reason", "")).strip():
            raise PolicyError(f"{where} needs a reason (it is shown to the student)")
        if o.get("test") and o.get("group"):
            raise PolicyError(f"{where} gives both test and group; give one (or neither, for the total)")
        out.append(Override(str(o["student"]), _num(o["score"], "score", where), str(o["reason"]).strip(),
                            str(o.get("test", "")), str(o.get("group", ""))))
    return out


def _read_toml(path: Path | str) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise PolicyError(f"{path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{path} is not valid TOML: {exc}") from None


def _num(value: Any, key: str, where: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise PolicyError(f"{where}: {key} must be a number >= 0, not {value!r}")
    return float(value)


def _as_datetime(value: Any, key: str, where: Any) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise PolicyError(f"{where}: {key} is not a date and time: {value!r}") from None
    if not isinstance(value, datetime):
        raise PolicyError(f"{where}: {key} must be a date and time, like 2025-03-01T23:59:00-05:00")
    return value if value.tzinfo else value.astimezone()   # a naive time is the machine's local time


# ------------------------------------------------------------------------- applying


def late_days(submitted_at: datetime | None, policy: Policy) -> int:
    """Started days after the deadline (plus grace); 0 when on time or when a time is unknown."""
    if policy.deadline is None or submitted_at is None:
        return 0
    when = submitted_at if submitted_at.tzinfo else submitted_at.replace(tzinfo=timezone.utc)
    over = when - policy.deadline - timedelta(minutes=policy.late.grace_minutes)
    if over <= timedelta(0):
        return 0
    return math.ceil(over / timedelta(days=1))


def apply_policy(result: GradingResult, policy: Policy, overrides: list[Override] = (),
                 submitted_at: datetime | None = None, student: str | None = None,
                 time_source: str = "") -> PolicyOutcome:
    """The result under the course policy, its ``final`` set (tests' score, every change with its
    reason, final score). The engine's result is left untouched. ``time_source`` says where
    ``submitted_at`` came from; a submission without a known time is never marked late."""
    res = copy.deepcopy(result)
    student = student or res.submission
    notes: list[str] = []
    steps: list[Adjustment] = []
    _rescale(res, policy)
    for t in res.tests:
        g = policy.groups.get(t.group or t.function)
        if g and g.visibility:
            t.visibility = g.visibility
    tests_score = round(sum(t.score for t in res.tests), 6)
    mine = [o for o in overrides if o.student == student]
    applied = []
    for o in mine:
        if o.test or o.group:
            before = round(sum(t.score for t in res.tests), 6)
            hit = _override_tests(res, o)
            if hit is not None:
                applied.append(o)
                steps.append(Adjustment("override_test" if o.test else "override_group", before,
                                        round(sum(t.score for t in res.tests), 6), o.reason,
                                        o.test or o.group))
                notes.append(f"Score of {o.target} set to {o.score:g} by the course staff: {o.reason}")
            else:
                notes.append(f"Override for {o.target} ignored: no such {('test' if o.test else 'group')}")
    max_score = round(sum(t.max_score for t in res.tests), 6)
    total = round(sum(t.score for t in res.tests), 6)
    days = late_days(submitted_at, policy)
    penalty = 0.0
    if days:
        cap = policy.late.max_days
        penalty = 100.0 if cap is not None and days > cap else min(100.0, days * policy.late.percent_per_day)
        before, total = total, round(total * (1 - penalty / 100.0), 6)
        steps.append(Adjustment("late", before, total, late_days=days, percent=penalty))
        notes.append(f"Submitted {days} day{'s' if days != 1 else ''} late: {penalty:g}% deducted"
                     + (f" (more than {cap} days late)" if cap is not None and days > cap else ""))
    elif policy.deadline is not None and submitted_at is None:
        notes.append("No recorded submission time: not marked late")
    for o in mine:
        if not (o.test or o.group):
            steps.append(Adjustment("override_total", total, o.score, o.reason, "total"))
            total = o.score
            applied.append(o)
            notes.append(f"Total set to {o.score:g} by the course staff: {o.reason}")
    # the final score is shown everywhere (console, feedback, results/, gradebook, summary): one
    # rounding for all of them, to the gradebook's two decimals
    total, max_score, tests_score = round(total, 2), round(max_score, 2), round(tests_score, 2)
    res.final = FinalScore(tests_score, max_score, total, steps,
                           submitted_at.isoformat() if submitted_at else "",
                           time_source if submitted_at else "",
                           policy.deadline.isoformat() if policy.deadline else "")
    return PolicyOutcome(res, total, max_score, days, penalty, applied, notes)


def _rescale(res: GradingResult, policy: Policy) -> None:
    groups: dict[str, list] = {}
    for t in res.tests:
        groups.setdefault(t.group or t.function, []).append(t)
    for name, tests in groups.items():
        g = policy.groups.get(name)
        if g is not None and g.points is not None:
            _scale(tests, g.points)
    if policy.total_points is not None:
        _scale(res.tests, policy.total_points)


def _scale(tests: list, points: float) -> None:
    weight = sum(t.max_score for t in tests)
    factor = points / weight if weight else 0.0
    for t in tests:
        t.max_score = round(t.max_score * factor, 6)
        t.score = round(t.score * factor, 6)


def _override_tests(res: GradingResult, o: Override) -> bool | None:
    if o.test:
        hits = [t for t in res.tests if t.name == o.test]
    else:
        hits = [t for t in res.tests if (t.group or t.function) == o.group]
    if not hits:
        return None
    group_max = sum(t.max_score for t in hits)
    for t in hits:
        share = t.max_score / group_max if group_max else 1.0 / len(hits)
        t.score = round(o.score * share, 6) if o.group else o.score
        t.status = "passed" if t.score >= t.max_score else "failed"
        t.output = (t.output + "\n" if t.output else "") + f"Set by the course staff: {o.reason}"
    return True
