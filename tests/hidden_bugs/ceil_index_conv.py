"""conv2d_naive whose output size takes the ceiling: its own indexing raises IndexError exactly
where floor and ceil of the size differ (off-by-one-size)."""
import math

import numpy as np


def conv2d_naive(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    pair = lambda v: (v, v) if isinstance(v, int) else tuple(v)
    (sh, sw), (ph, pw), (dh, dw) = pair(stride), pair(padding), pair(dilation)
    unbatched = x.ndim == 3
    if unbatched:
        x = x[None]
    n, c, h, w = x.shape
    o, cg, kh, kw = weight.shape
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    ho = math.ceil((h + 2 * ph - dh * (kh - 1) - 1) / sh) + 1
    wo = math.ceil((w + 2 * pw - dw * (kw - 1) - 1) / sw) + 1
    out = np.zeros((n, o, ho, wo), dtype=np.result_type(x, weight))
    og = o // groups
    for b in range(n):
        for f in range(o):
            g = f // og
            for i in range(ho):
                for j in range(wo):
                    total = 0.0
                    for ch in range(cg):
                        for a in range(kh):
                            for e in range(kw):
                                total += xp[b, g * cg + ch, i * sh + a * dh, j * sw + e * dw] * weight[f, ch, a, e]
                    out[b, f, i, j] = total + (bias[f] if bias is not None else 0.0)
    return out[0] if unbatched else out
