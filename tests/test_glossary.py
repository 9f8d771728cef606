"""The Chinese texts of the grader and the notebooks use the glossary's one term per concept."""
from __future__ import annotations

import ast
import importlib
import json
import re
from pathlib import Path

import pytest

from autograder.assignments import ASSIGNMENTS, REPO_ROOT
from autograder.glossary import TERMS, display_name, zh_label
from autograder.messages import TEXTS

SUITES = REPO_ROOT / "autograder" / "suites"
# English words of the glossary that a Chinese test name must not keep (code names aside)
ENGLISH_WORDS = re.compile(r"(?<![\w'=])(stride|padding|dilation|kernel|channels?|groups|bias|windows?)(?![\w'=])")


def _zh_strings(value) -> list[str]:
    """Every string with Chinese in it, found anywhere inside ``value``."""
    if isinstance(value, str):
        return [value] if re.search(r"[\u4e00-\u9fff]", value) else []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _zh_strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _zh_strings(v)]
    return []


def _source_strings(path: Path) -> list[str]:
    """Every string constant with Chinese in it of one Python source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and re.search(r"[\u4e00-\u9fff]", n.value)]


def zh_texts() -> dict[str, list[str]]:
    """The Chinese texts this project shows: every Chinese string of the grader's and the quiz's
    sources (the catalogue, i18n, messages, reports, the service, the quiz's templates, the notebooks'
    content and docstrings, ...), the released notebooks and READMEs, the bundle's README."""
    from autograder.release.bundle import README

    texts = {"bundle README": [README.split("\n---\n", 1)[1]]}
    for package in ("autograder", "question_bank"):
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            if path.name != "glossary.py":
                found = _source_strings(path)
                if found:
                    texts[str(path.relative_to(REPO_ROOT))] = found
    for path in sorted((REPO_ROOT / "assignments").glob("*/*.zh.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        texts[path.name] = ["".join(c["source"]) for c in cells]
    for path in sorted((REPO_ROOT / "assignments").glob("*/README.md")):
        texts[str(path.relative_to(REPO_ROOT))] = [path.read_text(encoding="utf-8").split("\n---\n", 1)[1]]
    return texts


def test_every_zh_table_is_read():
    """The sources scanned hold each table of Chinese words: feedback, messages, quizzes, notebooks."""
    names = set(zh_texts())
    for must in ("autograder/catalogue/explanations.py", "autograder/catalogue/evidence.py",
                 "autograder/catalogue/quiz.py", "autograder/i18n/zh.py", "autograder/messages.py",
                 "autograder/repro_texts.py", "autograder/reports/console.py", "autograder/service/texts.py",
                 "question_bank/i18n/templates.py", "autograder/release/content/zh_docstrings.py"):
        assert must in names, must
    assert any(name.endswith(".zh.ipynb") for name in names)


def test_no_other_translation_of_a_glossary_concept():
    found = []
    for where, strings in zh_texts().items():
        assert strings, where
        for text in strings:
            for term in TERMS.values():
                found += [f"{where}: {bad!r} for {term.en} (use {term.zh}): …{text[max(0, text.find(bad) - 20):text.find(bad) + 20]}…"
                          for bad in term.avoid if bad in text]
    assert not found, "\n".join(found)


def test_the_zh_notebooks_use_the_glossary_terms():
    for path in sorted((REPO_ROOT / "assignments").glob("*/*.zh.ipynb")):
        text = path.read_text(encoding="utf-8")
        for concept in ("stride", "padding", "kernel", "channel"):
            assert TERMS[concept].zh in text, (path.name, concept)
    a2 = (REPO_ROOT / "assignments" / "a2_conv2d" / "conv2d.zh.ipynb").read_text(encoding="utf-8")
    assert all(TERMS[c].zh in a2 for c in ("dilation", "groups", "bias", "cross-correlation", "pooling"))


def _labels() -> list[str]:
    labels = []
    for a in ASSIGNMENTS:
        for kind in ("public", "hidden"):
            module = importlib.import_module(f"autograder.suites.{a}.test_{kind}")
            labels += [c.label for c in module.CASES if c.label]
    return sorted(set(labels))


def test_every_test_label_reads_in_chinese():
    labels = _labels()
    assert len(labels) > 100
    english = {label: zh_label(label) for label in labels if ENGLISH_WORDS.search(zh_label(label))}
    assert not english, english
    assert zh_label("bias, stride 2, padding 1") == "偏置，步长 2，填充 1"
    assert display_name("conv2d [hidden] dilation 2", "zh") == "conv2d [隐藏] 空洞 2"
    assert display_name("conv2d [hidden] dilation 2", "en") == "conv2d [hidden] dilation 2"


@pytest.mark.parametrize("status", ["graded", "partial", "failed_to_load", "timeout", "no_submission",
                                    "grader_error"])
def test_status_words_in_both_languages(status):
    from autograder.i18n import status_word

    assert re.search(r"[\u4e00-\u9fff]", status_word(status, "zh"))
    assert status_word(status, "en") and not re.search(r"[\u4e00-\u9fff]", status_word(status, "en"))


def test_chinese_texts_exist_for_every_english_one():
    from autograder.i18n import en, zh

    assert set(en.LABELS) == set(zh.LABELS)
    assert all("zh" in entry for entry in TEXTS.values())
    assert Path(importlib.import_module("autograder.glossary").__file__).is_file()


def test_zh_notebooks_state_the_contracts_in_chinese():
    """The module docstring and every graded function's docstring of a zh notebook are Chinese."""
    import ast

    for a in ASSIGNMENTS.values():
        nb = json.loads((REPO_ROOT / "assignments" / a.name / f"{a.module}.zh.ipynb").read_text(encoding="utf-8"))
        code = "\n\n".join("".join(c["source"]) for c in nb["cells"]
                            if c["metadata"].get("nbgrader", {}).get("solution"))
        tree = ast.parse(code)
        docs = {"module": ast.get_docstring(tree)}
        docs |= {n.name: ast.get_docstring(n) for n in tree.body
                 if isinstance(n, ast.FunctionDef) and n.name in a.functions}
        assert set(docs) == {"module", *a.functions}, a.name
        for name, doc in docs.items():
            assert doc and re.search(r"[\u4e00-\u9fff]", doc.splitlines()[0]), (a.name, name)
