"""The command line's defaults are those of the dataclasses that own them.

`grade` reads `Limits` directly; the batch's options (`BatchOptions`) live in a module the command
line does not import at start (it would slow every command), so their defaults are held equal here.
"""
from __future__ import annotations

import dataclasses

from autograder.batch import BatchOptions
from autograder.commands.grade_cmd import grade
from autograder.sandbox.records import Limits


def _defaults(command) -> dict:
    return {p.name: p.default for p in command.params}


def test_grade_defaults_are_the_batch_options_defaults():
    cli = _defaults(grade)
    owned = {f.name: f.default for f in dataclasses.fields(BatchOptions)
             if f.default is not dataclasses.MISSING}
    shared = {"workers", "gradebook", "submission_timeout"}
    assert shared <= set(cli) and shared <= set(owned)
    assert {k: cli[k] for k in shared} == {k: owned[k] for k in shared}


def test_grade_limit_defaults_are_the_sandbox_limits():
    cli = _defaults(grade)
    assert cli["call_timeout"] == Limits.call_timeout
    assert cli["load_timeout"] == Limits.load_timeout
    assert cli["memory_mb"] == Limits.memory_bytes >> 20
