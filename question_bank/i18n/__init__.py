"""Student-facing strings in English and Chinese; ``texts(lang)`` returns one language's table."""
from __future__ import annotations

from . import en, zh

LANGS = {"en": en, "zh": zh}


def texts(lang: str):
    try:
        return LANGS[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r}; use en or zh") from None
