"""What students receive, graded by the real engine with the hidden suites.

A released notebook with the reference solution pasted into its solution cells scores full
marks (English and Chinese); the released stubs score 0 without breaking the grader.
"""
from __future__ import annotations

import json

import pytest

from autograder.assignments import ASSIGNMENTS, REPO_ROOT
from autograder.release.content import get_lesson
from autograder.release.notebooks import module_cells
from autograder.results import GRADED
from autograder.submission import load_submissions
from support import solution_source

RELEASED = REPO_ROOT / "assignments"


@pytest.fixture(scope="module")
def session(grading_session):
    with grading_session() as s:
        yield s


def _completed_notebook(name: str, lang: str, tmp_path):
    a = ASSIGNMENTS[name]
    suffix = "" if lang == "en" else f".{lang}"
    nb = json.loads((RELEASED / name / f"{a.module}{suffix}.ipynb").read_text(encoding="utf-8"))
    answers = module_cells(solution_source(name), a.filename, get_lesson(name))
    cells = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
    assert len(cells) == len(answers)
    for cell, (_, code) in zip(cells, answers):
        cell["source"] = code
    path = tmp_path / f"{a.module}{suffix}.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


@pytest.mark.parametrize("name,lang", [(n, "en") for n in ASSIGNMENTS] + [("a2_conv2d", "zh")])
def test_released_notebook_with_the_solution_pasted_in_scores_full_marks(session, tmp_path, name, lang):
    [submission] = load_submissions(_completed_notebook(name, lang, tmp_path))
    assert not submission.tolerant                      # the nbgrader solution cells form the module
    result = session.grade(submission, name)
    assert result.status == GRADED, result.reason
    failed = [(t.name, t.output[:300]) for t in result.tests if t.status != "passed"]
    assert not failed
    assert result.score == result.max_score > 0


@pytest.mark.parametrize("name", list(ASSIGNMENTS))
def test_released_stub_scores_zero_without_breaking_the_grader(session, name):
    a = ASSIGNMENTS[name]
    [submission] = load_submissions(RELEASED / name / a.filename)
    result = session.grade(submission, name)
    assert result.status == GRADED, result.reason          # it loads; every function raises
    assert result.score == 0 and result.max_score > 0
    assert all("NotImplementedError" in t.output for t in result.tests if t.status == "failed"
               and not t.hidden)
