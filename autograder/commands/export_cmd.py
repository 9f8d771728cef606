"""Placeholder: replaced by the module that implements `convgrade export`."""
import click


@click.group("export")
def export() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")
