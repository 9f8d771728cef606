"""The job a coordinator sends and the reply a worker gives, as JSON text (no pickles of our own).

A job: ``{"job": NAME, "assignment": A | None, "options": GradeOptions as JSON,
"submission": Submission as JSON (code chunks, never a path)}``.
A reply: a results.json object, with ``extra_data["grader"]`` saying which worker graded it, the
sandbox it used and the device of its large references.
"""
from __future__ import annotations

import json
from typing import Any

MAX_REPLY_BYTES = 32 << 20      # a results.json is a few hundred KiB at most (error maps included)


class BadReply(ValueError):
    """A worker's answer that is not a results.json object."""


def make_job(name: str, assignment: str | None, options: dict[str, Any], submission: dict[str, Any]) -> str:
    return json.dumps({"job": name, "assignment": assignment, "options": options,
                       "submission": submission}, allow_nan=False)


def parse_reply(text: object) -> dict[str, Any]:
    """The results.json object in a worker's reply; BadReply for anything else."""
    if not isinstance(text, str) or len(text) > MAX_REPLY_BYTES:
        raise BadReply("the worker's reply is not JSON text of a sane size")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise BadReply(f"the worker's reply is not JSON ({exc.__class__.__name__})") from None
    if not isinstance(data, dict) or not isinstance(data.get("tests"), list) \
            or not isinstance(data.get("score"), (int, float)):
        raise BadReply("the worker's reply is not a results.json object")
    return data
