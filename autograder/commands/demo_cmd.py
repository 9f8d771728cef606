"""Placeholder: replaced by the module that implements `convgrade demo`."""
import click


@click.command("demo")
def demo() -> None:
    """Not implemented yet."""
    raise click.ClickException("not implemented yet")
