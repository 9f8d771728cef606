"""`convgrade quiz make` and `quiz grade` through click's CliRunner, plus one real subprocess run."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from cli import cli
from question_bank.answers import format_number, format_shape
from question_bank.model import LETTERS

ROOT = Path(__file__).resolve().parents[1]


def _make(runner, *args):
    result = runner.invoke(cli, ["quiz", "make", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def _answer(q, how: str) -> str:
    """The right answer as a student writes it; how = right / wrong-mistake / blank."""
    if how == "blank":
        return ""
    if q["kind"] == "multichoice":
        if how == "right":
            return q["answer"].lower()
        return next(o["letter"] for o in q["options"] if o["misconception"])
    value = q["answer"] if how == "right" else next(
        (v for v in q["misconceptions"].values() if not isinstance(v, float) or v.is_integer()), None)
    if value is None:
        return ""
    if q["kind"] == "shape":
        return format_shape(value) if how == "right" else "(" + ", ".join(str(v) for v in value) + ")"
    return format_number(value)


def test_make_and_grade_roundtrip(tmp_path):
    runner = CliRunner()
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id\nada\nbo\ncy\n", encoding="utf-8")
    _make(runner, "--seed", "4", "--roster", str(roster), "--format", "json", "--format", "html",
          "--out", str(tmp_path / "q"))
    key = json.loads((tmp_path / "q" / "key.json").read_text(encoding="utf-8"))
    ada, bo, cy = key["students"]
    header = ["student_id"] + [q["id"] for q in ada["questions"]]
    rows = [
        ["ada"] + [_answer(q, "right") for q in ada["questions"]],
        ["bo"] + [_answer(q, "wrong") for q in bo["questions"]],
        ["zed"] + ["1"] * (len(header) - 1),                              # unknown student
        ["cy", "A"],                                                      # wrong column count
    ]
    lines = [",".join(header)] + [",".join(r) for r in rows]
    # cy again, correct count, with a non-number and a letter out of range
    cy_row = ["cy"] + [_answer(q, "right") for q in cy["questions"]]
    numeric = next(i for i, q in enumerate(cy["questions"], 1) if q["kind"] == "numeric")
    choice = next(i for i, q in enumerate(cy["questions"], 1) if q["kind"] == "multichoice")
    cy_row[numeric], cy_row[choice] = "twelve", "E"
    lines.append(",".join(cy_row))
    responses = tmp_path / "responses.csv"
    responses.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["quiz", "grade", str(responses), "--key", str(tmp_path / "q" / "key.json")])
    # two lines could not be graded: everything else is written, and the exit status says so
    assert result.exit_code == 1, result.output
    assert "2 line(s) of responses.csv could not be graded" in result.output
    assert "responses.csv:4: unknown student 'zed'" in result.output
    assert "responses.csv:5: 2 columns" in result.output
    assert f"responses.csv:6: q{numeric}: 'twelve' is not a number" in result.output
    assert f"responses.csv:6: q{choice}: 'E' is not one of the letters A, B, C, D" in result.output
    scores = {r["student_id"]: r for r in csv.DictReader((tmp_path / "scores.csv").open(encoding="utf-8"))}
    n = len(ada["questions"])
    assert scores["ada"]["score"] == str(n) and scores["ada"]["max_score"] == str(n)
    assert scores["cy"]["score"] == str(n - 2)
    assert scores["bo"]["score"] == "0"
    mis = {r["misconception"]: r for r in csv.DictReader((tmp_path / "misconceptions.csv").open(encoding="utf-8"))}
    expected = {}
    for q in bo["questions"]:
        answer = _answer(q, "wrong")
        if not answer:
            continue
        if q["kind"] == "multichoice":
            mid = next(o["misconception"] for o in q["options"] if o["letter"] == answer)
        else:
            mid = sorted(m for m, v in q["misconceptions"].items()
                         if (format_shape(v) if q["kind"] == "shape" else format_number(v)) ==
                         (format_shape(json.loads(answer.replace("(", "[").replace(")", "]"))) if q["kind"] == "shape" else answer))[0]
        expected[mid] = expected.get(mid, 0) + 1
    assert {m: int(r["answers"]) for m, r in mis.items()} == expected
    assert all(r["students"] == "1" for r in mis.values())


def test_make_usage_errors(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["quiz", "make", "--seed", "1", "--format", "json", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "--count N or --roster FILE" in result.output
    result = runner.invoke(cli, ["quiz", "make", "--seed", "1", "--count", "2", "--format", "pdf", "--out", str(tmp_path)])
    assert result.exit_code == 2


def test_grade_beside_responses_or_into_out(tmp_path):
    runner = CliRunner()
    _make(runner, "--seed", "2", "--count", "2", "--format", "json", "--out", str(tmp_path), "--questions", "3")
    responses = tmp_path / "r.csv"
    responses.write_text("student_id,q1,q2,q3\nstudent-000,,,\n", encoding="utf-8")
    result = runner.invoke(cli, ["quiz", "grade", str(responses), "--key", str(tmp_path / "key.json"),
                                 "--out", str(tmp_path / "graded")])
    assert result.exit_code == 0
    assert (tmp_path / "graded" / "scores.csv").read_text().splitlines()[1] == "student-000,0,0,0,0,3"


def test_real_subprocess_all_formats_in_chinese(tmp_path):
    out = tmp_path / "quiz"
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "quiz", "make", "--seed", "9", "--count", "3",
                           "--lang", "zh", "--format", "all", "--out", str(out)],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert {p.name for p in out.iterdir()} == {"key.json", "quiz.md", "key.md", "quiz.html", "key.html",
                                               "quiz_moodle.xml", "quiz.gift", "quiz_qti.zip"}
    key = json.loads((out / "key.json").read_text(encoding="utf-8"))
    assert key["lang"] == "zh" and "卷积" in (out / "quiz.html").read_text(encoding="utf-8")
    assert all(q["answer"] in LETTERS for s in key["students"] for q in s["questions"] if q["kind"] == "multichoice")
