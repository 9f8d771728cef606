"""What a result looks like to whom: the course policy applied, then filtered for a student.

    shown = result_for(row, course, overrides, viewer_is_staff=False, now=time.time())

Staff see every test. A student sees a test when its visibility allows it (``visible``; after the
deadline: ``after_due_date`` and ``after_published``; never ``hidden``) and, for a test of the
hidden suite, when the deadline has passed or the course shows hidden results before it. The
score a student sees is then the sum over the tests they see, with a line that says how many
are not shown yet.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from autograder.policy import Override, PolicyOutcome, apply_policy
from autograder.reports.gradescope import from_results_json, to_results_json
from autograder.service.course import Course
from autograder.service.models import OverrideRow, Submission
from autograder.texts import pick

NOT_SHOWN = {
    "en": "{n} more test(s) are graded; their results are shown after the deadline.",
    "zh": "另有 {n} 项测试已评分，结果将在截止时间之后显示。",
}


def overrides_of(rows: list[OverrideRow]) -> list[Override]:
    return [Override(o.student, o.score, o.reason, o.test, o.group_name) for o in rows]


def outcome(row: Submission, course: Course, overrides: list[Override]) -> PolicyOutcome | None:
    """The graded result under the course policy; None while it is not graded."""
    if not row.result:
        return None
    result = from_results_json(json.loads(row.result))
    return apply_policy(result, course.policy(row.assignment), overrides,
                        datetime.fromtimestamp(row.submitted_at, timezone.utc), row.student)


def policy_json(graded: PolicyOutcome) -> dict[str, Any]:
    """results.json with the policy applied (the score is the policy's total)."""
    data = to_results_json(graded.result)
    data["score"], data["max_score"] = graded.total, graded.max_score
    if graded.notes:
        data["output"] = "\n\n".join([*graded.notes, data["output"]]).strip()
    data["extra_data"]["policy"] = {
        "late_days": graded.late_days, "late_penalty_percent": graded.late_penalty,
        "overrides": [{"target": o.target, "score": o.score, "reason": o.reason} for o in graded.applied]}
    return data


def result_for(row: Submission, course: Course, overrides: list[Override], *, staff: bool,
               now: float) -> dict[str, Any] | None:
    """results.json as this viewer may see it (None while not graded)."""
    graded = outcome(row, course, overrides)
    if graded is None:
        return None
    data = policy_json(graded)
    if staff:
        return data
    after = _after_deadline(course, row.assignment, now)
    hidden_ok = after or course.submission.show_hidden_before_deadline
    shown = [t for t in data["tests"] if _student_sees(t, after, hidden_ok)]
    if len(shown) < len(data["tests"]):
        n = len(data["tests"]) - len(shown)
        data["tests"] = shown
        data["score"] = round(sum(t["score"] for t in shown), 6)
        data["max_score"] = round(sum(t["max_score"] for t in shown), 6)
        note = pick(NOT_SHOWN, course.lang).format(n=n)
        data["output"] = (data["output"] + "\n\n" + note).strip()
        data["extra_data"]["misconceptions"] = _misconceptions(shown)
        data["extra_data"]["tests_not_shown"] = n
    return data


def _student_sees(test: dict[str, Any], after_deadline: bool, hidden_ok: bool) -> bool:
    vis = test.get("visibility", "visible")
    if vis == "hidden" or (vis in ("after_due_date", "after_published") and not after_deadline):
        return False
    return hidden_ok or not (test.get("extra_data") or {}).get("hidden", False)


def _after_deadline(course: Course, assignment: str, now: float) -> bool:
    deadline = course.policy(assignment).deadline
    return deadline is not None and now >= deadline.timestamp()


def _misconceptions(tests: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for t in tests:
        for tag in t.get("tags", []):
            if tag.startswith("misconception:"):
                counts[tag[14:]] = counts.get(tag[14:], 0) + 1
    return counts
