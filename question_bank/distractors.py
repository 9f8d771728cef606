"""Wrong options named after the misconceptions of SPEC's catalogue.

``mistakes.py`` computes the value each mistake gives on the question's own parameters.
``explained`` (numeric and shape questions, where every mistake is looked for in the answers)
refuses parameters for which a mistake gives the right answer or the same value as another
mistake; ``choose`` (multiple choice) shows three mistakes whose values no other mistake gives.
Either way, a wrong value has exactly one explanation. A refusal draws the template's parameters again
(``Redraw``); a distractor is never patched.
"""
from __future__ import annotations

from .answers import same_value


class Redraw(Exception):
    """The parameters do not make a good question; draw them again."""


def explained(answer, candidates: dict) -> dict:
    """For a numeric or shape question, where every mistake's value is looked for in the answers:
    candidates itself when each value differs from the answer and from every other value;
    raises Redraw otherwise."""
    seen = [answer]
    for mid in sorted(candidates):
        value = candidates[mid]
        if any(same_value(value, v) for v in seen):
            raise Redraw(f"{mid} gives the answer or another mistake's value")
        seen.append(value)
    return candidates


def choose(rng, answer, candidates: dict, n: int = 3) -> list[tuple[str, object]]:
    """n (misconception id, value) pairs for a multiple-choice question, picked at random among
    the mistakes whose value no other mistake gives and that differ from the answer (so each
    wrong option has exactly one explanation); raises Redraw when fewer than n are left."""
    ids = [m for m in sorted(candidates)
           if not same_value(candidates[m], answer)
           and not any(same_value(candidates[m], candidates[o]) for o in candidates if o != m)]
    if len(ids) < n:
        raise Redraw(f"only {len(ids)} mistakes give a value of their own")
    picked = [ids[i] for i in sorted(rng.choice(len(ids), size=n, replace=False))]
    return [(mid, candidates[mid]) for mid in picked]


def place(correct, distractors: list[tuple[str, object]], position: int):
    """Options in display order: the correct one at ``position``, the distractors around it.
    Returns [(misconception or None, value), ...]."""
    options = [(mid, value) for mid, value in distractors]
    options.insert(position, (None, correct))
    return options
