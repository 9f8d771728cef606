"""Everything a batch derives from its journal: per submission results/<file>.json and feedback,
then the gradebook, moved.csv and summary.html. Every score shown is the final one (the course
policy applied: points, overrides, lateness), and the same number in every file.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.assignments import get_assignment
from autograder.journal import write_atomic
from autograder.policy import Override, Policy, PolicyOutcome, apply_policy
from autograder.reports.gradebook import GradebookRow, render_gradebook
from autograder.reports.gradescope import from_results_json, to_results_json
from autograder.results import GradingResult
from autograder.safe_text import csv_text, safe_name

if TYPE_CHECKING:
    from autograder.batch import BatchOptions, BatchReport, Moved, _Item


class _Renderer:
    """Writes the per-submission files and, at the end, the gradebook and the summary."""

    def __init__(self, out: Path, policy: Policy, overrides: list[Override], lang: str):
        self.out, self.policy, self.overrides, self.lang = out, policy, overrides, lang
        self.done: dict[str, PolicyOutcome] = {}

    def outcome(self, item: _Item, record: dict) -> PolicyOutcome:
        result = from_results_json(record["result"])
        sub = item.submission
        return apply_policy(result, self.policy, self.overrides, sub.submitted_at, item.name, sub.time_source)

    def submission(self, item: _Item) -> str:
        """Write the submission's files; return its one-line account (name, final score, status)."""
        graded = self.outcome(item, item.record)
        self.done[item.name] = graded
        data = to_results_json(graded.result)            # top-level score: the final score
        data["extra_data"]["policy"] = {
            "late_days": graded.late_days, "late_penalty_percent": graded.late_penalty,
            "overrides": [{"target": o.target, "score": o.score, "reason": o.reason} for o in graded.applied],
            "submitted_at": _iso(item.submission.submitted_at), "time_source": item.submission.time_source,
            "graded_at": item.record.get("graded_at", "")}
        write_atomic(self.out / "results" / f"{item.file}.json", json.dumps(data, indent=1, sort_keys=True))
        shown = from_results_json(data)
        markdown, page = _feedback(shown, self.lang, pictures=f"{item.file}.files")
        write_atomic(self.out / "feedback" / f"{item.file}.md", markdown)
        for picture, png in _pictures(shown).items():     # the Markdown page links them as files
            write_atomic(self.out / "feedback" / f"{item.file}.files" / picture, png)
        write_atomic(self.out / "feedback" / f"{item.file}.html", page)
        return f"{item.name}: {graded.total:g} / {graded.max_score:g} ({graded.result.status})"

    def row(self, item: _Item) -> GradebookRow:
        graded = self.done[item.name]
        res = graded.result
        sub = item.submission
        return GradebookRow(
            student=item.name, total=graded.total, max_score=graded.max_score,
            groups={g: s for g, (s, _) in graded.group_scores().items()}, status=res.status,
            reason=res.reason, late_days=graded.late_days, late_penalty=graded.late_penalty,
            overrides="; ".join(f"{o.target}: {o.score:g} ({o.reason})" for o in graded.applied),
            suite_version=res.suite_version, graded_at=item.record.get("graded_at", ""),
            meta={k: safe_name(v) for k, v in sub.meta.items()},
            submitted_at=_iso(sub.submitted_at), time_source=sub.time_source if sub.submitted_at else "",
            notes=item.conflict)

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
        if report.moved or (self.out / "moved.csv").exists():
            write_atomic(self.out / "moved.csv", moved_csv(report.moved))
        notes = report.journal_problems + report.lateness + report.warnings
        notes += [f"moved on the regrade: {m.student} {m.old:g} -> {m.new:g}" for m in report.moved]
        results = [self.done[i.name].result for i in items if i.name in self.done]
        sections = _similarity_sections(self.out, items, assignments) if options.similarity else []
        write_atomic(self.out / "summary.html", render_summary(SummaryData(title, rows, results, notes, sections)))


