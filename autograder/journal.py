"""Durable files for a batch: an append-only JSONL journal and atomic whole-file writes.

Every record is one JSON line, written with a single ``write`` and followed by ``fsync``, so a
record is either on disk whole or not at all as far as a reader is concerned: a line torn by a
crash (no newline at its end, or JSON that does not parse) is reported and dropped, and the
submission it stood for is graded again. Whole output files are written to a temporary file in
the same folder, fsynced, and moved over the old one with ``os.replace``.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in ``path`` durable (a no-op where directories can't be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path | str, data: str | bytes) -> None:
    """Replace ``path`` with ``data`` so that a reader sees the old file or the new one, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8", "backslashreplace") if isinstance(data, str) else data   # no lone surrogate stops a write
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o644)            # mkstemp makes 0600; outputs are meant to be shared
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(path.parent)


@dataclass
class JournalContents:
    """What a journal held: its good records in order, and the lines that had to be dropped."""

    records: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)   # plain words, one per dropped line


def read_journal(path: Path | str) -> JournalContents:
    """Read every intact record; a torn or corrupt line is reported and skipped, never fatal."""
    out = JournalContents()
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return out
    lines = data.split(b"\n")
    for number, line in enumerate(lines, 1):
        last = number == len(lines)     # text after the final newline: a record cut by a crash
        if not line.strip():
            continue
        record = None
        if not last:
            try:
                record = json.loads(line.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                record = None
        if isinstance(record, dict):
            out.records.append(record)
        else:
            what = "was cut off (the run was interrupted while writing it)" if last else "is corrupt"
            out.problems.append(f"journal line {number} {what}; it is ignored and its "
                                "submission is graded again")
    return out


class Journal:
    """An append-only JSONL file; ``append`` returns once the record is on disk."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._fh = None

    def open(self) -> JournalContents:
        """Read what is there, cut a torn tail off, and open for appending."""
        contents = read_journal(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if contents.problems and self.path.exists():
            # rewrite the good records without the bad lines, so that appends start clean
            body = "".join(json.dumps(r, sort_keys=True) + "\n" for r in contents.records)
            write_atomic(self.path, body)
        self._fh = open(self.path, "ab")
        fsync_dir(self.path.parent)
        return contents

    def append(self, record: dict[str, Any]) -> None:
        if self._fh is None:
            raise RuntimeError("journal is not open")
        line = (json.dumps(record, sort_keys=True, allow_nan=False) + "\n").encode("utf-8")
        self._fh.write(line)
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
