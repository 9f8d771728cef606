"""Submission times from trusted records only: what the LMS wrote beside a submission, or a file
the TA names. Never the student's own content: their files, their zip's member dates or file
modification times (those count only when the course policy names ``time_source = "mtime"``).

    when, source = metadata_json_time(Path("/autograder/submission"))  # Gradescope's own layout
    times = read_times_file("times.csv")                                # {student: datetime}

Trusted per layout: Gradescope's export (submission_metadata.yml at the top, read by
``layouts``), Gradescope's autograder layout (submission_metadata.json beside the submission
folder the TA named), and a ``--times`` CSV (``student,submitted_at``) for Canvas, nbgrader and
plain folders, whose downloads carry no time the student cannot set.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone
from pathlib import Path

from autograder.submission.names import _parse_time

METADATA_JSON = "submission_metadata.json"
MAX_RECORD_BYTES = 1 << 20        # a metadata file is a few KB; anything huge is not one
MAX_TIMES_BYTES = 16 << 20


class TimesError(ValueError):
    """A times file the TA named that cannot be used; the message names the file and line."""


def parse_time(text: str) -> datetime | None:
    """ISO 8601 or Gradescope's ``2024-03-01 12:34:56.789 -08:00``; a time without an offset is UTC."""
    when = _parse_time(str(text))
    if when is None:
        try:
            when = datetime.fromisoformat(str(text).strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def metadata_json_time(submission_path: Path) -> tuple[datetime | None, str]:
    """``created_at`` of a submission_metadata.json beside ``submission_path`` (the folder the TA
    named, which holds one submission, as Gradescope's /autograder/submission), with its source in
    words; (None, "") when there is none or it cannot be read (too large, not JSON, nested too
    deeply: never an exception). A named file gets none: the file beside it may be the student's."""
    record = Path(submission_path).absolute().parent / METADATA_JSON
    try:
        if not Path(submission_path).is_dir():
            return None, ""
        if not record.is_file() or record.is_symlink() or record.stat().st_size > MAX_RECORD_BYTES:
            return None, ""
        data = json.loads(record.read_bytes().decode("utf-8"))
        when = parse_time(data.get("created_at", "")) if isinstance(data, dict) else None
    except Exception:  # noqa: BLE001 - OSError, UnicodeError, ValueError, RecursionError, ...
        return None, ""
    return (when, f"Gradescope ({METADATA_JSON})") if when else (None, "")


def read_times_file(path: Path | str) -> dict[str, datetime]:
    """The TA's CSV of submission times: a header with ``student`` and ``submitted_at`` columns
    (other columns ignored), one row per student; raises TimesError naming the file and line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise TimesError(f"{path}: cannot be read ({e.strerror or e})") from None
    if len(raw) > MAX_TIMES_BYTES:
        raise TimesError(f"{path}: larger than {MAX_TIMES_BYTES >> 20} MB; is it the right file?")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise TimesError(f"{path}: not UTF-8 text (byte {e.start}); save it as UTF-8 CSV") from None
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    if "student" not in header or "submitted_at" not in header:
        raise TimesError(f"{path}, line 1: the header needs the columns student and submitted_at "
                         f"(found: {', '.join(header) or 'nothing'})")
    who, when = header.index("student"), header.index("submitted_at")
    out: dict[str, datetime] = {}
    for row in reader:
        line = reader.line_num
        if not any(c.strip() for c in row):
            continue
        if len(row) <= max(who, when):
            raise TimesError(f"{path}, line {line}: too few columns")
        student, stamp = row[who].strip(), row[when].strip()
        parsed = parse_time(stamp)
        if not student or parsed is None:
            raise TimesError(f"{path}, line {line}: needs a student and a date and time like "
                             f"2025-02-14T23:59:00-05:00 (found {student!r}, {stamp!r})")
        if student in out:
            raise TimesError(f"{path}, line {line}: a second time for {student!r}")
        out[student] = parsed
    return out
