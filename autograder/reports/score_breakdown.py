"""How the final score was reached, for the feedback page: the tests' score, every late penalty
and staff override with its reason, and the final score (``GradingResult.final``; en / zh).

    breakdown_lines(result, "en")      -> ["Tests: 80 / 100", "Late ...: 80 -> 64", "Final score: 64 / 100"]
    breakdown_markdown(result, "zh")   -> Markdown lines (a list), [] when no policy was applied
    breakdown_html(result, "en")       -> an HTML fragment, "" when no policy was applied
"""
from __future__ import annotations

import html
import re

from autograder.results import Adjustment, GradingResult
from autograder.texts import text

_T = {
    "title": {"en": "How your score was reached", "zh": "成绩的计算过程"},
    "tests": {"en": "Tests: {score} / {max}", "zh": "测试得分：{score} / {max}"},
    "late": {"en": "Submitted {days} day(s) after the deadline: {percent}% deducted, {before} -> {after}",
             "zh": "晚交 {days} 天：扣除 {percent}%，{before} -> {after}"},
    "override_total": {"en": "Total set by the course staff: {before} -> {after}. Reason: {reason}",
                       "zh": "课程教师调整了总分：{before} -> {after}。原因：{reason}"},
    "override_test": {"en": "Test {target} set by the course staff: {before} -> {after}. Reason: {reason}",
                      "zh": "课程教师调整了测试 {target} 的得分：{before} -> {after}。原因：{reason}"},
    "override_group": {"en": "Group {target} set by the course staff: {before} -> {after}. Reason: {reason}",
                       "zh": "课程教师调整了 {target} 一组的得分：{before} -> {after}。原因：{reason}"},
    "submitted": {"en": "Submitted at {when} (recorded by {source}).", "zh": "提交时间：{when}（来源：{source}）。"},
    "unknown_time": {"en": "No recorded submission time: not marked late.",
                     "zh": "没有记录到提交时间，因此不按晚交处理。"},
    "final": {"en": "Final score: {score} / {max}", "zh": "最终成绩：{score} / {max}"},
}


def _t(key: str, lang: str, **values: object) -> str:
    return text(_T, key, lang, **values)


def _n(x: float) -> str:
    return f"{float(x):g}"


def _step(a: Adjustment, lang: str) -> str:
    kind = a.kind if a.kind in _T else "override_total"
    return _t(kind, lang, days=a.late_days, percent=_n(a.percent), before=_n(a.before), after=_n(a.after),
              reason=a.reason, target=a.target)


def breakdown_lines(result: GradingResult, lang: str = "en") -> list[str]:
    """Plain lines from the tests' score to the final score; [] when no policy was applied."""
    f = result.final
    if f is None:
        return []
    lines = [_t("tests", lang, score=_n(f.tests_score), max=_n(f.max_score))]
    lines += [_step(a, lang) for a in f.adjustments]
    if f.submitted_at:
        lines.append(_t("submitted", lang, when=f.submitted_at, source=f.time_source or "?"))
    elif f.deadline:
        lines.append(_t("unknown_time", lang))
    lines.append(_t("final", lang, score=_n(f.final), max=_n(f.max_score)))
    return lines


def breakdown_markdown(result: GradingResult, lang: str = "en") -> list[str]:
    """A Markdown section (heading and a list), ready to join with newlines; [] without a policy."""
    lines = breakdown_lines(result, lang)
    if not lines:
        return []
    esc = lambda s: re.sub(r"([\\`*_{}\[\]()#+!|~<>&-])", r"\\\1", s.replace("\n", " "))  # noqa: E731
    return [f"## {_t('title', lang)}", "", *[f"- {esc(line)}" for line in lines], ""]


def breakdown_html(result: GradingResult, lang: str = "en") -> str:
    """An HTML section (heading and a list); "" without a policy."""
    lines = breakdown_lines(result, lang)
    if not lines:
        return ""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f'<h2>{html.escape(_t("title", lang))}</h2><ul class="score-breakdown">{items}</ul>'
