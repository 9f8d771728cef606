"""Grade a responses CSV against the JSON key.

RESPONSES has the header ``student_id,q1,q2,...`` (comma, semicolon or tab; any encoding of
``tabular``): numbers for numeric questions, letters A-D for multiple choice, shapes as
``1x16x32x32`` or ``(1, 16, 32, 32)`` (quoted or not: the commas of an unquoted tuple are joined
back, as are the groups of a number written 1,234). An empty cell is unanswered.
A file without that header is refused (``FileRefused``). A line that cannot be graded (unknown
or repeated student, a column count other than the header's) is reported with its file and line and skipped; a
malformed cell (not a number, not a shape, a letter out of range) is reported and scores 0 while
the rest of its line is graded. A wrong answer counts for a misconception when it is the option
named after it, or, for numbers and shapes, when it equals the value that mistake gives.
"""
from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .answers import normalize, parse_number, parse_shape, same_value
from .model import LETTERS
from .tabular import ID_COLUMNS, FileRefused, read_text, rows

_QID = re.compile(r"^q[1-9][0-9]*$")
_GROUP_HEAD = re.compile(r"^\s*[+-]?\d{1,3}(,\d{3})*$")
_GROUP_TAIL = re.compile(r"^\d{3}(\.\d*)?\s*$")


@dataclass
class Problem:
    file: str
    line: int
    message: str
    skipped: bool = False      # the whole line could not be graded

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class StudentScore:
    student_id: str
    marks: dict                       # question id -> 1 / 0
    misconceptions: dict              # question id -> misconception id (wrong answers only)

    @property
    def score(self) -> int:
        return sum(self.marks.values())


@dataclass
class GradeReport:
    question_ids: list[str]
    scores: list[StudentScore] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def lines_skipped(self) -> int:
        return sum(p.skipped for p in self.problems)

    def misconception_counts(self) -> dict[str, dict]:
        """misconception -> {"students": distinct students, "answers": wrong answers, "questions": {...}}."""
        table: dict[str, dict] = defaultdict(lambda: {"students": set(), "answers": 0, "questions": set()})
        for s in self.scores:
            for qid, mid in s.misconceptions.items():
                row = table[mid]
                row["students"].add(s.student_id)
                row["answers"] += 1
                row["questions"].add(qid)
        return {m: {"students": len(r["students"]), "answers": r["answers"],
                    "questions": sorted(r["questions"], key=lambda q: int(q[1:]))}
                for m, r in sorted(table.items())}


def judge(question: dict, cell: str) -> tuple[int, str | None]:
    """(mark, misconception) of one answer; raises ValueError with a plain reason when malformed."""
    kind = question["kind"]
    if kind == "multichoice":
        letter = normalize(cell).upper()
        letters = LETTERS[:len(question["options"])]
        if len(letter) != 1 or letter not in letters:
            raise ValueError(f"{cell.strip()!r} is not one of the letters {', '.join(letters)}")
        if letter == question["answer"]:
            return 1, None
        return 0, question["options"][letters.index(letter)]["misconception"]
    if kind == "numeric":
        try:
            value = parse_number(cell)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"{cell.strip()!r} is not a number") from None
    else:
        value = parse_shape(cell)
    if same_value(value, question["answer"]):
        return 1, None
    for mid, wrong in sorted(question.get("misconceptions", {}).items()):
        if same_value(value, wrong):
            return 0, mid
    return 0, None


def rejoin_tuples(row: list[str]) -> list[str]:
    """Cells of an unquoted shape such as (1, 16, 32, 32), split by the CSV commas, joined again."""
    out: list[str] = []
    open_cell = None
    for cell in row:
        if open_cell is not None:
            open_cell += "," + cell
            if cell.strip().endswith((")", "]", "）")):
                out.append(open_cell)
                open_cell = None
        elif cell.strip().startswith(("(", "[", "（")) and not cell.strip().endswith((")", "]", "）")):
            open_cell = cell
        else:
            out.append(cell)
    if open_cell is not None:
        out.append(open_cell)
    return out


def fit_row(cells: list[str], kinds: list[str | None]) -> tuple[list[str], str]:
    """(cells, note): cells fitted to the header's columns (kinds[j] is the question kind of
    column j, None for the id and unknown columns). Shapes split by commas are joined; empty
    cells past the header are dropped (a trailing comma); a number split at its thousands
    separator (1,234) is joined in a numeric column while the line has cells to spare."""
    cells = rejoin_tuples(cells)
    while len(cells) > len(kinds) and not cells[-1].strip():
        cells.pop()
    note = ""
    if len(cells) > len(kinds):
        out, i = [], 0
        for kind in kinds:
            if i >= len(cells):
                break
            cell = cells[i]
            i += 1
            while (kind == "numeric" and len(cells) - i > len(kinds) - len(out) - 1 and i < len(cells)
                   and _GROUP_HEAD.match(cell) and _GROUP_TAIL.match(cells[i])):
                cell += "," + cells[i]
                i += 1
                note = "a number with a thousands separator (1,234) was read as one answer"
            out.append(cell)
        cells = out + cells[i:]
    return cells, note


