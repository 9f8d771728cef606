# Mistake (count-include-pad): every window is divided by kh * kw, whatever count_include_pad
# says and also where a ceil_mode window runs past the padded border.
import math

import numpy as np


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(stride if stride is not None else kernel_size)
    ph, pw = _pair(padding)
    n, c, h, w = x.shape
    rnd = math.ceil if ceil_mode else math.floor
    oh = rnd((h + 2 * ph - kh) / sh) + 1
    ow = rnd((w + 2 * pw - kw) / sw) + 1
    if ceil_mode and (oh - 1) * sh >= h + ph:
        oh -= 1
    if ceil_mode and (ow - 1) * sw >= w + pw:
        ow -= 1
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph + kh), (pw, pw + kw)))
    out = np.empty((n, c, oh, ow), dtype=x.dtype)
    for i in range(oh):
        for j in range(ow):
            out[:, :, i, j] = xp[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw].sum(axis=(2, 3)) / (kh * kw)
    return out
