"""The line of the student's own file that raised, checked against the code the grader sent.

The worker reports (file name, line number) of the innermost traceback frame in the submission's
code. It is student code, so nothing of that report is shown as is: the file name must be one
the grader sent, the line must lie inside that file's code, and the source line is read here from
the code the grader holds.

    >>> site = raise_site("conv2d.py", 3, [("a = 1\\nb = 2\\nc = x[9]\\n", "conv2d.py", 1)])
    >>> (site.origin, site.line, site.source)
    ('conv2d.py', 3, 'c = x[9]')
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from autograder.repro_texts import say

SOURCE_LIMIT = 160


@dataclass(frozen=True)
class RaiseSite:
    origin: str     # the file (or notebook cell) as the student knows it
    line: int       # line number within it
    source: str     # that line of the submitted code, stripped and bounded


def raise_site(origin: Any, line: Any, chunks: Iterable[tuple[str, str, int]]) -> RaiseSite | None:
    """Validate the worker's (origin, line) against ``chunks`` = [(code, origin, first_line)]."""
    if type(origin) is not str or type(line) is not int:
        return None
    for code, chunk_origin, first_line in chunks:
        if chunk_origin != origin:
            continue
        lines = code.splitlines()
        index = line - int(first_line)
        if 0 <= index < len(lines):
            return RaiseSite(_printable(origin, 200), line, _printable(lines[index].strip(), SOURCE_LIMIT))
        return None
    return None


def site_of_call(call: Any, chunks: Iterable[tuple[str, str, int]] | None) -> RaiseSite | None:
    """The checked raise site of a ``CallResult`` (None unless it raised in the student's code)."""
    if call is None or getattr(call, "status", None) != "raised" or not chunks:
        return None
    return raise_site(call.exc_origin, call.exc_line, chunks)


def render(site: RaiseSite | None, lang: str = "en", code_only: bool = False) -> str:
    """The sentence naming file, line and source; ``code_only`` (a hidden test's reproduction)
    shows the code without its string literals and comments, so that no text the student wrote
    into the program reaches a hidden test's output."""
    if site is None:
        return ""
    source = site.source
    if code_only:
        source = code_only_line(source)
        if not source:
            return say("raised_at", lang, origin=site.origin, line=site.line, source="…")
    return say("raised_at", lang, origin=site.origin, line=site.line, source=source)


_STRING = re.compile(r"""(?:[rRbBuUfF]{0,2})('|")(?:\\.|(?!\1).)*\1""")


def code_only_line(source: str) -> str:
    """``source`` with every string literal emptied to '…' and any comment cut; '' when a quote
    is left over (a literal this simple scan cannot delimit)."""
    masked = _STRING.sub(lambda m: f"{m.group(1)}…{m.group(1)}", source)
    masked = masked.split("#", 1)[0].rstrip()
    return "" if "'" in masked.replace("'…'", "") or '"' in masked.replace('"…"', "") else masked


def _printable(text: str, limit: int) -> str:
    """No control or bidi-override characters; at most ``limit`` characters."""
    out = "".join(c if c.isprintable() and not 0x202A <= ord(c) <= 0x202E
                  and not 0x2066 <= ord(c) <= 0x2069 else "?" for c in text)
    return out if len(out) <= limit else out[:limit] + " …"
