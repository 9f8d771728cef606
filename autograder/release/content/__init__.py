"""Teaching content per assignment, in English and Chinese: one module per assignment.

Each module defines ``LESSON``: the sections that teach the topic, and for every function the
text that says what to implement plus the public test cell that checks it against torch.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field

LANGS = ("en", "zh")


@dataclass(frozen=True)
class FunctionLesson:
    """What the student implements in one function, and the notebook's public check of it."""

    name: str
    text: dict[str, str]          # markdown per language
    test: str                     # code of the test cell, without its closing print
    checks: int                   # how many assertions the test makes (and its points)


@dataclass(frozen=True)
class Lesson:
    assignment: str
    title: dict[str, str]
    summary: dict[str, str]                    # one paragraph: what this assignment is about
    sections: tuple[dict[str, str], ...]       # teaching markdown, one cell each
    functions: tuple[FunctionLesson, ...]
    helpers: dict[str, dict[str, str]] = field(default_factory=dict)  # text above a helper cell
    stub_notes: dict[str, str] = field(default_factory=dict)  # extra placeholder line per function

    def function(self, name: str) -> FunctionLesson | None:
        return next((f for f in self.functions if f.name == name), None)


def get_lesson(assignment: str) -> Lesson:
    """The lesson of one assignment (``a2_conv2d`` → ``content/a2_conv2d.py``)."""
    return importlib.import_module(f"{__name__}.{assignment}").LESSON
