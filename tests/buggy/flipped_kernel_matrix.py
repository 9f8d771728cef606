# Mistake (flipped-kernel): the kernel matrix is filled with the kernel rotated by 180
# degrees (convolution as in signal processing), not with the cross-correlation PyTorch uses.
import numpy as np


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def kernel_matrix(weight, input_hw, stride=1, padding=0, dilation=1):
    h, w = _pair(input_hw)
    sh, sw = _pair(stride)
    ph, pw = _pair(padding)
    dh, dw = _pair(dilation)
    c_out, c_in, kh, kw = weight.shape
    oh = (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    ow = (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    flipped = weight[:, :, ::-1, ::-1]
    K = np.zeros((c_out, oh, ow, c_in, h, w), dtype=weight.dtype)
    for i in range(oh):
        for j in range(ow):
            for u in range(kh):
                for v in range(kw):
                    r, s = i * sh - ph + u * dh, j * sw - pw + v * dw
                    if 0 <= r < h and 0 <= s < w:
                        K[:, i, j, :, r, s] += flipped[:, :, u, v]
    return K.reshape(c_out * oh * ow, c_in * h * w)
