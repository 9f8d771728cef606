"""convgrade's command line: the click group, assembled from one module per command.

``python cli.py ARGS`` and ``convgrade ARGS`` are the same program. Each command parses its
options and calls one package function; heavy imports (torch, nbformat, nbgrader) happen
inside those functions, so ``convgrade --help`` stays fast.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

if __package__ in (None, ""):  # `python cli.py` from a checkout: make the packages importable
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from autograder import __version__  # noqa: E402
from autograder.commands.demo_cmd import demo  # noqa: E402
from autograder.commands.doctor_cmd import doctor  # noqa: E402
from autograder.commands.export_cmd import export  # noqa: E402
from autograder.commands.grade_cmd import check, grade  # noqa: E402
from autograder.commands.release_cmd import release  # noqa: E402
from autograder.commands.worker_cmd import worker  # noqa: E402
from autograder.commands.similarity_cmd import similarity  # noqa: E402
from autograder.commands.serve_cmd import serve  # noqa: E402
from autograder.commands.submit_cmd import submit  # noqa: E402
from question_bank.commands import quiz  # noqa: E402


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="convgrade")
def cli() -> None:
    """convgrade: assignments, an autograder and quizzes for teaching convolution layers.

    \b
    Students:     convgrade check conv2d.py
    TAs:          convgrade grade submissions/ --assignment a2_conv2d --out graded/
    Instructors:  convgrade release; convgrade export gradescope ...; convgrade quiz make ...
    """


for command in (check, grade, release, export, quiz, doctor, demo, worker):
    cli.add_command(command)
cli.add_command(similarity)
cli.add_command(serve)
cli.add_command(submit)


def main() -> None:
    cli(prog_name="convgrade")


if __name__ == "__main__":
    main()
