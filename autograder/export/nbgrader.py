"""An nbgrader course directory whose hidden tests are convgrade's.

    write_course(Path("course"), ["a2_conv2d"])
    # course/nbgrader_config.py, course/source/a2_conv2d/conv2d.ipynb

The source notebook is the release notebook (teaching text, one solution cell per function)
with the reference solution inside nbgrader's ``### BEGIN SOLUTION`` markers, so that
``nbgrader generate_assignment`` hands students the same stubs as ``convgrade release``. The
release's public test cells stay as read-only checks for the student; the points sit in one
hidden-test cell per function, which calls ``autograder.notebook_api.function_points``: the
notebook is graded by convgrade's engine (sandbox included) and the cell earns its points
times the fraction of that function's tests that pass. Each cell is worth the function's
points in convgrade's suite, so nbgrader's total equals ``convgrade grade``'s score.

nbgrader replaces a solution cell without markers wholly by its stub; the module header
(imports, constants) has none, so it travels into the next solution cell instead.
"""
from __future__ import annotations

from pathlib import Path

from ..assignments import Assignment, get_assignment
from ..release import notebooks as nb
from ..release.content import get_lesson
from ..release.stubs import make_stub

BEGIN = "### BEGIN SOLUTION"

HIDDEN_CELL = '''\
### BEGIN HIDDEN TESTS
# convgrade grades this notebook's module (public and hidden cases, sandboxed) and awards
# this cell's points in proportion to the tests of `{function}` that pass.
from autograder.notebook_api import function_points
points = function_points("{assignment}", "{function}", {points!r}, globals())
assert points > 0, "{function} passed none of convgrade's tests"
points
### END HIDDEN TESTS'''

CONFIG = '''\
"""nbgrader configuration of a course exported by `convgrade export nbgrader`.

The hidden-test cells import convgrade: run nbgrader in the environment where convgrade is
installed (its python3 kernel must be able to `import autograder`).
"""
c = get_config()  # noqa: F821 - nbgrader provides it

c.CourseDirectory.course_id = {course!r}
# the first hidden-test cell of a notebook grades the whole module (torch, the sandbox)
c.Execute.timeout = 600
c.Execute.interrupt_on_timeout = True
'''


def function_points(assignment: Assignment) -> dict[str, float]:
    """Points per function: the max score of its tests in the public and hidden suites."""
    from autograder.engine import GradeOptions, GradingSession
    from autograder.notebook_api import quiet_logging
    from autograder.submission import Submission

    with quiet_logging(), GradingSession(GradeOptions(visibility="all", sandbox="none",
                                                      feedback=False)) as session:
        empty = session.grade(Submission("points", assignment.name, []), assignment.name)
    points: dict[str, float] = {}
    for test in empty.tests:
        points[test.function] = points.get(test.function, 0.0) + test.max_score
    return {f: round(p, 6) for f, p in points.items()}


def _hidden_cell(assignment: Assignment, function: str, points: float) -> dict:
    points = int(points) if float(points).is_integer() else points
    code = HIDDEN_CELL.format(assignment=assignment.name, function=function, points=points)
    return nb.tests(f"hidden_{function}", code, points)


def source_cells(assignment: Assignment, points: dict[str, float], lang: str = "en") -> list[dict]:
    """The source notebook's cells: solutions inside markers, public checks, hidden tests."""
    path = assignment.solution_path()
    solution = path.read_text(encoding="utf-8")
    lesson = get_lesson(assignment.name)
    stub = make_stub(solution, path, lesson.stub_notes)
    answers = {name or "module_header": code
               for name, code in nb.module_cells(solution, assignment.filename, lesson)}
    out: list[dict] = []
    carried: list[str] = []
    for cell in nb.cells(assignment, lesson, stub, lang):
        meta = cell["metadata"]["nbgrader"]
        if meta["solution"]:
            code = answers[meta["grade_id"]]
            if BEGIN not in code:           # nbgrader would wipe it: carry it forward
                carried.append(code)
                continue
            cell["source"] = "\n\n\n".join(carried + [code])
            carried = []
        elif meta["grade"]:                 # the release's public checks: kept, ungraded
            function = meta["grade_id"].removeprefix("test_")
            cell["metadata"] = nb.locked_code(meta["grade_id"], "")["metadata"]
            out.append(cell)
            if function in points:
                out.append(_hidden_cell(assignment, function, points[function]))
            continue
        out.append(cell)
    if carried:
        last = next(c for c in reversed(out) if c["metadata"]["nbgrader"]["solution"])
        last["source"] = "\n\n\n".join([last["source"]] + carried)
    missing = [f for f in assignment.functions if f"hidden_{f}" not in
               {c["metadata"]["nbgrader"]["grade_id"] for c in out}]
    for function in missing:                # a function without a public check cell
        out.append(_hidden_cell(assignment, function, points.get(function, 0.0)))
    return _numbered(out, assignment)


def _numbered(cells: list[dict], assignment: Assignment) -> list[dict]:
    """Cell ids from the assignment and the position, so that exports are reproducible."""
    for position, cell in enumerate(cells, start=1):
        cell["id"] = f"{assignment.name}-src-{position:02d}".replace("_", "-")
    return cells


def source_notebook(assignment: Assignment, points: dict[str, float], lang: str = "en") -> dict:
    """The source notebook as a plain dict in nbformat 4.5."""
    cells = [{**c, "source": c["source"].splitlines(keepends=True)}
             for c in source_cells(assignment, points, lang)]
    return {
        "cells": cells,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                     "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def write_course(out: Path, assignments: list[str], lang: str = "en", course: str = "convgrade") -> list[Path]:
    """Write ``out/nbgrader_config.py`` and ``out/source/<assignment>/<module>.ipynb``."""
    out = Path(out)
    chosen = [get_assignment(a) for a in assignments]
    written = []
    for assignment in chosen:
        notebook = source_notebook(assignment, function_points(assignment), lang)
        path = out / "source" / assignment.name / nb.notebook_name(assignment, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(nb.dumps(notebook), encoding="utf-8")
        written.append(path)
    config = out / "nbgrader_config.py"
    config.write_text(CONFIG.format(course=course), encoding="utf-8")
    written.append(config)
    return written
