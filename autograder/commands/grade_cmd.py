"""`convgrade check` (a student's public tests) and `convgrade grade` (a TA's hidden suites)."""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import click

from autograder.commands.options import (assignment_option, device_option, resolve_lang, sandbox_option,
                                         student_lang_option)
from autograder.sandbox.records import Limits


@click.command("check")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@assignment_option
@student_lang_option
@sandbox_option
def check(path: Path, assignment: str | None, lang: str | None, sandbox: str) -> None:
    """Run the public tests on your PATH (.py, .ipynb, folder or zip) and show what failed.

    \b
    Exit status: 0 every test passed; 1 a test failed or the work could not be graded;
    2 a usage error (a wrong option, a file of another assignment).
    """
    from autograder.engine import GradeOptions
    from autograder.reports.console import final_line, render_console

    lang = resolve_lang(lang, [path])
    assignment = _known_assignment([path], assignment)
    _refuse_other_assignment([path], assignment, lang)
    results = _run([path], assignment, GradeOptions(visibility="public", lang=lang, sandbox=sandbox))
    for _, result in results:
        render_console(result, lang)
    for name, result in results:
        click.echo(final_line(name, result, lang, public=True))
    _exit_for(results, single=True)


@click.command("grade")
@click.argument("submissions", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@assignment_option
@click.option("--json", "json_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write results.json (one object; a list of {submission, result} for several).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Grader processes working side by side (each serves many submissions).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write OUT/results/, OUT/feedback/, OUT/gradebook.csv and OUT/summary.html; "
                   "journaled, so a re-run resumes where a killed run stopped.")
@click.option("--gradebook", type=click.Choice(["plain", "canvas", "moodle"]), default="plain",
              show_default=True, help="Columns of OUT/gradebook.csv: plain, or what Canvas / Moodle import.")
@click.option("--policy", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Course policy (TOML): points and visibility per group, deadline, late policy.")
@click.option("--overrides", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Manual score overrides (TOML, each with a reason); default OUT/overrides.toml.")
@click.option("--regrade", is_flag=True, help="Grade everything again, even what the journal holds.")
@click.option("--call-timeout", type=click.FloatRange(min=0.1), default=Limits.call_timeout,
              show_default=True, help="Wall-clock seconds per call of a student function.")
@click.option("--load-timeout", type=click.FloatRange(min=0.1), default=Limits.load_timeout,
              show_default=True, help="Wall-clock seconds to import a submission.")
@click.option("--memory-mb", type=click.IntRange(min=128), default=Limits.memory_bytes >> 20,
              show_default=True, help="Address-space limit of the student's worker, in MiB.")
@click.option("--submission-timeout", type=click.FloatRange(min=1), default=600.0, show_default=True,
              help="Wall-clock seconds for one whole submission in a batch.")
@click.option("--visibility", type=click.Choice(["all", "public"]), default="all", hidden=True,
              help="Which suites run (public: what `check` runs).")
@click.option("--progress/--no-progress", default=None,
              help="A progress bar on stderr (default: when stderr is a terminal).")
@device_option
@student_lang_option
@sandbox_option
def grade(submissions: tuple[Path, ...], assignment: str | None, json_file: Path | None, workers: int,
          out: Path | None, gradebook: str, policy: Path | None, overrides: Path | None, regrade: bool,
          call_timeout: float, load_timeout: float, memory_mb: int, submission_timeout: float,
          visibility: str, progress: bool | None, device: str, lang: str | None, sandbox: str) -> None:
    """Grade SUBMISSION... with the public and hidden tests.

    \b
    A SUBMISSION is a .py file, a notebook, a folder or a zip; a folder of many is a batch
    (nbgrader's submitted/<student>/<assignment>/, Canvas and Gradescope downloads included).

    \b
    Exit status, one submission without --out: 0 every test passed, 1 a test failed or it could
    not be graded. A batch (--out, or several): 0 when grading ran, 1 when the grader failed.
    2 for a usage error either way.
    """
    from autograder.batch import BatchOptions
    from autograder.engine import GradeOptions
    from autograder.reports.gradescope import to_results_json

    lang = resolve_lang(lang, submissions)
    assignment = _known_assignment(list(submissions), assignment)
    _refuse_other_assignment(list(submissions), assignment, lang)
    _check_device(device)
    limits = Limits(call_timeout=call_timeout, load_timeout=load_timeout, memory_bytes=memory_mb << 20)
    options = GradeOptions(visibility=visibility, lang=lang, device=device, sandbox=sandbox, limits=limits)
    summary: list[str] = []
    if out is None and workers == 1:      # in this process: no journal, no extra grader process
        results = _run(list(submissions), assignment, options)
    else:
        batch = BatchOptions(assignment=assignment, workers=workers, grade=options, gradebook=gradebook,
                             policy=policy, overrides=overrides, regrade=regrade,
                             submission_timeout=submission_timeout,
                             progress=sys.stderr.isatty() if progress is None else progress)
        results, summary = _run_batch(list(submissions), out, batch)
    if json_file is not None:
        if len(results) == 1:
            data = to_results_json(results[0][1])
        else:
            data = [{"submission": name, "result": to_results_json(r)} for name, r in results]
        try:
            json_file.parent.mkdir(parents=True, exist_ok=True)
            json_file.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        except OSError as exc:
            click.echo(f"convgrade: cannot write --json {json_file}: {exc.strerror or exc}", err=True)
            sys.exit(2)
    from autograder.i18n import status_word

    for name, result in results:
        click.echo(f"{name}: {result.score:g} / {result.max_score:g} ({status_word(result.status, lang)})")
    for line in summary:
        click.echo(line)
    _exit_for(results, single=out is None and len(results) == 1)


def _run_batch(paths: list[Path], out: Path | None, options):
    """Grade through the journaled batch (with no --out, into a temporary folder): results, summary."""
    from autograder.assignments import UnknownAssignment
    from autograder.batch import OutputLocked, run_batch
    from autograder.policy import PolicyError
    from autograder.reports.gradescope import from_results_json
    from autograder.sandbox import SandboxUnavailable

    with tempfile.TemporaryDirectory(prefix="convgrade-") as tmp:
        target = out if out is not None else Path(tmp)
        try:
            report = run_batch(paths, target, options)
        except (OutputLocked, PolicyError, UnknownAssignment) as exc:
            raise click.UsageError(str(exc)) from None
        except SandboxUnavailable as exc:
            click.echo(f"convgrade: {exc}", err=True)
            sys.exit(1)
        except OSError as exc:
            click.echo(f"convgrade: could not write under {target}: {exc.strerror or exc}; free some space "
                       "and run the same command again (the journal keeps what was graded)", err=True)
            sys.exit(1)
        results = [(name, from_results_json(json.loads(path.read_text(encoding="utf-8"))))
                   for name, path in report.results]
        return results, (report.lines() if out is not None else [])


def _known_assignment(paths: list[Path], assignment: str | None) -> str | None:
    """The assignment's full name; without --assignment, a usage error when no submission under
    ``paths`` tells its assignment by its file names (the TA most likely forgot the option)."""
    from autograder.assignments import ASSIGNMENTS, UnknownAssignment, get_assignment
    from autograder.submission import load_submissions

    if assignment:
        try:
            return get_assignment(assignment).name
        except UnknownAssignment as exc:
            raise click.UsageError(str(exc)) from None
    if not any(s.assignment for p in paths for s in load_submissions(p)):
        names = ", ".join(str(p) for p in paths[:3]) + (" ..." if len(paths) > 3 else "")
        raise click.UsageError(f"cannot tell which assignment {names} is from its file names; "
                               f"give --assignment ({', '.join(ASSIGNMENTS)})")
    return None


def _run(paths, assignment, options):
    """Grade in this process, one submission after the other (no journal)."""
    from autograder.engine import grade_paths
    from autograder.sandbox import SandboxUnavailable

    try:
        return grade_paths(paths, assignment, options)
    except SandboxUnavailable as exc:
        click.echo(f"convgrade: {exc}", err=True)
        sys.exit(1)


def _refuse_other_assignment(paths: list[Path], assignment: str | None, lang: str) -> None:
    """Exit 2 when the one submission under ``paths`` holds the functions of another assignment."""
    from autograder.detect import wrong_assignment
    from autograder.messages import say
    from autograder.submission import load_submissions

    if len(paths) != 1:
        return
    subs = load_submissions(paths[0], assignment)
    if len(subs) != 1 or not subs[0].ok:
        return
    expected = assignment or subs[0].assignment
    if not expected:
        return
    mismatch = wrong_assignment([c.code for c in subs[0].chunks], expected)
    if mismatch is not None:
        click.echo("convgrade: " + say("wrong_assignment", lang, file=paths[0].name, found=mismatch.found,
                                       expected=expected, functions=", ".join(mismatch.functions)), err=True)
        sys.exit(2)


def _check_device(device: str) -> None:
    """--device cuda on a machine without CUDA is a usage error, not a silent fallback."""
    if device != "cuda":
        return
    try:
        import torch
        available = torch.cuda.is_available()
    except ImportError:
        available = False
    if not available:
        click.echo("convgrade: --device cuda, but torch sees no CUDA device on this machine "
                   "(use --device auto or cpu)", err=True)
        sys.exit(2)


def _exit_for(results, single: bool = False) -> None:
    """Exit status. One submission (``single``): 0 all passed, 1 a test failed or it was not
    graded. A batch: 0 when grading ran, 1 when the grader failed. No submission: 2."""
    from autograder.reports.console import all_passed

    if not results:
        click.echo("convgrade: no submission found", err=True)
        sys.exit(2)
    if any(r.status == "grader_error" for _, r in results):
        sys.exit(1)
    if single and not all(all_passed(r) for _, r in results):
        sys.exit(1)
