"""Placeholder: replaced by the module that implements `convgrade check` and `convgrade grade`."""
import click


@click.command("check")
def check() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")


@click.command("grade")
def grade() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")
