"""Seeds and random draws. Every draw comes from an explicit ``np.random.default_rng``.

Question i (1-based) of a student uses ``np.random.default_rng([seed, student, i])``; the
position of the correct options of a student uses ``[seed, student, 0]``. With ``--count N``
the student part is the index 0..N-1; a roster id becomes
``int.from_bytes(sha256(id)[:8], "big")`` (SPEC).
"""
from __future__ import annotations

import csv
import hashlib
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


def roster_students(path: Path) -> list[Student]:
    """A CSV with a column student_id (or id / student), or one id per line; duplicates dropped."""
    lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    rows = [r for r in csv.reader(lines) if r and any(c.strip() for c in r)]
    if not rows:
        return []
    header = [c.strip().lower() for c in rows[0]]
    column = next((header.index(n) for n in ("student_id", "id", "student", "sis_id") if n in header), None)
    if column is not None:
        rows = rows[1:]
    ids = [r[column or 0].strip() for r in rows if len(r) > (column or 0)]
    seen: dict[str, None] = {}
    for sid in ids:
        if sid and not sid.startswith("#"):
            seen.setdefault(sid, None)
    return [Student(sid, student_part(sid)) for sid in seen]


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
