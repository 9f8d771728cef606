"""Multiply-accumulates of one Conv2d: N · C_out · H_out · W_out · (C_in / groups) · kh · kw."""
from __future__ import annotations

from .. import formulas as fm
from .. import mistakes
from ..distractors import Redraw, explained
from ..sampling import pick, randint
from .base import Draw

NAME = "macs"
KIND = "numeric"


def sample(rng, oracle) -> Draw:
    g = pick(rng, (1, 1, 2, 4))
    cin, cout = g * randint(rng, 1, 4), g * randint(rng, 1, 4)
    H, k, s, p = randint(rng, 6, 24), pick(rng, (1, 3, 3, 5)), randint(rng, 1, 2), randint(rng, 0, 2)
    if k > H + 2 * p:
        raise Redraw("kernel larger than the padded input")
    params = {"Cin": cin, "Cout": cout, "H": H, "kernel": k, "stride": s, "padding": p, "groups": g}
    ho = fm.conv_out(H, k, s, p)
    cands = explained(fm.conv_macs(cin, cout, k, k, ho, ho, g), mistakes.macs(params))
    answer, record = oracle.conv2d_macs((1, cin, H, H), (cout, cin // g, k, k), s, p, g)
    return Draw(params, answer, fm.conv_macs(cin, cout, k, k, ho, ho, g), record, cands)


def values(params) -> dict:
    cin, cout, H, k, s, p, g = (params[n] for n in ("Cin", "Cout", "H", "kernel", "stride", "padding", "groups"))
    ho = fm.conv_out(H, k, s, p)
    return dict(params, k=k, s=s, p=p, g=g, Ho=ho, per=cin // g, out=fm.conv_macs(cin, cout, k, k, ho, ho, g),
                layer=f"nn.Conv2d({cin}, {cout}, kernel_size={k}, stride={s}, padding={p}, groups={g}, bias=False)")
