"""QTI 1.2 zip for Canvas: imsmanifest.xml, the assessment, and Canvas's assessment_meta.xml.

Each question of the quiz is a question group (a section with selection_number 1) holding its
variants. numeric → numerical_question (exact), shape → short_answer_question with the
accepted spellings, multichoice → multiple_choice_question with feedback on each wrong option.
The zip is byte-reproducible: identifiers derived from the quiz's content (``pool.content_id``:
seed, roster, types, language), so two different quizzes never share one, and fixed timestamps.
"""
from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from ..answers import format_number, shape_spellings
from ..i18n import texts
from ..text import to_html
from .pool import content_id, pools
from .xmltext import attrs, document, leaf, node

FILENAME = "quiz_qti.zip"
QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
META_NS = "http://canvas.instructure.com/xsd/cccv1p0"
TYPES = {"numeric": "numerical_question", "shape": "short_answer_question", "multichoice": "multiple_choice_question"}


def ident(*parts) -> str:
    return "g" + hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()[:24]


def _meta(fields: dict) -> str:
    return node("qtimetadata", "".join(
        node("qtimetadatafield", leaf("fieldlabel", label) + leaf("fieldentry", entry)) for label, entry in fields.items()))


_HTML, _PLAIN = attrs([("texttype", "text/html")]), attrs([("texttype", "text/plain")])
_RESPONSE = attrs([("respident", "response1")])
_SETVAR = attrs([("action", "Set"), ("varname", "SCORE")])
_DECVAR = attrs([("maxvalue", "100"), ("minvalue", "0"), ("varname", "SCORE"), ("vartype", "Decimal")])
_SINGLE = attrs([("ident", "response1"), ("rcardinality", "Single")])
_YES, _NO = attrs([("continue", "Yes")]), attrs([("continue", "No")])
_ANSWER1 = attrs([("ident", "answer1")])
_FIB = {fib: attrs([("fibtype", fib)]) for fib in ("Decimal", "String")}
_ITEM_META = {kind: node("itemmetadata", _meta({"question_type": qtype, "points_possible": "1.0"}))
              for kind, qtype in TYPES.items()}


def _mattext(text: str, html: bool = True) -> str:
    return node("material", leaf("mattext", text, _HTML if html else _PLAIN))


def _feedback(fid: str, text: str) -> str:
    return node("itemfeedback", node("flow_mat", _mattext(text)), attrs([("ident", fid)]))


def _scoring(conditions: str) -> str:
    """The respcondition that gives 100 when the conditions hold."""
    return node("respcondition", node("conditionvar", conditions) + leaf("setvar", "100", _SETVAR), _NO)


def item_xml(q, item_id: str, title: str, t) -> str:
    """One question as a QTI item (written as text; see xmltext)."""
    presentation = [_mattext(to_html(q.prompt))]
    processing = [node("outcomes", leaf("decvar", None, _DECVAR))]
    feedback = []
    if q.kind == "multichoice":
        labels = "".join(node("response_label", _mattext(o.text, html=False), attrs([("ident", f"{item_id}_{o.letter}")]))
                         for o in q.options)
        presentation.append(node("response_lid", node("render_choice", labels), _SINGLE))
        for o in q.options:
            if o.misconception:
                processing.append(node("respcondition", node("conditionvar", leaf("varequal", f"{item_id}_{o.letter}", _RESPONSE))
                                       + leaf("displayfeedback", None, attrs([("feedbacktype", "Response"),
                                                                        ("linkrefid", f"{item_id}_{o.letter}_fb")])),
                                       _YES))
                feedback.append(_feedback(f"{item_id}_{o.letter}_fb", o.feedback))
        processing.append(_scoring(leaf("varequal", f"{item_id}_{q.answer}", _RESPONSE)))
    else:
        fib = "Decimal" if q.kind == "numeric" else "String"
        presentation.append(node("response_str", node("render_fib", leaf("response_label", None, _ANSWER1), _FIB[fib]),
                                 _SINGLE))
        if q.kind == "numeric":
            value = format_number(q.answer)
            conditions = node("or", leaf("varequal", value, _RESPONSE) + node(
                "and", leaf("vargte", value, _RESPONSE) + leaf("varlte", value, _RESPONSE)))
        else:
            conditions = "".join(leaf("varequal", spelling, _RESPONSE) for spelling in shape_spellings(q.answer))
        processing.append(_scoring(conditions))
    feedback.append(_feedback("general_fb", to_html(q.solution)))
    return node("item", _ITEM_META[q.kind] + node("presentation", "".join(presentation)) + node("resprocessing", "".join(processing))
                + "".join(feedback), attrs([("ident", item_id), ("title", title)]))


