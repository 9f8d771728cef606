"""Output size of MaxPool (one dimension), with or without ceil_mode.

floor((L + 2p − d(k−1) − 1)/s) + 1; with ceil_mode, ceil instead of floor, minus 1 when the last
window would start in the right padding ((out − 1)·s ≥ L + p). stride=None means stride = k.
"""
from __future__ import annotations

from .. import formulas as fm
from .. import mistakes
from ..distractors import Redraw, choose
from ..sampling import chance, randint
from .base import Draw

NAME = "pool_output_size"
KIND = "multichoice"


def sample(rng, oracle) -> Draw:
    L, k = randint(rng, 5, 40), randint(rng, 2, 4)
    s = None if chance(rng, 0.5) else randint(rng, 2, 4)
    p = randint(rng, 0, k // 2)
    ceil_mode = chance(rng, 0.5)
    st = k if s is None else s
    num = L + 2 * p - (k - 1) - 1
    if num < 0:
        raise Redraw("window larger than the padded input")
    if num % st == 0:
        raise Redraw("floor and ceil agree")
    formula = fm.pool_out(L, k, s, p, 1, ceil_mode)
    params = {"L": L, "kernel": k, "stride": s, "padding": p, "ceil_mode": ceil_mode, "C": randint(rng, 1, 16)}
    cands = mistakes.pool_output_size(params)
    distractors = choose(rng, formula, cands)
    answer, record = oracle.max_pool1d_size(L, k, s, p, 1, ceil_mode)
    return Draw(params, answer, formula, record, cands, distractors)


def values(params) -> dict:
    L, k, s, p, ceil_mode = (params[n] for n in ("L", "kernel", "stride", "padding", "ceil_mode"))
    st = k if s is None else s
    num = L + 2 * p - (k - 1) - 1
    q = fm.ceil_div(num, st) if ceil_mode else num // st
    out = fm.pool_out(L, k, s, p, 1, ceil_mode)
    return dict(params, k=k, s=st, p=p, two_p=2 * p, k1=k - 1, num=num, q=q, raw=q + 1, out=out,
                last_start=q * st, limit=L + p, dropped=(q + 1 != out),
                layer=(f"nn.MaxPool2d(kernel_size={k}, stride={s}, padding={p}, ceil_mode={ceil_mode})"))


def localize(v: dict, tt: dict) -> dict:
    return dict(v, ceil_note=tt["ceil_drop" if v["dropped"] else "ceil_keep"].format(**v),
                rounding=tt["rounded_up" if v["ceil_mode"] else "rounded_down"])
