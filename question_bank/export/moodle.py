"""Moodle XML: a category per question holding its variants (add a "random question" from each
category to the Moodle quiz). numeric → numerical with tolerance 0, shape → shortanswer with the
accepted spellings, multichoice → multichoice with feedback naming the mistake behind each wrong
option. Known mistakes get their own 0% answers with feedback in numerical and shortanswer too."""
from __future__ import annotations

from pathlib import Path

from .. import answers
from ..answers import format_number, format_shape
from ..i18n import texts
from ..text import to_html
from .pool import category_path, content_id, distinct_mistakes, pools
from .xmltext import attrs, document, leaf, node

FILENAME = "quiz_moodle.xml"
KINDS = {"numeric": "numerical", "shape": "shortanswer", "multichoice": "multichoice"}
_HTML = attrs([("format", "html")])
_FRACTION = {f: attrs([("fraction", str(f)), ("format", "moodle_auto_format")]) for f in (0, 100)}
_KIND = {kind: attrs([("type", name)]) for kind, name in KINDS.items()}
_CATEGORY = attrs([("type", "category")])


def _text(tag: str, value: str, html: bool = True) -> str:
    return node(tag, leaf("text", value), _HTML if html else "")


def _answer(fraction: int, value: str, feedback: str, tolerance: bool = False) -> str:
    body = leaf("text", value) + ("<tolerance>0</tolerance>" if tolerance else "") + _text("feedback", feedback)
    return node("answer", body, _FRACTION[fraction])


def shape_spellings(shape) -> list[str]:
    """Every spelling of answers.shape_spellings, as Moodle's shortanswer compares it: exact text
    (case-insensitive here) in which * is a wildcard, so a literal * is written \\*."""
    return [spelling.replace("*", "\\*") for spelling in answers.shape_spellings(shape)]


def question_xml(q, name: str, t, idnumber: str = "") -> str:
    parts = [_text("name", name, html=False), _text("questiontext", to_html(q.prompt)),
             _text("generalfeedback", to_html(q.solution)),
             "<defaultgrade>1</defaultgrade><penalty>0</penalty><hidden>0</hidden>" + leaf("idnumber", idnumber)]
    feedback, correct = t.MISCONCEPTIONS, t.COMMON["correct"]
    if q.kind == "multichoice":
        parts.append("<single>true</single><shuffleanswers>0</shuffleanswers><answernumbering>ABCD</answernumbering>")
        parts += [_answer(0 if o.misconception else 100, o.text, o.feedback or correct) for o in q.options]
    elif q.kind == "numeric":
        parts.append(_answer(100, format_number(q.answer), correct, tolerance=True))
        parts += [_answer(0, format_number(value), feedback[mid], tolerance=True) for mid, value in distinct_mistakes(q)]
    else:
        parts.append("<usecase>0</usecase>")
        parts += [_answer(100, spelling, correct) for spelling in shape_spellings(q.answer)]
        parts += [_answer(0, format_shape(value), feedback[mid]) for mid, value in distinct_mistakes(q)]
    return node("question", "".join(parts), _KIND[q.kind])


def moodle_xml(quiz, variants=None) -> bytes:
    t = texts(quiz.lang)
    parts, cid = [], content_id(quiz)
    for qid, title, group in pools(quiz, variants):
        parts.append(node("question", _text("category", category_path(quiz, qid, title), html=False) + _text("info", title),
                          _CATEGORY))
        parts += [question_xml(q, f"{qid} v{v:03d}", t, f"{cid}-{qid}-v{v:03d}") for v, q in enumerate(group, start=1)]
    return document(node("quiz", "".join(parts)))


def write(quiz, out_dir, variants=None) -> list[Path]:
    path = Path(out_dir) / FILENAME
    path.write_bytes(moodle_xml(quiz, variants))
    return [path]
