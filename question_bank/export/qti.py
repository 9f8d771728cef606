"""QTI 1.2 zip for Canvas: imsmanifest.xml, the assessment, and Canvas's assessment_meta.xml.

Each question of the quiz is a question group (a section with selection_number 1) holding its
variants. numeric → numerical_question (exact), shape → short_answer_question with the
accepted spellings, multichoice → multiple_choice_question with feedback on each wrong option.
The zip is byte-reproducible: fixed identifiers (from the seed) and fixed timestamps.
"""
from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from ..answers import format_number
from ..i18n import texts
from ..text import to_html
from .moodle import shape_spellings
from .pool import pools

FILENAME = "quiz_qti.zip"
QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
META_NS = "http://canvas.instructure.com/xsd/cccv1p0"
TYPES = {"numeric": "numerical_question", "shape": "short_answer_question", "multichoice": "multiple_choice_question"}


def ident(*parts) -> str:
    return "g" + hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()[:24]


def _meta(parent, fields: dict):
    md = ET.SubElement(parent, "qtimetadata")
    for label, entry in fields.items():
        f = ET.SubElement(md, "qtimetadatafield")
        ET.SubElement(f, "fieldlabel").text = label
        ET.SubElement(f, "fieldentry").text = entry


def _mattext(parent, text: str, html: bool = True):
    m = ET.SubElement(parent, "material")
    ET.SubElement(m, "mattext", {"texttype": "text/html" if html else "text/plain"}).text = text


def _feedback(item, fid: str, text: str):
    fb = ET.SubElement(item, "itemfeedback", {"ident": fid})
    _mattext(ET.SubElement(fb, "flow_mat"), text)


def item_element(q, item_id: str, title: str, t) -> ET.Element:
    item = ET.Element("item", {"ident": item_id, "title": title})
    _meta(ET.SubElement(item, "itemmetadata"), {"question_type": TYPES[q.kind], "points_possible": "1.0"})
    pres = ET.SubElement(item, "presentation")
    _mattext(pres, to_html(q.prompt))
    proc = ET.SubElement(item, "resprocessing")
    ET.SubElement(ET.SubElement(proc, "outcomes"), "decvar",
                  {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
    if q.kind == "multichoice":
        lid = ET.SubElement(pres, "response_lid", {"ident": "response1", "rcardinality": "Single"})
        choice = ET.SubElement(lid, "render_choice")
        for o in q.options:
            label = ET.SubElement(choice, "response_label", {"ident": f"{item_id}_{o.letter}"})
            _mattext(label, o.text, html=False)
        for o in q.options:
            if o.misconception:
                cond = ET.SubElement(proc, "respcondition", {"continue": "Yes"})
                ET.SubElement(ET.SubElement(cond, "conditionvar"), "varequal",
                              {"respident": "response1"}).text = f"{item_id}_{o.letter}"
                ET.SubElement(cond, "displayfeedback", {"feedbacktype": "Response", "linkrefid": f"{item_id}_{o.letter}_fb"})
        cond = ET.SubElement(proc, "respcondition", {"continue": "No"})
        ET.SubElement(ET.SubElement(cond, "conditionvar"), "varequal", {"respident": "response1"}).text = f"{item_id}_{q.answer}"
        ET.SubElement(cond, "setvar", {"action": "Set", "varname": "SCORE"}).text = "100"
    else:
        fib = "Decimal" if q.kind == "numeric" else "String"
        rs = ET.SubElement(pres, "response_str", {"ident": "response1", "rcardinality": "Single"})
        ET.SubElement(ET.SubElement(rs, "render_fib", {"fibtype": fib}), "response_label", {"ident": "answer1"})
        cond = ET.SubElement(proc, "respcondition", {"continue": "No"})
        var = ET.SubElement(cond, "conditionvar")
        if q.kind == "numeric":
            value = format_number(q.answer)
            alt = ET.SubElement(var, "or")
            ET.SubElement(alt, "varequal", {"respident": "response1"}).text = value
            both = ET.SubElement(alt, "and")
            ET.SubElement(both, "vargte", {"respident": "response1"}).text = value
            ET.SubElement(both, "varlte", {"respident": "response1"}).text = value
        else:
            for spelling in shape_spellings(q.answer):
                ET.SubElement(var, "varequal", {"respident": "response1"}).text = spelling
        ET.SubElement(cond, "setvar", {"action": "Set", "varname": "SCORE"}).text = "100"
    if q.kind == "multichoice":
        for o in q.options:
            if o.misconception:
                _feedback(item, f"{item_id}_{o.letter}_fb", o.feedback)
    _feedback(item, "general_fb", to_html(q.solution))
    return item


def assessment_xml(quiz, assessment_id: str, variants=None) -> bytes:
    t = texts(quiz.lang)
    ET.register_namespace("", QTI_NS)
    root = ET.Element("questestinterop")
    title = f"{t.COMMON['quiz_title']} ({t.COMMON['seed']} {quiz.seed})"
    assessment = ET.SubElement(root, "assessment", {"ident": assessment_id, "title": title})
    _meta(assessment, {"cc_maxattempts": "1"})
    top = ET.SubElement(assessment, "section", {"ident": "root_section"})
    for qid, qtitle, group in pools(quiz, variants):
        section = ET.SubElement(top, "section", {"ident": ident(quiz.seed, qid), "title": f"{qid} {qtitle}"})
        sel = ET.SubElement(ET.SubElement(section, "selection_ordering"), "selection")
        ET.SubElement(sel, "selection_number").text = "1"
        ET.SubElement(ET.SubElement(sel, "selection_extension"), "points_per_item").text = "1.0"
        for v, q in enumerate(group, start=1):
            section.append(item_element(q, ident(quiz.seed, qid, v), f"{qid} v{v:03d}", t))
    root.set("xmlns", QTI_NS)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


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
    root = ET.Element("manifest", {"identifier": ident(quiz.seed, "manifest"), "xmlns": CP_NS})
    md = ET.SubElement(root, "metadata")
    ET.SubElement(md, "schema").text = "IMS Content"
    ET.SubElement(md, "schemaversion").text = "1.1.3"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    meta_id = ident(quiz.seed, "meta")
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
    aid = ident(quiz.seed, "assessment", quiz.lang)
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
