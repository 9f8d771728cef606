"""Printable HTML: quiz.html (one printed page per student) and key.html (the answer key apart)."""
from __future__ import annotations

import html
from pathlib import Path

from ..i18n import texts
from ..text import answer_text, to_html

STYLE = """
body { font-family: system-ui, "Noto Sans", "Noto Sans CJK SC", sans-serif; max-width: 50em; margin: 1em auto; }
section.student { page-break-after: always; break-after: page; }
section.student:last-child { page-break-after: auto; break-after: auto; }
.question { margin: 0.8em 0; break-inside: avoid; }
ol.options { list-style: upper-alpha; }
.blank { border-bottom: 1px solid #000; display: inline-block; min-width: 12em; }
code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 0.92em; }
pre { margin: 0.3em 0 0.3em 1.5em; }
.solution { white-space: pre-wrap; color: #333; }
.verified { color: #666; font-size: 0.85em; }
@media print { body { margin: 0; } }
"""


def _page(title: str, lang: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8"/>\n'
            f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n")


def quiz_html(quiz) -> str:
    t = texts(quiz.lang)
    parts = []
    for student in quiz.students:
        sid = html.escape(student.student_id)
        parts.append(f'<section class="student" id="{sid}">\n<h1>{html.escape(t.COMMON["quiz_title"])} — {sid}</h1>\n'
                     f"<p>{html.escape(t.COMMON['seed_line'].format(seed=quiz.seed))} {html.escape(t.COMMON['name_sheet'])}</p>\n")
        for n, q in enumerate(student.questions, start=1):
            parts.append(f'<div class="question" id="{sid}-{q.id}">\n'
                         f"<h3>{html.escape(t.COMMON['question'].format(n=n))} ({q.id})</h3>\n<p>{to_html(q.prompt)}</p>\n")
            if q.options:
                parts.append('<ol class="options">\n' + "".join(
                    f"<li><code>{html.escape(o.text)}</code></li>\n" if o.text.startswith("nn.")
                    else f"<li>{html.escape(o.text)}</li>\n" for o in q.options) + "</ol>\n")
            parts.append(f'<p>{html.escape(t.COMMON["answer"])}: <span class="blank">&#160;</span></p>\n</div>\n')
        parts.append("</section>\n")
    return _page(t.COMMON["quiz_title"], quiz.lang, "".join(parts))


def key_html(quiz) -> str:
    t = texts(quiz.lang)
    parts = [f"<h1>{html.escape(t.COMMON['key_title'])} ({html.escape(t.COMMON['seed'])} {quiz.seed})</h1>\n"]
    for student in quiz.students:
        sid = html.escape(student.student_id)
        parts.append(f'<section class="student" id="key-{sid}">\n<h2>{sid}</h2>\n<ol>\n')
        for q in student.questions:
            v = q.verification
            parts.append(f"<li><strong>{q.id}</strong>: <code>{html.escape(answer_text(q))}</code>"
                         f'<div class="solution">{to_html(q.solution)}</div>'
                         f'<div class="verified">{html.escape(t.COMMON["verified"].format(torch=v.get("torch", ""), call=v.get("call", q.type)))}</div></li>\n')
        parts.append("</ol>\n</section>\n")
    return _page(t.COMMON["key_title"], quiz.lang, "".join(parts))


def write(quiz, out_dir, variants=None) -> list[Path]:
    out = Path(out_dir)
    paths = [out / "quiz.html", out / "key.html"]
    paths[0].write_text(quiz_html(quiz), encoding="utf-8")
    paths[1].write_text(key_html(quiz), encoding="utf-8")
    return paths
