"""What an LMS sees: identifiers that belong to one quiz's content (Canvas overwrites an item
whose identifier it already holds; Moodle files questions by category), and the answer
spellings the exports accept, each of which `quiz grade` accepts too."""
from __future__ import annotations

import re
import zipfile
import xml.etree.ElementTree as ET

import pytest

from question_bank import export
from question_bank.answers import parse_shape, shape_spellings
from question_bank.grading import judge
from question_bank.quiz import make_quiz
from question_bank.sampling import Student, numbered_students, student_part
from question_bank.torch_oracle import Oracle

TYPES = ["conv2d_shape", "macs", "same_padding"]


@pytest.fixture(scope="module")
def oracle():
    return Oracle()


def _identifiers(quiz, out) -> dict[str, set]:
    """Every identifier a Canvas import or a Moodle import keys on."""
    export.write("qti", quiz, out)
    export.write("moodle", quiz, out)
    export.write("gift", quiz, out)
    ids: set[str] = set()
    with zipfile.ZipFile(out / "quiz_qti.zip") as zf:
        for name in zf.namelist():
            ids.add(name.split("/")[0])
            text = zf.read(name).decode("utf-8")
            ids |= set(re.findall(r'(?:ident|identifier|identifierref)="([^"]+)"', text))
    ids -= {"imsmanifest.xml", "response1", "answer1", "general_fb", "root_section"}
    root = ET.parse(out / "quiz_moodle.xml").getroot()
    categories = {q.find("category/text").text for q in root if q.get("type") == "category"}
    idnumbers = {q.find("idnumber").text for q in root if q.get("type") != "category"}
    gift = set(re.findall(r"^\$CATEGORY: (.*)$", (out / "quiz.gift").read_text(encoding="utf-8"), re.M))
    return {"qti": ids, "moodle": categories | idnumbers, "gift": gift}


def test_two_quizzes_with_one_seed_share_no_identifier(tmp_path, oracle):
    base = dict(seed=7, students=numbered_students(3), lang="en", types=TYPES)
    variants = {
        "base": base,
        "roster": dict(base, students=[Student(s, student_part(s)) for s in ("ada", "bo", "cy")]),
        "types": dict(base, types=TYPES[::-1]),
        "lang": dict(base, lang="zh"),
        "count": dict(base, students=numbered_students(4)),
    }
    found = {}
    for name, kwargs in variants.items():
        out = tmp_path / name
        out.mkdir()
        found[name] = _identifiers(make_quiz(oracle=oracle, **kwargs), out)
    for fmt in ("qti", "moodle", "gift"):
        assert all(found[n][fmt] for n in found)
        names = list(found)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                assert not found[a][fmt] & found[b][fmt], (fmt, a, b, found[a][fmt] & found[b][fmt])
    # the same content gives the same identifiers
    again = tmp_path / "again"
    again.mkdir()
    assert _identifiers(make_quiz(oracle=oracle, **base), again) == found["base"]


def test_identifiers_are_unique_within_a_quiz(tmp_path, oracle):
    quiz = make_quiz(3, numbered_students(6), "en", types=TYPES, oracle=oracle)
    export.write("qti", quiz, tmp_path)
    with zipfile.ZipFile(tmp_path / "quiz_qti.zip") as zf:
        text = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xml") and "/" in n
                       and not n.endswith("assessment_meta.xml"))
    items = re.findall(r'<item ident="([^"]+)"', text)
    sections = re.findall(r'<section ident="([^"]+)"', text)
    assert len(items) == len(set(items)) and len(sections) == len(set(sections))


@pytest.mark.parametrize("shape", [(3, 3, 2, 8), (1, 16, 32, 32), (12, 6, 3), (64, 576)])
def test_every_exported_spelling_is_one_quiz_grade_accepts(shape):
    spellings = shape_spellings(shape)
    assert {"3 x 3 x 2 x 8", "[3, 3, 2, 8]", "（3，3，2，8）"} <= set(shape_spellings((3, 3, 2, 8)))
    assert len(spellings) == len(set(spellings)) >= 15
    question = {"kind": "shape", "answer": list(shape), "misconceptions": {}}
    for text in spellings:
        assert parse_shape(text) == shape
        assert judge(question, text) == (1, None)


@pytest.mark.parametrize("text", ["（3，3，2，8）", "３ｘ３ｘ２ｘ８", "3、3、2、8", "[3,3,2,8]", " 3 × 3 × 2 × 8 "])
def test_full_width_and_chinese_punctuation_read_as_ascii(text):
    assert parse_shape(text) == (3, 3, 2, 8)


@pytest.mark.parametrize("text,value", [("１２", 12), ("1,234", 1234), ("12,345.5", 12345.5), ("3/4", 0.75)])
def test_numbers_in_the_forms_students_type(text, value):
    assert judge({"kind": "numeric", "answer": value, "misconceptions": {}}, text) == (1, None)


@pytest.mark.parametrize("text", ["1,23", "12,3456", "1,2,3"])
def test_a_comma_that_is_not_a_thousands_separator_is_not_a_number(text):
    with pytest.raises(ValueError):
        judge({"kind": "numeric", "answer": 123, "misconceptions": {}}, text)
