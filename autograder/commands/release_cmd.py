"""Placeholder: replaced by the module that implements `convgrade release`."""
import click


@click.command("release")
def release() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")
