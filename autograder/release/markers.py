"""Find nbgrader's solution regions ("### BEGIN SOLUTION" ... "### END SOLUTION") in a source file."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
_NEAR_MISS = re.compile(r"^#+\s*(BEGIN|END)\s*SOL", re.IGNORECASE)
_DEF = re.compile(r"^\s*(async\s+def|def|class)\s")


class MarkerError(ValueError):
    """A malformed solution region; ``str(err)`` reads ``path:line: what is wrong``."""

    def __init__(self, path: str | Path, line: int, problem: str):
        self.path, self.line, self.problem = str(path), line, problem
        super().__init__(f"{path}:{line}: {problem}")


@dataclass(frozen=True)
class Region:
    """Lines ``begin``..``end`` (1-based, the marker lines included) and the BEGIN line's indent."""

    begin: int
    end: int
    indent: str


def _marker(line: str) -> str | None:
    text = line.strip()
    if text in (BEGIN, END):
        return text
    if _NEAR_MISS.match(text):
        return "garbled"
    return None


def _outside(line: str, indent: str) -> bool:
    """A def at this indentation is not nested in the body that holds the region."""
    depth = len(line) - len(line.lstrip())
    return depth < len(indent) or not indent


def find_regions(source: str, path: str | Path = "<source>") -> list[Region]:
    """All solution regions of ``source``, in order; raise MarkerError on any malformed marker."""
    regions: list[Region] = []
    open_at: int | None = None
    indent = ""
    lines = source.splitlines()
    for number, line in enumerate(lines, start=1):
        kind = _marker(line)
        if kind == "garbled":
            raise MarkerError(path, number, f"unrecognised marker {line.strip()!r}; "
                                            f"write exactly {BEGIN!r} or {END!r}")
        if kind == BEGIN:
            if open_at is not None:
                raise MarkerError(path, number, f"{BEGIN!r} inside the region opened on line {open_at}")
            open_at, indent = number, line[: len(line) - len(line.lstrip())]
        elif kind == END:
            if open_at is None:
                raise MarkerError(path, number, f"{END!r} without a matching {BEGIN!r}")
            if number == open_at + 1:
                raise MarkerError(path, open_at, "empty solution region")
            regions.append(Region(open_at, number, indent))
            open_at = None
        elif open_at is not None and _DEF.match(line) and _outside(line, indent):
            raise MarkerError(path, number, f"the region opened on line {open_at} contains the "
                                            "def line of a function; a region must lie inside "
                                            "one function body")
    if open_at is not None:
        raise MarkerError(path, open_at, f"{BEGIN!r} is never closed by {END!r}")
    for region in regions:
        if not region.indent:
            raise MarkerError(path, region.begin, "solution region at the top level; "
                                                  "it must lie inside a function body")
    return regions


def strip_markers(source: str, path: str | Path = "<source>") -> str:
    """``source`` with the marker lines removed and the solution code kept (the answer key)."""
    drop = set()
    for region in find_regions(source, path):
        drop.update((region.begin, region.end))
    lines = source.splitlines(keepends=True)
    return "".join(line for number, line in enumerate(lines, start=1) if number not in drop)
