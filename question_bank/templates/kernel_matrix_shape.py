"""Shape of the kernel matrix K of a Conv2d on one image: conv2d(x).ravel() == K @ x.ravel(),
so K is (C_out · H_out · W_out, C_in · H · W)."""
from __future__ import annotations

from .. import formulas as fm
from .. import mistakes
from ..distractors import Redraw, explained
from ..sampling import randint
from .base import Draw

NAME = "kernel_matrix_shape"
KIND = "shape"


def sample(rng, oracle) -> Draw:
    cin, cout, H, W = randint(rng, 1, 4), randint(rng, 1, 6), randint(rng, 4, 12), randint(rng, 4, 12)
    k, s, p, d = randint(rng, 2, 4), randint(rng, 1, 2), randint(rng, 0, 2), 1
    if k > H + 2 * p or k > W + 2 * p:
        raise Redraw("kernel larger than the padded input")
    if s == 1 and p == 0:
        raise Redraw("stride or padding should matter")
    params = {"Cin": cin, "Cout": cout, "H": H, "W": W, "kernel": k, "stride": s, "padding": p}
    ho, wo = fm.conv_out(H, k, s, p, d), fm.conv_out(W, k, s, p, d)
    rows, cols = cout * ho * wo, cin * H * W
    cands = explained((rows, cols), mistakes.kernel_matrix_shape(params))   # before torch: a collision re-draws cheaply
    answer, record = oracle.kernel_matrix_shape((cin, H, W), (cout, cin, k, k), s, p, d)
    return Draw(params, tuple(answer), (rows, cols), record, cands)


def values(params) -> dict:
    cin, cout, H, W, k, s, p = (params[n] for n in ("Cin", "Cout", "H", "W", "kernel", "stride", "padding"))
    ho, wo = fm.conv_out(H, k, s, p), fm.conv_out(W, k, s, p)
    return dict(params, k=k, s=s, p=p, Ho=ho, Wo=wo, rows=cout * ho * wo, cols=cin * H * W,
                layer=f"nn.Conv2d({cin}, {cout}, kernel_size={k}, stride={s}, padding={p}, bias=False)")