def _similarity_sections(out: Path, items: list[_Item], assignments: list[str]) -> list[str]:
    """The similarity report of each assignment (OUT/similarity.json and .html; with several
    assignments OUT/similarity-<assignment>/), and its section for the summary page."""
    from dataclasses import replace

    from autograder.similarity import run_similarity, similarity_section_html, write_report

    sections = []
    for assignment in assignments:
        submissions = [replace(i.submission, name=i.name) for i in items     # the gradebook's names
                       if i.assignment == assignment and i.submission.ok]
        target = out if len(assignments) == 1 else out / f"similarity-{assignment}"
        report = run_similarity(submissions, assignment)
        write_report(report, target)
        link = (target / "similarity.html").relative_to(out).as_posix()
        sections.append(similarity_section_html(report, link=link))
    return sections


def moved_csv(moved: list[Moved]) -> str:
    """moved.csv: student, old, new, max (csv module, formula-neutralised cells)."""
    return csv_text([["student", "old", "new", "max"],
                     *[[m.student, f"{m.old:g}", f"{m.new:g}", f"{m.max_score:g}"] for m in moved]])


def lateness_lines(rows: list[GradebookRow], policy: Policy) -> list[str]:
    """For the TA: how many were late and by how much, and which had no known submission time."""
    if policy.deadline is None:
        return []
    late = sorted((r for r in rows if r.late_days), key=lambda r: (-r.late_days, r.student))
    unknown = sorted(r.student for r in rows if not r.submitted_at)
    out = [f"Deadline {policy.deadline.isoformat()}: {len(late)} of {len(rows)} submissions late"
           + (": " + ", ".join(f"{r.student} {r.late_days} day{'s' if r.late_days != 1 else ''} "
                               f"(-{r.late_penalty:g}%)" for r in late[:20])
              + (f" and {len(late) - 20} more" if len(late) > 20 else "") if late else "") + "."]
    if unknown:
        out.append(f"No known submission time for {len(unknown)} submission{'s' if len(unknown) != 1 else ''} "
                   "(not marked late; give the times with --times FILE): " + ", ".join(unknown[:20])
                   + (f" and {len(unknown) - 20} more" if len(unknown) > 20 else "") + ".")
    flagged = sorted(r.student for r in rows if r.meta.get("late") == "true" and not r.submitted_at)
    if flagged:
        out.append(f"Canvas marks {len(flagged)} as late but gives no time (not marked late here): "
                   + ", ".join(flagged[:20]) + ".")
    sources: dict[str, int] = {}
    for r in rows:
        if r.submitted_at:
            sources[r.time_source] = sources.get(r.time_source, 0) + 1
    if sources:
        out.append("Submission times from: " + ", ".join(f"{s} ({n})" for s, n in sorted(sources.items())) + ".")
    return out


def _moved(todo: list[_Item], render: _Renderer) -> list[Moved]:
    from autograder.batch import Moved

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
    out = [f"override for {safe_name(o.student)!r} ({o.target}) matches no submission" for o in overrides
           if o.student not in names]
    for i in items:
        out += [f"{i.name}: {safe_name(w, 400)}" for w in i.submission.warnings]
        if i.conflict:
            out.append(f"{i.name}: {i.conflict}")
    return out


def _feedback(shown: GradingResult, lang: str, pictures: str | None = None) -> tuple[str, str]:
    """Markdown (its pictures linked under ``pictures``) and HTML feedback, the final score and
    how it was reached included."""
    from autograder.reports.feedback import render_html, render_markdown

    return render_markdown(shown, lang, pictures=pictures), render_html(shown, lang)


def _pictures(shown: GradingResult) -> dict[str, bytes]:
    from autograder.reports.feedback import markdown_pictures

    return markdown_pictures(shown)


def _typical_max(rows: list[GradebookRow]) -> float:
    counts: dict[float, int] = {}
    for r in rows:
        if r.max_score:
            counts[r.max_score] = counts.get(r.max_score, 0) + 1
    return max(counts, key=lambda m: (counts[m], m)) if counts else 0.0


def _iso(when: datetime | None) -> str:
    return when.isoformat() if when else ""
