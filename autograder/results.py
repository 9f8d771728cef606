"""Plain result records of a grading run; rendering lives in ``autograder.reports``.

A crash is a result too: every way a submission can fail ends in a ``GradingResult`` whose
tests score 0 with a reason, never in a traceback in place of a grade.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["passed", "failed"]

# GradingResult.status values (SPEC: extra_data.status)
GRADED = "graded"                  # every test ran
PARTIAL = "partial"                # some tests could not run (missing function, worker died, ...)
FAILED_TO_LOAD = "failed_to_load"  # the module did not load at all: syntax error, import refused, ...
TIMEOUT = "timeout"                # loading the module ran past its time limit
NO_SUBMISSION = "no_submission"    # nothing gradable was found (empty folder, wrong files)
GRADER_ERROR = "grader_error"      # the grader itself failed on this submission


@dataclass
class Attachment:
    """A picture or table that goes with a test's feedback (error map PNG, smallest case)."""

    kind: Literal["png", "text"]
    title: str
    data: bytes | str


@dataclass
class TestResult:
    """One graded test: Gradescope's per-test object plus what the reports need."""

    name: str
    function: str                     # the student function it grades (tag function:<name>)
    max_score: float
    score: float = 0.0
    status: Status = "failed"
    output: str = ""                  # student-facing text; already safe for hidden tests
    hidden: bool = False              # from the hidden suite
    visibility: str = "visible"       # Gradescope: visible / hidden / after_due_date / after_published
    misconceptions: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)   # extra tags beyond function:/misconception:
    number: str = ""
    group: str = ""                   # the policy's test group (defaults to the function name)
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def all_tags(self) -> list[str]:
        tags = [f"function:{self.function}"]
        tags += [f"misconception:{m}" for m in self.misconceptions]
        tags += [t for t in self.tags if t not in tags]
        return tags


@dataclass
class Adjustment:
    """One step from the tests' score to the final score, with the reason the student is shown."""

    kind: str                         # "late" | "override_total" | "override_test" | "override_group"
    before: float                     # the score before this step (of the total, test or group)
    after: float                      # ... and after it
    reason: str = ""                  # the course staff's words (overrides)
    target: str = ""                  # the test or group an override set
    late_days: int = 0                # late: started days after the deadline (grace included)
    percent: float = 0.0              # late: percent deducted


@dataclass
class FinalScore:
    """The score under the course policy: the tests' score, each change with its reason, the final."""

    tests_score: float                # sum of the tests under the policy's points, before any change
    max_score: float
    final: float
    adjustments: list[Adjustment] = field(default_factory=list)
    submitted_at: str = ""            # ISO 8601, "" when no trusted record gives it
    time_source: str = ""             # where submitted_at came from ("" = unknown)
    deadline: str = ""                # ISO 8601, "" when the policy has none


@dataclass
class GradingResult:
    """Everything known about grading one submission."""

    submission: str
    assignment: str
    status: str = GRADED
    tests: list[TestResult] = field(default_factory=list)
    execution_time: float = 0.0
    output: str = ""                  # top-level message for the student
    suite_version: str = ""
    grader_version: str = ""
    sandbox: str = ""                 # which sandbox ran the student's code (bwrap / none)
    reason: str = ""                  # plain-words reason when status is not "graded"
    extra: dict = field(default_factory=dict)
    final: FinalScore | None = None   # set once the course policy is applied (batch)

    @classmethod
    def failed(cls, submission: str, assignment: str, status: str, reason: str, output: str = "",
               **fields) -> "GradingResult":
        """The one way to make a result for a submission that could not be graded: no tests (the
        gradebook shows 0), ``status`` says which way it failed, ``reason`` why, in plain words;
        ``output`` is what the student reads (the reason as a sentence, when not given)."""
        from autograder import __version__

        fields.setdefault("grader_version", __version__)
        return cls(submission=submission, assignment=assignment, status=status, reason=reason,
                   output=output or (reason[:1].upper() + reason[1:].rstrip(".") + "."), **fields)

    @property
    def score(self) -> float:
        """The tests' score (before late penalties and total overrides)."""
        return round(sum(t.score for t in self.tests), 6)

    @property
    def final_score(self) -> float:
        """The one score shown everywhere: the policy's final score, else the tests' score."""
        return self.final.final if self.final is not None else self.score

    @property
    def max_score(self) -> float:
        return round(sum(t.max_score for t in self.tests), 6)

    def misconception_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for t in self.tests:
            for m in t.misconceptions:
                counts[m] = counts.get(m, 0) + 1
        return counts
