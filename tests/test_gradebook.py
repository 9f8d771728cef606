"""Gradebook layouts (plain / Canvas / Moodle) and the summary page."""
import base64
import csv
import io
import re

import pytest

from autograder.reports.gradebook import GradebookRow, render_gradebook
from autograder.reports.summary import (SummaryData, function_pass_rates, misconception_counts, pass_rates,
                                        render_summary)
from autograder.results import GradingResult
from autograder.results import TestResult as Outcome


def _rows():
    return [
        GradebookRow("smithjane", 90.5, 100, {"conv_output_size": 20, "receptive_field": 7.5}, graded_at="t1",
                     suite_version="a1_shapes-1", meta={"canvas_user_id": "4242", "sid": "S1",
                                                        "email": "jane@example.edu", "name": "Jane Smith"}),
        GradebookRow("doejohn", 0, 100, {}, status="failed_to_load", reason="conv2d.py, line 3: invalid syntax",
                     late_days=2, late_penalty=20, overrides="total: 0 (no submission)", graded_at="t2"),
    ]


def _parse(text):
    return list(csv.reader(io.StringIO(text)))


def test_plain_has_a_column_per_group_and_status_reason():
    table = _parse(render_gradebook(_rows(), "plain"))
    head = table[0]
    assert head[:6] == ["student", "total", "max", "percent", "conv_output_size", "receptive_field"]
    assert {"status", "reason", "suite_version", "graded_at", "late_days", "overrides"} <= set(head)
    rows = {r[0]: dict(zip(head, r)) for r in table[1:]}
    assert [r[0] for r in table[1:]] == ["doejohn", "smithjane"]          # sorted by student
    assert rows["smithjane"]["total"] == "90.5" and rows["smithjane"]["percent"] == "90.5"
    assert rows["smithjane"]["receptive_field"] == "7.5"
    assert rows["doejohn"]["conv_output_size"] == "0"
    assert rows["doejohn"]["status"] == "failed_to_load" and "invalid syntax" in rows["doejohn"]["reason"]


def test_canvas_layout_is_what_canvas_imports():
    table = _parse(render_gradebook(_rows(), "canvas", item="A1 shapes (12345)"))
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "A1 shapes (12345)"]
    jane = [r for r in table if r[0] == "Jane Smith"][0]
    assert jane[1] == "4242" and jane[2] == "S1" and jane[-1] == "90.5"


def test_moodle_layout_maps_by_id_number_or_email():
    table = _parse(render_gradebook(_rows(), "moodle", item="A1 shapes"))
    assert table[0] == ["ID number", "Email address", "A1 shapes", "A1 shapes feedback"]
    jane = [r for r in table if r[0] == "S1"][0]
    assert jane[1] == "jane@example.edu" and jane[2] == "90.5"
    john = [r for r in table if r[0] == "doejohn"][0]
    assert "failed_to_load" in john[3] and "late" in john[3]


def test_unknown_layout_is_refused():
    with pytest.raises(ValueError, match="plain, canvas, moodle"):
        render_gradebook(_rows(), "blackboard")


def _graded(name, passes, misconception=None):
    tests = [Outcome(f"t{i}", "conv_output_size", 1.0, score=float(p), status="passed" if p else "failed",
                     misconceptions=[misconception] if (misconception and not p) else [])
             for i, p in enumerate(passes)]
    return GradingResult(name, "a1_shapes", tests=tests)


def test_pass_rates_and_misconception_counts():
    results = [_graded("a", [1, 1]), _graded("b", [1, 0], "off-by-one-size"), _graded("c", [0, 0], "off-by-one-size")]
    assert pass_rates(results) == {"t0": 2 / 3, "t1": 1 / 3}
    assert function_pass_rates(results) == {"conv_output_size": 3 / 6}
    assert misconception_counts(results) == {"off-by-one-size": 2}    # per submission, not per test


def test_summary_is_self_contained_with_its_pictures():
    results = [_graded("smithjane", [1, 0], "off-by-one-size"), _graded("doejohn", [0, 0])]
    page = render_summary(SummaryData("A1 <shapes>", _rows(), results, ["journal line 3 was cut off"]))
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 4          # histogram, per function, per test (the hard ones), misconceptions
    assert "0 of 2 tests were passed by every submission" in page
    assert all(base64.b64decode(i).startswith(b"\x89PNG") for i in images)
    assert "A1 &lt;shapes&gt;" in page and "<shapes>" not in page
    assert "failed_to_load" in page and "invalid syntax" in page and "journal line 3" in page
    assert "http" not in page.replace("http-equiv", "")                  # nothing fetched from outside
