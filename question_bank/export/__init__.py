"""Exporters, one module per format. Each has ``write(quiz, out_dir, variants=None) -> [paths]``.

json is the key that ``quiz grade`` reads; markdown and html are per student; moodle, gift and
qti are pools of variants per question for an LMS (the first ``variants`` students' versions).
"""
from __future__ import annotations

from . import gift, html_quiz, json_key, markdown, moodle, qti

FORMATS = {"json": json_key, "markdown": markdown, "html": html_quiz, "moodle": moodle, "gift": gift, "qti": qti}


def write(fmt: str, quiz, out_dir, variants: int | None = None):
    try:
        module = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}") from None
    return module.write(quiz, out_dir, variants=variants)
