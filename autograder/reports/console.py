"""The student's terminal view of a check: one row per function, then why each failed test failed."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from autograder.results import GradingResult

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


def _t(key: str, lang: str, **values: object) -> str:
    entry = _T[key]
    return entry.get(lang, entry["en"]).format(**values)


def summary_rows(result: GradingResult) -> list[tuple[str, int, int, float, float]]:
    """(function, passed, failed, score, max score) per function, in the order tests ran."""
    rows: dict[str, list[float]] = {}
    for t in result.tests:
        row = rows.setdefault(t.function, [0, 0, 0.0, 0.0])
        row[0 if t.status == "passed" else 1] += 1
        row[2] += t.score
        row[3] += t.max_score
    return [(f, int(r[0]), int(r[1]), r[2], r[3]) for f, r in rows.items()]


def render_console(result: GradingResult, lang: str = "en", console: Console | None = None,
                   max_failures: int = 20) -> None:
    """Print the table and the reasons of (at most ``max_failures``) failed tests."""
    console = console or Console()
    table = Table(title=_t("title", lang, assignment=result.assignment, score=result.score, max=result.max_score))
    for key in ("function", "passed", "failed", "points"):
        table.add_column(_t(key, lang), justify="left" if key == "function" else "right")
    for function, passed, failed, score, max_score in summary_rows(result):
        style = "green" if failed == 0 else "red"
        table.add_row(function, str(passed), str(failed), f"{score:g} / {max_score:g}", style=style)
    console.print(table)
    if result.status != "graded":
        console.print(_t("status", lang, status=result.status), markup=False)
    if result.output:
        console.print(result.output, markup=False, highlight=False)
    failed = [t for t in result.tests if t.status != "passed"]
    if not failed:
        if result.tests:
            console.print(_t("all_passed", lang), style="green")
        return
    console.print(_t("why", lang), style="bold")
    for t in failed[:max_failures]:
        console.print(f"✗ {t.name}", style="red", markup=False, highlight=False)
        console.print("  " + t.output.replace("\n", "\n  "), markup=False, highlight=False)
    if len(failed) > max_failures:
        console.print(f"… (+{len(failed) - max_failures})", markup=False)
