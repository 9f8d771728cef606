# Mistake (off-by-one-size): the "+ 1" of the output-size formula is missing, so the last
# output position is never computed.
import numpy as np


def conv1d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    n, c_in, length = x.shape
    c_out, c_g, k = weight.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    out_len = (length + 2 * padding - dilation * (k - 1) - 1) // stride
    out = np.zeros((n, c_out, out_len), dtype=np.result_type(x, weight))
    per_group = c_out // groups
    for o in range(c_out):
        g = o // per_group
        for i in range(out_len):
            seg = xp[:, g * c_g:(g + 1) * c_g, i * stride:i * stride + dilation * (k - 1) + 1:dilation]
            out[:, o, i] = np.sum(seg * weight[o], axis=(1, 2))
        if bias is not None:
            out[:, o] += bias[o]
    return out
