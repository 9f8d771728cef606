"""`convgrade export nbgrader`: the source notebook, and the real nbgrader pipeline on it
(generate_assignment, a correct and a buggy submission, autograde, export) compared with
`convgrade grade` on the same submitted/ folder."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.assignments import get_assignment
from autograder.export.nbgrader import function_points, source_notebook
from autograder.release.markers import strip_markers
from autograder.release.stubs import split_module

REPO = Path(__file__).resolve().parent.parent
ASSIGNMENT = "a1_shapes"
NOTEBOOK = "shapes.ipynb"
BIN = Path(sys.executable).parent


def nbgrader_available() -> bool:
    return (BIN / "nbgrader").exists()


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def nbgrader_cells(nb: dict) -> list[tuple[dict, dict]]:
    return [(c, c["metadata"]["nbgrader"]) for c in nb["cells"] if "nbgrader" in c["metadata"]]


def student_notebook(course: Path, replace: dict[str, str] | None = None) -> dict:
    """The released notebook with every solution cell answered from the source (markers
    stripped); ``replace`` swaps whole cells by grade_id."""
    source = json.loads((course / "source" / ASSIGNMENT / NOTEBOOK).read_text())
    answers = {m["grade_id"]: strip_markers("".join(c["source"]))
               for c, m in nbgrader_cells(source) if m["solution"]}
    answers.update(replace or {})
    released = json.loads((course / "release" / ASSIGNMENT / NOTEBOOK).read_text())
    for cell, meta in nbgrader_cells(released):
        if meta["solution"]:
            cell["source"] = answers[meta["grade_id"]]
    return released


def test_source_notebook_has_markers_hidden_cells_and_the_suites_points():
    assignment = get_assignment(ASSIGNMENT)
    points = function_points(assignment)
    assert set(points) == set(assignment.functions)
    nb = source_notebook(assignment, points)
    cells = nbgrader_cells(nb)
    solutions = ["".join(c["source"]) for c, m in cells if m["solution"]]
    assert solutions and all("### BEGIN SOLUTION" in s for s in solutions)
    header = split_module(assignment.solution_path().read_text())[0]
    assert header.name is None and header.code in solutions[0]   # the header rides along
    hidden = {m["grade_id"]: (m["points"], "".join(c["source"])) for c, m in cells if m["grade"]}
    assert set(hidden) == {f"hidden_{f}" for f in assignment.functions}
    for function, (cell_points, code) in ((k[len("hidden_"):], v) for k, v in hidden.items()):
        assert cell_points == points[function]
        assert code.startswith("### BEGIN HIDDEN TESTS") and code.endswith("### END HIDDEN TESTS")
        assert f'function_points("{ASSIGNMENT}", "{function}"' in code
    assert len({c["id"] for c in nb["cells"]}) == len(nb["cells"])
    assert source_notebook(assignment, points) == nb      # reproducible


@pytest.mark.slow
@pytest.mark.skipif(not nbgrader_available(), reason="nbgrader is not installed")
def test_nbgrader_pipeline_awards_the_same_scores_as_convgrade_grade(tmp_path):
    course = tmp_path / "course"
    run([sys.executable, str(REPO / "cli.py"), "export", "nbgrader", "--out", str(course),
         "--assignment", "a1"], cwd=tmp_path)
    assert (course / "nbgrader_config.py").is_file()
    run([str(BIN / "nbgrader"), "generate_assignment", ASSIGNMENT], cwd=course)
    released = (course / "release" / ASSIGNMENT / NOTEBOOK).read_text()
    assert "BEGIN SOLUTION" not in released and "function_points" not in released
    assert "raise NotImplementedError" in released

    buggy_module = (REPO / "examples" / "submissions" / ASSIGNMENT / "buggy_ceil_shapes.py").read_text()
    buggy = {c.name: c.code for c in split_module(buggy_module)}
    students = {
        "alice": student_notebook(course),
        "bob": student_notebook(course, {"conv_output_size": buggy["_check"] + "\n\n\n"
                                         + buggy["conv_output_size"]}),
    }
    for student, nb in students.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / NOTEBOOK).write_text(json.dumps(nb))
    run([str(BIN / "nbgrader"), "autograde", ASSIGNMENT], cwd=course)
    run([str(BIN / "nbgrader"), "export"], cwd=course)
    with open(course / "grades.csv", newline="") as f:
        nbgrader_scores = {r["student_id"]: (float(r["score"]), float(r["max_score"])) for r in csv.DictReader(f)}
    assert set(nbgrader_scores) == set(students)
    alice, bob = nbgrader_scores["alice"], nbgrader_scores["bob"]
    assert alice[0] == alice[1] > 0
    assert 0 < bob[0] < bob[1] == alice[1]

    out = tmp_path / "convgrade.json"
    run([sys.executable, str(REPO / "cli.py"), "grade", str(course / "submitted"), "--assignment", "a1",
         "--json", str(out)], cwd=tmp_path)
    ours = {r["submission"]: r["result"] for r in json.loads(out.read_text())}
    assert set(ours) == set(students)
    for student, (score, max_score) in nbgrader_scores.items():
        result = ours[student]
        assert result["score"] / result["max_score"] == pytest.approx(score / max_score, abs=1e-4)
