"""Placeholder: replaced by the module that implements `convgrade doctor`."""
import click


@click.command("doctor")
def doctor() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")
