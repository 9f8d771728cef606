"""The misconception catalogue is the one source of the misconceptions' words, and the one lookup rule.

The sets are read from the code: the detectors from the diagnosis table (through the coverage
matrix, which adds diagnose's dtype check), the quiz's distractor kinds from the keys of the mistake
table (``question_bank.mistakes.MISTAKES``) and the accepts template's ``ACCEPTED``.
"""
from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from autograder import catalogue, texts
from autograder.diagnose import BUILT_IN
from autograder.diagnosis.common import SIGNATURES
from autograder.diagnosis.matrix import cell
from autograder.diagnosis.table import MUTATIONS
from question_bank.mistakes import MISTAKES
from question_bank.templates import accepts

LANGS = ("en", "zh")
CJK = re.compile(r"[\u4e00-\u9fff]")
# SPEC's catalogue of misconception ids (the contract; never renamed)
SPEC_IDS = {
    "flipped-kernel", "missing-bias", "padding-ignored", "tf-same-padding", "stride-misapplied",
    "dilation-ignored", "groups-ignored", "off-by-one-size", "transpose-weight-layout",
    "output-padding-ignored", "im2col-order", "ceil-mode-window", "count-include-pad", "wrong-dtype",
    "hw-swapped", "nhwc-layout", "no-floor", "ceil-for-floor", "effective-kernel-kd", "pool-stride-one",
    "bias-per-input", "rf-strides-ignored",
}


def detector_variants() -> set[tuple[str, str]]:
    """(id, variant) of every detector: the table's mutations, diagnose's own checks, and every
    variant the coverage matrix lists."""
    found = {(m.misconception, m.variant) for m in MUTATIONS} | set(BUILT_IN)
    for function in SIGNATURES:
        for mid in catalogue.IDS:
            variants = cell(function, mid)
            if isinstance(variants, list):
                found |= {(mid, v) for v in variants}
    return found


def _dict_keys(function) -> set[str]:
    """The string keys of the dict literals in one function's source."""
    tree = ast.parse(inspect.getsource(function).lstrip())
    return {k.value for node in ast.walk(tree) if isinstance(node, ast.Dict)
            for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}


def distractor_kinds() -> set[str]:
    """Every misconception a quiz question can offer as a wrong option."""
    kinds = set(accepts.ACCEPTED)
    for function in MISTAKES.values():
        kinds |= _dict_keys(function)
    return kinds


def test_the_catalogue_holds_spec_ids_in_both_languages():
    assert set(catalogue.IDS) == SPEC_IDS
    for name in ("EXPLANATIONS", "EVIDENCE", "QUIZ_FEEDBACK", "RAISES_WHERE"):
        for key, entry in getattr(catalogue, name).items():
            assert set(entry) == set(LANGS), (name, key)
    assert set(catalogue.EXPLANATIONS) == set(catalogue.QUIZ_FEEDBACK) == SPEC_IDS
    assert set(catalogue.RAISES_WHERE) <= SPEC_IDS


@pytest.mark.parametrize("lang", LANGS)
def test_every_id_has_a_name_an_explanation_and_quiz_feedback(lang):
    for mid in catalogue.IDS:
        name, did, torch, check = catalogue.EXPLANATIONS[mid][lang]
        feedback = catalogue.QUIZ_FEEDBACK[mid][lang]
        assert all(s.strip() for s in (name, did, torch, check, feedback)), mid
        if lang == "zh":
            assert CJK.search(did + check + feedback), mid


@pytest.mark.parametrize("lang", LANGS)
def test_every_detector_variant_has_its_evidence_sentence(lang):
    variants = detector_variants()
    assert len(variants) > 50
    keys = [catalogue.evidence_key(m, v) for m, v in sorted(variants)]
    missing = [key for key in keys if not catalogue.EVIDENCE.get(key, {}).get(lang, "").strip()]
    assert not missing, missing
    if lang == "zh":
        assert all(CJK.search(catalogue.EVIDENCE[key]["zh"]) for key in keys)


def test_every_evidence_sentence_belongs_to_a_detector():
    keys = {catalogue.evidence_key(m, v) for m, v in detector_variants()}
    assert set(catalogue.EVIDENCE) - keys == set()


@pytest.mark.parametrize("lang", LANGS)
def test_every_distractor_kind_has_its_texts(lang):
    kinds = distractor_kinds()
    assert {"no-floor", "pool-stride-one", "rf-strides-ignored"} <= kinds   # the parse finds the table
    for mid in kinds:
        assert catalogue.QUIZ_FEEDBACK[mid][lang].strip(), mid
        assert catalogue.EXPLANATIONS[mid][lang][0].strip(), mid


def test_every_catalogue_id_is_used_by_a_detector_or_a_distractor():
    used = {m for m, _ in detector_variants()} | distractor_kinds()
    assert set(catalogue.IDS) - used == set()
    assert used - set(catalogue.IDS) == set()
    assert set(catalogue.CODE_IDS) == {m for m, _ in detector_variants()}


def test_the_catalogue_is_a_leaf():
    """It imports nothing of the project: any module may read it."""
    package = Path(catalogue.__file__).parent
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert node.level == 1 or node.module == "__future__", (path.name, node.module)
            assert not isinstance(node, ast.Import), path.name


# ----------------------------------------------------------------- the one lookup rule

TABLE = {"hello": {"en": "Hello {name}", "zh": "你好 {name}"}, "only_en": {"en": "English only"}}


def test_text_reads_the_asked_language_else_english():
    assert texts.text(TABLE, "hello", "zh", name="Li") == "你好 Li"
    assert texts.text(TABLE, "hello", "en", name="Li") == "Hello Li"
    assert texts.text(TABLE, "only_en", "zh") == "English only"
    assert texts.text(TABLE, "hello", "fr", name="Li") == "Hello Li"
    assert texts.text(TABLE, "hello") == "Hello {name}"          # no fields: the template itself


def test_a_missing_key_is_a_key_error_naming_it():
    with pytest.raises(KeyError, match="nowhere"):
        texts.text(TABLE, "nowhere", "en")


def test_per_language_tables_follow_the_same_rule():
    by_lang = {"en": {"a": "A", "b": "B"}, "zh": {"a": "甲"}}
    assert texts.columns(by_lang) == {"a": {"en": "A", "zh": "甲"}, "b": {"en": "B"}}
    assert texts.language(texts.columns(by_lang), "zh") == {"a": "甲", "b": "B"}
    with pytest.raises(ValueError, match="fr"):
        texts.check_lang("fr")


def test_every_string_table_uses_the_one_lookup():
    """No module of the project writes its own fallback (``entry.get(lang, entry["en"])``)."""
    root = Path(texts.__file__).parent.parent
    pattern = re.compile(r"\.get\(\s*[\w.]*lang\s*,[^)]*\[\s*[\"']en[\"']\s*\]\s*\)")
    offenders = [str(p.relative_to(root)) for package in ("autograder", "question_bank")
                 for p in (root / package).rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
