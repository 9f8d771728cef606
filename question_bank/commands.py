"""Placeholder: replaced by the module that implements `convgrade quiz`."""
import click


@click.group("quiz")
def quiz() -> None:
    """Randomized, torch-verified quizzes on the shape formulas."""
