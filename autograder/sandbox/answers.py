"""Reading the worker's reports: every field checked (type, range, finite, size) before use.

The worker is student code: its load and call reports may be forged. A field of the wrong
type, a number that is not finite or is absurdly large, an overlong text or list all raise
:class:`protocol.ProtocolError` here, which the runner turns into ``crashed`` (a load report)
or ``bad_return`` (a call), never a grader error. Texts are cut to a bound and cleaned of the
grader's own host paths, since they may reach a student.
"""
from __future__ import annotations

import math
import os
import sys

from . import protocol
from .records import CALL_STATUSES, LOAD_STATUSES, CallResult, LoadResult

TEXT_LIMIT = 2000
MAX_SECONDS = 1e7          # a worker's own timing above this is not believed
MAX_LINE = 10_000_000
MAX_FUNCTIONS = 10_000
MAX_CELL_ERRORS = 1_000
HIDDEN_PATH = "<path>"
KEEP = ("/tmp", "/usr", "/proc", "/dev", "/opt", "/etc")   # the sandbox's own view


class Scrubber:
    """Replaces the grader's host folders (project, virtual environment, numpy's folder, the
    worker's temporary folder, home, working directory) in a text by ``<path>``."""

    def __init__(self, *extra: str | None):
        here = os.path.dirname(os.path.abspath(__file__))
        candidates = {os.path.dirname(os.path.dirname(here)), sys.prefix,
                      os.path.expanduser("~"), os.getcwd(), *[e for e in extra if e]}
        try:
            import numpy
            candidates.add(os.path.dirname(os.path.dirname(numpy.__file__)))
        except ImportError:
            pass
        roots = set()
        for c in candidates:
            for form in (c, os.path.realpath(c)):
                form = form.rstrip("/")
                if form and form not in KEEP and not form.startswith(("/usr/", "/opt/convgrade")):
                    roots.add(form)
        self.roots = sorted(roots, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for root in self.roots:
            if root in text:
                text = text.replace(root, HIDDEN_PATH)
        return text


def text(value, limit: int = TEXT_LIMIT, scrub: Scrubber | None = None) -> str | None:
    """A bounded text, or None; anything but str or None is a protocol error."""
    if value is None:
        return None
    if type(value) is not str:
        raise protocol.ProtocolError("expected text")
    value = value[: limit * 2]
    return (scrub(value) if scrub else value)[:limit]


def seconds(value) -> float:
    """A finite, non-negative number of seconds (int or float) of sensible size."""
    if type(value) is int:
        if not 0 <= value <= MAX_SECONDS:
            raise protocol.ProtocolError("a time out of range")
        return float(value)
    if type(value) is not float or not math.isfinite(value) or not 0 <= value <= MAX_SECONDS:
        raise protocol.ProtocolError("a time that is not a finite non-negative number")
    return value


def line(value) -> int | None:
    """A line number, or None for anything that cannot be one."""
    return value if type(value) is int and 0 < value <= MAX_LINE else None


def text_list(value, most: int, limit: int, scrub: Scrubber | None) -> list[str]:
    if type(value) is not list or len(value) > most:
        raise protocol.ProtocolError("expected a bounded list")
    return [text(v, limit, scrub) or "" for v in value]


def load_result(h: dict, scrub: Scrubber | None = None) -> LoadResult:
    """The worker's load report as a :class:`LoadResult`."""
    if h.get("kind") != "loaded" or h.get("status") not in LOAD_STATUSES:
        raise protocol.ProtocolError("not a load report")
    functions = text_list(h.get("functions", []), MAX_FUNCTIONS, 200, None)
    return LoadResult(
        status=h["status"], functions=functions,
        message=text(h.get("message"), scrub=scrub) or "", line=line(h.get("line")),
        cell_errors=text_list(h.get("cell_errors", []), MAX_CELL_ERRORS, TEXT_LIMIT, scrub),
        elapsed=seconds(h.get("elapsed", 0)),
        forbidden_module=text(h.get("forbidden_module"), 100, scrub))


def call_result(h: dict, payload: memoryview, call_id: int,
                scrub: Scrubber | None = None) -> CallResult:
    """The worker's answer to call ``call_id`` as a :class:`CallResult`."""
    if h.get("kind") != "result" or h.get("id") != call_id or type(h.get("id")) is not int:
        raise protocol.ProtocolError("answer out of sequence")
    if h.get("status") not in CALL_STATUSES:
        raise protocol.ProtocolError("unknown status")
    value = protocol.from_tree(h.get("value"), payload) if h["status"] == "ok" else None
    return CallResult(
        status=h["status"], value=value, exc_type=text(h.get("exc_type"), 100),
        exc_message=text(h.get("exc_message"), scrub=scrub),
        forbidden_module=text(h.get("forbidden_module"), 100),
        exc_origin=text(h.get("exc_origin"), 300), exc_line=line(h.get("exc_line")),
        detail=text(h.get("detail"), scrub=scrub) or "",
        worker_elapsed=seconds(h.get("elapsed", 0)))
