"""Moodle XML: a category per question holding its variants (add a "random question" from each
category to the Moodle quiz). numeric → numerical with tolerance 0, shape → shortanswer with the
accepted spellings, multichoice → multichoice with feedback naming the mistake behind each wrong
option. Known mistakes get their own 0% answers with feedback in numerical and shortanswer too."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..answers import format_number, format_shape, format_tuple
from ..i18n import texts
from ..text import to_html
from .pool import category_path, distinct_mistakes, pools

FILENAME = "quiz_moodle.xml"


def _text(parent, tag: str, text: str, fmt: str | None = "html"):
    el = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(el, "text").text = text
    return el


def _answer(parent, fraction: int, text: str, feedback: str, tolerance: bool = False):
    a = ET.SubElement(parent, "answer", {"fraction": str(fraction), "format": "moodle_auto_format"})
    ET.SubElement(a, "text").text = text
    if tolerance:
        ET.SubElement(a, "tolerance").text = "0"
    _text(a, "feedback", feedback)


def shape_spellings(shape) -> list[str]:
    return [format_shape(shape), format_tuple(shape), "(" + ",".join(str(v) for v in shape) + ")"]


def question_element(q, name: str, t) -> ET.Element:
    kind = {"numeric": "numerical", "shape": "shortanswer", "multichoice": "multichoice"}[q.kind]
    el = ET.Element("question", {"type": kind})
    _text(el, "name", name, None)
    _text(el, "questiontext", to_html(q.prompt))
    _text(el, "generalfeedback", to_html(q.solution))
    ET.SubElement(el, "defaultgrade").text = "1"
    ET.SubElement(el, "penalty").text = "0"
    ET.SubElement(el, "hidden").text = "0"
    ET.SubElement(el, "idnumber").text = ""
    feedback = t.MISCONCEPTIONS
    if q.kind == "multichoice":
        ET.SubElement(el, "single").text = "true"
        ET.SubElement(el, "shuffleanswers").text = "0"
        ET.SubElement(el, "answernumbering").text = "ABCD"
        for o in q.options:
            _answer(el, 0 if o.misconception else 100, o.text, o.feedback or t.COMMON["correct"])
    elif q.kind == "numeric":
        _answer(el, 100, format_number(q.answer), t.COMMON["correct"], tolerance=True)
        for mid, value in distinct_mistakes(q):
            _answer(el, 0, format_number(value), feedback[mid], tolerance=True)
    else:
        ET.SubElement(el, "usecase").text = "0"
        for spelling in shape_spellings(q.answer):
            _answer(el, 100, spelling, t.COMMON["correct"])
        for mid, value in distinct_mistakes(q):
            _answer(el, 0, format_shape(value), feedback[mid])
    return el


def moodle_xml(quiz, variants=None) -> bytes:
    t = texts(quiz.lang)
    root = ET.Element("quiz")
    for qid, title, group in pools(quiz, variants):
        cat = ET.SubElement(root, "question", {"type": "category"})
        _text(cat, "category", category_path(quiz, qid, title), None)
        _text(cat, "info", title)
        for v, q in enumerate(group, start=1):
            root.append(question_element(q, f"{qid} v{v:03d}", t))
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


def write(quiz, out_dir, variants=None) -> list[Path]:
    path = Path(out_dir) / FILENAME
    path.write_bytes(moodle_xml(quiz, variants))
    return [path]
