"""Student-facing strings in English and Chinese; ``texts(lang)`` returns one language's tables.

``COMMON`` and ``TEMPLATES`` live here (``en.py``, ``zh.py``); ``MISCONCEPTIONS``, the feedback of
an option that a mistake gives, is the catalogue's ``QUIZ_FEEDBACK`` (``autograder.catalogue``).
Each key reads the asked language, else English (``autograder.texts``).
"""
from __future__ import annotations

from types import SimpleNamespace

from autograder import catalogue
from autograder.texts import LANGS, check_lang, table

from . import en, zh

_BY_LANG = {"en": en, "zh": zh}


def texts(lang: str) -> SimpleNamespace:
    """COMMON, TEMPLATES and MISCONCEPTIONS of ``lang``; a ValueError for a language not in LANGS."""
    check_lang(lang)
    return SimpleNamespace(
        COMMON=table({k: m.COMMON for k, m in _BY_LANG.items()}, lang),
        TEMPLATES=table({k: m.TEMPLATES for k, m in _BY_LANG.items()}, lang),
        MISCONCEPTIONS=table(catalogue.QUIZ_FEEDBACK, lang),
    )


__all__ = ["LANGS", "texts"]
