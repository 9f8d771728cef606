# Mistake (stride-misapplied): the windows are already taken with the stride, and the result is
# subsampled by the stride once more at the end (the stride applied twice).
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros"):
    sh, sw = (stride, stride) if isinstance(stride, int) else stride
    ph, pw = (padding, padding) if isinstance(padding, int) else padding
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    kh, kw = weight.shape[2:]
    windows = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]
    out = np.einsum("nchwij,fcij->nfhw", windows, weight)
    if bias is not None:
        out = out + bias[None, :, None, None]
    return out[:, :, ::sh, ::sw].astype(np.result_type(x, weight))
