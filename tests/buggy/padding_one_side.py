# Mistake (padding-ignored): np.pad is given (ph, 0) and (pw, 0), so the image is padded on
# the top and left only; the output-size formula then uses the one-sided size.
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros"):
    sh, sw = _pair(stride)
    ph, pw = _pair(padding)
    dh, dw = _pair(dilation)
    c_out, c_g, kh, kw = weight.shape
    xp = np.pad(x, ((0, 0), (0, 0), (ph, 0), (pw, 0)))
    win = sliding_window_view(xp, (dh * (kh - 1) + 1, dw * (kw - 1) + 1), axis=(2, 3))
    win = win[:, :, ::sh, ::sw, ::dh, ::dw]
    n, c_in, oh, ow = win.shape[:4]
    win = win.reshape(n, groups, c_g, oh, ow, kh, kw)
    wg = weight.reshape(groups, c_out // groups, c_g, kh, kw)
    out = np.einsum("ngchwuv,gocuv->ngohw", win, wg).reshape(n, c_out, oh, ow)
    if bias is not None:
        out = out + bias.reshape(1, -1, 1, 1)
    return out.astype(np.result_type(x, weight))
