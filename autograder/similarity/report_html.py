"""``similarity.html``: one self-contained page (no scripts, no outside resources).

Top: what the report is (evidence, never a verdict), the histogram of all pair scores, the best
pairs and per student the closest other. Below: the best pairs side by side, each matching
region marked in the same colour and number on both sides.
"""
from __future__ import annotations

from html import escape
from pathlib import Path

from autograder.similarity.html_parts import (CSS, NOTE, closest_table, histogram_svg, pairs_table,
                                              skipped_list)
from autograder.similarity.run import Entry, Pair, Report

PALETTE = ("#ffe08a", "#b5e3ff", "#c9f2c0", "#ffc9de", "#e0d0ff", "#ffd8b0", "#c8f0ee", "#f0f0a0")
PAGE_CSS = CSS + """
body{font-family:sans-serif;margin:1.5em}
.side{display:flex;gap:1em;align-items:flex-start}.side>div{flex:1;min-width:0;overflow-x:auto}
pre.code{margin:0;font:12px/1.35 monospace}pre.code span{display:block;white-space:pre}
pre.code i{display:inline-block;width:3.5em;color:#888;font-style:normal;user-select:none}
pre.code b{font-weight:normal;font-size:10px;background:#333;color:#fff;padding:0 3px;margin-right:4px}
.cell{color:#586e75;font-style:italic}
"""


def _marks(matches, side: int) -> dict[int, tuple[int, bool]]:
    """line -> (match number, first line of that match) for side 0 (a) or 1 (b)."""
    out: dict[int, tuple[int, bool]] = {}
    for j, m in enumerate(matches):
        first, last = m.a_lines if side == 0 else m.b_lines
        for line in range(first, last + 1):
            out.setdefault(line, (j, line == first))
    return out


def code_block(entry: Entry, marks: dict[int, tuple[int, bool]]) -> str:
    """The entry's code, numbered, matching lines coloured; notebook cells labelled."""
    sections = dict(entry.sections) if len(entry.sections) > 1 else {}
    rows = []
    for number, text in enumerate(entry.code.rstrip("\n").split("\n"), 1):
        if number in sections:
            rows.append(f'<span class="cell">{escape(sections[number])}</span>')
        style, badge = "", ""
        if number in marks:
            j, first = marks[number]
            style = f' style="background:{PALETTE[j % len(PALETTE)]}"'
            badge = f"<b>{j + 1}</b>" if first else ""
        rows.append(f"<span{style}><i>{number}</i>{badge}{escape(text)}</span>")
    return f'<pre class="code">{"".join(rows)}</pre>'


def pair_block(number: int, pair: Pair, entries: dict[str, Entry]) -> str:
    a, b = entries[pair.a], entries[pair.b]
    return (f'<h3 id="pair-{number}">{number}. {escape(pair.a)} and {escape(pair.b)}: score {pair.score:.2f}, '
            f"{len(pair.matches)} matching regions</h3>"
            f'<div class="side"><div><h4>{escape(pair.a)}</h4>{code_block(a, _marks(pair.matches, 0))}</div>'
            f'<div><h4>{escape(pair.b)}</h4>{code_block(b, _marks(pair.matches, 1))}</div></div>')


def render_page(report: Report, top: int = 20) -> str:
    """The whole page; ``top`` pairs are shown side by side."""
    entries = {e.name: e for e in report.entries}
    shown = [(i + 1, p) for i, p in enumerate(report.pairs[:top]) if p.matches]
    settings = ", ".join(f"{escape(str(k))} {escape(str(v))}" for k, v in report.settings.items())
    given = ", ".join(escape(s) for s in report.boilerplate) or "none"
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        f"<title>Similarity report: {escape(report.assignment)}</title><style>{PAGE_CSS}</style></head>"
        f'<body class="sim"><h1>Similarity report: {escape(report.assignment)}</h1>'
        f'<p class="sim-note">{escape(NOTE)}</p>'
        f"<p>{len(report.entries)} submissions compared, {len(report.pairs)} pairs. Given code removed: "
        f"{given}. Settings: {settings}.</p>"
        f"<h2>All pair scores</h2>{histogram_svg([p.score for p in report.pairs])}"
        f"<h2>Closest pairs</h2>{pairs_table(report, top, '')}"
        f"<h2>Closest other per submission</h2>{closest_table(report)}{skipped_list(report)}"
        f"<h2>Side by side</h2>{''.join(pair_block(n, p, entries) for n, p in shown)}"
        "</body></html>\n"
    )


def write_html(report: Report, path: Path, top: int = 20) -> Path:
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(render_page(report, top), encoding="utf-8", errors="backslashreplace")
    tmp.replace(path)
    return path
