"""`convgrade check` (a student's public tests) and `convgrade grade` (a TA's hidden suites)."""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import click

from autograder.commands.options import (assignment_option, device_option, resolve_lang, sandbox_option,
                                         student_lang_option)
from autograder.safe_text import safe_name
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
    _note_unforeseen(lang)
    for name, result in results:
        click.echo(final_line(name, result, lang, public=True))
    _exit_for(results, single=True)


_UNFORESEEN = {
    "en": ("Note: this check wanted {n} comparison(s) with PyTorch that were not computed when your "
           "bundle was made (the student edition has no torch). Pass or fail above is exact; a "
           "smallest failing case or a named mistake may be missing here where the grader shows one."),
    "zh": ("注意：这次检查有 {n} 处需要和 PyTorch 对比的结果在制作学生包时没有预先算好（学生版不带 torch）。"
           "上面的通过与失败是准确的；但这里可能缺少最小失败用例或错误名称，正式评分时会给出。"),
}


def _note_unforeseen(lang: str) -> None:
    """Student edition: say so when a comparison was not precomputed, instead of guessing."""
    from autograder.reference import replay_misses
    from autograder.texts import pick

    misses = replay_misses()
    if misses:
        click.echo(pick(_UNFORESEEN, lang).format(n=misses))


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
@click.option("--times", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="CSV of submission times (columns student, submitted_at) for the late policy; "
                   "wins over the LMS metadata beside the submissions.")
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
@click.option("--scheduler", envvar="CONVGRADE_SCHEDULER", default=None, metavar="tcp://HOST:PORT",
              help="Grade on the Dask cluster of this scheduler (workers run `convgrade worker`); "
                   "also CONVGRADE_SCHEDULER. Default: local grader processes.")
@click.option("--similarity", is_flag=True,
              help="With --out: also write OUT/similarity.json and .html (pairs of submissions whose code "
                   "looks copied, evidence for a person to review) and a section in OUT/summary.html.")
@click.option("--progress/--no-progress", default=None,
              help="A progress bar on stderr (default: a bar when stderr is a terminal, else one line "
                   "per finished submission).")
@device_option
@student_lang_option
@sandbox_option
def grade(submissions: tuple[Path, ...], assignment: str | None, json_file: Path | None, workers: int,
          out: Path | None, gradebook: str, policy: Path | None, overrides: Path | None, times: Path | None,
          regrade: bool,
          call_timeout: float, load_timeout: float, memory_mb: int, submission_timeout: float,
          visibility: str, scheduler: str | None, similarity: bool, progress: bool | None, device: str,
          lang: str | None, sandbox: str) -> None:
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

    if similarity and out is None:
        raise click.UsageError("--similarity writes its report under OUT: give --out")
    lang = resolve_lang(lang, submissions)
    assignment = _known_assignment(list(submissions), assignment)
    _refuse_other_assignment(list(submissions), assignment, lang)
    _check_device(device)
    limits = Limits(call_timeout=call_timeout, load_timeout=load_timeout, memory_bytes=memory_mb << 20)
    options = GradeOptions(visibility=visibility, lang=lang, device=device, sandbox=sandbox, limits=limits)
    summary: list[str] = []
    if out is None and workers == 1 and not (policy or overrides or times or scheduler):
        results = _run(list(submissions), assignment, options)   # in this process: no journal
    else:
        if progress is None:
            progress = "bar" if sys.stderr.isatty() else "lines"
        batch = BatchOptions(assignment=assignment, workers=workers, grade=options, gradebook=gradebook,
                             policy=policy, overrides=overrides, times=times, regrade=regrade,
                             submission_timeout=submission_timeout, progress=progress,
                             scheduler=scheduler, similarity=similarity)
        results, summary = _run_batch(list(submissions), out, batch)
    if json_file is not None:
        if len(results) == 1:
            data = to_results_json(results[0][1])
        else:
            data = [{"submission": name, "result": to_results_json(r)} for name, r in results]
        try:
            json_file.parent.mkdir(parents=True, exist_ok=True)
            json_file.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8",
                                 errors="backslashreplace")
        except OSError as exc:
            click.echo(f"convgrade: cannot write --json {json_file}: {exc.strerror or exc}", err=True)
            sys.exit(2)
    from autograder.i18n import status_word

    for name, result in results:          # the final score: the same as results/, gradebook, feedback
        click.echo(f"{safe_name(name)}: {result.final_score:g} / {result.max_score:g} "
                   f"({status_word(result.status, lang)})")
    for line in summary:
        click.echo(line)
    _exit_for(results, single=out is None and len(results) == 1)


def _run_batch(paths: list[Path], out: Path | None, options):
    """Grade through the journaled batch (with no --out, into a temporary folder): results, summary."""
    from autograder.assignments import UnknownAssignment
    from autograder.batch import BatchInterrupted, OutputLocked, TimesError, run_batch
    from autograder.cluster.executor import ClusterUnavailable
    from autograder.policy import PolicyError
    from autograder.reports.gradescope import from_results_json
    from autograder.sandbox import SandboxUnavailable

    with tempfile.TemporaryDirectory(prefix="convgrade-") as tmp:
        target = out if out is not None else Path(tmp)
        try:
            report = run_batch(paths, target, options)
        except (OutputLocked, PolicyError, TimesError, UnknownAssignment) as exc:
            raise click.UsageError(str(exc)) from None
        except BatchInterrupted as exc:
            _interrupted(exc, kept=out is not None)
        except ClusterUnavailable as exc:
            click.echo(f"convgrade: {exc}", err=True)
            sys.exit(2)
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


def _interrupted(exc, kept: bool) -> None:
    """Ctrl-C in a batch: say what was saved and the command that resumes; exit 130."""
    say = lambda text: click.echo(text, err=True)  # noqa: E731
    if not exc.total:
        say("convgrade: interrupted before grading started; nothing was graded.")
        sys.exit(130)
    if not kept:
        say(f"convgrade: interrupted; {exc.saved} of {exc.total} submissions were graded, but without "
            "--out nothing is kept. Give --out DIR to keep graded work and resume later.")
        sys.exit(130)
    say(f"convgrade: interrupted. Saved: {exc.saved} of {exc.total} submissions, in {exc.out / 'journal.jsonl'} "
        f"(their results in {exc.out / 'results'}, feedback in {exc.out / 'feedback'}). The gradebook and "
        "summary are written when the batch completes.")
    say(f"Resume (grades only what is missing): {resume_command()}")
    sys.exit(130)


def resume_command(argv: list[str] | None = None) -> str:
    """The command line that was run, as the TA typed it, without --regrade (a resume keeps the
    journal's grades)."""
    import os
    import shlex

    argv = list(sys.argv if argv is None else argv)
    prog = os.path.basename(argv[0]) if argv else "convgrade"
    head = ["convgrade"] if prog in ("convgrade", "__main__.py") else ["python", argv[0]]
    return shlex.join(head + [a for a in argv[1:] if a != "--regrade"])


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
    from autograder.batch import grade_paths
    from autograder.sandbox import SandboxUnavailable

    try:
        return grade_paths(paths, assignment, options)
    except KeyboardInterrupt:
        click.echo("convgrade: interrupted; nothing was kept. Give --out DIR to keep graded work "
                   "and resume later.", err=True)
        sys.exit(130)
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
