"""`convgrade quiz make` and `convgrade quiz grade`."""
from __future__ import annotations

from pathlib import Path

import click

from autograder.commands.options import lang_option

FORMATS = ("json", "markdown", "html", "moodle", "gift", "qti")


@click.group("quiz")
def quiz() -> None:
    """Randomized, torch-verified quizzes on the shape formulas.

    \b
    convgrade quiz make --seed 7 --count 30 --format html --out quiz/
    convgrade quiz make --seed 7 --roster roster.csv --lang zh --format json --out quiz/
    convgrade quiz grade responses.csv --key quiz/key.json
    """


@quiz.command("make")
@click.option("--seed", type=click.IntRange(min=0), required=True, help="Quiz seed; the same seed gives the same files.")
@click.option("--count", type=click.IntRange(min=1), default=None, help="Students numbered student-000 .. (N-1).")
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="CSV with a student_id column, or one id per line.")
@lang_option
@click.option("--format", "formats", required=True, multiple=True,
              type=click.Choice(FORMATS + ("all",)), help="Output format; repeat it, or 'all'.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Output folder.")
@click.option("--questions", type=click.IntRange(min=1), default=None,
              help="Questions per student (default: one of each of the 15 types).")
@click.option("--types", default=None, help="Comma-separated question types (default: all, in order).")
@click.option("--variants", type=click.IntRange(min=1), default=None,
              help="moodle/gift/qti: variants per question pool (default: every student's version).")
def make(seed, count, roster, lang, formats, out, questions, types, variants) -> None:
    """Make one quiz per student, and write it in the chosen formats."""
    from .export import write
    from .quiz import make_quiz
    from .sampling import numbered_students, roster_students

    if (count is None) == (roster is None):
        raise click.UsageError("give exactly one of --count N or --roster FILE")
    students = numbered_students(count) if count else roster_students(roster)
    if not students:
        raise click.UsageError(f"the roster {roster} holds no student id")
    names = [t.strip() for t in types.split(",") if t.strip()] if types else None
    try:
        result = make_quiz(seed, students, lang, count=questions, types=names)
    except KeyError as exc:
        raise click.UsageError(str(exc.args[0])) from None
    out.mkdir(parents=True, exist_ok=True)
    chosen = FORMATS if "all" in formats else tuple(dict.fromkeys(formats))
    for fmt in chosen:
        for path in write(fmt, result, out, variants=variants):
            click.echo(f"wrote {path}")


@quiz.command("grade")
@click.argument("responses", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--key", "key_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="key.json written by `quiz make --format json`.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where scores.csv and misconceptions.csv go (default: beside RESPONSES).")
def grade_cmd(responses, key_path, out) -> None:
    """Score RESPONSES (student_id,q1,q2,...) and count the misconceptions behind wrong answers."""
    import json

    from .grading import grade, write_report

    try:
        key = json.loads(key_path.read_text(encoding="utf-8"))
        students = key["students"]
        key["types"]
    except (ValueError, KeyError, TypeError) as exc:
        raise click.UsageError(f"{key_path} is not a quiz key: {exc}") from None
    report = grade(responses, key)
    for problem in report.problems:
        click.echo(str(problem), err=True)
    paths = write_report(report, out or responses.parent)
    n = len(report.scores)
    total = sum(s.score for s in report.scores)
    click.echo(f"graded {n} of {len(students)} students "
               f"(mean {total / n if n else 0:.2f} / {len(report.question_ids)}); {len(report.problems)} problem(s)")
    for path in paths:
        click.echo(f"wrote {path}")
