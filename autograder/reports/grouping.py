"""Failed tests grouped by mistake, so that each explanation is shown once.

A test's ``output`` carries its diagnosis in full (results.json is per test). Reports show a
diagnosis once, with the tests it explains, and per test only what is particular to it: its
call, inputs, expected and actual values. Tests without a diagnosis that fail for the same
reason (a syntax error, a missing function) form one group with that reason shown once.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from autograder import i18n
from autograder.messages import say
from autograder.results import GradingResult, TestResult


@dataclass
class FailureGroup:
    """Failed tests that share one explanation.

    ``misconception``: the diagnosis id when one explains the tests, else None.
    ``message``: the shared reason when no diagnosis does ("" for a diagnosis group).
    ``details``: per test (same order as ``tests``), the text particular to it.
    """

    misconception: str | None
    message: str
    tests: list[TestResult] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


def explanation_lines(mid: str, lang: str) -> list[str]:
    """The lines of a diagnosis paragraph that are the same for every test it explains."""
    try:
        e = i18n.explain(mid, lang)
    except KeyError:
        return []
    sep = i18n.label("sep", lang)
    return [f"{e.title} [{mid}]", f"{i18n.label('did', lang)}{sep}{e.did}",
            f"{i18n.label('torch', lang)}{sep}{e.torch}", f"{i18n.label('check', lang)}{sep}{e.check}"]


def _case_prefixes(lang: str) -> tuple[str, ...]:
    public = say("case_public", lang, call="\0").split("\0")[0]
    hidden = say("case_hidden", lang, label="\0").split("\0")[0]
    return tuple({public, hidden, say("case_public", "en", call="\0").split("\0")[0],
                  say("case_hidden", "en", label="\0").split("\0")[0]})


def group_failures(result: GradingResult, lang: str = "en") -> list[FailureGroup]:
    """The failed tests of ``result`` in groups, in the order their first test ran."""
    prefixes = _case_prefixes(lang)
    groups: dict[tuple[str, str], FailureGroup] = {}
    for t in result.tests:
        if t.status == "passed":
            continue
        lines = t.output.splitlines()
        if t.misconceptions:
            mid = t.misconceptions[0]
            drop = set(explanation_lines(mid, lang)) | set(explanation_lines(mid, "en"))
            detail = "\n".join(line for line in lines if line not in drop).strip("\n")
            group = groups.setdefault(("m", mid), FailureGroup(mid, ""))
        else:
            head = lines[:1] if lines and lines[0].startswith(prefixes) else []
            reason = "\n".join(lines[len(head):]).strip("\n")
            group = groups.setdefault(("t", reason), FailureGroup(None, reason))
            detail = "\n".join(head)
        group.tests.append(t)
        group.details.append(detail)
    return list(groups.values())


def shared_with_top(group: FailureGroup, result: GradingResult) -> bool:
    """Whether a group's reason is already the submission's own message (a load error)."""
    return bool(group.message) and (group.message in result.output or group.message == result.reason)
