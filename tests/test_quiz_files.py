"""Rosters and responses as people really save them, fed to the real command line: UTF-8 with
and without BOM, UTF-16, GBK/GB18030; comma, semicolon or tab; quoted fields, stray and
unclosed quotes, trailing commas, thousands separators, full-width answers. A malformed line
costs that line only and is named with its number; files that are not what they should be
are refused with a plain message and exit status 2."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from question_bank.answers import format_number, format_shape

ROSTER_IDS = ["2023001", "2023002", "zhang.san", "李四", "wang_wu", "s-006"]


def _run(*args):
    result = CliRunner().invoke(cli, ["quiz", *map(str, args)])
    assert "Traceback" not in result.output, result.output
    return result


def _right(q) -> str:
    if q["kind"] == "multichoice":
        return q["answer"]
    return format_shape(q["answer"]) if q["kind"] == "shape" else format_number(q["answer"])


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A quiz made from a roster saved by Chinese Excel (GBK, columns 学号 and 姓名, one broken line)."""
    root = tmp_path_factory.mktemp("course")
    lines = ["学号,姓名"] + [f"{sid},同学{i}" for i, sid in enumerate(ROSTER_IDS[:3])]
    lines += ["bad id with spaces,坏行"] + [f"{sid},同学{i}" for i, sid in enumerate(ROSTER_IDS[3:], 3)]
    roster = root / "roster.csv"
    roster.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    result = _run("make", "--seed", 11, "--roster", roster, "--lang", "zh", "--format", "json", "--out", root / "q")
    assert result.exit_code == 0, result.output
    assert "roster.csv:5: 'bad id with spaces' is not a student id" in result.output
    key = json.loads((root / "q" / "key.json").read_text(encoding="utf-8"))
    assert [s["student_id"] for s in key["students"]] == ROSTER_IDS
    return root, key


def _table(key, delimiter=","):
    """Header and one line of right answers per student (shapes quoted where the delimiter is a comma)."""
    n = len(key["types"])
    rows = [["student_id", *[f"q{i}" for i in range(1, n + 1)]]]
    for s in key["students"]:
        rows.append([s["student_id"], *[_right(q) for q in s["questions"]]])
    return rows


def _write(path: Path, rows, delimiter: str, encoding: str, quote_all: bool = False):
    lines = []
    for row in rows:
        cells = [f'"{c}"' if quote_all or delimiter in c else c for c in row]
        lines.append(delimiter.join(cells))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))


