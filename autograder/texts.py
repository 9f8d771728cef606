"""The one way to look up a student-facing text: the asked language, else English.

A string table maps a key to its texts by language, ``{key: {"en": ..., "zh": ...}}``;
``text`` picks the language and fills in the ``str.format`` fields, ``language`` gives a whole
table in one language. Tables written one module per language (``{lang: {key: ...}}``) are
turned around once by ``columns`` and then read the same way.

    >>> text({"hi": {"en": "Hello {name}", "zh": "你好 {name}"}}, "hi", "zh", name="Li")
    '你好 Li'
    >>> text({"hi": {"en": "Hello"}}, "hi", "zh")
    'Hello'

A missing key raises ``KeyError`` naming the key (a test catches a text that was never written);
a language without the key, or a language never heard of, reads English.
"""
from __future__ import annotations

from typing import Any, Mapping

LANGS = ("en", "zh")
FALLBACK = "en"


def pick(entry: Mapping[str, Any], lang: str) -> Any:
    """``entry[lang]`` when the entry has that language, else ``entry["en"]`` (the one fallback rule)."""
    return entry[lang] if lang in entry else entry[FALLBACK]


def text(table: Mapping[str, Mapping[str, str]], key: str, lang: str = "en", **fields: object) -> str:
    """The text ``key`` of ``table`` in ``lang`` (else English), with ``{name}`` fields filled in."""
    try:
        entry = table[key]
    except KeyError:
        raise KeyError(f"no text {key!r} in this table") from None
    template = pick(entry, lang)
    return template.format(**fields) if fields else template


def columns(by_lang: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """``{lang: {key: value}}`` turned into ``{key: {lang: value}}`` (English's keys, in its order)."""
    return {key: {lang: t[key] for lang, t in by_lang.items() if key in t} for key in by_lang[FALLBACK]}


def language(table: Mapping[str, Mapping[str, Any]], lang: str) -> dict[str, Any]:
    """The whole ``table`` in one language, each key read by ``pick`` (English where ``lang`` lacks it)."""
    return {key: pick(entry, lang) for key, entry in table.items()}


def check_lang(lang: str) -> str:
    """``lang`` itself when it is one of ``LANGS``; a ValueError naming the choices otherwise
    (for a language a user asked for, checked once where it comes in)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    return lang
