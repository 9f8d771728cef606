# Mistake (wrong-dtype): the column buffer is made with np.zeros(shape), which is float64, so
# float32 inputs give a float64 result instead of np.result_type(x, weight).
import numpy as np


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def conv2d_im2col(x, weight, bias=None, stride=1, padding=0, dilation=1):
    sh, sw = _pair(stride)
    ph, pw = _pair(padding)
    dh, dw = _pair(dilation)
    n, c, h, w = x.shape
    c_out, _, kh, kw = weight.shape
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    oh = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    cols = np.zeros((n, c, kh, kw, oh, ow))
    for u in range(kh):
        for v in range(kw):
            cols[:, :, u, v] = xp[:, :, u * dh:u * dh + sh * (oh - 1) + 1:sh,
                                  v * dw:v * dw + sw * (ow - 1) + 1:sw]
    out = weight.reshape(c_out, -1) @ cols.reshape(n, c * kh * kw, oh * ow)
    if bias is not None:
        out = out + bias.reshape(1, -1, 1)
    return out.reshape(n, c_out, oh, ow)
