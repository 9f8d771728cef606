"""The gradebook CSV: one row per student, in the columns a course's system imports.

    rows = [GradebookRow(...), ...]          # built by the batch from results and the policy
    text = render_gradebook(rows, "plain")   # or "canvas", "moodle"

plain   student, total, max, percent, one column per test group, status, reason, late days,
        late penalty, submitted at and where that time came from, overrides, notes (several
        submissions for one student), suite version, graded at (UTC).
canvas  Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then one column
        named "<assignment title> (<Canvas assignment id>)" holding the total. Canvas matches rows
        by ID (the Canvas user id from the bulk-download file name) or SIS ids, and treats any
        other column as a new assignment, so nothing else is written.
moodle  Moodle's CSV grade import: "ID number" and "Email address" to map users, then the grade
        item column (the total) and its feedback column; mapping happens in Moodle's import form.

Every layout is written by the csv module with formula-neutralised cells (``safe_text.csv_text``):
a student name, a reason or an LMS field starting with = + - @ cannot run in a spreadsheet.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from autograder.safe_text import csv_text, safe_name

LAYOUTS = ("plain", "canvas", "moodle")
TIME_COLUMNS = ("graded_at",)        # the columns that differ between two identical runs


@dataclass
class GradebookRow:
    """One student's line of the gradebook (numbers already under the course policy)."""

    student: str
    total: float
    max_score: float
    groups: dict[str, float] = field(default_factory=dict)      # group -> points
    status: str = "graded"
    reason: str = ""
    late_days: int = 0
    late_penalty: float = 0.0
    overrides: str = ""              # "total: 90 (reason); group g: 3 (reason)"
    suite_version: str = ""
    graded_at: str = ""              # ISO 8601 UTC
    meta: dict[str, str] = field(default_factory=dict)          # canvas_user_id, sid, email, ...
    submitted_at: str = ""           # ISO 8601 from a trusted record; "" when unknown
    time_source: str = ""            # where submitted_at came from
    notes: str = ""                  # e.g. two submissions that map to this student

    @property
    def percent(self) -> float:
        return round(100.0 * self.total / self.max_score, 2) if self.max_score else 0.0


def render_gradebook(rows: list[GradebookRow], layout: str = "plain", *, item: str = "",
                     groups: list[str] | None = None) -> str:
    """The CSV text; ``item`` is the grade item's column name for canvas and moodle."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown gradebook layout {layout!r}; use one of {', '.join(LAYOUTS)}")
    rows = sorted(rows, key=lambda r: r.student)
    table: list[list[object]] = []
    if layout == "plain":
        groups = groups if groups is not None else group_columns(rows)
        table.append(["student", "total", "max", "percent", *groups, "status", "reason", "late_days",
                      "late_penalty_percent", "submitted_at", "time_source", "overrides", "notes",
                      "suite_version", *TIME_COLUMNS])
        for r in rows:
            table.append([safe_name(r.student), _n(r.total), _n(r.max_score), _n(r.percent),
                          *[_n(r.groups.get(g, 0.0)) for g in groups], r.status, r.reason, r.late_days,
                          _n(r.late_penalty), r.submitted_at, r.time_source if r.submitted_at else "unknown",
                          r.overrides, r.notes, r.suite_version, r.graded_at])
    elif layout == "canvas":
        table.append(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", item])
        for r in rows:
            m = r.meta
            table.append([safe_name(m.get("name", r.student)), m.get("canvas_user_id", ""), m.get("sid", ""),
                          m.get("login", m.get("email", "")), m.get("section", ""), _n(r.total)])
    else:
        table.append(["ID number", "Email address", item, f"{item} feedback"])
        for r in rows:
            m = r.meta
            table.append([safe_name(m.get("sid", r.student)), m.get("email", ""), _n(r.total), _feedback(r)])
    return csv_text(table)


def group_columns(rows: list[GradebookRow]) -> list[str]:
    """Every group that any row has, in first-seen order."""
    seen: dict[str, None] = {}
    for r in rows:
        for g in r.groups:
            seen.setdefault(g, None)
    return list(seen)


def _feedback(r: GradebookRow) -> str:
    parts = [f"{_n(r.total)}/{_n(r.max_score)}"]
    if r.status != "graded":
        parts.append(f"{r.status}: {r.reason}" if r.reason else r.status)
    if r.late_days:
        parts.append(f"{r.late_days} day(s) late, -{_n(r.late_penalty)}%")
    if r.overrides:
        parts.append(r.overrides)
    return "; ".join(parts)


def _n(x: float) -> str:
    """Numbers without float noise: 12, 12.5, 33.33."""
    text = f"{float(x):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
