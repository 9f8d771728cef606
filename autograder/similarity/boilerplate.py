"""Code every student was given or may legitimately share, removed before comparison.

For an assignment: the released stub (``assignments/<a>/<module>.py``), every code cell of the
released notebooks (en and zh) and the reference solution (``solutions/<a>/<module>.py``, the
solution markers dropped), plus any files the instructor names. All k-grams of their normalized
tokens (not only the winnowed ones) are boilerplate: whatever window a student's copy of a
given line picks, its hash is removed.
"""
from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from autograder.assignments import REPO_ROOT, Assignment
from autograder.similarity.fingerprint import K, all_hashes, token_ids
from autograder.similarity.normalize import normalize


@dataclass
class Boilerplate:
    hashes: np.ndarray          # int64, unique
    sources: list[str]          # what was read, for the report ("assignments/a2_conv2d/conv2d.py")


def _notebook_cells(text: str) -> list[str]:
    try:
        cells = json.loads(text).get("cells", [])
    except (json.JSONDecodeError, AttributeError):
        return []
    out = []
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            out.append("".join(source) if isinstance(source, list) else str(source))
    return out


def _defined(code: str) -> frozenset[str]:
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return frozenset()
    return frozenset(n.name for n in ast.walk(tree)
                     if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)))


def _code_of(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".ipynb":
        return _notebook_cells(text)
    return ["\n".join(ln for ln in text.split("\n")
                      if ln.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))]


def assignment_sources(assignment: Assignment, root: Path = REPO_ROOT) -> list[Path]:
    """The stub, the released notebooks and the reference solution that exist under ``root``."""
    released = root / "assignments" / assignment.name
    candidates = [released / assignment.filename, released / f"{assignment.module}.ipynb",
                  released / f"{assignment.module}.zh.ipynb", assignment.solution_path(root)]
    return [p for p in candidates if p.is_file()]


def load_boilerplate(paths: list[Path], root: Path = REPO_ROOT, k: int = K) -> Boilerplate:
    """Every normalized k-gram hash of the given files (``.py`` or ``.ipynb``)."""
    cache: dict[str, int] = {}
    parts = [np.empty(0, dtype=np.int64)]
    names = []
    for path in paths:
        for code in _code_of(path):
            tokens = normalize([(code, 1)], keep=_defined(code))
            parts.append(all_hashes(token_ids(tokens.texts, cache), k))
        try:
            names.append(path.resolve().relative_to(root.resolve()).as_posix())
        except ValueError:
            names.append(path.name)
    return Boilerplate(np.unique(np.concatenate(parts)), names)
