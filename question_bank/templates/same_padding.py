"""The padding that padding='same' adds, (before, after), for a kernel and a dilation.

total = d(k−1); before = floor(total / 2); after = total − before (the odd extra on the right).
"""
from __future__ import annotations

from .. import formulas as fm
from .. import mistakes
from ..distractors import Redraw, choose
from ..sampling import chance, randint
from .base import Draw

NAME = "same_padding"
KIND = "multichoice"


def sample(rng, oracle) -> Draw:
    k, d = randint(rng, 2, 7), randint(rng, 1, 4)
    if d * (k - 1) % 2 == 0 and chance(rng, 0.75):
        raise Redraw("an odd total shows where the extra pad goes")
    params = {"kernel": k, "dilation": d, "C": randint(rng, 1, 8), "Cout": randint(rng, 1, 8)}
    formula = fm.same_padding(k, d)
    cands = mistakes.same_padding(params)
    distractors = choose(rng, formula, cands)   # before torch: a collision re-draws cheaply
    answer, record = oracle.same_padding(k, d)
    return Draw(params, tuple(answer), formula, record, cands, distractors)


def values(params) -> dict:
    k, d = params["kernel"], params["dilation"]
    before, after = fm.same_padding(k, d)
    total = d * (k - 1)
    return dict(params, k=k, d=d, k1=k - 1, total=total, before=before, after=after,
                layer=f"nn.Conv1d({params['C']}, {params['Cout']}, kernel_size={k}, dilation={d}, padding='same')")
