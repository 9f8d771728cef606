# Mistake (nhwc-layout): code ported from TensorFlow computes in channels-last layout and
# returns (N, H_out, W_out, C_out) instead of (N, C_out, H_out, W_out).
import numpy as np


def conv2d_im2col(x, weight, bias=None, stride=1, padding=0, dilation=1):
    s = stride if isinstance(stride, int) else stride[0]
    p = padding if isinstance(padding, int) else padding[0]
    x_nhwc = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))).transpose(0, 2, 3, 1)
    w_hwio = weight.transpose(2, 3, 1, 0)
    kh, kw = w_hwio.shape[:2]
    n, h, w, c = x_nhwc.shape
    ho, wo = (h - kh) // s + 1, (w - kw) // s + 1
    out = np.zeros((n, ho, wo, w_hwio.shape[3]), dtype=np.result_type(x, weight))
    for i in range(ho):
        for j in range(wo):
            patch = x_nhwc[:, i * s:i * s + kh, j * s:j * s + kw, :]
            out[:, i, j, :] = np.einsum("nijc,ijco->no", patch, w_hwio)
    if bias is not None:
        out += bias
    return out
