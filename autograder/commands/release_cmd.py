"""`convgrade release`: stubs and notebooks from solutions/, the solutions zip, the student bundle."""
from __future__ import annotations

from pathlib import Path

import click

from autograder.assignments import REPO_ROOT
from autograder.commands.options import unwritable_is_usage_error


@click.command("release")
@click.option("--solutions-dir", type=click.Path(file_okay=False, path_type=Path),
              default=REPO_ROOT / "solutions", show_default="solutions",
              help="Reference solutions, one folder per assignment.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              default=REPO_ROOT / "assignments", show_default="assignments",
              help="Where the student stubs, notebooks and READMEs go.")
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 when the files under --out are not what release would write.")
@click.option("--solutions", "solutions_zip", type=click.Path(dir_okay=False, path_type=Path),
              default=None, metavar="FILE.zip",
              help="Instead: pack the reference solutions (marker lines removed) for after the deadline.")
@click.option("--bundle", "bundle_zip", type=click.Path(dir_okay=False, path_type=Path),
              default=None, metavar="FILE.zip",
              help="Instead: build the student bundle (stubs, notebooks, public tests, student convgrade).")
def release(solutions_dir: Path, out: Path, check_only: bool, solutions_zip: Path | None,
            bundle_zip: Path | None) -> None:
    """Generate assignments/ from the reference solutions (stubs, en + zh notebooks, READMEs).

    \b
    convgrade release                       regenerate assignments/
    convgrade release --check               is assignments/ in step with solutions/? (CI)
    convgrade release --solutions sol.zip   the solutions handout
    convgrade release --bundle student.zip  the student bundle
    """
    from autograder.release import MarkerError, ReleaseError

    if sum(map(bool, (check_only, solutions_zip, bundle_zip))) > 1:
        raise click.UsageError("use one of --check, --solutions and --bundle at a time")
    try:
        with unwritable_is_usage_error(bundle_zip or solutions_zip or out):
            _run(solutions_dir, out, check_only, solutions_zip, bundle_zip)
    except (MarkerError, ReleaseError) as err:
        raise click.ClickException(str(err)) from err


def _run(solutions_dir: Path, out: Path, check_only: bool, solutions_zip: Path | None,
         bundle_zip: Path | None) -> None:
    from autograder.release import out_of_date, release_files, write_release

    if solutions_zip:
        from autograder.release.solutions_zip import write_solutions_zip
        click.echo(f"wrote {write_solutions_zip(solutions_dir, solutions_zip)}")
        return
    if bundle_zip:
        from autograder.release.bundle import write_bundle
        click.echo(f"wrote {write_bundle(solutions_dir, bundle_zip)}")
        return
    files = release_files(solutions_dir)
    if check_only:
        stale = out_of_date(files, out)
        if stale:
            click.echo(f"{len(stale)} file(s) under {out} are out of date with {solutions_dir}:", err=True)
            for name in stale:
                click.echo(f"  {name}", err=True)
            click.echo("run `convgrade release` to regenerate them", err=True)
            raise SystemExit(1)
        click.echo(f"{out}: {len(files)} files in step with {solutions_dir}")
        return
    changed = write_release(files, out)
    click.echo(f"{out}: {len(files)} files, {len(changed)} written or removed")
