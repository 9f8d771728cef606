"""`convgrade check` (a student's public tests) and `convgrade grade` (a TA's hidden suites)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from autograder.commands.options import assignment_option, device_option, lang_option, sandbox_option


@click.command("check")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@assignment_option
@lang_option
@sandbox_option
def check(path: Path, assignment: str | None, lang: str, sandbox: str) -> None:
    """Run the public tests on your PATH (.py, .ipynb, folder or zip) and show what failed."""
    from autograder.engine import GradeOptions
    from autograder.reports.console import render_console

    results = _run([path], assignment, GradeOptions(visibility="public", lang=lang, sandbox=sandbox))
    for _, result in results:
        render_console(result, lang)
    _exit_for(results)


@click.command("grade")
@click.argument("submissions", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@assignment_option
@click.option("--json", "json_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write results.json (one object; a list of {submission, result} for several).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Submissions graded at the same time.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write OUT/results/<name>.json and OUT/feedback/<name>.md/.html.")
@device_option
@lang_option
@sandbox_option
def grade(submissions: tuple[Path, ...], assignment: str | None, json_file: Path | None, workers: int,
          out: Path | None, device: str, lang: str, sandbox: str) -> None:
    """Grade SUBMISSION... with the public and hidden tests."""
    from autograder.engine import GradeOptions
    from autograder.reports.gradescope import to_results_json

    options = GradeOptions(visibility="all", lang=lang, device=device, sandbox=sandbox)
    results = _run(list(submissions), assignment, options, out=out)
    if json_file is not None:
        if len(results) == 1:
            data = to_results_json(results[0][1])
        else:
            data = [{"submission": name, "result": to_results_json(r)} for name, r in results]
        json_file.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    for name, result in results:
        click.echo(f"{name}: {result.score:g} / {result.max_score:g} ({result.status})")
    _exit_for(results)


def _run(paths, assignment, options, out: Path | None = None):
    from autograder.assignments import UnknownAssignment, get_assignment
    from autograder.engine import grade_paths
    from autograder.sandbox import SandboxUnavailable

    try:
        if assignment:
            assignment = get_assignment(assignment).name
        writer = (lambda name, result: write_outputs(out, name, result, options.lang)) if out else None
        return grade_paths(paths, assignment, options, on_result=writer)
    except UnknownAssignment as exc:
        raise click.UsageError(str(exc)) from None
    except SandboxUnavailable as exc:
        click.echo(f"convgrade: {exc}", err=True)
        sys.exit(1)


def write_outputs(out: Path, name: str, result, lang: str) -> None:
    """OUT/results/<name>.json, and the feedback pages when the feedback module is present."""
    from autograder.reports.gradescope import to_results_json

    (out / "results").mkdir(parents=True, exist_ok=True)
    (out / "results" / f"{name}.json").write_text(
        json.dumps(to_results_json(result), indent=2, ensure_ascii=False), encoding="utf-8")
    try:
        from autograder.reports.feedback import render_html, render_markdown
    except ImportError:
        return
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    (out / "feedback" / f"{name}.md").write_text(render_markdown(result, lang), encoding="utf-8")
    (out / "feedback" / f"{name}.html").write_text(render_html(result, lang), encoding="utf-8")


def _exit_for(results) -> None:
    if not results:
        click.echo("convgrade: no submission found", err=True)
        sys.exit(2)
    if any(r.status == "grader_error" for _, r in results):
        sys.exit(1)
