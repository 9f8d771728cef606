"""The small in-kernel API that nbgrader's hidden-test cells call.

A hidden-test cell of an exported nbgrader course reads

    from autograder.notebook_api import function_points
    points = function_points("a2_conv2d", "conv2d", 37, globals())
    assert points > 0, "..."
    points

``function_points`` grades the notebook's own module (its nbgrader solution cells, read from
the notebook file the kernel runs, exactly as ``convgrade grade`` reads it) with the same
engine, sandbox included, and returns the cell's points times the fraction of that function's
tests that pass. nbgrader takes a number as the cell's last output as partial credit, so the
notebook's total equals convgrade's score. The first hidden cell grades the whole module; the
result is kept in the notebook's own namespace, so the other cells reuse it.

The grading prints nothing: nbgrader gives a cell zero points when it writes to stderr.
"""
from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
import warnings
from pathlib import Path
from typing import Any

RESULTS_KEY = "__convgrade_results__"


class NotebookNotFound(FileNotFoundError):
    """The kernel's folder holds no notebook of the assignment."""


def find_notebook(assignment: str, folder: Path | str | None = None) -> Path:
    """The assignment's notebook in ``folder`` (default: the kernel's working directory, where
    Jupyter and nbgrader start it): ``<module>.ipynb``, a translation, or the only notebook."""
    from autograder.assignments import get_assignment

    folder = Path(folder or os.getcwd())
    module = get_assignment(assignment).module
    notebooks = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
    named = [p for p in notebooks if p.name.split(".")[0] == module]
    chosen = named or (notebooks if len(notebooks) == 1 else [])
    if not chosen:
        found = ", ".join(p.name for p in notebooks) or "none"
        raise NotebookNotFound(f"no {module}.ipynb in {folder} (notebooks found: {found})")
    return chosen[0]


def grade_notebook(assignment: str, namespace: dict | None = None, notebook: Path | str | None = None,
                   sandbox: str | None = None) -> Any:
    """The GradingResult of the notebook's module, graded once per notebook version and kept
    in ``namespace`` (the notebook's globals())."""
    path = Path(notebook) if notebook else find_notebook(assignment)
    store = namespace if namespace is not None else {}
    cache = store.setdefault(RESULTS_KEY, {})
    stat = path.stat()
    key = (assignment, str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in cache:
        cache[key] = _grade_quietly(assignment, path, sandbox or os.environ.get("CONVGRADE_SANDBOX", "auto"))
    return cache[key]


def function_points(assignment: str, function: str, points: float, namespace: dict | None = None,
                    notebook: Path | str | None = None) -> float:
    """``points`` times the fraction of ``function``'s tests (public and hidden) that pass."""
    if namespace is None:
        namespace = sys._getframe(1).f_globals
    result = grade_notebook(assignment, namespace, notebook)
    tests = [t for t in result.tests if t.function == function]
    top = sum(t.max_score for t in tests)
    if not top:
        return 0.0
    return round(points * sum(t.score for t in tests) / top, 6)


def _grade_quietly(assignment: str, path: Path, sandbox: str) -> Any:
    from autograder.engine import GradeOptions, GradingSession
    from autograder.submission import load_submissions

    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), \
            warnings.catch_warnings(), quiet_logging():
        warnings.simplefilter("ignore")
        submissions = load_submissions(path, assignment)
        with GradingSession(GradeOptions(visibility="all", sandbox=sandbox, feedback=False)) as session:
            return session.grade(submissions[0], assignment)


@contextlib.contextmanager
def quiet_logging():
    """No log record reaches stderr while grading (the sandbox warns when it is 'none')."""
    logger = logging.getLogger("convgrade")
    before = logger.propagate, list(logger.handlers)
    logger.propagate = False
    logger.handlers = [logging.NullHandler()]
    try:
        yield
    finally:
        logger.propagate, logger.handlers = before[0], before[1]
