"""Learnable parameters of a Conv2d with groups and bias.

C_out · (C_in / groups) · kh · kw weights + C_out biases (when bias=True).
"""
from __future__ import annotations

from .. import formulas as fm
from ..sampling import chance, pick, randint
from .. import mistakes
from ..distractors import explained
from .base import Draw

NAME = "param_count"
KIND = "numeric"


def sample(rng, oracle) -> Draw:
    g = pick(rng, (1, 2, 2, 4, 4, 8))
    cin, cout = g * randint(rng, 1, 8), g * randint(rng, 1, 8)
    kh = pick(rng, (1, 3, 3, 5, 7))
    kw = kh if chance(rng, 0.7) else pick(rng, (1, 3, 5))
    bias = chance(rng, 0.7)
    params = {"Cin": cin, "Cout": cout, "kernel": [kh, kw], "groups": g, "bias": bias}
    cands = explained(fm.conv_params(cin, cout, kh, kw, g, bias), mistakes.param_count(params))
    answer, record = oracle.conv2d_params(cin, cout, kh, kw, g, bias)
    return Draw(params, answer, fm.conv_params(cin, cout, kh, kw, g, bias), record, cands)


def values(params) -> dict:
    cin, cout, (kh, kw), g, bias = (params[n] for n in ("Cin", "Cout", "kernel", "groups", "bias"))
    weights = cout * (cin // g) * kh * kw
    return dict(params, kh=kh, kw=kw, g=g, per=cin // g, weights=weights, biases=cout if bias else 0,
                out=fm.conv_params(cin, cout, kh, kw, g, bias),
                layer=f"nn.Conv2d({cin}, {cout}, kernel_size=({kh}, {kw}), groups={g}, bias={bias})")