def _scores(path: Path) -> dict:
    return {r["student_id"]: r for r in csv.DictReader(path.open(encoding="utf-8"))}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gbk", "gb18030"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_every_encoding_and_delimiter_grades_every_good_line(course, tmp_path, encoding, delimiter):
    root, key = course
    rows = _table(key)
    rows.insert(3, ["ghost", *rows[1][1:]])            # line 4: an unknown student, the broken line
    path = tmp_path / "responses.csv"
    _write(path, rows, delimiter, encoding, quote_all=(delimiter == ";"))
    result = _run("grade", path, "--key", root / "q" / "key.json", "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert "responses.csv:4: unknown student 'ghost'; line skipped" in result.output
    assert "1 line(s) of responses.csv could not be graded" in result.output
    scores = _scores(tmp_path / "out" / "scores.csv")
    n = len(key["types"])
    assert sorted(scores) == sorted(ROSTER_IDS)
    assert all(r["score"] == str(n) for r in scores.values()), scores


def test_damaged_lines_cost_only_themselves(course, tmp_path):
    """A stray quote, an unclosed quote, a trailing comma, a thousands separator, full-width
    answers: every line is still graded (no later line lost), and each repaired line is named."""
    root, key = course
    rows = _table(key)
    n = len(key["types"])
    lines = [",".join(rows[0])]
    students = key["students"]

    def line(cells):
        return ",".join(f'"{c}"' if "," in c else c for c in cells)

    # 2: a stray quote inside a letter
    cells = rows[1][:]
    mc = next(i for i, q in enumerate(students[0]["questions"], 1) if q["kind"] == "multichoice")
    cells[mc] = cells[mc] + '"'
    lines.append(line(cells))
    # 3: an unclosed quote that opens a field
    cells = rows[2][:]
    cells[mc] = '"' + cells[mc]
    lines.append(",".join(cells))
    # 4: a trailing comma
    lines.append(line(rows[3]) + ",")
    # 5: the largest numeric answer with a thousands separator, unquoted
    s = students[3]
    cells = rows[4][:]
    big = max((i for i, q in enumerate(s["questions"], 1) if q["kind"] == "numeric"),
              key=lambda i: s["questions"][i - 1]["answer"])
    assert s["questions"][big - 1]["answer"] >= 1000
    cells[big] = f"{int(s['questions'][big - 1]['answer']):,}"
    lines.append(",".join(cells))
    # 6: full-width digits, commas and parentheses, as a Chinese input method writes them
    s = students[4]
    cells = rows[5][:]
    for i, q in enumerate(s["questions"], 1):
        if q["kind"] == "shape":
            cells[i] = "（" + "，".join(str(v) for v in q["answer"]) + "）"
        elif q["kind"] == "numeric":
            cells[i] = format_number(q["answer"]).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    lines.append(",".join(cells))
    lines.append(line(rows[6]))
    path = tmp_path / "responses.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _run("grade", path, "--key", root / "q" / "key.json")
    assert result.exit_code == 0, result.output
    for number in (2, 3):
        assert f"responses.csv:{number}: its quotes do not pair up; they were ignored; the line was graded" in result.output
    assert "responses.csv:5: a number with a thousands separator" in result.output
    scores = _scores(tmp_path / "scores.csv")
    assert sorted(scores) == sorted(ROSTER_IDS)
    assert all(scores[sid]["score"] == str(n) for sid in ROSTER_IDS), scores


def test_excel_sep_line_names_the_delimiter(course, tmp_path):
    root, key = course
    path = tmp_path / "responses.csv"
    _write(path, _table(key), ";", "utf-8")
    path.write_bytes("\ufeffsep=;\r\n".encode("utf-8") + path.read_bytes())
    result = _run("grade", path, "--key", root / "q" / "key.json")
    assert result.exit_code == 0, result.output
    assert all(r["score"] == str(len(key["types"])) for r in _scores(tmp_path / "scores.csv").values())


def test_missing_and_unknown_columns_are_reported(course, tmp_path):
    root, key = course
    rows = [r[:-1] + ["x"] for r in _table(key)]     # the last question's column replaced
    rows[0][-1] = "comment"
    path = tmp_path / "responses.csv"
    _write(path, rows, ",", "utf-8")
    result = _run("grade", path, "--key", root / "q" / "key.json")
    n = len(key["types"])
    assert result.exit_code == 0, result.output
    assert f"responses.csv:1: no column for q{n}: every student scores 0 on these questions" in result.output
    assert "responses.csv:1: column 'comment' is not a question of the key; ignored" in result.output
    assert all(r["score"] == str(n - 1) for r in _scores(tmp_path / "scores.csv").values())


def test_files_that_are_not_responses_are_refused(course, tmp_path):
    root, key = course
    rows = _table(key)[1:]                             # the header left out
    path = tmp_path / "responses.csv"
    _write(path, rows, ",", "utf-8")
    result = _run("grade", path, "--key", root / "q" / "key.json")
    assert result.exit_code == 2
    assert "responses.csv:1: the file has no header line" in result.output
    assert not (tmp_path / "scores.csv").exists()
    readme = tmp_path / "README.md"
    readme.write_text("# convgrade\n\nAn autograder, for teaching convolution layers.\n", encoding="utf-8")
    result = _run("grade", readme, "--key", root / "q" / "key.json")
    assert result.exit_code == 2 and "README.md:1: this is not a responses file" in result.output
    binary = tmp_path / "scan.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = _run("grade", binary, "--key", root / "q" / "key.json")
    assert result.exit_code == 2 and "scan.csv: this is a binary file" in result.output


@pytest.mark.parametrize("name,content", [
    ("quiz.html", "<!doctype html><html><body>quiz</body></html>"),
    ("other.json", '{"students": 3}'),
    ("list.json", "[1, 2, 3]"),
])
def test_a_key_that_is_not_one_is_refused(course, tmp_path, name, content):
    root, key = course
    responses = tmp_path / "responses.csv"
    _write(responses, _table(key), ",", "utf-8")
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    result = _run("grade", responses, "--key", bad)
    assert result.exit_code == 2
    assert f"{bad} is" in result.output and "not a quiz key" in result.output
    assert "key.json that `convgrade quiz make --format json` wrote" in result.output


def test_a_readme_is_not_a_roster(tmp_path):
    readme = Path(__file__).resolve().parents[1] / "README.md"
    result = _run("make", "--seed", 1, "--roster", readme, "--format", "json", "--out", tmp_path / "q")
    assert result.exit_code == 2, result.output
    assert "README.md" in result.output and not (tmp_path / "q").exists()
    prose = tmp_path / "notes.txt"
    prose.write_text("Quiz on Friday\nBring a pencil please\nalice\nRoom 204 at nine\n", encoding="utf-8")
    result = _run("make", "--seed", 1, "--roster", prose, "--format", "json", "--out", tmp_path / "q")
    assert result.exit_code == 2
    assert "notes.txt: this does not look like a roster: 3 of 4 lines are not student ids" in result.output


def test_roster_in_utf16_with_tabs_and_a_comment(tmp_path):
    roster = tmp_path / "roster.txt"
    roster.write_bytes("# section A\nsis_id\tname\n1001\tAda\n1002\tBo\n1001\tAda again\n".encode("utf-16"))
    result = _run("make", "--seed", 2, "--roster", roster, "--format", "json", "--out", tmp_path / "q")
    assert result.exit_code == 0, result.output
    key = json.loads((tmp_path / "q" / "key.json").read_text(encoding="utf-8"))
    assert [s["student_id"] for s in key["students"]] == ["1001", "1002"]


def test_unwritable_out_is_a_plain_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = _run("make", "--seed", 1, "--count", 1, "--types", "macs", "--format", "json", "--out", blocker / "q")
    assert result.exit_code == 2
    assert result.output.startswith("convgrade: cannot write the quiz into")


@pytest.mark.parametrize("cells,fitted", [
    (["ada", "1", "234", "567", "A"], ["ada", "1,234,567", "A"]),    # two separators, unquoted
    (["ada", "12", "345", "A", ""], ["ada", "12,345", "A"]),         # and a trailing comma
    (["ada", "12", "34", "A"], ["ada", "12", "34", "A"]),            # 34 is no group of three: left alone
    (["ada", "B", "345", "7"], ["ada", "B", "345", "7"]),            # not a numeric column: left alone
])
def test_thousands_groups_join_only_in_numeric_columns(cells, fitted):
    from question_bank.grading import fit_row
    assert fit_row(cells, [None, "numeric", "multichoice"])[0] == fitted


def test_unwritable_grade_out_is_a_plain_error(course, tmp_path):
    root, key = course
    responses = tmp_path / "responses.csv"
    _write(responses, _table(key), ",", "utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = _run("grade", responses, "--key", root / "q" / "key.json", "--out", blocker / "out")
    assert result.exit_code == 2
    assert "convgrade: cannot write the scores into" in result.output
