"""The output_padding that makes a ConvTranspose undo the size change of a Conv.

A Conv(k, s, p, d) maps L to L_out; the transpose with the same settings gives
(L_out − 1)s − 2p + d(k−1) + 1 + output_padding, so output_padding = (L + 2p − d(k−1) − 1) mod s.
"""
from __future__ import annotations

from .. import formulas as fm
from ..distractors import Redraw
from ..sampling import chance, randint
from .base import Draw

NAME = "output_padding"
KIND = "numeric"


def sample(rng, oracle) -> Draw:
    L, k, s = randint(rng, 6, 40), randint(rng, 2, 5), randint(rng, 2, 4)
    p, d = randint(rng, 0, 2), (1 if chance(rng, 0.7) else 2)
    if fm.effective_kernel(k, d) > L + 2 * p:
        raise Redraw("kernel larger than the padded input")
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
    if answer == 0 and chance(rng, 0.8):
        raise Redraw("prefer a nonzero output_padding")
    params = {"L": L, "Lout": Lout, "kernel": k, "stride": s, "padding": p, "dilation": d}
    formula = (L + 2 * p - d * (k - 1) - 1) % s
    base = (Lout - 1) * s - 2 * p + d * (k - 1) + 1
    cands = {"output-padding-ignored": 0, "off-by-one-size": answer + 1 if answer + 1 < max(s, d) else answer - 1,
             "stride-misapplied": L - Lout * s if 0 <= L - Lout * s < s else None}
    cands = {m: v for m, v in cands.items() if v is not None and v != answer}
    record = {"by": "torch", "torch": rec_conv["torch"], "call": "; ".join(r["call"] for r in records),
              "result": answer, "transposed_sizes": [r["result"] for r in records[1:]], "base": base}
    return Draw(params, answer, formula, record, cands)


def values(params) -> dict:
    L, Lout, k, s, p, d = (params[n] for n in ("L", "Lout", "kernel", "stride", "padding", "dilation"))
    base = (Lout - 1) * s - 2 * p + d * (k - 1) + 1
    return dict(params, k=k, s=s, p=p, d=d, base=base, op=L - base, num=L + 2 * p - d * (k - 1) - 1,
                conv=f"nn.Conv1d(1, 1, kernel_size={k}, stride={s}, padding={p}, dilation={d})",
                tconv=f"nn.ConvTranspose1d(1, 1, kernel_size={k}, stride={s}, padding={p}, dilation={d}, output_padding=?)")
