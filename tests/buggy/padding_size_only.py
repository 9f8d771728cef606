# Mistake (padding-ignored): the output size counts the padding, but the input is never padded;
# windows that would run past the unpadded input are skipped and stay 0.
import numpy as np


def conv2d_naive(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    N, C, H, W = x.shape
    F, _, kh, kw = weight.shape
    sh, sw = (stride, stride) if isinstance(stride, int) else stride
    ph, pw = (padding, padding) if isinstance(padding, int) else padding
    H_out = (H + 2 * ph - kh) // sh + 1
    W_out = (W + 2 * pw - kw) // sw + 1
    out = np.zeros((N, F, H_out, W_out), dtype=np.result_type(x, weight))
    for i in range(H_out):
        for j in range(W_out):
            if i * sh + kh > H or j * sw + kw > W:
                continue
            window = x[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw]
            out[:, :, i, j] = np.einsum("ncij,fcij->nf", window, weight)
            if bias is not None:
                out[:, :, i, j] += bias
    return out
