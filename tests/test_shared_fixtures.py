"""The shared fixtures of conftest.py give what they promise: the sandbox CONVGRADE_SANDBOX names,
marker-free solutions, stubs whose every SPEC function raises, and deadlines never below the
idle bound."""
from __future__ import annotations

import ast

import pytest

from autograder.assignments import ASSIGNMENTS
from support import demanded_sandbox


def test_the_sandbox_is_the_one_demanded(sandbox_kind):
    if demanded_sandbox() in ("bwrap", "none"):
        assert sandbox_kind.name == demanded_sandbox()
    else:
        assert sandbox_kind.name in ("bwrap", "none")


def _raises_not_implemented(function: ast.FunctionDef) -> bool:
    return any(isinstance(node, ast.Raise) and "NotImplementedError" in ast.unparse(node)
               for node in ast.walk(function))


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_solution_and_stub_sources(assignment, solution_source, stub_source):
    solution, stub = solution_source(assignment), stub_source(assignment)
    assert "### BEGIN SOLUTION" not in solution and "### END SOLUTION" not in solution
    functions = {n.name: n for n in ast.parse(solution).body if isinstance(n, ast.FunctionDef)}
    stubbed = {n.name: n for n in ast.parse(stub).body if isinstance(n, ast.FunctionDef)}
    for name in ASSIGNMENTS[assignment].functions:
        assert not _raises_not_implemented(functions[name]), name
        assert _raises_not_implemented(stubbed[name]), name


def test_deadlines_scale_with_the_measured_speed(deadline, machine_speed):
    assert machine_speed >= 1.0
    assert deadline(10) == pytest.approx(10 * machine_speed)
