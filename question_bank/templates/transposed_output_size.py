"""Output size of a ConvTranspose (one dimension).

out = (L − 1)·s − 2p + d(k−1) + output_padding + 1, with output_padding < max(s, d)
"""
from __future__ import annotations

from .. import formulas as fm
from .. import mistakes
from ..distractors import Redraw, explained
from ..sampling import chance, randint
from .base import Draw

NAME = "transposed_output_size"
KIND = "numeric"


def sample(rng, oracle) -> Draw:
    L, k, s = randint(rng, 3, 20), randint(rng, 2, 5), randint(rng, 2, 3)
    d = 1 if chance(rng, 0.5) else randint(rng, 2, 3)
    p = randint(rng, 0, 2)
    op = randint(rng, 0, max(s, d) - 1)
    if op == 0 and chance(rng, 0.6):
        raise Redraw("prefer an output_padding that matters")
    if fm.conv_transpose_out(L, k, s, p, op, d) < 1:
        raise Redraw("empty output")
    params = {"L": L, "kernel": k, "stride": s, "padding": p, "output_padding": op, "dilation": d,
              "Cin": randint(rng, 1, 8), "Cout": randint(rng, 1, 8)}
    cands = explained(fm.conv_transpose_out(L, k, s, p, op, d), mistakes.transposed_output_size(params))
    answer, record = oracle.conv_transpose1d_size(L, k, s, p, op, d)
    return Draw(params, answer, fm.conv_transpose_out(L, k, s, p, op, d), record, cands)


def values(params) -> dict:
    L, k, s, p, op, d = (params[n] for n in ("L", "kernel", "stride", "padding", "output_padding", "dilation"))
    return dict(params, k=k, s=s, p=p, op=op, d=d, a=(L - 1) * s, two_p=2 * p, dk=d * (k - 1),
                out=fm.conv_transpose_out(L, k, s, p, op, d),
                layer=(f"nn.ConvTranspose2d({params['Cin']}, {params['Cout']}, kernel_size={k}, stride={s}, "
                       f"padding={p}, output_padding={op}, dilation={d})"))
