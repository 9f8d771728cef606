# Mistake (wrong-dtype): the output buffer is np.zeros(shape), always float64, so float32
# inputs give a float64 result.
import numpy as np


def conv2d_naive(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    N, C, H, W = x.shape
    F, _, kh, kw = weight.shape
    s = stride if isinstance(stride, int) else stride[0]
    p = padding if isinstance(padding, int) else padding[0]
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    H_out = (H + 2 * p - kh) // s + 1
    W_out = (W + 2 * p - kw) // s + 1
    out = np.zeros((N, F, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            window = xp[:, :, i * s:i * s + kh, j * s:j * s + kw]
            out[:, :, i, j] = np.einsum("ncij,fcij->nf", window, weight)
    if bias is not None:
        out += bias[None, :, None, None]
    return out
