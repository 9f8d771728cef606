"""The records of loading: a ``Submission`` of ``Chunk`` objects, the size limits, ``Refused``."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

CODE_SUFFIXES = (".py", ".ipynb", ".zip")
JUNK_NAMES = {"__MACOSX", "__pycache__", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class Chunk:
    """One piece of code the worker runs: a whole ``.py`` file or one notebook cell."""

    code: str
    origin: str          # "conv2d.py" or "conv2d.ipynb, cell 4"
    first_line: int = 1  # line of `code` within origin (for syntax error messages)


@dataclass
class Submission:
    """One student's work for one assignment, ready for the worker."""

    name: str                 # student / entry name (file stem, folder name, nbgrader student id)
    assignment: str | None    # detected from the module file name, or None
    chunks: list[Chunk]
    tolerant: bool = False    # notebook without solution metadata: failing cells are skipped
    origin: Path = Path(".")
    problems: list[str] = field(default_factory=list)   # why nothing could be loaded
    submitted_at: datetime | None = None   # from a trusted record only (LMS, nbgrader, the TA's file)
    warnings: list[str] = field(default_factory=list)   # worth telling the TA; grading goes on
    meta: dict[str, str] = field(default_factory=dict)  # LMS data: canvas_user_id, sid, email, ...
    time_source: str = ""     # where submitted_at came from, in words ("" when unknown)
    file_time: datetime | None = None   # the file's mtime or zip member date: the student sets it,
                                        # so it counts only when the policy names "mtime"

    @property
    def ok(self) -> bool:
        """True when there is code to run and nothing refused the submission."""
        return bool(self.chunks) and not self.problems


@dataclass(frozen=True)
class LoadLimits:
    """Sizes above which a file or an archive is refused."""

    max_source_bytes: int = 2 << 20       # one .py file
    max_notebook_bytes: int = 16 << 20    # one notebook (outputs included)
    max_archive_bytes: int = 64 << 20     # bytes actually unpacked from one zip, nested zips included
    max_members: int = 20000              # entries in a zip, files in a folder
    max_depth: int = 2                    # zips inside zips


class Refused(Exception):
    """A file that is not read at all (too large, a link, unreadable); the text is for people."""
