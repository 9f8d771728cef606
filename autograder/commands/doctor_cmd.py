"""`convgrade doctor`: which sandbox this machine gives, and why."""
from __future__ import annotations

import click


@click.command("doctor")
@click.option("--no-live", is_flag=True, help="Do not start a worker to check the sandbox.")
def doctor(no_live: bool) -> None:
    """Say which sandbox this machine gives student code, why, and what each protection does."""
    from autograder.sandbox import doctor_report

    r = doctor_report(live=not no_live)
    click.echo(f"sandbox: {r.kind}  ({r.reason})")
    if r.bwrap_path:
        click.echo(f"bwrap: {r.bwrap_path}, {r.bwrap_version}; "
                   + ("usable" if r.bwrap_usable else f"not usable: {r.bwrap_problem}"))
    else:
        click.echo(f"bwrap: not found ({r.bwrap_problem})")
    click.echo(f"running as root: {'yes' if r.running_as_root else 'no'}")
    click.echo(f"identity: {r.uid_drop}")
    click.echo("protections:")
    for p in r.protections:
        click.echo(f"  [{'on ' if p.active else 'off'}] {p.name}: {p.what}")
    if r.live:
        click.echo(f"live check: {r.live}")
    for note in r.notes:
        click.echo(f"note: {note}")
