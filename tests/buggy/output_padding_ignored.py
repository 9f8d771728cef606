# Mistake (output-padding-ignored): the buffer size leaves output_padding out, so the output
# is output_padding rows / columns too small.
import numpy as np


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def conv_transpose2d(x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    sh, sw = _pair(stride)
    ph, pw = _pair(padding)
    dh, dw = _pair(dilation)
    n, c_in, h, w = x.shape
    _, c_og, kh, kw = weight.shape
    c_out = c_og * groups
    cin_g = c_in // groups
    full_h = (h - 1) * sh + dh * (kh - 1) + 1
    full_w = (w - 1) * sw + dw * (kw - 1) + 1
    buf = np.zeros((n, c_out, full_h, full_w), dtype=np.result_type(x, weight))
    for c in range(c_in):
        g = c // cin_g
        for o in range(c_og):
            for u in range(kh):
                for v in range(kw):
                    buf[:, g * c_og + o, u * dh:u * dh + sh * (h - 1) + 1:sh,
                        v * dw:v * dw + sw * (w - 1) + 1:sw] += x[:, c] * weight[c, o, u, v]
    out = buf[:, :, ph:full_h - ph, pw:full_w - pw]
    if bias is not None:
        out = out + bias.reshape(1, -1, 1, 1)
    return out