def read_header(row, name: str, students: dict) -> list[str]:
    """The header's column names; refuses a file that does not start with one."""
    header = [c.strip().lower() for c in row.cells]
    while header and not header[-1]:
        header.pop()
    if header and header[0] in ID_COLUMNS and any(_QID.match(c) for c in header[1:]):
        header[0] = "student_id"
        return header
    first = row.cells[0].strip() if row.cells else ""
    if first in students:
        raise FileRefused(f"{name}:{row.line}: the file has no header line; its first line must be "
                          f"student_id,q1,q2,... (this line holds the answers of {first[:40]!r})")
    raise FileRefused(f"{name}:{row.line}: this is not a responses file: its first line must be the header "
                      f"student_id,q1,q2,... (found {', '.join(repr(c[:40]) for c in row.cells[:4])})")


def grade(responses_path, key: dict) -> GradeReport:
    """Grade every line that can be graded; problems name the file and the line."""
    path = Path(responses_path)
    name = path.name
    students = {s["student_id"]: {q["id"]: q for q in s["questions"]} for s in key["students"]}
    qids = [f"q{i}" for i in range(1, len(key["types"]) + 1)]
    kinds_by_qid = {q["id"]: q["kind"] for q in key["students"][0]["questions"]} if key["students"] else {}
    report = GradeReport(qids)
    _, table = rows(read_text(path))
    if not table:
        raise FileRefused(f"{name}: the file is empty; it should start with the header student_id,q1,q2,...")
    header = read_header(table[0], name, students)
    columns: list[str | None] = [None]
    for col in header[1:]:
        if col not in qids:
            report.problems.append(Problem(name, table[0].line, f"column {col!r} is not a question of the key; ignored"))
            columns.append(None)
        elif col in columns:
            report.problems.append(Problem(name, table[0].line, f"column {col!r} appears twice; the first one counts"))
            columns.append(None)
        else:
            columns.append(col)
    missing = [q for q in qids if q not in columns]
    if missing:
        report.problems.append(Problem(name, table[0].line, f"no column for {', '.join(missing)}: "
                                       "every student scores 0 on these questions"))
    kinds = [kinds_by_qid.get(c) if c else None for c in columns]
    seen: set[str] = set()
    for row in table[1:]:
        line = row.line
        cells, note = fit_row(row.cells, kinds)
        if len(cells) != len(columns):
            report.problems.append(Problem(name, line, f"{len(cells)} columns where the header has {len(columns)}; "
                                           "line skipped", skipped=True))
            continue
        sid = cells[0].strip()
        if sid not in students:
            report.problems.append(Problem(name, line, f"unknown student {sid[:40]!r}; line skipped", skipped=True))
            continue
        if sid in seen:
            report.problems.append(Problem(name, line, f"student {sid!r} answered twice; the first line counts, "
                                           "this one is skipped", skipped=True))
            continue
        seen.add(sid)
        for remark in (row.note, note):
            if remark:
                report.problems.append(Problem(name, line, f"{remark}; the line was graded"))
        marks, mistakes = {q: 0 for q in qids}, {}
        for col, cell in zip(columns[1:], cells[1:]):
            if col is None or not cell.strip():
                continue
            try:
                mark, mid = judge(students[sid][col], cell)
            except ValueError as exc:
                report.problems.append(Problem(name, line, f"{col}: {exc}; scored 0"))
                continue
            marks[col] = mark
            if mid:
                mistakes[col] = mid
        report.scores.append(StudentScore(sid, marks, mistakes))
    return report


def write_report(report: GradeReport, out_dir) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["student_id", *report.question_ids, "score", "max_score"])
    for s in report.scores:
        w.writerow([s.student_id, *(s.marks[q] for q in report.question_ids), s.score, len(report.question_ids)])
    scores = out / "scores.csv"
    scores.write_text(buf.getvalue(), encoding="utf-8")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["misconception", "students", "answers", "questions"])
    for mid, row in report.misconception_counts().items():
        w.writerow([mid, row["students"], row["answers"], " ".join(row["questions"])])
    mis = out / "misconceptions.csv"
    mis.write_text(buf.getvalue(), encoding="utf-8")
    return [scores, mis]
