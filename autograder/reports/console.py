"""The terminal view of a check: one row per function, each mistake explained once, a last line.

Failed tests are grouped (``reports.grouping``): a diagnosis is printed once with the tests it
explains and the details of the first of them; a reason shared by many tests (a syntax error,
a missing function) once, with their names.
"""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from autograder import i18n
from autograder.glossary import display_name
from autograder.messages import say
from autograder.reports.grouping import FailureGroup, group_failures, shared_with_top
from autograder.results import GRADED, GRADER_ERROR, GradingResult
from autograder.texts import text

_T = {
    "title": {"en": "{assignment}: {score:g} / {max:g} points", "zh": "{assignment}：{score:g} / {max:g} 分"},
    "function": {"en": "function", "zh": "函数"},
    "passed": {"en": "passed", "zh": "通过"},
    "failed": {"en": "failed", "zh": "未通过"},
    "points": {"en": "points", "zh": "得分"},
    "why": {"en": "Why tests failed", "zh": "未通过的原因"},
    "all_passed": {"en": "All tests passed.", "zh": "所有测试均已通过。"},
    "status": {"en": "Status: {status}", "zh": "状态：{status}"},
}
MAX_NAMES = 8


def _t(key: str, lang: str, **values: object) -> str:
    return text(_T, key, lang, **values)


def summary_rows(result: GradingResult) -> list[tuple[str, int, int, float, float]]:
    """(function, passed, failed, score, max score) per function, in the order tests ran."""
    rows: dict[str, list[float]] = {}
    for t in result.tests:
        row = rows.setdefault(t.function, [0, 0, 0.0, 0.0])
        row[0 if t.status == "passed" else 1] += 1
        row[2] += t.score
        row[3] += t.max_score
    return [(f, int(r[0]), int(r[1]), r[2], r[3]) for f, r in rows.items()]


def all_passed(result: GradingResult) -> bool:
    """Every test ran and passed (exit status 0 of check and of grade on one submission)."""
    return (result.status == GRADED and bool(result.tests)
            and all(t.status == "passed" for t in result.tests))


def final_line(name: str, result: GradingResult, lang: str = "en", public: bool = False) -> str:
    """The last line of ``check`` / ``grade``: the score, and how many tests passed."""
    scope = say("final_scope_public", lang) if public else ""
    if not result.tests or result.status == GRADER_ERROR:
        return say("final_not_graded", lang, name=name, max=result.max_score, scope=scope,
                   status=i18n.status_word(result.status, lang))
    passed = sum(t.status == "passed" for t in result.tests)
    return say("final_line", lang, name=name, score=result.score, max=result.max_score, scope=scope,
               passed=passed, total=len(result.tests))


def render_console(result: GradingResult, lang: str = "en", console: Console | None = None,
                   max_groups: int = 12) -> None:
    """Print the table, the status and the reasons of the failed tests, grouped by mistake."""
    console = console or Console()
    table = Table(title=_t("title", lang, assignment=result.assignment, score=result.score, max=result.max_score))
    for key in ("function", "passed", "failed", "points"):
        table.add_column(_t(key, lang), justify="left" if key == "function" else "right")
    for function, passed, failed, score, max_score in summary_rows(result):
        style = "green" if failed == 0 else "red"
        table.add_row(function, str(passed), str(failed), f"{score:g} / {max_score:g}", style=style)
    console.print(table)
    if result.status != GRADED:
        console.print(_t("status", lang, status=i18n.status_word(result.status, lang)), markup=False)
    if result.output:
        console.print(result.output, markup=False, highlight=False)
    groups = group_failures(result, lang)
    if not groups:
        if result.tests:
            console.print(_t("all_passed", lang), style="green")
        return
    console.print(_t("why", lang), style="bold")
    for group in groups[:max_groups]:
        for line, style in _group_lines(group, result, lang):
            console.print(line, style=style, markup=False, highlight=False)
    if len(groups) > max_groups:
        rest = sum(len(g.tests) for g in groups[max_groups:])
        console.print(i18n.label("report.more", lang, n=rest), markup=False)


def _group_lines(group: FailureGroup, result: GradingResult, lang: str) -> list[tuple[str, str | None]]:
    n = len(group.tests)
    sep = i18n.label("sep", lang)
    lines: list[tuple[str, str | None]] = []
    if group.misconception:
        try:
            e = i18n.explain(group.misconception, lang)
            lines.append((f"✗ {e.title} [{group.misconception}] — {i18n.label('report.explains', lang, n=n)}", "red"))
            lines += [(f"  {i18n.label(k, lang)}{sep}{v}", None) for k, v in (("did", e.did), ("torch", e.torch),
                                                                               ("check", e.check))]
        except KeyError:
            lines.append((f"✗ [{group.misconception}] — {i18n.label('report.explains', lang, n=n)}", "red"))
    elif shared_with_top(group, result):
        lines.append((f"✗ {i18n.label('report.reason_above', lang, n=n)}", "red"))
    elif n > 1:
        lines.append((f"✗ {i18n.label('report.same_reason', lang, n=n)}:" if lang == "en"
                      else f"✗ {i18n.label('report.same_reason', lang, n=n)}：", "red"))
        lines.append(("  " + group.message.replace("\n", "\n  "), None))
    names = [display_name(t.name, lang) for t in group.tests]
    if n > 1 or group.misconception or shared_with_top(group, result):
        lines += [(f"  - {name}", None) for name in names[:MAX_NAMES]]
        if n > MAX_NAMES:
            lines.append(("  " + i18n.label("report.more", lang, n=n - MAX_NAMES), None))
    if group.misconception or (n == 1 and not shared_with_top(group, result)):
        t, detail = group.tests[0], group.details[0]
        if n == 1 and not group.misconception:
            lines.append((f"✗ {names[0]}", "red"))
            detail = t.output
        elif n > 1:
            lines.append((f"  {i18n.label('report.first_case', lang)}{sep}{names[0]}", None))
        if detail:
            lines.append(("    " + detail.replace("\n", "\n    "), None))
    return lines
