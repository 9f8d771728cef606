"""Wrong options named after the misconceptions of SPEC's catalogue.

A template lists the value each mistake would give. ``choose`` keeps three of them; when one
equals the answer or another distractor the draw teaches nothing, so the template's
parameters are drawn again (``Redraw``), never the distractor patched.
"""
from __future__ import annotations

from .answers import same_value


class Redraw(Exception):
    """The parameters do not make a good question; draw them again."""


def choose(rng, answer, candidates: dict, n: int = 3) -> list[tuple[str, object]]:
    """n (misconception id, value) pairs picked at random among candidates, all distinct and
    distinct from the answer; raises Redraw otherwise."""
    ids = sorted(candidates)
    if len(ids) < n:
        raise Redraw(f"only {len(ids)} misconceptions apply")
    picked = [ids[i] for i in sorted(rng.choice(len(ids), size=n, replace=False))]
    values = [answer]
    for mid in picked:
        if any(same_value(candidates[mid], v) for v in values):
            raise Redraw(f"{mid} gives the answer or another distractor")
        values.append(candidates[mid])
    return [(mid, candidates[mid]) for mid in picked]


def place(correct, distractors: list[tuple[str, object]], position: int):
    """Options in display order: the correct one at ``position``, the distractors around it.
    Returns [(misconception or None, value), ...]."""
    options = [(mid, value) for mid, value in distractors]
    options.insert(position, (None, correct))
    return options
