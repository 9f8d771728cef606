"""What many test files share, as plain functions and constants: the test limits, the solution and
stub of each assignment, and the sandbox this run demands. The fixtures built on them live in
``conftest.py``; module-level code (parametrize lists, marks) imports them from here.

CONVGRADE_SANDBOX=bwrap (what CI sets) makes every test that grades demand bubblewrap: where it is
missing or unusable those tests FAIL; they never fall back to resource limits unnoticed.
"""
from __future__ import annotations

import functools
import os

import pytest

from autograder.assignments import get_assignment
from autograder.release.markers import strip_markers
from autograder.release.stubs import make_stub
from autograder.sandbox import Limits, SandboxUnavailable, resolve_sandbox
from autograder.sandbox.resolve import SandboxKind

# Short deadlines, so that a looping or sleeping submission costs seconds, with room for a busy
# machine: a file that needs other values says so with dataclasses.replace(LIMITS, ...).
LIMITS = Limits(call_timeout=3.0, load_timeout=5.0, cpu_seconds=60)

# For tests that only bubblewrap can contain: skipped where it is unusable, unless
# CONVGRADE_SANDBOX=bwrap demands it (then they fail; see the bwrap_kind fixture).
needs_bwrap = pytest.mark.usefixtures("bwrap_kind")


def solution_source(assignment: str) -> str:
    """The reference solution with nbgrader's markers removed: a correct student module."""
    a = get_assignment(assignment)
    return strip_markers(a.solution_path().read_text(encoding="utf-8"), a.solution_path())


def stub_source(assignment: str) -> str:
    """The stub students receive: every solution region replaced by ``raise NotImplementedError``."""
    a = get_assignment(assignment)
    return make_stub(a.solution_path().read_text(encoding="utf-8"), a.solution_path())


def demanded_sandbox() -> str:
    """The sandbox this run asks for: $CONVGRADE_SANDBOX ("auto", "bwrap" or "none"), else auto."""
    return os.environ.get("CONVGRADE_SANDBOX", "auto")


@functools.lru_cache(maxsize=None)
def bwrap_probe() -> tuple[SandboxKind | None, str]:
    """(the bwrap sandbox, "") where bubblewrap works here, else (None, why not); probed once
    per test process (a probe starts a real bwrap)."""
    try:
        return resolve_sandbox("bwrap"), ""
    except SandboxUnavailable as exc:
        return None, str(exc)
