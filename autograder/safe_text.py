"""Text that a submission controls, made safe to show a TA: printable names, formula-proof CSV.

    safe_name("zoe\\n0 / 100\\u202e")      -> 'zoe\\\\n0 / 100\\\\u202e'   (one printable line)
    csv_cell("=HYPERLINK(...)")           -> "'=HYPERLINK(...)"          (OWASP CSV injection rule)
    csv_text([["student", "total"], ["=1+1", 3]])   -> the CSV text, every cell neutralised

A student name comes from a file or folder name, a zip member or LMS metadata: it may hold
newlines (a fake score line in a terminal), ANSI escapes, bidi overrides that reorder what is
shown, or bytes that are not UTF-8 (``os.fsdecode`` keeps them as lone surrogates, which cannot be
written as UTF-8). ``safe_name`` is the one function that every place showing a name uses.
"""
from __future__ import annotations

import csv
import io
import unicodedata
from typing import Iterable

NAME_LIMIT = 100
# control, format (bidi overrides, zero-width joiners), surrogate, private use, unassigned,
# line and paragraph separators
_UNSAFE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:               # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if ch in _NAMED:
        return _NAMED[ch]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def safe_name(text: object, limit: int = NAME_LIMIT) -> str:
    """``text`` as one printable line: every control, format, surrogate, private-use, unassigned
    or non-space whitespace character written as a visible escape (``\\n``, ``\\x1b``,
    ``\\u202e``), surrounding spaces dropped, cut to ``limit`` characters (``…`` marks a cut)."""
    out = []
    for ch in str(text):
        unsafe = unicodedata.category(ch) in _UNSAFE or (ch.isspace() and ch != " ")
        out.append(_escape(ch) if unsafe else ch)
    name = "".join(out).strip()
    if len(name) > limit:
        name = name[: limit - 1] + "…"
    return name or "(no name)"


def csv_cell(value: object) -> str:
    """One CSV cell that no spreadsheet runs as a formula: a text starting with = + - @, a tab
    or a carriage return gets a leading apostrophe (OWASP's rule for CSV injection); line ends
    inside a cell become ``\n`` (which the csv module quotes). Numbers
    (int, float) are written as they are: -2 is a number to a spreadsheet, not a formula."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = value if isinstance(value, str) else str(value)
    text = "'" + text if text.startswith(FORMULA_START) else text
    return text.replace("\r\n", "\n").replace("\r", "\n")   # the csv module leaves a lone CR unquoted


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """CSV text (the csv module's quoting, ``\\n`` line ends) with every cell through ``csv_cell``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for row in rows:
        writer.writerow([csv_cell(c) for c in row])
    return buf.getvalue()
