"""Full output shape of a Conv2d on a given input.

(N, C_out, floor((H + 2p − d(k−1) − 1)/s) + 1, same for W); groups must divide both channel counts.
"""
from __future__ import annotations

from .. import formulas as fm
from .. import mistakes
from ..distractors import Redraw, explained
from ..sampling import chance, pick, randint
from .base import Draw

NAME = "conv2d_shape"
KIND = "shape"


def sample(rng, oracle) -> Draw:
    N, H, W = randint(rng, 1, 3), randint(rng, 7, 28), randint(rng, 7, 28)
    g = pick(rng, (1, 1, 2, 4))
    cin, cout = g * randint(rng, 1, 2), g * randint(rng, 1, 3)
    k = [pick(rng, (1, 3, 3, 5)), pick(rng, (1, 3, 3, 5))]
    s = [randint(rng, 1, 3), randint(rng, 1, 3)]
    p = [randint(rng, 0, 2), randint(rng, 0, 2)]
    d = [1, 1] if chance(rng, 0.5) else [randint(rng, 1, 3), randint(rng, 1, 3)]
    sizes = (H, W)
    for j in range(2):
        if fm.effective_kernel(k[j], d[j]) > sizes[j] + 2 * p[j]:
            raise Redraw("kernel larger than the padded input")
    if all((sizes[j] + 2 * p[j] - d[j] * (k[j] - 1) - 1) % s[j] == 0 for j in range(2)):
        raise Redraw("the floor drops nothing")
    params = {"N": N, "Cin": cin, "Cout": cout, "H": H, "W": W, "kernel": k, "stride": s,
              "padding": p, "dilation": d, "groups": g}
    out = [fm.conv_out(sizes[j], k[j], s[j], p[j], d[j]) for j in range(2)]
    cands = explained((N, cout, *out), mistakes.conv2d_shape(params))   # before torch: a collision re-draws cheaply
    answer, record = oracle.conv2d_shape((N, cin, H, W), (cout, cin // g, *k), s, p, d, g)
    return Draw(params, tuple(answer), (N, cout, *out), record, cands)


def values(params) -> dict:
    H, W = params["H"], params["W"]
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = (params[n] for n in ("kernel", "stride", "padding", "dilation"))
    ho, wo = fm.conv_out(H, kh, sh, ph, dh), fm.conv_out(W, kw, sw, pw, dw)
    return dict(params, kh=kh, kw=kw, sh=sh, sw=sw, ph=ph, pw=pw, dh=dh, dw=dw, Ho=ho, Wo=wo,
                numh=H + 2 * ph - dh * (kh - 1) - 1, numw=W + 2 * pw - dw * (kw - 1) - 1,
                layer=(f"nn.Conv2d({params['Cin']}, {params['Cout']}, kernel_size=({kh}, {kw}), stride=({sh}, {sw}), "
                       f"padding=({ph}, {pw}), dilation=({dh}, {dw}), groups={params['groups']})"))
