"""Record, with torch, everything the student edition's `check` needs: `release --bundle` calls it.

Per assignment, inside ``replay.recording()``:
1. every public case's reference answer (or torch's refusal);
2. every catalogue mistake's output on every public case: ``diagnose`` is run against an output
   that matches nothing, so it tries every mutation (and every pair of them);
3. what the real engine asks torch when it checks sample submissions: those in
   ``examples/submissions/<assignment>/`` (correct, unfinished and buggy ones) and the
   single-mistake submissions of ``tests/buggy/`` that implement functions of the assignment:
   the shrinker's smaller public cases and the diagnoses on them.

Only public data is recorded (public cases and public seeds), so the data file can ship in the
student wheel. The result is cached under ``.convgrade-cache/precomputed/`` by a hash of its
inputs (suites, grader sources, samples), so building the bundle twice gives the same bytes.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np

from .. import replay
from ..assignments import ASSIGNMENTS, REPO_ROOT, Assignment

CACHE = REPO_ROOT / ".convgrade-cache" / "precomputed"
SAMPLES = REPO_ROOT / "examples" / "submissions"
MISTAKES = REPO_ROOT / "tests" / "buggy"
log = logging.getLogger(__name__)


@dataclass
class Precomputed:
    assignment: str
    path: Path          # the data file
    calls: int          # recorded torch calls
    size: int           # bytes


def precompute_all(sandbox: str = "auto") -> list[Precomputed]:
    """The data file of every assignment, from the cache when its inputs did not change."""
    return [precompute(a, sandbox) for a in ASSIGNMENTS.values()]


def precompute(assignment: Assignment, sandbox: str = "auto") -> Precomputed:
    version = _suite_version(assignment)
    path = CACHE / f"{assignment.name}-{_inputs_hash(assignment)}.npz"
    with _one_recorder(path):           # two builds at once: the second waits and reads the file
        if not path.is_file():
            with replay.recording() as rec:
                _record_public_cases(assignment)
                _record_sample_checks(assignment, sandbox)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            rec.save(tmp, version)
            tmp.replace(path)
    store = replay.ReplayStore(path)
    return Precomputed(assignment.name, path, len(store.calls), path.stat().st_size)


@contextlib.contextmanager
def _one_recorder(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path``'s lock file while it is recorded (none where the platform
    has no ``fcntl``: two builds then both record, and the last one's file stays)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:
        yield
        return
    with open(path.with_suffix(".lock"), "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def public_cases(assignment: Assignment) -> list:
    module = importlib.import_module(f"autograder.suites.{assignment.name}.test_public")
    return list(module.CASES)


def _record_public_cases(assignment: Assignment) -> None:
    from ..diagnose import diagnose
    from ..reference import ReferenceRefused, evaluate_case

    nothing = np.full((1,), np.nan)           # matches no mutation: diagnose tries them all
    for case in public_cases(assignment):
        try:
            evaluate_case(case)
        except ReferenceRefused:
            continue
        try:
            diagnose(case, nothing, "en")
        except Exception:  # noqa: BLE001 - a diagnosis that fails records what it got to
            log.debug("diagnosis of %s failed while recording", case, exc_info=True)


def _record_sample_checks(assignment: Assignment, sandbox: str) -> None:
    from ..batch import grade_paths
    from ..engine import GradeOptions

    samples = _samples(assignment)
    if not samples:
        return
    options = GradeOptions(visibility="public", lang="en", device="cpu", sandbox=sandbox)
    grade_paths(samples, assignment.name, options)


def _samples(assignment: Assignment) -> list[Path]:
    """The sample submissions of the assignment, and the single-mistake ones that define one of
    its functions."""
    import ast

    found = sorted((SAMPLES / assignment.name).glob("*"))
    for path in sorted(MISTAKES.glob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, UnicodeDecodeError):
            continue
        defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        if defined & set(assignment.functions):
            found.append(path)
    return found


def _suite_version(assignment: Assignment) -> str:
    module = importlib.import_module(f"autograder.suites.{assignment.name}")
    return str(getattr(module, "SUITE_VERSION", ""))


def _inputs_hash(assignment: Assignment) -> str:
    """What the recording depends on: the grader's sources, the public suite, the samples."""
    h = hashlib.sha256(assignment.name.encode())
    package = REPO_ROOT / "autograder"
    sources = [p for p in package.rglob("*.py") if "release" not in p.relative_to(package).parts[:1]
               and "hidden" not in p.name]
    sources += _samples(assignment)
    for path in sorted(sources):
        h.update(str(path.relative_to(REPO_ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(np.__version__.encode())
    return h.hexdigest()[:16]
