"""Student-facing words of the feedback, in English and Chinese.

The misconceptions' words live in ``autograder.catalogue``; the reports' labels here (``en.py``,
``zh.py``). Every lookup goes through ``autograder.texts`` (the asked language, else English).

    >>> explain("flipped-kernel", "en").title
    'Kernel rotated by 180°'
"""
from __future__ import annotations

from dataclasses import dataclass

from autograder import catalogue
from autograder.i18n import en, zh
from autograder.texts import LANGS, check_lang, columns, text

_LABELS = columns({"en": en.LABELS, "zh": zh.LABELS})

__all__ = ["LANGS", "Explanation", "explain", "evidence", "label", "known_ids", "status_word"]


@dataclass(frozen=True)
class Explanation:
    """What the student did, what torch does, what to check."""

    title: str
    did: str
    torch: str
    check: str


def explain(misconception: str, lang: str = "en") -> Explanation:
    """The explanation of one misconception id."""
    title, did, torch, check = text(catalogue.EXPLANATIONS, misconception, check_lang(lang))
    return Explanation(title, did, torch, check)


def evidence(misconception: str, variant: str, lang: str = "en") -> str:
    """One sentence: which changed configuration of torch reproduces the student's output."""
    key = catalogue.evidence_key(misconception, variant)
    return text(catalogue.EVIDENCE, key, check_lang(lang)) if key in catalogue.EVIDENCE else ""


def label(key: str, lang: str = "en", **values: object) -> str:
    """A short label or sentence of the reports, with ``{name}`` fields filled in."""
    return text(_LABELS, key, check_lang(lang), **values)


def known_ids(lang: str = "en") -> list[str]:
    check_lang(lang)
    return list(catalogue.IDS)


def status_word(status: str, lang: str = "en") -> str:
    """A submission's status (``graded``, ``failed_to_load``, ...) in words of ``lang``."""
    try:
        return label(f"status.{status}", lang)
    except KeyError:
        return status
