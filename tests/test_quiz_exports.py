"""Exports parsed back: the JSON key by its schema, Moodle and QTI XML with an XML parser, GIFT
with a small parser for the subset the exporter writes; byte determinism of every format."""
from __future__ import annotations

import json
import re
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from question_bank import export
from question_bank.answers import format_number, parse_shape, same_value, shape_spellings
from question_bank.export import json_key
from question_bank.export.pool import content_id
from question_bank.quiz import make_quiz
from question_bank.sampling import Student, numbered_students, roster_students, student_part
from question_bank.torch_oracle import Oracle

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"


@pytest.fixture(scope="module")
def oracle():
    return Oracle()


@pytest.fixture(scope="module", params=["en", "zh"])
def quiz(request, oracle):
    return make_quiz(11, numbered_students(6), request.param, count=17, oracle=oracle)


@pytest.fixture(scope="module")
def written(quiz, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"quiz-{quiz.lang}")
    for fmt in export.FORMATS:
        export.write(fmt, quiz, out)
    return out


def test_json_key_matches_schema(quiz, written):
    jsonschema = pytest.importorskip("jsonschema")
    key = json.loads((written / "key.json").read_text(encoding="utf-8"))
    jsonschema.validate(key, json.loads(json_key.SCHEMA.read_text()))
    assert [s["student_id"] for s in key["students"]] == [f"student-{i:03d}" for i in range(6)]
    for s in key["students"]:
        assert [q["id"] for q in s["questions"]] == [f"q{i}" for i in range(1, 18)]
        for q in s["questions"]:
            assert q["verification"]["by"] == "torch" and q["solution"]
            assert same_value(q["formula_answer"], q["answer_value"])
            if q["kind"] == "multichoice":
                assert [o["letter"] for o in q["options"]] == list("ABCD")
                assert sum(o["misconception"] is None for o in q["options"]) == 1


def test_correct_positions_are_balanced(quiz):
    for student in quiz.students:
        letters = [q.answer for q in student.questions if q.kind == "multichoice"]
        counts = [letters.count(x) for x in "ABCD"]
        assert max(counts) - min(counts) <= 1, counts


def test_moodle_structure(quiz, written):
    root = ET.parse(written / "quiz_moodle.xml").getroot()
    assert root.tag == "quiz"
    categories, current = {}, None
    for q in root:
        if q.get("type") == "category":
            current = q.find("category/text").text
            categories[current] = []
            continue
        categories[current].append(q)
        assert q.find("questiontext").get("format") == "html" and q.find("questiontext/text").text
        assert q.find("generalfeedback/text").text
        answers = q.findall("answer")
        right = [a for a in answers if a.get("fraction") == "100"]
        assert right
        if q.get("type") == "numerical":
            assert all(a.find("tolerance").text == "0" for a in answers)
            assert len(right) == 1
        elif q.get("type") == "multichoice":
            assert len(answers) == 4 and len(right) == 1 and q.find("single").text == "true"
            assert all(a.find("feedback/text").text for a in answers)
        else:
            assert q.get("type") == "shortanswer" and q.find("usecase").text == "0"
            # Moodle compares exact text with * as a wildcard: a literal * is written \*
            texts = [a.find("text").text for a in right]
            assert all("*" not in t.replace("\\*", "") for t in texts)
            texts = [t.replace("\\*", "*") for t in texts]
            assert len({parse_shape(t) for t in texts}) == 1
            assert texts == shape_spellings(parse_shape(texts[0]))
    assert len(categories) == len(quiz.types)
    for j, (path, variants) in enumerate(categories.items()):
        assert path.startswith(f"$course$/top/convgrade seed {quiz.seed} {content_id(quiz)}/q{j + 1} ")
        assert 1 <= len(variants) <= len(quiz.students)
        first = quiz.students[0].questions[j]
        kinds = {"numeric": "numerical", "shape": "shortanswer", "multichoice": "multichoice"}
        assert {v.get("type") for v in variants} == {kinds[first.kind]}
        right = [a.find("text").text for a in variants[0].findall("answer") if a.get("fraction") == "100"]
        if first.kind == "numeric":
            assert right == [format_number(first.answer)]
        elif first.kind == "shape":
            assert [t.replace("\\*", "*") for t in right] == shape_spellings(first.answer)
        else:
            assert right == [o.text for o in first.options if o.letter == first.answer]


