"""Fixtures every test may use: the sandbox this run demands, grading sessions on the CPU, the
solution and stub of each assignment, and deadlines scaled to this machine's speed.

CONVGRADE_SANDBOX=bwrap (what CI sets) is honoured by every test that takes ``sandbox_kind``,
``bwrap_kind`` or ``grading_session``: a missing or unusable bubblewrap FAILS them. Without the
variable they take what ``auto`` gives, and the tests only bwrap can contain are skipped.
Plain functions and constants (``LIMITS``, ``solution_source``...) are in ``support.py``; the
speed measure is in ``speed.py``.
"""
from __future__ import annotations

import pytest

import speed
import support


@pytest.fixture(scope="session")
def sandbox_kind():
    """The sandbox of this run (resolved once); with CONVGRADE_SANDBOX=bwrap a missing bwrap fails."""
    from autograder.sandbox import SandboxUnavailable, resolve_sandbox

    mode = support.demanded_sandbox()
    if mode == "bwrap":
        kind, why = support.bwrap_probe()
        if kind is None:
            pytest.fail(f"CONVGRADE_SANDBOX=bwrap but the sandbox is unavailable: {why}", pytrace=False)
        return kind
    try:
        return resolve_sandbox(mode)
    except (SandboxUnavailable, ValueError) as exc:
        pytest.fail(f"CONVGRADE_SANDBOX={mode}: {exc}", pytrace=False)


@pytest.fixture(scope="session")
def bwrap_kind():
    """The bwrap sandbox, for tests only it can contain: skipped where bubblewrap is unusable,
    a failure where CONVGRADE_SANDBOX=bwrap demands it."""
    kind, why = support.bwrap_probe()
    if kind is None:
        if support.demanded_sandbox() == "bwrap":
            pytest.fail(f"CONVGRADE_SANDBOX=bwrap but the sandbox is unavailable: {why}", pytrace=False)
        pytest.skip(f"bubblewrap is not usable here: {why}")
    return kind


@pytest.fixture(scope="session")
def grading_session(sandbox_kind):
    """A factory of GradingSessions pinned to the CPU, in this run's sandbox, with the test LIMITS:
    ``with grading_session(visibility="public", lang="zh") as s:``. Each costs seconds (torch,
    the references, a worker): make one per module (a module-scoped fixture), not per test."""
    from autograder.engine import GradeOptions, GradingSession

    def make(**options) -> GradingSession:
        options.setdefault("visibility", "all")
        options.setdefault("sandbox", sandbox_kind)
        options.setdefault("limits", support.LIMITS)
        return GradingSession(GradeOptions(device="cpu", **options))

    return make


@pytest.fixture(scope="session")
def limits():
    """The shared test limits (short deadlines; see support.LIMITS)."""
    return support.LIMITS


@pytest.fixture(scope="session")
def solution_source():
    """``solution_source(assignment)``: the reference solution without nbgrader's markers."""
    return support.solution_source


@pytest.fixture(scope="session")
def stub_source():
    """``stub_source(assignment)``: the stub students receive (solution regions raise)."""
    return support.stub_source


@pytest.fixture(scope="session")
def machine_speed() -> float:
    """How many times slower than idle this machine runs now (at least 1; measured once)."""
    return speed.slowdown()


@pytest.fixture(scope="session")
def deadline(machine_speed):
    """``deadline(seconds)``: a wall-clock bound an idle machine meets, scaled to this one."""
    return speed.deadline
