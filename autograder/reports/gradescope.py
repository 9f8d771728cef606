"""GradingResult <-> Gradescope's autograder results.json (the one result file convgrade writes).

``to_results_json`` gives exactly Gradescope's schema; what Gradescope does not know (hidden
flag, group, attachments) rides in each test's ``extra_data`` and the top-level ``extra_data``,
so ``from_results_json`` restores the same GradingResult.
"""
from __future__ import annotations

import base64
from dataclasses import asdict, fields
from typing import Any

from autograder.results import Adjustment, Attachment, FinalScore, GradingResult, TestResult


def to_results_json(result: GradingResult) -> dict[str, Any]:
    """The results.json object of one submission (``score``: the final score under the policy)."""
    data = {
        "score": result.final_score,
        "max_score": result.max_score,
        "execution_time": round(float(result.execution_time), 3),
        "output": result.output,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": [_test_json(t) for t in result.tests],
        "extra_data": {
            "submission": result.submission,
            "assignment": result.assignment,
            "status": result.status,
            "reason": result.reason,
            "suite_version": result.suite_version,
            "grader_version": result.grader_version,
            "sandbox": result.sandbox,
            "misconceptions": result.misconception_counts(),
            **{k: v for k, v in result.extra.items() if k not in _TOP_KEYS},
        },
    }
    if result.final is not None:
        data["extra_data"]["final_score"] = asdict(result.final)
    return data


def _test_json(t: TestResult) -> dict[str, Any]:
    return {
        "name": t.name,
        "number": t.number,
        "score": t.score,
        "max_score": t.max_score,
        "status": t.status,
        "output": t.output,
        "tags": t.all_tags,
        "visibility": t.visibility,
        "extra_data": {
            "function": t.function,
            "hidden": t.hidden,
            "group": t.group,
            "attachments": [_attachment_json(a) for a in t.attachments],
        },
    }


def _attachment_json(a: Attachment) -> dict[str, str]:
    data = base64.b64encode(a.data).decode("ascii") if isinstance(a.data, bytes) else a.data
    return {"kind": a.kind, "title": a.title, "data": data,
            "encoding": "base64" if isinstance(a.data, bytes) else "text"}


_TOP_KEYS = {"submission", "assignment", "status", "reason", "suite_version", "grader_version", "sandbox",
             "misconceptions", "final_score"}


def from_results_json(d: dict[str, Any]) -> GradingResult:
    """The GradingResult that ``to_results_json`` wrote."""
    extra = dict(d.get("extra_data") or {})
    result = GradingResult(
        submission=extra.get("submission", ""), assignment=extra.get("assignment", ""),
        status=extra.get("status", "graded"), execution_time=float(d.get("execution_time", 0.0)),
        output=d.get("output", ""), suite_version=extra.get("suite_version", ""),
        grader_version=extra.get("grader_version", ""), sandbox=extra.get("sandbox", ""),
        reason=extra.get("reason", ""),
        extra={k: v for k, v in extra.items() if k not in _TOP_KEYS},
    )
    result.tests = [_test_from_json(t) for t in d.get("tests", [])]
    result.final = _final_from_json(extra.get("final_score"))
    return result


def _final_from_json(d: Any) -> FinalScore | None:
    if not isinstance(d, dict):
        return None
    known = {f.name for f in fields(Adjustment)}
    steps = [Adjustment(**{k: v for k, v in a.items() if k in known})
             for a in d.get("adjustments", []) if isinstance(a, dict)]
    return FinalScore(float(d.get("tests_score", 0.0)), float(d.get("max_score", 0.0)),
                      float(d.get("final", 0.0)), steps, str(d.get("submitted_at", "")),
                      str(d.get("time_source", "")), str(d.get("deadline", "")))


def _test_from_json(t: dict[str, Any]) -> TestResult:
    extra = t.get("extra_data") or {}
    tags = list(t.get("tags", []))
    function = extra.get("function") or next((x.split(":", 1)[1] for x in tags if x.startswith("function:")), "")
    misconceptions = [x.split(":", 1)[1] for x in tags if x.startswith("misconception:")]
    others = [x for x in tags if not x.startswith(("function:", "misconception:"))]
    return TestResult(
        name=t.get("name", ""), function=function, max_score=float(t.get("max_score", 0.0)),
        score=float(t.get("score", 0.0)), status=t.get("status", "failed"), output=t.get("output", ""),
        hidden=bool(extra.get("hidden", False)), visibility=t.get("visibility", "visible"),
        misconceptions=misconceptions, tags=others, number=str(t.get("number", "")),
        group=extra.get("group", function),
        attachments=[_attachment_from_json(a) for a in extra.get("attachments", [])],
    )


def _attachment_from_json(a: dict[str, str]) -> Attachment:
    data: bytes | str = a["data"]
    if a.get("encoding") == "base64":
        data = base64.b64decode(a["data"])
    return Attachment(a["kind"], a["title"], data)


REQUIRED_TOP = {"score": (int, float), "max_score": (int, float), "execution_time": (int, float),
                "output": str, "visibility": str, "stdout_visibility": str, "tests": list}
REQUIRED_TEST = {"name": str, "number": str, "score": (int, float), "max_score": (int, float),
                 "status": str, "output": str, "tags": list, "visibility": str}


def schema_problems(d: dict[str, Any]) -> list[str]:
    """What is wrong with a results.json object (empty when it follows Gradescope's schema)."""
    problems = [f"{k}: missing or not {t}" for k, t in REQUIRED_TOP.items() if not isinstance(d.get(k), t)]
    for i, test in enumerate(d.get("tests") or []):
        problems += [f"tests[{i}].{k}: missing or not {t}" for k, t in REQUIRED_TEST.items()
                     if not isinstance(test.get(k), t)]
        if test.get("status") not in ("passed", "failed"):
            problems.append(f"tests[{i}].status must be passed or failed")
        if not any(str(tag).startswith("function:") for tag in test.get("tags", [])):
            problems.append(f"tests[{i}]: no function: tag")
    if d.get("visibility") not in ("visible", "hidden", "after_due_date", "after_published"):
        problems.append("visibility: not a Gradescope value")
    return problems
