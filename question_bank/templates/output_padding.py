"""The output_padding that makes a ConvTranspose undo the size change of a Conv.

A Conv(k, s, p, d) maps L to L_out; the transpose with the same settings gives
(L_out − 1)s − 2p + d(k−1) + 1 + output_padding, so output_padding = (L + 2p − d(k−1) − 1) mod s.
"""
from __future__ import annotations

from .. import formulas as fm
from .. import mistakes
from ..distractors import Redraw, explained
from ..sampling import chance, randint
from .base import Draw

NAME = "output_padding"
KIND = "numeric"


def sample(rng, oracle) -> Draw:
    L, k, s = randint(rng, 6, 40), randint(rng, 2, 5), randint(rng, 2, 4)
    p, d = randint(rng, 0, 2), (1 if chance(rng, 0.7) else 2)
    if fm.effective_kernel(k, d) > L + 2 * p:
        raise Redraw("kernel larger than the padded input")
    formula = (L + 2 * p - d * (k - 1) - 1) % s
    if formula == 0:
        raise Redraw("output_padding 0: leaving it out would be right")
    params = {"L": L, "Lout": fm.conv_out(L, k, s, p, d), "kernel": k, "stride": s, "padding": p, "dilation": d}
    cands = explained(formula, mistakes.output_padding(params))   # before torch: a collision re-draws cheaply
    Lout, rec_conv = oracle.conv1d_size(L, k, s, p, d)
    found, records = [], [rec_conv]
    for op in range(max(s, d)):
        size, rec = oracle.conv_transpose1d_size(Lout, k, s, p, op, d)
        records.append(rec)
        if size == L:
            found.append(op)
    if len(found) != 1:
        raise Redraw("no single output_padding recovers L")
    answer = found[0]
    params["Lout"] = Lout
    base = (Lout - 1) * s - 2 * p + d * (k - 1) + 1
    record = {"by": "torch", "torch": rec_conv["torch"], "call": "; ".join(r["call"] for r in records),
              "result": answer, "transposed_sizes": [r["result"] for r in records[1:]], "base": base}
    return Draw(params, answer, formula, record, cands)


def values(params) -> dict:
    L, Lout, k, s, p, d = (params[n] for n in ("L", "Lout", "kernel", "stride", "padding", "dilation"))
    base = (Lout - 1) * s - 2 * p + d * (k - 1) + 1
    return dict(params, k=k, s=s, p=p, d=d, base=base, op=L - base, num=L + 2 * p - d * (k - 1) - 1,
                conv=f"nn.Conv1d(1, 1, kernel_size={k}, stride={s}, padding={p}, dilation={d})",
                tconv=f"nn.ConvTranspose1d(1, 1, kernel_size={k}, stride={s}, padding={p}, dilation={d}, output_padding=?)")
