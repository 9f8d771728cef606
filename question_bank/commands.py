"""`convgrade quiz make` and `convgrade quiz grade`."""
from __future__ import annotations

import sys
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
    from .tabular import FileRefused

    if (count is None) == (roster is None):
        raise click.UsageError("give exactly one of --count N or --roster FILE")
    if count:
        students = numbered_students(count)
    else:
        try:
            students, problems = roster_students(roster)
        except FileRefused as exc:
            _fail(str(exc))
        for problem in problems:
            click.echo(problem, err=True)
    names = [t.strip() for t in types.split(",") if t.strip()] if types else None
    try:
        result = make_quiz(seed, students, lang, count=questions, types=names)
    except KeyError as exc:
        raise click.UsageError(str(exc.args[0])) from None
    chosen = FORMATS if "all" in formats else tuple(dict.fromkeys(formats))
    try:
        out.mkdir(parents=True, exist_ok=True)
        for fmt in chosen:
            for path in write(fmt, result, out, variants=variants):
                click.echo(f"wrote {path}")
    except OSError as exc:
        _fail(f"cannot write the quiz into {out}: {exc.strerror or exc}"
              + (f" ({exc.filename})" if exc.filename and str(exc.filename) != str(out) else ""))


@quiz.command("grade")
@click.argument("responses", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--key", "key_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="key.json written by `quiz make --format json`.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where scores.csv and misconceptions.csv go (default: beside RESPONSES).")
def grade_cmd(responses, key_path, out) -> None:
    """Score RESPONSES (student_id,q1,q2,...) and count the misconceptions behind wrong answers.

    Exit status: 0 when every line was graded, 1 when some line could not be (everything else is
    still graded and written), 2 when a file is not what it should be.
    """
    from .grading import grade, write_report
    from .tabular import FileRefused

    key = load_key(key_path)
    try:
        report = grade(responses, key)
    except FileRefused as exc:
        _fail(str(exc))
    for problem in report.problems:
        click.echo(str(problem), err=True)
    target = out or responses.parent
    try:
        paths = write_report(report, target)
    except OSError as exc:
        _fail(f"cannot write the scores into {target}: {exc.strerror or exc}")
    n = len(report.scores)
    total = sum(s.score for s in report.scores)
    click.echo(f"graded {n} of {len(key['students'])} students "
               f"(mean {total / n if n else 0:.2f} / {len(report.question_ids)}); {len(report.problems)} problem(s)")
    for path in paths:
        click.echo(f"wrote {path}")
    if report.lines_skipped:
        click.echo(f"{report.lines_skipped} line(s) of {responses.name} could not be graded (listed above)", err=True)
        sys.exit(1)


def load_key(path: Path) -> dict:
    """The key written by `quiz make --format json`; anything else is refused with a message."""
    import json

    hint = "give the key.json that `convgrade quiz make --format json` wrote"
    try:
        text = path.read_bytes().decode("utf-8-sig")
        key = json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError):
        _fail(f"{path} is not a quiz key (not a JSON file); {hint}")
    if not (isinstance(key, dict) and key.get("format") == "convgrade-quiz-key"
            and isinstance(key.get("students"), list) and isinstance(key.get("types"), list)
            and all(isinstance(s, dict) and "student_id" in s and isinstance(s.get("questions"), list)
                    for s in key["students"])):
        _fail(f"{path} is JSON but not a quiz key; {hint}")
    return key


def _fail(message: str) -> None:
    """A plain message and exit status 2: the user gave something that is not what it should be."""
    click.echo(f"convgrade: {message}", err=True)
    sys.exit(2)
