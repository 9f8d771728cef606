"""The misconception catalogue: SPEC's misconception ids, each with its words in English and Chinese.

One table per job, each ``{key: {"en": ..., "zh": ...}}`` with both languages side by side (read
it with ``autograder.texts``: the asked language, else English):

- ``EXPLANATIONS`` (``explanations.py``): per id, (name, what the student did, what torch does,
  what to check), the feedback's paragraph (``autograder.i18n.explain``);
- ``EVIDENCE`` (``evidence.py``): one sentence per detector variant, keyed ``"id/variant"`` as in
  ``autograder.diagnosis.table``; ``RAISES_WHERE``: where a function raises, when a raise
  pattern points to the mistake;
- ``QUIZ_FEEDBACK`` (``quiz.py``): what a quiz option that the mistake gives tells the student.

A leaf module: it imports nothing of the project, so every part of it may read it.

    >>> IDS[0], EXPLANATIONS["flipped-kernel"]["en"][0]
    ('flipped-kernel', 'Kernel rotated by 180°')
"""
from __future__ import annotations

from .evidence import EVIDENCE, RAISES_WHERE
from .explanations import EXPLANATIONS
from .quiz import QUIZ_FEEDBACK

LANGS = ("en", "zh")
IDS: tuple[str, ...] = tuple(EXPLANATIONS)     # SPEC's catalogue, in its order
# the ids the grader's diagnosis looks for in code: those with a detector's evidence sentence
CODE_IDS: tuple[str, ...] = tuple(mid for mid in IDS if any(key.split("/")[0] == mid for key in EVIDENCE))

__all__ = ["CODE_IDS", "EVIDENCE", "EXPLANATIONS", "IDS", "LANGS", "QUIZ_FEEDBACK", "RAISES_WHERE",
           "evidence_key"]


def evidence_key(misconception: str, variant: str) -> str:
    """The key of a detector variant's evidence sentence: ``"padding-ignored/none"``."""
    return f"{misconception}/{variant}"
