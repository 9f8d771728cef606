"""Pieces of the similarity HTML shared by the full page and the summary section.

Every string a student controls (submission names, code, notebook cell labels) goes through
``html.escape``; nothing else is interpolated unescaped except numbers this code computed.
"""
from __future__ import annotations

from html import escape

from autograder.similarity.run import Report

NOTE = ("This report is evidence for a person to review, never a verdict or a grade. A high score "
        "says that two submissions share long stretches of code once the given code (stub, notebook, "
        "reference solution) is removed and names, literals, comments, formatting and function "
        "order are ignored. Shared code can have innocent causes (allowed collaboration, a common "
        "textbook or tutorial, a tiny task); read the marked code side by side and talk to the "
        "students before drawing any conclusion.")

CSS = """
.sim-note{border-left:4px solid #b58900;background:#fdf6e3;padding:.6em 1em;max-width:60em}
.sim table{border-collapse:collapse}.sim td,.sim th{border:1px solid #ccc;padding:2px 8px;text-align:left}
.sim td.num{text-align:right;font-variant-numeric:tabular-nums}
.sim-hist rect.bar{fill:#268bd2}.sim-hist text{font:11px sans-serif}
"""


def histogram_svg(scores: list[float], bins: int = 20) -> str:
    """Bars of the number of pairs per score bin (0-0.05, ..., 0.95-1); heights on a log scale
    so that a few outlying pairs stay visible next to thousands of ordinary ones."""
    import math

    counts = [0] * bins
    for s in scores:
        counts[min(int(s * bins), bins - 1)] += 1
    width, height, left, bottom = 640, 200, 40, 30
    bar = (width - left - 10) / bins
    top = max(math.log10(c + 1) for c in counts) if scores else 1.0
    parts = [f'<svg class="sim-hist" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}"><title>Histogram of pair scores</title>']
    plot = height - bottom - 20
    for i, c in enumerate(counts):
        h = 0 if c == 0 else max(2.0, plot * math.log10(c + 1) / top)
        x = left + i * bar
        y = height - bottom - h
        parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" height="{h:.1f}">'
                     f'<title>{i / bins:.2f}-{(i + 1) / bins:.2f}: {c} pairs</title></rect>')
        if c:
            parts.append(f'<text x="{x + bar / 2 - 1:.1f}" y="{y - 3:.1f}" text-anchor="middle">{c}</text>')
    for t in range(0, 11, 2):
        x = left + t / 10 * (width - left - 10)
        parts.append(f'<text x="{x:.1f}" y="{height - bottom + 15}" text-anchor="middle">{t / 10:.1f}</text>')
    parts.append(f'<text x="{left}" y="{height - 2}">score (pairs per bin, log scale)</text></svg>')
    return "".join(parts)


def closest_table(report: Report) -> str:
    """Per student the closest other submission, closest pairs first."""
    rows = sorted(report.closest.items(), key=lambda kv: (-kv[1][1], kv[0]))
    body = "".join(f"<tr><td>{escape(name)}</td><td>{escape(other) or '(nothing in common)'}</td><td class=num>{score:.2f}</td></tr>"
                   for name, (other, score) in rows)
    return ("<table><thead><tr><th>submission</th><th>closest other</th><th>score</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def pairs_table(report: Report, count: int, link: str | None = None) -> str:
    """The ``count`` best pairs; with ``link``, each row links to its side-by-side view there."""
    rows = []
    for i, p in enumerate(report.pairs[:count]):
        lines = len({n for m in p.matches for n in range(m.a_lines[0], m.a_lines[1] + 1)})
        target = f"{escape(link or '', quote=True)}#pair-{i + 1}"
        label = f'<a href="{target}">{i + 1}</a>' if p.matches else f"{i + 1}"
        rows.append(f"<tr><td class=num>{label}</td><td>{escape(p.a)}</td><td>{escape(p.b)}</td>"
                    f"<td class=num>{p.score:.2f}</td><td class=num>{len(p.matches)}</td>"
                    f"<td class=num>{lines}</td></tr>")
    return ("<table><thead><tr><th>#</th><th>a</th><th>b</th><th>score</th><th>matching regions</th>"
            f"<th>matching lines of a</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def skipped_list(report: Report) -> str:
    if not report.skipped:
        return ""
    items = "".join(f"<li><b>{escape(name)}</b>: {escape(why)}</li>" for name, why in report.skipped)
    return f"<h3>Not compared</h3><ul>{items}</ul>"


def similarity_section_html(report: Report, link: str = "similarity.html", top: int = 10) -> str:
    """A ``<section>`` for a batch summary page: the note, the histogram, the best pairs (linked
    to the full report at ``link``) and per student the closest other."""
    n = len(report.entries)
    return (f'<section class="sim" id="similarity"><style>{CSS}</style><h2>Similarity</h2>'
            f'<p class="sim-note">{escape(NOTE)}</p>'
            f"<p>{n} submissions compared, {len(report.pairs)} pairs. "
            f'Full report with the code side by side: <a href="{escape(link, quote=True)}">'
            f"{escape(link)}</a>.</p>{histogram_svg([p.score for p in report.pairs])}"
            f"<h3>Closest pairs</h3>{pairs_table(report, top, link)}"
            f"<h3>Closest other per submission</h3>{closest_table(report)}{skipped_list(report)}</section>")
