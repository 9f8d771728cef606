"""Shape of the im2col matrix, F.unfold: (N, C·kh·kw, L) with L = H_out · W_out."""
from __future__ import annotations

from .. import formulas as fm
from .. import mistakes
from ..distractors import Redraw, explained
from ..sampling import chance, randint
from .base import Draw

NAME = "unfold_shape"
KIND = "shape"


def sample(rng, oracle) -> Draw:
    N, C, H, W = randint(rng, 1, 4), randint(rng, 1, 6), randint(rng, 5, 20), randint(rng, 5, 20)
    kh, kw = randint(rng, 1, 4), randint(rng, 1, 4)
    s, p = randint(rng, 1, 3), randint(rng, 0, 2)
    d = 1 if chance(rng, 0.6) else 2
    if fm.effective_kernel(kh, d) > H + 2 * p or fm.effective_kernel(kw, d) > W + 2 * p:
        raise Redraw("kernel larger than the padded input")
    if kh * kw == 1:
        raise Redraw("a 1x1 kernel hides the column count")
    params = {"N": N, "C": C, "H": H, "W": W, "kernel": [kh, kw], "stride": s, "padding": p, "dilation": d}
    ho, wo = fm.conv_out(H, kh, s, p, d), fm.conv_out(W, kw, s, p, d)
    rows = C * kh * kw
    cands = explained((N, rows, ho * wo), mistakes.unfold_shape(params))   # before torch: a collision re-draws cheaply
    answer, record = oracle.unfold_shape((N, C, H, W), (kh, kw), d, p, s)
    return Draw(params, tuple(answer), (N, rows, ho * wo), record, cands)


def values(params) -> dict:
    N, C, H, W, (kh, kw), s, p, d = (params[n] for n in ("N", "C", "H", "W", "kernel", "stride", "padding", "dilation"))
    ho, wo = fm.conv_out(H, kh, s, p, d), fm.conv_out(W, kw, s, p, d)
    return dict(params, kh=kh, kw=kw, s=s, p=p, d=d, Ho=ho, Wo=wo, rows=C * kh * kw, cols=ho * wo,
                call=f"F.unfold(x, kernel_size=({kh}, {kw}), dilation={d}, padding={p}, stride={s})")
