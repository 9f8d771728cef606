# Mistake (ceil-mode-window): max_pool2d with ceil_mode keeps every rounded-up window, also a
# last one that starts inside the right padding (it then holds only -inf).
import math

import numpy as np


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(stride if stride is not None else kernel_size)
    ph, pw = _pair(padding)
    dh, dw = _pair(dilation)
    n, c, h, w = x.shape
    rnd = math.ceil if ceil_mode else math.floor
    oh = rnd((h + 2 * ph - dh * (kh - 1) - 1) / sh) + 1
    ow = rnd((w + 2 * pw - dw * (kw - 1) - 1) / sw) + 1
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph + sh), (pw, pw + sw)), constant_values=-np.inf)
    out = np.empty((n, c, oh, ow), dtype=x.dtype)
    for i in range(oh):
        for j in range(ow):
            win = xp[:, :, i * sh:i * sh + dh * (kh - 1) + 1:dh, j * sw:j * sw + dw * (kw - 1) + 1:dw]
            out[:, :, i, j] = win.max(axis=(2, 3))
    return out
