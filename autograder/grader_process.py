"""A long-lived grader process for a batch: one GradingSession, many submissions.

    python -m autograder.grader_process '<GradeOptions as JSON>'

Reads one JSON job per line on stdin ({"job": id, "assignment": A, "submission": {...}}), grades it,
and writes one JSON line back ({"job": id, "result": <results.json>}) on the stream it was started
with; everything else the grader prints goes to stderr. Nothing crosses the pipe as a pickle. The
process dies with its parent (PR_SET_PDEATHSIG), so a killed batch leaves no grader behind.
"""
from __future__ import annotations

import json
import os
import sys
import traceback
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from autograder.engine import GradeOptions
from autograder.sandbox import Limits
from autograder.submission import Chunk, Submission


def options_to_json(options: GradeOptions) -> dict[str, Any]:
    d = asdict(options)
    if not isinstance(d["sandbox"], str):
        d["sandbox"] = str(getattr(options.sandbox, "name", "auto"))
    return d


def options_from_json(d: dict[str, Any]) -> GradeOptions:
    known = {f.name for f in fields(GradeOptions)}
    d = {k: v for k, v in d.items() if k in known}
    d["limits"] = Limits(**d.get("limits", {}))
    return GradeOptions(**d)


def submission_to_json(s: Submission) -> dict[str, Any]:
    return {"name": s.name, "assignment": s.assignment, "tolerant": s.tolerant, "origin": str(s.origin),
            "problems": list(s.problems),
            "chunks": [{"code": c.code, "origin": c.origin, "first_line": c.first_line} for c in s.chunks]}


def submission_from_json(d: dict[str, Any]) -> Submission:
    return Submission(d["name"], d.get("assignment"), [Chunk(**c) for c in d["chunks"]],
                      bool(d.get("tolerant")), Path(d.get("origin", ".")), list(d.get("problems", [])))


def _die_with_parent() -> None:
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)   # PR_SET_PDEATHSIG
    except Exception:
        pass
    if os.getppid() == 1:       # the parent was already gone before prctl took effect
        os._exit(1)


def serve(options: GradeOptions, jobs, replies) -> None:
    """Grade jobs from ``jobs`` (lines) until EOF, answering on ``replies`` (a binary stream)."""
    from autograder.engine import GradingSession
    from autograder.reports.gradescope import to_results_json

    with GradingSession(options) as session:
        for line in jobs:
            if not line.strip():
                continue
            job = json.loads(line)
            try:
                result = session.grade(submission_from_json(job["submission"]), job.get("assignment"))
                text = json.dumps({"job": job["job"], "result": to_results_json(result)}, allow_nan=False)
            except Exception:
                text = json.dumps({"job": job["job"], "error": traceback.format_exc()[-4000:]})
            replies.write((text + "\n").encode("utf-8"))
            replies.flush()


def main(argv: list[str]) -> int:
    _die_with_parent()
    options = options_from_json(json.loads(argv[1]) if len(argv) > 1 else {})
    replies = os.fdopen(os.dup(1), "wb")     # the protocol keeps the real stdout ...
    os.dup2(2, 1)                             # ... and anything printed goes to stderr
    sys.stdout = sys.stderr
    serve(options, sys.stdin, replies)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
