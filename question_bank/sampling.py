"""Seeds and random draws. Every draw comes from an explicit ``np.random.default_rng``.

Question i (1-based) of a student uses ``np.random.default_rng([seed, student, i])``; the
position of the correct options of a student uses ``[seed, student, 0]``. With ``--count N``
the student part is the index 0..N-1; a roster id becomes
``int.from_bytes(sha256(id)[:8], "big")`` (SPEC).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Student:
    student_id: str
    seed_part: int


def student_part(student_id: str) -> int:
    return int.from_bytes(hashlib.sha256(student_id.encode()).digest()[:8], "big")


def numbered_students(count: int) -> list[Student]:
    width = max(3, len(str(count - 1))) if count > 0 else 3
    return [Student(f"student-{i:0{width}d}", i) for i in range(count)]


_ID = re.compile(r"^[^\s\x00-\x1f\x7f,;\"'<>]{1,64}$")


def roster_students(path: Path) -> tuple[list[Student], list[str]]:
    """(students, problems) of a roster: a CSV (comma, semicolon or tab; any encoding ``tabular``
    reads) with a column student_id (or id / student / sis_id / 学号), or one id per line. Duplicates
    are dropped, lines starting with # are comments. An id is 1-64 characters without spaces,
    quotes or separators; a line that holds none is named in ``problems`` and costs that line
    only. A file where most lines are not ids (a README, a spreadsheet without the column) is
    refused with ``FileRefused``."""
    from .tabular import ID_COLUMNS, FileRefused, read_text, rows

    name = Path(path).name
    _, table = rows(read_text(path))
    table = [r for r in table if not r.cells[0].strip().startswith("#")]
    if not table:
        raise FileRefused(f"{name}: the roster holds no student id")
    header = [c.strip().lower() for c in table[0].cells]
    column = next((header.index(n) for n in ID_COLUMNS if n in header), None)
    if column is None and len(header) > 1:
        raise FileRefused(f"{name}:{table[0].line}: a roster with several columns needs a header naming the "
                          "student_id column (or id, student, sis_id, 学号)")
    body = table[1:] if column is not None else table
    column = column or 0
    seen: dict[str, None] = {}
    problems = []
    for row in body:
        cell = row.cells[column].strip() if len(row.cells) > column else ""
        if _ID.match(cell):
            seen.setdefault(cell, None)
        else:
            problems.append(f"{name}:{row.line}: {cell[:40]!r} is not a student id "
                            "(1-64 characters, no spaces, quotes or separators); line skipped")
    if len(problems) > len(seen):
        raise FileRefused(f"{name}: this does not look like a roster: {len(problems)} of {len(body)} lines are not "
                          f"student ids (first: {problems[0].split(': ', 1)[1]})")
    return [Student(sid, student_part(sid)) for sid in seen], problems


def question_rng(seed: int, student: int, question: int) -> np.random.Generator:
    return np.random.default_rng([seed, student, question])


def randint(rng: np.random.Generator, low: int, high: int) -> int:
    """An int in [low, high], both ends included."""
    return int(rng.integers(low, high + 1))


def pick(rng: np.random.Generator, values):
    values = list(values)
    return values[int(rng.integers(len(values)))]


def chance(rng: np.random.Generator, p: float) -> bool:
    return bool(rng.random() < p)


def balanced_positions(rng: np.random.Generator, n: int, k: int = 4) -> list[int]:
    """n positions in 0..k-1, each used floor(n/k) or ceil(n/k) times, in random order."""
    base = [i % k for i in range(n)]
    start = int(rng.integers(k))
    base = [(b + start) % k for b in base]
    return [int(v) for v in rng.permutation(base)]
