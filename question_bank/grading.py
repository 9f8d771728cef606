"""Grade a responses CSV against the JSON key.

RESPONSES has the header ``student_id,q1,q2,...``: numbers for numeric questions, letters A-D for
multiple choice, shapes as ``1x16x32x32`` or ``(1, 16, 32, 32)`` (quoted or not: the commas of an
unquoted tuple are joined back). An empty cell is unanswered.
A malformed line (unknown or repeated student, wrong column count) is reported with its file and
line and skipped; a malformed cell (not a number, not a shape, a letter out of range) is reported
and scores 0 while the rest of its line is graded. A wrong answer counts for a misconception when
it is the option named after it, or, for numbers and shapes, when it equals the value that
mistake gives.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .answers import parse_number, parse_shape, same_value
from .model import LETTERS


@dataclass
class Problem:
    file: str
    line: int
    message: str

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
        letter = cell.strip().upper()
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
            if cell.strip().endswith((")", "]")):
                out.append(open_cell)
                open_cell = None
        elif cell.strip().startswith(("(", "[")) and not cell.strip().endswith((")", "]")):
            open_cell = cell
        else:
            out.append(cell)
    if open_cell is not None:
        out.append(open_cell)
    return out


def grade(responses_path, key: dict) -> GradeReport:
    path = Path(responses_path)
    name = path.name
    students = {s["student_id"]: {q["id"]: q for q in s["questions"]} for s in key["students"]}
    qids = [f"q{i}" for i in range(1, len(key["types"]) + 1)]
    report = GradeReport(qids)
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    header = None
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        if not row or all(not c.strip() for c in row):
            continue
        if header is None:
            header = [c.strip().lower() for c in row]
            if header[0] != "student_id":
                report.problems.append(Problem(name, line, f"the header must start with student_id, not {row[0]!r}"))
                header[0] = "student_id"
            for col in header[1:]:
                if col not in qids:
                    report.problems.append(Problem(name, line, f"column {col!r} is not a question of the key; ignored"))
            continue
        row = rejoin_tuples(row)
        if len(row) != len(header):
            report.problems.append(Problem(name, line, f"{len(row)} columns where the header has {len(header)}; line skipped"))
            continue
        sid = row[0].strip()
        if sid not in students:
            report.problems.append(Problem(name, line, f"unknown student {sid!r}; line skipped"))
            continue
        if sid in seen:
            report.problems.append(Problem(name, line, f"student {sid!r} answered twice; the first line counts"))
            continue
        seen.add(sid)
        marks, mistakes = {q: 0 for q in qids}, {}
        for col, cell in zip(header[1:], row[1:]):
            if col not in qids or not cell.strip():
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
    if header is None:
        report.problems.append(Problem(name, 1, "the file is empty"))
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
