# Mistake (hw-swapped): the student's loops run i over the width and j over the height, so the
# output comes out as (N, C_out, W_out, H_out) with out[..., j, i] holding window (i, j).
import numpy as np


def conv2d_naive(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    N, C, H, W = x.shape
    F, _, HH, WW = weight.shape
    s = stride if isinstance(stride, int) else stride[0]
    p = padding if isinstance(padding, int) else padding[0]
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    H_out = (H + 2 * p - HH) // s + 1
    W_out = (W + 2 * p - WW) // s + 1
    out = np.zeros((N, F, W_out, H_out), dtype=x.dtype)
    for n in range(N):
        for f in range(F):
            for i in range(W_out):
                for j in range(H_out):
                    window = xp[n, :, j * s:j * s + HH, i * s:i * s + WW]
                    out[n, f, i, j] = np.sum(window * weight[f])
                    if bias is not None:
                        out[n, f, i, j] += bias[f]
    return out
