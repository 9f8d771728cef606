"""The main job on the bundled examples: what `convgrade demo` runs, as a transcript.

Each step is a real `convgrade` command line, printed before it runs, so the demo doubles as a
tour of the tool: release the stubs and the student bundle, grade the reference solutions
(they must score full marks: torch agrees with them), grade the sample submissions of every
assignment, show a student's `check`, and make a sample quiz for the bundled roster.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from autograder.assignments import ASSIGNMENTS, REPO_ROOT

Runner = Callable[[list[str]], int]


@dataclass
class DemoStep:
    title: str
    args: list[str]
    verify: Callable[[], str | None] | None = None   # returns a problem, or None when all is well
    expect: int = 0                                   # exit status that means the step went right


@dataclass
class DemoReport:
    problems: list[str] = field(default_factory=list)
    steps_run: int = 0


def demo_steps(out: Path, common: list[str]) -> list[DemoStep]:
    """The demo as data: one DemoStep per command line."""
    examples = REPO_ROOT / "examples"
    solutions_json = out / "solutions.json"
    steps = [
        DemoStep("Instructor: release the stubs and notebooks from the reference solutions",
                 ["release", "--out", str(out / "assignments")]),
        DemoStep("Instructor: the student bundle (no hidden tests, no solutions inside)",
                 ["release", "--bundle", str(out / "student-bundle.zip")]),
        DemoStep("Check: every reference solution scores full marks against torch",
                 ["grade", *[str(a.solution_path()) for a in ASSIGNMENTS.values()],
                  "--json", str(solutions_json), *common],
                 verify=lambda: _full_marks(solutions_json)),
    ]
    for name in ASSIGNMENTS:
        steps.append(DemoStep(
            f"TA: grade the sample submissions of {name}",
            ["grade", str(examples / "submissions" / name), "--assignment", name,
             "--out", str(out / "graded" / name), *common]))
    steps += [
        DemoStep("Student: check a buggy conv2d against the public tests",
                 ["check", str(examples / "submissions" / "a2_conv2d" / "buggy_flipped_kernel_conv2d.py"),
                  *common], expect=1),       # exit 1: a test failed, as it should
        DemoStep("Instructor: a quiz for the bundled roster, in every format",
                 ["quiz", "make", "--seed", "2026", "--roster", str(examples / "rosters" / "roster.csv"),
                  "--format", "all", "--out", str(out / "quiz")]),
    ]
    return steps


def run_demo(out: Path, run: Runner, echo: Callable[[str], None], sandbox: str = "auto") -> DemoReport:
    """Run every demo step through ``run`` (the CLI); collect problems instead of stopping."""
    out.mkdir(parents=True, exist_ok=True)
    report = DemoReport()
    for step in demo_steps(out, ["--sandbox", sandbox]):
        echo(f"\n== {step.title}\n$ convgrade {' '.join(step.args)}")
        code = run(step.args)
        report.steps_run += 1
        if code != step.expect:
            report.problems.append(f"`convgrade {step.args[0]}` exited with status {code}, "
                                   f"not {step.expect}")
        elif step.verify is not None and (problem := step.verify()):
            report.problems.append(problem)
    return report


def _full_marks(results_json: Path) -> str | None:
    try:
        entries = json.loads(results_json.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return f"could not read {results_json}: {exc}"
    if isinstance(entries, dict):
        entries = [{"submission": results_json.stem, "result": entries}]
    short = [f"{e['submission']}: {e['result']['score']}/{e['result']['max_score']}"
             for e in entries if e["result"]["score"] < e["result"]["max_score"]]
    return "reference solutions below full marks: " + "; ".join(short) if short else None
