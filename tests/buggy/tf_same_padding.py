# Mistake (tf-same-padding): for padding='same' with an odd total padding, the extra row and
# column go to the top / left; PyTorch puts them at the bottom / right.
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros"):
    sh, sw = _pair(stride)
    dh, dw = _pair(dilation)
    c_out, c_g, kh, kw = weight.shape
    if padding == "same":
        th, tw = dh * (kh - 1), dw * (kw - 1)
        pads = ((th - th // 2, th // 2), (tw - tw // 2, tw // 2))
    elif padding == "valid":
        pads = ((0, 0), (0, 0))
    else:
        ph, pw = _pair(padding)
        pads = ((ph, ph), (pw, pw))
    xp = np.pad(x, ((0, 0), (0, 0)) + pads)
    win = sliding_window_view(xp, (dh * (kh - 1) + 1, dw * (kw - 1) + 1), axis=(2, 3))
    win = win[:, :, ::sh, ::sw, ::dh, ::dw]
    n, c_in, oh, ow = win.shape[:4]
    win = win.reshape(n, groups, c_g, oh, ow, kh, kw)
    wg = weight.reshape(groups, c_out // groups, c_g, kh, kw)
    out = np.einsum("ngchwuv,gocuv->ngohw", win, wg).reshape(n, c_out, oh, ow)
    if bias is not None:
        out = out + bias.reshape(1, -1, 1, 1)
    return out.astype(np.result_type(x, weight))
