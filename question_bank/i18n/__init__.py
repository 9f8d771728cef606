"""Student-facing strings in English and Chinese; ``texts(lang)`` returns one language's tables.

``COMMON`` (``common.py``) and ``TEMPLATES`` (``templates.py``, one entry per question type) hold
both languages side by side; ``MISCONCEPTIONS``, the feedback of an option that a mistake gives,
is the catalogue's ``QUIZ_FEEDBACK`` (``autograder.catalogue``). Each key reads the asked
language, else English (``autograder.texts``).
"""
from __future__ import annotations

from types import SimpleNamespace

from autograder import catalogue
from autograder.texts import LANGS, check_lang, language

from .common import COMMON
from .templates import TEMPLATES


def texts(lang: str) -> SimpleNamespace:
    """COMMON, TEMPLATES and MISCONCEPTIONS of ``lang``; a ValueError for a language not in LANGS."""
    check_lang(lang)
    return SimpleNamespace(
        COMMON=language(COMMON, lang),
        TEMPLATES=language(TEMPLATES, lang),
        MISCONCEPTIONS=language(catalogue.QUIZ_FEEDBACK, lang),
    )


__all__ = ["COMMON", "LANGS", "TEMPLATES", "texts"]
