"""`convgrade similarity`: which submissions share long stretches of code (evidence to review)."""
from __future__ import annotations

from pathlib import Path

import click

from autograder.commands.options import assignment_option


@click.command("similarity")
@click.argument("submissions", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@assignment_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Write OUT/similarity.json and OUT/similarity.html.")
@click.option("--boilerplate", "boilerplate", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="More given code to ignore (.py or .ipynb), besides the assignment's stub, "
                   "notebooks and reference solution. Repeatable.")
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
              help="Pairs shown side by side in the HTML report.")
def similarity(submissions: tuple[Path, ...], assignment: str | None, out: Path,
               boilerplate: tuple[Path, ...], top: int) -> None:
    """Compare every pair of SUBMISSION... and report the most similar, for a person to review.

    \b
    Submissions are read as `grade` reads them (files, notebooks, folders, zips, LMS downloads);
    notebooks compare their solution cells. The stub, the notebooks and the reference solution are
    removed as given code; names, literals, comments, formatting and function order are ignored.
    The report is evidence for a person to review, never a verdict or a grade.
    """
    from autograder.assignments import UnknownAssignment, get_assignment
    from autograder.similarity import run_similarity, write_report
    from autograder.submission import load_submissions

    try:
        name = get_assignment(assignment).name if assignment else None
    except UnknownAssignment as exc:
        raise click.UsageError(str(exc)) from None
    subs = [s for p in submissions for s in load_submissions(p, name)]
    if name is None:
        found = sorted({s.assignment for s in subs if s.assignment})
        if len(found) != 1:
            raise click.UsageError("cannot tell the assignment from the file names"
                                   + (f" (found {', '.join(found)})" if found else "")
                                   + "; give --assignment")
        name = found[0]
    report = run_similarity(subs, name, extra_boilerplate=list(boilerplate))
    json_path, html_path = write_report(report, out, top=top)
    best = report.pairs[0] if report.pairs else None
    click.echo(f"{len(report.entries)} submissions compared, {len(report.pairs)} pairs"
               + (f"; highest score {best.score:.2f}" if best else "")
               + (f"; {len(report.skipped)} not compared (see the report)" if report.skipped else ""))
    click.echo(f"wrote {json_path} and {html_path}")
