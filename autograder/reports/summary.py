"""summary.html for a batch: one self-contained page for the TA (pictures embedded as data: URIs).

    html = render_summary(SummaryData(title=..., rows=gradebook_rows, results=graded_results))

Pictures: the score histogram, the pass rate of every test, and how often each misconception
appeared; then a table of every submission with its final score, its status and, where it was
not graded, why. Notes (lateness, unknown submission times, two submissions for one student,
journal problems) come first.
"""
from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field

from autograder.reports.gradebook import GradebookRow
from autograder.results import GradingResult
from autograder.safe_text import safe_name


@dataclass
class SummaryData:
    title: str
    rows: list[GradebookRow]
    results: list[GradingResult] = field(default_factory=list)   # for per-test pass rates
    notes: list[str] = field(default_factory=list)               # journal problems, who moved, ...
    sections: list[str] = field(default_factory=list)            # trusted HTML, e.g. the similarity report


def pass_rates(results: list[GradingResult]) -> dict[str, float]:
    """Test name -> share of submissions (that ran the test) that passed it."""
    return _share_passed(results, lambda t: t.name)


def function_pass_rates(results: list[GradingResult]) -> dict[str, float]:
    """Function -> share of its tests passed, over all submissions."""
    return _share_passed(results, lambda t: t.function)


def _share_passed(results: list[GradingResult], key) -> dict[str, float]:
    seen: dict[str, list[int]] = {}
    for r in results:
        for t in r.tests:
            s = seen.setdefault(key(t), [0, 0])
            s[0] += t.status == "passed"
            s[1] += 1
    return {name: p / n for name, (p, n) in seen.items() if n}


def misconception_counts(results: list[GradingResult]) -> dict[str, int]:
    """Misconception id -> number of submissions in which it appeared at least once."""
    counts: dict[str, int] = {}
    for r in results:
        for m in {m for t in r.tests for m in t.misconceptions}:
            counts[m] = counts.get(m, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def render_summary(data: SummaryData) -> str:
    rows = sorted(data.rows, key=lambda r: r.student)
    percents = [r.percent for r in rows]
    rates = pass_rates(data.results)
    counts = misconception_counts(data.results)
    statuses: dict[str, int] = {}
    for r in rows:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    mean = sum(percents) / len(percents) if percents else 0.0
    parts = [
        f"<h1>{_e(data.title)}</h1>",
        f"<p>{len(rows)} submissions; mean {mean:.1f}%; "
        + ", ".join(f"{_e(k)}: {v}" for k, v in sorted(statuses.items())) + "</p>",
    ]
    if data.notes:
        parts.append("<ul>" + "".join(f"<li>{_e(n)}</li>" for n in data.notes) + "</ul>")
    parts.append("<h2>Scores</h2>" + _img(_histogram(percents), "score histogram"))
    parts.append("<h2>Pass rate per function</h2>"
                 + _img(_pass_rate_chart(function_pass_rates(data.results)), "pass rate per function"))
    hard = {name: rate for name, rate in rates.items() if rate < 1.0}
    parts.append(f"<h2>Pass rate per test</h2><p>{len(rates) - len(hard)} of {len(rates)} tests were passed "
                 "by every submission; the others, hardest first:</p>"
                 + (_img(_pass_rate_chart(dict(sorted(hard.items(), key=lambda kv: (kv[1], kv[0]))[:_MOST_TESTS])),
                         "pass rate per test") if hard else ""))
    parts.append("<h2>Misconceptions</h2>" + (_img(_misconception_chart(counts), "misconceptions")
                                               if counts else "<p>None detected.</p>"))
    parts.append("<h2>Submissions</h2>" + _table(rows))
    parts += data.sections
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{_e(data.title)}"
            f"</title><style>{_CSS}</style></head><body>\n" + "\n".join(parts) + "\n</body></html>\n")


_CSS = ("body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}"
        "tr.bad{background:#fde8e8}img{max-width:100%}")


def _table(rows: list[GradebookRow]) -> str:
    head = "<tr><th>student</th><th>score</th><th>%</th><th>status</th><th>reason</th><th>notes</th></tr>"
    body = []
    for r in rows:
        notes = "; ".join(x for x in (f"{r.late_days} day(s) late" if r.late_days else "", r.overrides, r.notes)
                          if x)
        cls = ' class="bad"' if r.status != "graded" or r.notes else ""
        body.append(f"<tr{cls}><td>{_e(safe_name(r.student))}</td><td>{r.total:g}/{r.max_score:g}</td>"
                    f"<td>{r.percent:g}</td><td>{_e(r.status)}</td><td>{_e(r.reason)}</td><td>{_e(notes)}</td></tr>")
    return "<table>" + head + "".join(body) + "</table>"


def _e(text: object) -> str:
    return html.escape(str(text))


def _img(png: bytes, alt: str) -> str:
    return f'<img alt="{_e(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}">'


def _figure(width: float, height: float):
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=90)


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def _histogram(percents: list[float]) -> bytes:
    fig = _figure(7, 3)
    ax = fig.add_subplot()
    ax.hist(percents, bins=[i * 5 for i in range(21)], color="#4477aa", edgecolor="white")
    ax.set_xlabel("score (%)")
    ax.set_ylabel("submissions")
    ax.set_xlim(0, 100)
    return _png(fig)


_MOST_TESTS = 40          # the per-test chart shows at most this many of the hardest tests


def _pass_rate_chart(rates: dict[str, float]) -> bytes:
    """Horizontal bars, the lowest pass rate at the top."""
    names = sorted(rates, key=lambda n: (rates[n], n))[::-1]
    fig = _figure(8, max(2.0, 0.16 * len(names) + 0.8))
    ax = fig.add_subplot()
    ax.barh(range(len(names)), [100 * rates[n] for n in names], color="#228833")
    ax.set_yticks(range(len(names)), [n if len(n) <= 70 else n[:67] + "..." for n in names], fontsize=6)
    ax.set_xlim(0, 100)
    ax.set_xlabel("submissions that passed (%)")
    return _png(fig)


def _misconception_chart(counts: dict[str, int]) -> bytes:
    names = list(counts)[::-1]
    fig = _figure(7, max(1.5, 0.3 * len(names) + 0.8))
    ax = fig.add_subplot()
    ax.barh(range(len(names)), [counts[n] for n in names], color="#cc6677")
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("submissions in which it appeared")
    return _png(fig)
