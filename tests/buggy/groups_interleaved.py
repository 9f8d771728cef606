# Mistake (groups-ignored): output channel o is given the input group o % groups; PyTorch
# uses o // (C_out / groups), i.e. consecutive blocks of output channels per group.
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
    for o in range(c_out):
        g = o % groups
        xs = xp[:, g * c_g:(g + 1) * c_g]
        for i in range(oh):
            for j in range(ow):
                patch = xs[:, :, i * sh:i * sh + dh * (kh - 1) + 1:dh, j * sw:j * sw + dw * (kw - 1) + 1:dw]
                out[:, o, i, j] = np.sum(patch * weight[o], axis=(1, 2, 3))
        if bias is not None:
            out[:, o] += bias[o]
    return out
