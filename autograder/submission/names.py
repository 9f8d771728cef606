"""What names tell: the assignment a file is for, Canvas's bulk-download file names, Gradescope's
submission_metadata.yml (submitters and their submission times)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

from autograder.assignments import ASSIGNMENTS, UnknownAssignment, get_assignment

_CANVAS = re.compile(
    r"^(?P<student>[^_]+?)(?P<late>_late)?_(?P<user>\d+)_(?P<file_id>\d+)_(?P<file>.+)$", re.I)
_RESUBMIT = re.compile(r"(?:-(\d+)| \((\d+)\))$")
_LANG = re.compile(r"\.[a-z]{2}(?:[-_][a-z]{2,4})?$", re.I)


@dataclass(frozen=True)
class CanvasName:
    """The parts of a Canvas bulk-download file name ``lastfirst[_late]_12345_67890_conv2d-1.py``."""

    student: str
    user_id: str
    file_id: str
    late: bool
    filename: str        # the name the student uploaded (Canvas renames re-uploads conv2d-1.py)
    resubmission: int    # 0 for conv2d.py, 1 for conv2d-1.py, ...


def parse_canvas_name(filename: str) -> CanvasName | None:
    """Split a Canvas bulk-download file name; None when the name is not in that form."""
    m = _CANVAS.match(filename)
    if not m:
        return None
    stem, suffix = _split_suffix(m["file"])
    r = _RESUBMIT.search(stem)
    number = int(r.group(1) or r.group(2)) if r else 0
    return CanvasName(m["student"], m["user"], m["file_id"], bool(m["late"]), m["file"], number)


def _split_suffix(filename: str) -> tuple[str, str]:
    p = PurePosixPath(filename)
    return (p.stem, p.suffix) if p.suffix else (filename, "")


def detect_assignment(filename: str) -> str | None:
    """The assignment a file name stands for: conv2d.py, conv2d.zh.ipynb, a2_conv2d.ipynb,
    Canvas's smithjo_1_2_conv2d-1.py, ...; None when the name says nothing."""
    name = PurePosixPath(filename).name
    canvas = parse_canvas_name(name)
    if canvas:
        name = canvas.filename
    stem, suffix = _split_suffix(name.lower())
    if suffix not in (".py", ".ipynb", ".zip", ""):
        return None
    stem = _RESUBMIT.sub("", stem)
    if suffix == ".ipynb":
        stem = _LANG.sub("", stem)
    for assignment in ASSIGNMENTS.values():
        for key in (assignment.module, assignment.name):
            if stem == key or stem.endswith("_" + key) or stem.endswith("-" + key):
                return assignment.name
    return None


def _assignment_of_folder(name: str) -> str | None:
    try:
        return get_assignment(name).name
    except UnknownAssignment:
        return None


def parse_gradescope_metadata(text: str) -> dict[str, dict[str, str]]:
    """Read what we need from Gradescope's ``submission_metadata.yml``: per submission folder,
    the submitters' names, sids and emails (joined with '+' for groups) and created_at."""
    out: dict[str, dict[str, str]] = {}
    current: dict[str, list[str]] | None = None
    for line in text.splitlines():
        top = re.match(r"^(submission_\w+):\s*$", line)
        if top:
            current = {}
            out[top.group(1)] = current  # type: ignore[assignment]
            continue
        m = re.match(r"^\s*-?\s*:(name|sid|email|created_at):\s*(.*?)\s*$", line)
        if current is not None and m:
            value = m.group(2).strip("'\"")
            if value:
                current.setdefault(m.group(1), []).append(value)
    return {k: {key: "+".join(vals) for key, vals in v.items()} for k, v in out.items()}


def _parse_time(text: str) -> datetime | None:
    """Gradescope's ``2024-03-01 12:34:56.789012000 -08:00`` (or ISO 8601) as an aware datetime."""
    m = re.match(r"^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d+))?\s*(Z|[+-]\d\d:?\d\d)?$",
                 text.strip())
    if not m:
        return None
    frac = (m.group(3) or "0")[:6].ljust(6, "0")
    tz = m.group(4) or "+00:00"
    tz = "+00:00" if tz == "Z" else tz if ":" in tz else tz[:3] + ":" + tz[3:]
    try:
        return datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}.{frac}{tz}")
    except ValueError:
        return None