def assessment_xml(quiz, assessment_id: str, variants=None) -> bytes:
    t = texts(quiz.lang)
    title = f"{t.COMMON['quiz_title']} ({t.COMMON['seed']} {quiz.seed})"
    selection = node("selection_ordering", node("selection", leaf("selection_number", "1") + node(
        "selection_extension", leaf("points_per_item", "1.0"))))
    groups, cid = [], content_id(quiz)
    for qid, qtitle, group in pools(quiz, variants):
        items = "".join(item_xml(q, ident(cid, qid, v), f"{qid} v{v:03d}", t) for v, q in enumerate(group, start=1))
        groups.append(node("section", selection + items, attrs([("ident", ident(cid, qid)), ("title", f"{qid} {qtitle}")])))
    assessment = node("assessment", _meta({"cc_maxattempts": "1"}) + node("section", "".join(groups), attrs([("ident", "root_section")])),
                      attrs([("ident", assessment_id), ("title", title)]))
    return document(node("questestinterop", assessment, attrs([("xmlns", QTI_NS)])))


def meta_xml(quiz, assessment_id: str) -> bytes:
    t = texts(quiz.lang)
    root = ET.Element("quiz", {"identifier": assessment_id, "xmlns": META_NS})
    ET.SubElement(root, "title").text = f"{t.COMMON['quiz_title']} ({t.COMMON['seed']} {quiz.seed})"
    for tag, text in (("shuffle_answers", "false"), ("scoring_policy", "keep_highest"), ("quiz_type", "assignment"),
                      ("points_possible", f"{len(quiz.types)}.0"), ("allowed_attempts", "1"),
                      ("show_correct_answers", "true"), ("one_question_at_a_time", "false")):
        ET.SubElement(root, tag).text = text
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


def manifest_xml(quiz, assessment_id: str) -> bytes:
    root = ET.Element("manifest", {"identifier": ident(content_id(quiz), "manifest"), "xmlns": CP_NS})
    md = ET.SubElement(root, "metadata")
    ET.SubElement(md, "schema").text = "IMS Content"
    ET.SubElement(md, "schemaversion").text = "1.1.3"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    meta_id = ident(content_id(quiz), "meta")
    res = ET.SubElement(resources, "resource", {"identifier": assessment_id, "type": "imsqti_xmlv1p2"})
    ET.SubElement(res, "file", {"href": f"{assessment_id}/{assessment_id}.xml"})
    ET.SubElement(res, "dependency", {"identifierref": meta_id})
    meta = ET.SubElement(resources, "resource", {
        "identifier": meta_id, "type": "associatedcontent/imscc_xmlv1p1/learning-application-resource",
        "href": f"{assessment_id}/assessment_meta.xml"})
    ET.SubElement(meta, "file", {"href": f"{assessment_id}/assessment_meta.xml"})
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


def write(quiz, out_dir, variants=None) -> list[Path]:
    path = Path(out_dir) / FILENAME
    aid = ident(content_id(quiz), "assessment")
    entries = [("imsmanifest.xml", manifest_xml(quiz, aid)),
               (f"{aid}/{aid}.xml", assessment_xml(quiz, aid, variants)),
               (f"{aid}/assessment_meta.xml", meta_xml(quiz, aid))]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return [path]
