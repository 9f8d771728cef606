# Mistake (flipped-kernel): the student implements the textbook convolution and rotates the
# kernel by 180 degrees; PyTorch computes cross-correlation.
import numpy as np


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def conv2d_naive(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    sh, sw = _pair(stride)
    ph, pw = _pair(padding)
    dh, dw = _pair(dilation)
    n, c_in, h, w = x.shape
    c_out, c_g, kh, kw = weight.shape
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    oh = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    out = np.zeros((n, c_out, oh, ow), dtype=np.result_type(x, weight))
    per_group = c_out // groups
    for b in range(n):
        for o in range(c_out):
            g = o // per_group
            for i in range(oh):
                for j in range(ow):
                    total = 0.0
                    for c in range(c_g):
                        for u in range(kh):
                            for v in range(kw):
                                # convolution "flips" the kernel
                                total += xp[b, g * c_g + c, i * sh + u * dh, j * sw + v * dw] \
                                    * weight[o, c, kh - 1 - u, kw - 1 - v]
                    out[b, o, i, j] = total + (bias[o] if bias is not None else 0)
    return out
