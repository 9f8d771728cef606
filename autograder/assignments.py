"""The four assignments: their module files and the functions SPEC.md fixes for each (from
``autograder.spec``, the one table of those facts)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autograder.spec import ASSIGNMENT_SPECS, functions_of

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Assignment:
    name: str                 # e.g. "a2_conv2d"
    module: str               # e.g. "conv2d" (the student's file is conv2d.py)
    title: str
    functions: tuple[str, ...]

    @property
    def filename(self) -> str:
        return f"{self.module}.py"

    def solution_path(self, root: Path = REPO_ROOT) -> Path:
        return root / "solutions" / self.name / self.filename

    def suite_dir(self) -> Path:
        return Path(__file__).resolve().parent / "suites" / self.name


ASSIGNMENTS: dict[str, Assignment] = {
    a.name: Assignment(a.name, a.module, a.title, functions_of(a.name)) for a in ASSIGNMENT_SPECS
}

MODULE_TO_ASSIGNMENT = {a.module: a.name for a in ASSIGNMENTS.values()}


class UnknownAssignment(ValueError):
    pass


def get_assignment(name: str) -> Assignment:
    """Look an assignment up by its name ("a2_conv2d"), its short name ("a2") or its module ("conv2d")."""
    if name in ASSIGNMENTS:
        return ASSIGNMENTS[name]
    if name in MODULE_TO_ASSIGNMENT:
        return ASSIGNMENTS[MODULE_TO_ASSIGNMENT[name]]
    for a in ASSIGNMENTS.values():
        if a.name.split("_", 1)[0] == name:
            return a
    known = ", ".join(ASSIGNMENTS)
    raise UnknownAssignment(f"unknown assignment {name!r}; known assignments: {known}")
