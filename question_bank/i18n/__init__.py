"""Student-facing strings in English and Chinese; ``texts(lang)`` returns one language's tables.

``COMMON`` and ``TEMPLATES`` live here (``en.py``, ``zh.py``); ``MISCONCEPTIONS``, the feedback of
an option that a mistake gives, is the catalogue's ``QUIZ_FEEDBACK`` (``autograder.catalogue``).
Each key reads the asked language, else English (``autograder.texts``).
"""
from __future__ import annotations

from types import SimpleNamespace

from autograder import catalogue
from autograder.texts import LANGS, check_lang, columns, language

from . import en, zh

_COMMON = columns({"en": en.COMMON, "zh": zh.COMMON})
_TEMPLATES = columns({"en": en.TEMPLATES, "zh": zh.TEMPLATES})


def texts(lang: str) -> SimpleNamespace:
    """COMMON, TEMPLATES and MISCONCEPTIONS of ``lang``; a ValueError for a language not in LANGS."""
    check_lang(lang)
    return SimpleNamespace(
        COMMON=language(_COMMON, lang),
        TEMPLATES=language(_TEMPLATES, lang),
        MISCONCEPTIONS=language(catalogue.QUIZ_FEEDBACK, lang),
    )


__all__ = ["LANGS", "texts"]