# -- a parser for the GIFT subset the exporter writes ----------------------------------------

def _split_unescaped(text: str, chars: str):
    """Positions of unescaped chars in text."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in chars:
            out.append(i)
        i += 1
    return out


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def parse_gift(text: str):
    items, category = [], None
    for block in text.strip().split("\n\n"):
        if block.startswith("$CATEGORY: "):
            category = block[len("$CATEGORY: "):]
            continue
        m = re.match(r"::(.*?)::\[html\]", block)
        assert m, block[:80]
        rest = block[m.end():]
        braces = _split_unescaped(rest, "{}")
        assert len(braces) == 2 and rest[braces[1]:] == "}", "one answer block, at the end"
        stem, body = rest[:braces[0]], rest[braces[0] + 1:braces[1]]
        numeric = body.startswith("#")
        body = body[1:] if numeric else body
        general = None
        if "####" in body:
            body, general = body.split("####", 1)
        answers = []
        for line in body.strip("\n").split("\n"):
            assert line[0] in "=~", line
            marks = _split_unescaped(line[1:], "#")
            answer, feedback = (line[1:], "") if not marks else (line[1:marks[0] + 1], line[marks[0] + 2:])
            weight = 100 if line[0] == "=" else 0
            if answer.startswith("%0%"):
                weight, answer = 0, answer[3:]
            answers.append((weight, _unescape(answer), _unescape(feedback)))
        items.append({"category": category, "name": _unescape(m.group(1)), "stem": _unescape(stem),
                      "numeric": numeric, "answers": answers, "general": _unescape(general or "")})
    return items


def test_gift_parses_back(quiz, written):
    items = parse_gift((written / "quiz.gift").read_text(encoding="utf-8"))
    by_cat = {}
    for item in items:
        by_cat.setdefault(item["category"], []).append(item)
    assert len(by_cat) == len(quiz.types)
    for j, group in enumerate(by_cat.values()):
        first, item = quiz.students[0].questions[j], group[0]
        assert item["name"] == f"q{j + 1} v001" and item["general"]
        right = [a for w, a, _ in item["answers"] if w == 100]
        if first.kind == "numeric":
            assert item["numeric"] and right == [f"{format_number(first.answer)}:0"]
        elif first.kind == "shape":   # GIFT unescaped, Moodle's \* (a literal *) remains
            assert [t.replace("\\*", "*") for t in right] == shape_spellings(first.answer)
        else:
            assert right == [o.text for o in first.options if o.letter == first.answer]
            wrong = [f for w, _, f in item["answers"] if w == 0]
            assert wrong == [o.feedback for o in first.options if o.misconception]


def test_qti_zip_opens_with_manifest_and_groups(quiz, written):
    with zipfile.ZipFile(written / "quiz_qti.zip") as zf:
        names = set(zf.namelist())
        manifest = ET.fromstring(zf.read("imsmanifest.xml"))
        hrefs = [f.get("href") for f in manifest.iter(f"{CP}file")]
        assert hrefs and set(hrefs) <= names
        qti_path = next(h for h in hrefs if not h.endswith("assessment_meta.xml"))
        root = ET.fromstring(zf.read(qti_path))
    assessment = root.find(f"{QTI}assessment")
    groups = assessment.findall(f"{QTI}section/{QTI}section")
    assert len(groups) == len(quiz.types)
    for j, group in enumerate(groups):
        assert group.find(f"{QTI}selection_ordering/{QTI}selection/{QTI}selection_number").text == "1"
        items = group.findall(f"{QTI}item")
        assert items
        first = quiz.students[0].questions[j]
        qtype = next(f.find(f"{QTI}fieldentry").text for f in items[0].iter(f"{QTI}qtimetadatafield")
                     if f.find(f"{QTI}fieldlabel").text == "question_type")
        assert qtype == {"numeric": "numerical_question", "shape": "short_answer_question",
                         "multichoice": "multiple_choice_question"}[first.kind]
        scoring = [c for c in items[0].iter(f"{QTI}respcondition") if c.find(f"{QTI}setvar") is not None]
        assert len(scoring) == 1
        accepted = [v.text for v in scoring[0].iter(f"{QTI}varequal")]
        if first.kind == "multichoice":
            assert accepted == [f"{items[0].get('ident')}_{first.answer}"]
            assert len(items[0].findall(f"{QTI}itemfeedback")) == 4   # three mistakes + the solution
        elif first.kind == "numeric":
            assert accepted == [format_number(first.answer)]
        else:
            assert accepted == shape_spellings(first.answer)


def test_html_one_page_per_student_and_key_apart(quiz, written):
    page = (written / "quiz.html").read_text(encoding="utf-8")
    assert page.count('<section class="student"') == len(quiz.students)
    assert "break-after: page" in page
    key = (written / "key.html").read_text(encoding="utf-8")
    for s in quiz.students:
        assert s.student_id in page and s.student_id in key
    # answers stay in the key: the worked solution of a question is not on the students' pages
    assert quiz.students[0].questions[0].solution.split("\n")[0][:30] not in page


def test_markdown_quiz_and_key(quiz, written):
    md = (written / "quiz.md").read_text(encoding="utf-8")
    assert md.count("\n# ") + md.startswith("# ") == len(quiz.students)
    key = (written / "key.md").read_text(encoding="utf-8")
    for s in quiz.students:
        assert f"## {s.student_id}" in key


def test_same_seed_same_bytes_in_every_format(tmp_path, oracle):
    outs = []
    for run in range(2):
        out = tmp_path / str(run)
        out.mkdir()
        q = make_quiz(5, numbered_students(3), "zh", count=15, oracle=Oracle() if run else oracle)
        for fmt in export.FORMATS:
            export.write(fmt, q, out)
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outs[0].keys() == outs[1].keys() and len(outs[0]) == 8
    for name in outs[0]:
        assert outs[0][name] == outs[1][name], name


def test_students_get_their_own_draw(oracle):
    q = make_quiz(5, numbered_students(2), "en", count=15, oracle=oracle)
    a, b = q.students
    assert sum(x.params != y.params for x, y in zip(a.questions, b.questions)) >= 12
    other_seed = make_quiz(6, numbered_students(1), "en", count=15, oracle=oracle)
    assert [x.params for x in other_seed.students[0].questions] != [x.params for x in a.questions]


def test_roster_seed_part_and_own_draws(tmp_path, oracle):
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name\nalice,Alice\nbob,Bob\nalice,dup\n", encoding="utf-8")
    students, problems = roster_students(roster)
    assert problems == []
    assert students == [Student("alice", student_part("alice")), Student("bob", student_part("bob"))]
    import hashlib
    assert students[0].seed_part == int.from_bytes(hashlib.sha256(b"alice").digest()[:8], "big")
    plain = tmp_path / "ids.txt"
    plain.write_text("alice\nbob\n", encoding="utf-8")
    assert roster_students(plain) == (students, [])
    q = make_quiz(1, students, "en", count=15, oracle=oracle)
    assert q.students[0].questions[0].params != q.students[1].questions[0].params


def test_xml_text_writer_matches_elementtree():
    """The Moodle and QTI documents are written as text; for any text and attribute value the
    helpers write exactly what ElementTree serializes for the same tree."""
    from question_bank.export.xmltext import attrs, leaf, node
    samples = ["", "plain", "a & b < c > d", 'say "hi"', "line\nbreak\tand\rreturn", "1x16x32x32",
               "<code>nn.Conv2d(3, 8, kernel_size=3)</code>", "卷积 & 池化 — ≤ ≥"]
    for value in samples:
        for attribute in samples:
            root = ET.Element("question", {"type": attribute} if attribute else {})
            ET.SubElement(root, "text").text = value
            ET.SubElement(root, "empty")
            expected = ET.tostring(root, encoding="unicode")
            written = node("question", leaf("text", value) + leaf("empty"),
                           attrs([("type", attribute)]) if attribute else "")
            assert written == expected, (value, attribute)
            assert ET.fromstring(written).find("text").text == (value.replace("\r", "\n") or None)


@pytest.mark.parametrize("text", ["1x16x32x32", "1 X 16 x 32 x 32", "1*16*32*32", "1 16 32 32",
                                  "(1, 16, 32, 32)", "[1,16,32,32]", "1×16×32×32"])
def test_shape_answers_in_the_spellings_students_use(text):
    assert parse_shape(text) == (1, 16, 32, 32)


@pytest.mark.parametrize("text", ["", "a b", "1x16xfoo"])
def test_a_shape_that_is_not_one_is_refused(text):
    with pytest.raises(ValueError):
        parse_shape(text)
