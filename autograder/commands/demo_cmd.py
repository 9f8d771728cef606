"""`convgrade demo`: the main job on the bundled examples."""
from __future__ import annotations

from pathlib import Path

import click

from autograder.commands.options import sandbox_option


@click.command("demo")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("demo-out"),
              show_default=True, help="Where the demo writes everything.")
@sandbox_option
@click.pass_context
def demo(ctx: click.Context, out: Path, sandbox: str) -> None:
    """Release the stubs, grade the sample submissions, make a sample quiz.

    Prints every command it runs, so you can run each one yourself afterwards.
    """
    from autograder.demo import run_demo

    root = ctx.find_root().command

    def run(args: list[str]) -> int:
        try:
            root.main(args, prog_name="convgrade", standalone_mode=False)
        except click.ClickException as exc:
            exc.show()
            return exc.exit_code
        except SystemExit as exc:
            return int(exc.code or 0)
        return 0

    report = run_demo(out, run, click.echo, sandbox=sandbox)
    if report.problems:
        click.echo(f"\ndemo: {len(report.problems)} problem(s):", err=True)
        for problem in report.problems:
            click.echo(f"  - {problem}", err=True)
        raise SystemExit(1)
    click.echo(f"\ndemo: all {report.steps_run} steps done; see {out}/ "
               f"(graded/*/summary.html, graded/*/feedback/, quiz/)")
