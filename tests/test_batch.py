"""A real batch: 60+ mixed a1 submissions graded by the engine in two long-lived grader processes."""
import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from autograder.batch import BatchOptions, run_batch
from autograder.suites.a1_shapes import SUITE_VERSION as A1_SUITE_VERSION
from autograder.engine import GradeOptions
from autograder.sandbox import Limits
from autograder.submission import load_submissions
from support import demanded_sandbox
from test_batch_fixtures import write_batch

pytestmark = pytest.mark.slow          # a batch of 60+ submissions

LIMITS = Limits(load_timeout=3.0, call_timeout=2.0, cpu_seconds=60)


def _options(**kw):
    grade = GradeOptions(visibility=kw.pop("visibility", "all"), limits=LIMITS, device="cpu",
                         sandbox=demanded_sandbox())
    return BatchOptions(assignment="a1", workers=2, grade=grade, progress=False, **kw)


def _table(out: Path) -> dict[str, dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO((out / "gradebook.csv").read_text())))
    return {r["student"]: r for r in rows}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    kinds = write_batch(root / "subs", copies=10)
    assert len(kinds) >= 60
    report = run_batch([root / "subs"], root / "out", _options())
    return root, kinds, report


def _kind_of(student: str, kinds: dict[str, str]) -> str:
    return kinds[student.removesuffix("_shapes")]


def test_every_submission_graded_once_with_the_expected_scores(graded, grading_session):
    root, kinds, report = graded
    table = _table(root / "out")
    assert report.graded == len(kinds) == len(table) and report.reused == 0
    journal = [json.loads(line) for line in (root / "out" / "journal.jsonl").read_text().splitlines()]
    assert sorted(r["name"] for r in journal) == sorted(table)              # graded exactly once each
    # the batch gives what one engine session gives, for one of each kind of submission
    expected = {}
    with grading_session(limits=LIMITS) as session:
        for name in ("good00", "ceil00", "no_dilation00", "bias_off00", "rf_no_stride00", "stub00"):
            sub = load_submissions(root / "subs" / f"{name}_shapes.py", "a1")[0]
            expected[re.sub(r"\d+$", "", name)] = session.grade(sub, "a1").score
    full = float(table["good00_shapes"]["max"])
    assert expected["good"] == full
    for student, row in table.items():
        kind, family = _kind_of(student, kinds), re.sub(r"\d+$", "", student.removesuffix("_shapes"))
        assert float(row["max"]) == full, student
        if family in expected:
            assert float(row["total"]) == expected[family], student
        if kind == "buggy":
            assert 0 < float(row["total"]) < full and row["status"] == "graded"
        if kind in ("broken", "hostile", "stub"):
            assert float(row["total"]) == 0, student
    assert table["syntax_shapes"]["status"] == "failed_to_load" and "line 1" in table["syntax_shapes"]["reason"]
    assert table["empty_shapes"]["status"] == "no_submission" and "empty" in table["empty_shapes"]["reason"]
    assert table["binary_shapes"]["status"] == "no_submission" and "binary" in table["binary_shapes"]["reason"]
    assert table["loop_at_import_shapes"]["status"] == "timeout"
    assert table["exit_at_import_shapes"]["status"] == "failed_to_load"
    assert "sys.exit" in table["exit_at_import_shapes"]["reason"]


def test_outputs_follow_the_spec_layout(graded):
    root, kinds, _ = graded
    out = root / "out"
    for student in _table(out):
        result = json.loads((out / "results" / f"{student}.json").read_text())
        assert {"score", "max_score", "tests", "extra_data"} <= set(result)
        assert result["extra_data"]["suite_version"] == A1_SUITE_VERSION
        assert (out / "feedback" / f"{student}.md").read_text().strip()
        assert (out / "feedback" / f"{student}.html").read_text().lstrip().lower().startswith("<!doctype html")
    page = (out / "summary.html").read_text()
    assert page.count("data:image/png;base64,") >= 2 and "loop_at_import_shapes" in page
    head = (out / "gradebook.csv").read_text().splitlines()[0].split(",")
    assert "conv_output_size" in head and "receptive_field" in head and "suite_version" in head


def test_rerun_grades_nothing_and_applies_new_overrides_and_policy(graded, tmp_path):
    root, kinds, _ = graded
    out = tmp_path / "out"
    shutil.copytree(root / "out", out)
    (out / "overrides.toml").write_text('[[override]]\nstudent = "stub00_shapes"\nscore = 42\n'
                                        'reason = "oral exam instead"\n')
    policy = tmp_path / "policy.toml"
    policy.write_text('[assignment]\ntitle = "A1"\npoints = 100\n')
    report = run_batch([root / "subs"], out, _options(policy=policy))
    assert report.graded == 0 and report.reused == len(kinds)
    table = _table(out)
    assert table["stub00_shapes"]["total"] == "42" and "oral exam" in table["stub00_shapes"]["overrides"]
    assert table["good00_shapes"]["total"] == "100" and table["good00_shapes"]["max"] == "100"
    assert "oral exam instead" in (out / "feedback" / "stub00_shapes.md").read_text()


def test_changed_suite_regrades_and_reports_who_moved(graded, tmp_path):
    root, kinds, _ = graded
    out = tmp_path / "out"
    shutil.copytree(root / "out", out)
    (out / "overrides.toml").write_text('[[override]]\nstudent = "stub00_shapes"\nscore = 4\n'
                                        'reason = "oral exam instead"\n')
    before = _table(out)
    subset = tmp_path / "subs"
    subset.mkdir()
    for name in ("good00", "ceil00", "bias_off00", "stub00", "syntax"):
        shutil.copy(root / "subs" / f"{name}_shapes.py", subset)
    report = run_batch([subset], out, _options(visibility="public"))        # another suite: public tests only
    assert report.graded == 5 and report.reused == 0
    after = _table(out)
    moved = {m.student: (m.old, m.new) for m in report.moved}
    assert moved["good00_shapes"] == (float(before["good00_shapes"]["total"]), float(after["good00_shapes"]["max"]))
    assert "stub00_shapes" not in moved and "syntax_shapes" not in moved     # 0 -> 0 is no move
    assert after["stub00_shapes"]["total"] == "4"                            # the override survived
    lines = (out / "moved.csv").read_text().splitlines()
    assert lines[0] == "student,old,new,max" and any(line.startswith("good00_shapes,") for line in lines)
