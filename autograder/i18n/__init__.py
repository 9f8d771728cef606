"""Student-facing words of the feedback, in English and Chinese, keyed by SPEC's misconception ids.

    >>> explain("flipped-kernel", "en").title
    'Kernel rotated by 180°'
"""
from __future__ import annotations

from dataclasses import dataclass

from autograder.i18n import en, zh

LANGS = ("en", "zh")
_TABLES = {"en": en, "zh": zh}


@dataclass(frozen=True)
class Explanation:
    """What the student did, what torch does, what to check."""

    title: str
    did: str
    torch: str
    check: str


def _table(lang: str):
    try:
        return _TABLES[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}") from None


def explain(misconception: str, lang: str = "en") -> Explanation:
    """The explanation of one misconception id."""
    title, did, torch, check = _table(lang).MISCONCEPTIONS[misconception]
    return Explanation(title, did, torch, check)


def evidence(misconception: str, variant: str, lang: str = "en") -> str:
    """One sentence: which changed configuration of torch reproduces the student's output."""
    return _table(lang).EVIDENCE.get(f"{misconception}/{variant}", "")


def label(key: str, lang: str = "en", **values: object) -> str:
    """A short label or sentence of the reports, with ``{name}`` fields filled in."""
    text = _table(lang).LABELS[key]
    return text.format(**values) if values else text


def known_ids(lang: str = "en") -> list[str]:
    return list(_table(lang).MISCONCEPTIONS)


def status_word(status: str, lang: str = "en") -> str:
    """A submission's status (``graded``, ``failed_to_load``, ...) in words of ``lang``."""
    try:
        return label(f"status.{status}", lang)
    except KeyError:
        return status
