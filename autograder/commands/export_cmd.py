"""`convgrade export`: the Gradescope autograder zip and the nbgrader course directory."""
from __future__ import annotations

from pathlib import Path

import click

from autograder.commands.options import lang_option, unwritable_is_usage_error


def _assignment(value: str) -> str:
    from autograder.assignments import UnknownAssignment, get_assignment

    try:
        return get_assignment(value).name
    except UnknownAssignment as exc:
        raise click.BadParameter(str(exc)) from None


@click.group("export")
def export() -> None:
    """Export to Gradescope (an autograder zip) or nbgrader (a course directory)."""


@export.command("gradescope")
@click.option("--assignment", "-a", required=True, metavar="A", help="a1_shapes .. a4_transposed_conv (short: a1..a4).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("autograder.zip"),
              show_default=True, help="The zip to upload as Gradescope's autograder.")
@click.option("--sandbox", type=click.Choice(["auto", "bwrap", "none"]), default="auto", show_default=True,
              help="Sandbox inside Gradescope's container; 'auto' uses bubblewrap where it runs and "
                   "otherwise a dedicated non-root uid with the source and results folders closed.")
@lang_option
def gradescope(assignment: str, out: Path, sandbox: str, lang: str) -> None:
    """Write the Gradescope autograder zip of one assignment."""
    from autograder.export.gradescope import build_autograder_zip

    with unwritable_is_usage_error(out):
        path = build_autograder_zip(_assignment(assignment), out, sandbox=sandbox, lang=lang)
    click.echo(f"wrote {path} ({path.stat().st_size / (1 << 20):.1f} MB): upload it as the autograder "
               "of a programming assignment (Ubuntu base image)")


@export.command("nbgrader")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The nbgrader course directory to write (source/, nbgrader_config.py).")
@click.option("--assignment", "-a", "assignments", multiple=True, metavar="A",
              help="Assignments to export (repeatable); all four when left out.")
@lang_option
def nbgrader(out: Path, assignments: tuple[str, ...], lang: str) -> None:
    """Write an nbgrader course whose hidden-test cells grade with convgrade's engine."""
    from autograder.assignments import ASSIGNMENTS
    from autograder.export.nbgrader import write_course

    names = [_assignment(a) for a in assignments] or list(ASSIGNMENTS)
    with unwritable_is_usage_error(out):
        written = write_course(out, names, lang=lang)
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"next: cd {out} && nbgrader generate_assignment {names[0]}")
