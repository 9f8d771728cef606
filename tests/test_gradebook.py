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


# ---------------------------------------------------------------- hostile cells and names

HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A9)", "\tx", "\rx"]


def _hostile_rows():
    rows = []
    for i, text in enumerate(HOSTILE):
        rows.append(GradebookRow(text, 1, 2, {text: 1}, status="graded", reason=text, overrides=text,
                                 notes=text, meta={"name": text, "sid": text, "email": text, "login": text,
                                                   "section": text, "canvas_user_id": text}))
    return rows


@pytest.mark.parametrize("layout", ["plain", "canvas", "moodle"])
def test_no_cell_of_any_layout_starts_a_formula(layout):
    text = render_gradebook(_hostile_rows(), layout, item="=A1 (1)")
    table = _parse(text)
    assert len(table) == len(HOSTILE) + 1
    cells = [c for row in table for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert layout == "plain" or "'=A1 (1)" in table[0]
    assert any(c.startswith("'=HYPERLINK") or c.startswith("'") for c in cells)


def test_numbers_stay_numbers_and_names_become_one_printable_line():
    from autograder.safe_text import csv_cell, safe_name

    assert csv_cell(-2) == "-2" and csv_cell(2.5) == "2.5" and csv_cell("-2") == "'-2"
    assert safe_name("zoe\nzoe: 100 / 100") == "zoe\\nzoe: 100 / 100"
    assert safe_name("eve\u202egnp.exe") == "eve\\u202egnp.exe"
    assert safe_name("a\x1b[2Jb\u200b") == "a\\x1b[2Jb\\u200b"
    assert safe_name(b"bad\xff".decode("utf-8", "surrogateescape")) == "bad\\xff"
    assert safe_name("  ") == "(no name)" and len(safe_name("x" * 500)) == 100
    assert safe_name("张三 Müller") == "张三 Müller"                    # letters of any script stay
    plain = _parse(render_gradebook([GradebookRow("a\nb", 1, 1)], "plain"))
    assert plain[1][0] == "a\\nb"


def test_moved_csv_is_quoted_and_formula_proof():
    from autograder.batch import Moved
    from autograder.batch_render import moved_csv

    text = moved_csv([Moved("=cmd|' /C calc'!A0", 1, 2, 3), Moved('a,"b"\nc', 0, 1, 3)])
    table = _parse(text)
    assert table[0] == ["student", "old", "new", "max"]
    assert table[1] == ["'=cmd|' /C calc'!A0", "1", "2", "3"] and table[2][0] == 'a,"b"\nc'
