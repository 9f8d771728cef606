"""Weight shape of a ConvTranspose2d: (C_in, C_out / groups, kh, kw), the transpose of Conv2d's
(C_out, C_in / groups, kh, kw)."""
from __future__ import annotations

from .. import mistakes
from ..distractors import Redraw, explained
from ..sampling import chance, pick, randint
from .base import Draw

NAME = "transpose_weight_shape"
KIND = "shape"


def sample(rng, oracle) -> Draw:
    g = pick(rng, (1, 2, 2, 3, 4))
    cin, cout = g * randint(rng, 1, 8), g * randint(rng, 1, 8)
    if cin == cout:
        raise Redraw("equal channel counts hide the layout")
    kh = randint(rng, 1, 5)
    kw = kh if chance(rng, 0.6) else randint(rng, 1, 5)
    params = {"Cin": cin, "Cout": cout, "kernel": [kh, kw], "groups": g}
    cands = explained((cin, cout // g, kh, kw), mistakes.transpose_weight_shape(params))
    answer, record = oracle.conv_transpose2d_weight(cin, cout, kh, kw, g)
    return Draw(params, tuple(answer), (cin, cout // g, kh, kw), record, cands)


def values(params) -> dict:
    cin, cout, (kh, kw), g = (params[n] for n in ("Cin", "Cout", "kernel", "groups"))
    return dict(params, kh=kh, kw=kw, g=g, per=cout // g,
                layer=f"nn.ConvTranspose2d({cin}, {cout}, kernel_size=({kh}, {kw}), groups={g})")
