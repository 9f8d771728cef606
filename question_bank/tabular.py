"""Reading the CSV files people really send: rosters and responses saved by Excel, an LMS or a
text editor.

- encodings: UTF-8 with or without BOM, UTF-16 (BOM, or NUL bytes that give it away),
  otherwise GB18030 (a superset of GBK, what Chinese Excel writes); a file none of them decodes
  is refused with a message;
- delimiters: comma, semicolon or tab, whichever the first line (not a # comment) uses most,
  outside quotes, or what Excel's ``sep=;`` first line names;
- one line is one record: each physical line is parsed on its own, so a stray or unclosed quote
  costs that line, never the lines after it. ``Row.line`` is the 1-based line number.
"""
from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024
DELIMITERS = (",", ";", "\t")
ID_COLUMNS = ("student_id", "id", "student", "sis_id", "学号")   # the column of a roster or responses file


class FileRefused(ValueError):
    """The file cannot be read as a table at all (message names the file)."""


@dataclass
class Row:
    line: int
    cells: list[str]
    note: str = ""        # how a damaged line was read, when it was ("a stray quote was ignored")


def decode(data: bytes, name: str) -> str:
    """The text of a file, whatever of the supported encodings it was saved in."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if len(data) >= 4 and data.count(0) * 4 >= len(data):   # UTF-16 without a BOM: every other byte NUL
        return data.decode("utf-16-le" if data[1] == 0 else "utf-16-be", errors="replace")
    if b"\x00" in data:
        raise FileRefused(f"{name}: this is a binary file, not a CSV text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise FileRefused(f"{name}: the file is neither UTF-8, UTF-16 nor GBK/GB18030 text; "
                          "save it as CSV UTF-8") from None


def read_text(path) -> str:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FileRefused(f"{path.name}: {size} bytes is too large for a roster or responses file")
        data = path.read_bytes()
    except OSError as exc:
        raise FileRefused(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return decode(data, path.name)


def _outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == char and not quoted:
            count += 1
    return count


def sniff_delimiter(first_line: str) -> str:
    """The delimiter the header line uses most (comma when it uses none)."""
    counts = {d: _outside_quotes(first_line, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def parse_line(line: str, delimiter: str) -> tuple[list[str], str]:
    """(cells, note) of one line. Quoted fields are read as CSV; a line whose quotes do not
    pair up is split on the delimiter with its quote characters dropped, and says so."""
    if line.count('"') % 2 == 0:
        try:
            return next(csv.reader([line], delimiter=delimiter, strict=True)), ""
        except csv.Error:
            pass
    cells = [c.replace('"', "") for c in line.split(delimiter)]
    return cells, "its quotes do not pair up; they were ignored"


def rows(text: str) -> tuple[str, list[Row]]:
    """(delimiter, the non-blank lines as rows)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")), "")
    excel_sep = first.strip().lower().startswith("sep=") and len(first.strip()) == 5
    delimiter = first.strip()[4] if excel_sep else sniff_delimiter(first)
    out = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or (excel_sep and line is first):
            continue
        cells, note = parse_line(line, delimiter)
        out.append(Row(number, cells, note))
    return delimiter, out
