# Mistake (transpose-weight-layout): the ConvTranspose2d weight is read like a Conv2d weight,
# as (C_out, C_in, kH, kW); it is really (C_in, C_out/groups, kH, kW).
import numpy as np


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def conv_transpose2d(x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    sh, sw = _pair(stride)
    ph, pw = _pair(padding)
    oph, opw = _pair(output_padding)
    dh, dw = _pair(dilation)
    n, c_in, h, w = x.shape
    c_out, c_w, kh, kw = weight.shape          # (out, in, kh, kw) like Conv2d
    full_h = (h - 1) * sh + dh * (kh - 1) + 1 + oph
    full_w = (w - 1) * sw + dw * (kw - 1) + 1 + opw
    buf = np.zeros((n, c_out, full_h, full_w), dtype=np.result_type(x, weight))
    for o in range(c_out):
        for c in range(c_w):
            for u in range(kh):
                for v in range(kw):
                    buf[:, o, u * dh:u * dh + sh * (h - 1) + 1:sh, v * dw:v * dw + sw * (w - 1) + 1:sw] += \
                        x[:, c] * weight[o, c, u, v]
    out = buf[:, :, ph:full_h - ph, pw:full_w - pw]
    if bias is not None:
        out = out + bias.reshape(1, -1, 1, 1)
    return out
