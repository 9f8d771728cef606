"""Attacks on the TA through a batch: hostile names and files, forged times, formula cells.

One real ``python cli.py grade FOLDER --out OUT`` over a folder where each entry is an attack.
Contained means: the batch ends with exit 0 and a gradebook; every CSV cell is formula-proof;
every student name shown (terminal, gradebook, summary, feedback) is one printable line; two
entries that map to one student are both graded and both reported; a file nobody can parse is
that submission's result with a reason; times come only from the TA's records.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

from autograder.safe_text import FORMULA_START, safe_name

from .conftest import REPO, solution_text

STUB = "def conv_output_size(*args, **kwargs):\n    return 1\n"
FORGED_LINE = "zoe: 99 (graded)"     # a file name cannot hold a slash
NAMES = {                      # file name (without .py) -> what it tries
    "=HYPERLINK(\"http:evil.example\",\"x\")": "formula",
    "+SUM(1,2)": "formula",
    "@cmd": "formula",
    "-2+3": "formula",
    "\tindent": "formula",
    f"mallory\n{FORGED_LINE}": "fake score line",
    "eve\u202egnp.exe": "bidi override",
    "ansi\x1b[2J\x1b[31mred": "terminal escape",
    "zoe": "the real student",
}


def _deep_json(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("batch-attacks")
    subs = root / "subs"
    subs.mkdir()
    good = solution_text("a1_shapes")
    for name in NAMES:
        (subs / f"{name}.py").write_text(good if name == "zoe" else STUB, encoding="utf-8")
    # a name whose bytes are not UTF-8 (it reaches Python as lone surrogates)
    with open(os.path.join(os.fsencode(subs), b"bytes\xff\xfe.py"), "w") as fh:
        fh.write(STUB)
    # a zip entry that claims the real student's name
    with zipfile.ZipFile(subs / "zoe.zip", "w") as zf:
        zf.writestr("shapes.py", STUB)
    # deep JSON: a notebook, and a metadata file inside a student's own folder
    (subs / "deepnb.ipynb").write_text(_deep_json(100_000))
    (subs / "nested").mkdir()
    (subs / "nested" / "shapes.py").write_text(STUB)
    (subs / "nested" / "submission_metadata.json").write_text(_deep_json(100_000))
    # forged times: a metadata file in the student's folder, a zip member dated early
    (subs / "forger").mkdir()
    (subs / "forger" / "shapes.py").write_text(STUB)
    (subs / "forger" / "submission_metadata.json").write_text(json.dumps({"created_at": "2020-01-01T00:00:00Z"}))
    with zipfile.ZipFile(subs / "zipdate.zip", "w") as zf:
        zf.writestr(zipfile.ZipInfo("shapes.py", date_time=(2020, 1, 1, 0, 0, 0)), STUB)
    os.utime(subs / "@cmd.py", (1_500_000_000, 1_500_000_000))      # an mtime long before the deadline

    policy = root / "policy.toml"
    policy.write_text('[assignment]\ndeadline = 2025-02-14T23:59:00Z\n[late]\npercent_per_day = 10\n')
    times = root / "times.csv"
    times.write_text("student,submitted_at\nzipdate,2025-02-16T12:00:00Z\nzoe,2025-02-14T20:00:00Z\n"
                     "=1+1,2025-02-14T20:00:00Z\n")
    out = root / "out"
    out.mkdir()
    (out / "overrides.toml").write_text('[[override]]\nstudent = "forger"\nscore = 7\nreason = "=oral exam"\n')
    proc = subprocess.run([sys.executable, "cli.py", "grade", str(subs), "-a", "a1", "--out", str(out),
                           "--visibility", "public", "--workers", "2", "--policy", str(policy),
                           "--times", str(times), "--load-timeout", "5", "--call-timeout", "3"],
                          cwd=REPO, capture_output=True, text=True, timeout=900)
    return out, proc


def _rows(out: Path, name: str = "gradebook.csv") -> list[list[str]]:
    return list(csv.reader(io.StringIO((out / name).read_text(encoding="utf-8"))))


def _table(out: Path) -> dict[str, dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO((out / "gradebook.csv").read_text(encoding="utf-8"))))
    return {r["student"].removeprefix("'"): r for r in rows}


def _printable_line(text: str) -> bool:
    return all(ch == " " or unicodedata.category(ch)[0] not in "CZ" for ch in text)


def test_the_batch_finishes_with_a_gradebook(batch):
    out, proc = batch
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stdout + proc.stderr
    assert (out / "gradebook.csv").is_file() and (out / "summary.html").is_file()
    assert len(_table(out)) == len(NAMES) + 6      # + bytes, zoe.zip, deepnb, nested, forger, zipdate


def test_no_csv_cell_starts_a_formula(batch):
    out, _ = batch
    for layout in ("gradebook.csv",):
        for row in _rows(out, layout):
            for cell in row:
                assert not cell.startswith(FORMULA_START), cell
    table = _table(out)
    assert "'=HYPERLINK(\"http:evil.example\",\"x\")" in [r["student"] for r in table.values()]
    assert table["forger"]["overrides"].startswith("total: 7 (=oral exam)")


def test_names_are_one_printable_line_everywhere(batch):
    out, proc = batch
    students = list(_table(out))
    for name in students:
        assert _printable_line(name), repr(name)
    assert any(n.startswith("mallory\\n") for n in students)
    assert any("\\u202e" in n for n in students) and any("\\x1b" in n for n in students)
    assert any("\\xff\\xfe" in n for n in students)
    for line in proc.stdout.splitlines() + proc.stderr.splitlines():
        assert _printable_line(line), repr(line)
        assert not line.startswith(FORGED_LINE)
    summary = (out / "summary.html").read_text(encoding="utf-8")
    assert "\u202e" not in summary and "\x1b" not in summary
    for page in (out / "feedback").iterdir():
        text = page.read_text(encoding="utf-8")
        assert "\u202e" not in text and "\x1b" not in text


def test_two_submissions_for_one_student_are_both_reported(batch):
    out, proc = batch
    table = _table(out)
    both = [table["zoe"], table["zoe-2"]]
    for row in both:
        assert "2 submissions map to student zoe" in row["notes"] and "zoe.py" in row["notes"]
        assert "zoe.zip" in row["notes"]
    assert len({r["total"] for r in both}) == 2       # the solution and the stub: both graded
    assert "2 submissions map to student zoe" in proc.stdout
    assert "2 submissions map to student zoe" in (out / "summary.html").read_text(encoding="utf-8")


def test_unparsable_files_are_results_with_a_reason(batch):
    out, _ = batch
    table = _table(out)
    deep = table["deepnb"]
    assert deep["status"] != "graded" and float(deep["total"]) == 0
    assert "deeply" in deep["reason"]
    assert table["nested"]["status"] == table["@cmd"]["status"]    # graded like any stub: the
    assert table["nested"]["total"] == table["@cmd"]["total"]      # planted metadata is ignored
    assert table["nested"]["submitted_at"] == ""


def test_times_come_only_from_the_tas_records(batch):
    out, proc = batch
    table = _table(out)
    assert table["zipdate"]["late_days"] == "2" and table["zipdate"]["time_source"].startswith("the times file")
    assert table["zoe"]["late_days"] == "0" and table["zoe"]["submitted_at"].startswith("2025-02-14T20:00")
    for planted in ("forger", "@cmd", "zoe-2"):   # metadata in the student's folder, an old mtime, a zip
        assert table[planted]["submitted_at"] == "" and table[planted]["time_source"] == "unknown"
        assert table[planted]["late_days"] == "0"
    assert "1 of" in proc.stdout and "submissions late: zipdate 2 days (-20%)" in proc.stdout
    assert "No known submission time for" in proc.stdout and "forger" in proc.stdout
    assert "times.csv gives times for 1 student(s) with no submission: =1+1" in proc.stdout


def test_one_final_score_everywhere(batch):
    out, proc = batch
    table = _table(out)
    printed = {}
    for line in proc.stdout.splitlines():           # "[3/15] name: 7 / 22 (status)" or "name: 7 / 22 (status)"
        shown = re.fullmatch(r"(?:\[\d+/\d+\] )?(.+?): ([\d.]+) / [\d.]+ \([^()]*\)", line)
        if shown:
            printed.setdefault(shown[1], set()).add(float(shown[2]))
    for student, row in table.items():
        total = float(row["total"])
        assert printed[safe_name(student)] == {total}, student
        stem = student if (out / "results" / f"{student}.json").exists() else None
        if stem is None:
            continue                                   # names that need a safe file stem
        result = json.loads((out / "results" / f"{stem}.json").read_text())
        assert result["score"] == total
        assert result["extra_data"]["final_score"]["final"] == total
        md = (out / "feedback" / f"{stem}.md").read_text(encoding="utf-8")
        assert f"**{total:g} / " in md
    assert float(table["forger"]["total"]) == 7
    zipdate = json.loads((out / "results" / "zipdate.json").read_text())["extra_data"]["final_score"]
    assert [a["kind"] for a in zipdate["adjustments"]] == ["late"]
    assert zipdate["final"] == round(zipdate["tests_score"] * 0.8, 2)
    forger_md = (out / "feedback" / "forger.md").read_text(encoding="utf-8")
    assert "oral exam" in forger_md and "Final score: 7 /" in forger_md
    assert "No recorded submission time: not marked late" in forger_md


def test_one_file_with_a_hostile_name_graded_alone(tmp_path):
    path = os.path.join(os.fsencode(tmp_path), b"bad\xff\x1b[31m\nzoe: 99 (graded).py")
    with open(path, "w") as fh:
        fh.write(STUB)
    proc = subprocess.run([sys.executable.encode(), b"cli.py", b"grade", path, b"-a", b"a1", b"--visibility",
                           b"public", b"--json", os.fsencode(tmp_path / "r.json")],
                          cwd=REPO, capture_output=True, timeout=600)
    stdout, stderr = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert "Traceback" not in stderr and proc.returncode in (0, 1), stderr
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["extra_data"]["submission"] == "bad\\xff\\x1b[31m\\nzoe: 99 (graded)"
    for line in stdout.splitlines():
        assert _printable_line(line) and not line.startswith(FORGED_LINE)
