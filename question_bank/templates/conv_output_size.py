"""Output size of one dimension of a Conv2d with asymmetric stride / padding / dilation.

out = floor((L + 2p − d(k−1) − 1) / s) + 1
"""
from __future__ import annotations

from .. import formulas as fm
from .. import mistakes
from ..distractors import Redraw, choose
from ..sampling import pick, randint
from .base import Draw

NAME = "conv_output_size"
KIND = "multichoice"


def _axis(rng, teach: bool):
    L, k = randint(rng, 8, 40), randint(rng, 2, 5)
    s = randint(rng, 2, 3) if teach else randint(rng, 1, 3)
    p, d = randint(rng, 0, 2), (randint(rng, 2, 3) if teach else randint(rng, 1, 3))
    if fm.effective_kernel(k, d) > L + 2 * p:
        raise Redraw("kernel larger than the padded input")
    return L, k, s, p, d


def sample(rng, oracle) -> Draw:
    axis = pick(rng, "HW")
    i = "HW".index(axis)
    asked, other = _axis(rng, True), _axis(rng, False)
    L, k, s, p, d = asked
    if (L + 2 * p - d * (k - 1) - 1) % s == 0:
        raise Redraw("the floor drops nothing")
    if other[2] == s:
        raise Redraw("the two strides should differ")
    dims = (asked, other) if i == 0 else (other, asked)
    C, Cout = randint(rng, 1, 4), randint(rng, 2, 8)
    params = {"axis": axis, "C": C, "Cout": Cout, "H": dims[0][0], "W": dims[1][0],
              "kernel": [dims[0][1], dims[1][1]], "stride": [dims[0][2], dims[1][2]],
              "padding": [dims[0][3], dims[1][3]], "dilation": [dims[0][4], dims[1][4]]}
    cands = mistakes.conv_output_size(params)
    formula = fm.conv_out(L, k, s, p, d)
    distractors = choose(rng, formula, cands)   # before torch: a collision re-draws without a torch run
    # channels never change a spatial size: one channel in, one out keeps the torch run cheap
    shape, record = oracle.conv2d_shape((1, 1, params["H"], params["W"]), (1, 1, *params["kernel"]),
                                        params["stride"], params["padding"], params["dilation"])
    return Draw(params, shape[2 + i], formula, record, cands, distractors)


def values(params) -> dict:
    i = "HW".index(params["axis"])
    L = params[params["axis"]]
    k, s, p, d = (params[n][i] for n in ("kernel", "stride", "padding", "dilation"))
    num = L + 2 * p - d * (k - 1) - 1
    return dict(params, L=L, k=k, s=s, p=p, d=d, dim=2 + i, two_p=2 * p, dk=d * (k - 1), num=num,
                q=num // s, out=num // s + 1,
                layer=(f"nn.Conv2d({params['C']}, {params['Cout']}, kernel_size={tuple(params['kernel'])}, "
                       f"stride={tuple(params['stride'])}, padding={tuple(params['padding'])}, "
                       f"dilation={tuple(params['dilation'])})"))
