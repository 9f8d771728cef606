"""Effective kernel size under dilation: d(k − 1) + 1."""
from __future__ import annotations

from .. import formulas as fm
from .. import mistakes
from ..distractors import choose
from ..sampling import randint
from .base import Draw

NAME = "effective_kernel"
KIND = "multichoice"


def sample(rng, oracle) -> Draw:
    k, d = randint(rng, 2, 7), randint(rng, 2, 5)
    params = {"kernel": k, "dilation": d}
    cands = mistakes.effective_kernel(params)
    distractors = choose(rng, fm.effective_kernel(k, d), cands)
    answer, record = oracle.effective_kernel(k, d)
    return Draw(params, answer, fm.effective_kernel(k, d), record, cands, distractors)


def values(params) -> dict:
    k, d = params["kernel"], params["dilation"]
    return dict(params, k=k, d=d, k1=k - 1, gaps=d - 1, out=fm.effective_kernel(k, d),
                layer=f"nn.Conv2d(1, 1, kernel_size={k}, dilation={d})")
