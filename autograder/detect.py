"""Which assignment does a submission's code belong to? Read from its top-level ``def`` names.

The code is parsed (``ast``), never run, so this is safe on hostile input; a chunk that does not
parse (a syntax error, a cell of IPython magic) contributes nothing.

    >>> defined_functions(["def conv2d(x, w):\\n    pass\\n"])
    {'conv2d'}
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Iterable

from autograder.assignments import ASSIGNMENTS

_MAX_SOURCE = 4 << 20     # characters parsed in all; beyond that the guess is not worth the time


def defined_functions(sources: Iterable[str]) -> set[str]:
    """Names of the functions defined at the top level of the given code chunks."""
    names: set[str] = set()
    budget = _MAX_SOURCE
    for source in sources:
        budget -= len(source)
        if budget < 0:
            break
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        names |= {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return names


@dataclass(frozen=True)
class Mismatch:
    """The code defines none of ``expected``'s functions but some of ``found``'s."""

    expected: str            # the assignment it was graded as
    found: str               # the assignment whose functions it defines
    functions: tuple[str, ...]


def wrong_assignment(sources: Iterable[str], assignment: str) -> Mismatch | None:
    """A Mismatch when the code defines no function of ``assignment`` and at least one of another.

    A stub that defines nothing yet, or a file with unrelated helpers only, is not a mismatch:
    grading it gives the usual "function missing" feedback.
    """
    defined = defined_functions(sources)
    if defined & set(ASSIGNMENTS[assignment].functions):
        return None
    best, hits = None, ()
    for other in ASSIGNMENTS.values():
        if other.name == assignment:
            continue
        common = tuple(f for f in other.functions if f in defined)
        if len(common) > len(hits):
            best, hits = other.name, common
    return Mismatch(assignment, best, hits) if best else None
