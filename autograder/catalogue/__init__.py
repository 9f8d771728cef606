"""The misconception catalogue: SPEC's misconception ids, each with its words in English and Chinese.

Per id (``en.py`` and ``zh.py`` hold the words, side by side in the same order):

- ``EXPLANATIONS``: (name, what the student did, what torch does, what to check), the
  feedback's paragraph (``autograder.i18n.explain``);
- ``EVIDENCE``: one sentence per detector variant, keyed ``"id/variant"`` as in
  ``autograder.diagnosis.table`` (``wrong-dtype/values-match`` is diagnose's dtype check);
- ``QUIZ_FEEDBACK``: what a quiz option that this mistake gives tells the student;
- ``RAISES_WHERE``: where a function raises, when a raise pattern points to this mistake.

Every table here is ``{lang: {key: text}}``; read it with ``autograder.texts`` (the asked
language, else English). A leaf module: it imports nothing of the project.

    >>> IDS[0], EXPLANATIONS["en"]["flipped-kernel"][0]
    ('flipped-kernel', 'Kernel rotated by 180°')
"""
from __future__ import annotations

from . import en, zh

LANGS = ("en", "zh")
_BY_LANG = {"en": en, "zh": zh}


def _tables(name: str) -> dict[str, dict]:
    return {lang: getattr(module, name) for lang, module in _BY_LANG.items()}


EXPLANATIONS = _tables("EXPLANATIONS")
EVIDENCE = _tables("EVIDENCE")
QUIZ_FEEDBACK = _tables("QUIZ_FEEDBACK")
RAISES_WHERE = _tables("RAISES_WHERE")

IDS: tuple[str, ...] = tuple(en.EXPLANATIONS)   # SPEC's catalogue, in its order
# the ids the grader's diagnosis looks for in code (those with a detector's evidence sentence)
CODE_IDS: tuple[str, ...] = tuple(mid for mid in IDS if any(key.split("/")[0] == mid for key in en.EVIDENCE))


def evidence_key(misconception: str, variant: str) -> str:
    """The key of a detector variant's evidence sentence: ``"padding-ignored/none"``."""
    return f"{misconception}/{variant}"
