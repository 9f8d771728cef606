"""Receptive field of a stack of convolutions (one dimension).

RF = 1 + Σ_l d_l (k_l − 1) · Π_{m<l} s_m, first layer first.
"""
from __future__ import annotations

from .. import formulas as fm
from .. import mistakes
from ..distractors import Redraw, choose
from ..sampling import chance, randint
from .base import Draw

NAME = "receptive_field"
KIND = "multichoice"


def sample(rng, oracle) -> Draw:
    n = randint(rng, 2, 4)
    layers = [(randint(rng, 2, 5), randint(rng, 1, 2) if i < n - 1 else randint(rng, 1, 3),
               1 if chance(rng, 0.6) else randint(rng, 2, 3)) for i in range(n)]
    if all(s == 1 for _, s, _ in layers[:-1]) or all(d == 1 for _, _, d in layers):
        raise Redraw("strides and dilation should both matter")
    formula = fm.receptive_field(layers)
    params = {"layers": [list(layer) for layer in layers], "C": randint(rng, 1, 4)}
    cands = mistakes.receptive_field(params)
    distractors = choose(rng, formula, cands)   # before torch: a collision re-draws without a torch run
    answer, record = oracle.receptive_field(layers)
    return Draw(params, answer, formula, record, cands, distractors)


def values(params) -> dict:
    layers = params["layers"]
    terms, jump, rf = [], 1, 1
    for k, s, d in layers:
        terms.append(f"{d}·({k}−1)·{jump}")
        rf += d * (k - 1) * jump
        jump *= s
    stack = "\n".join(f"  nn.Conv1d(C, C, kernel_size={k}, stride={s}, dilation={d})" for k, s, d in layers)
    return dict(params, n=len(layers), terms=" + ".join(terms), out=rf, stack=stack)
