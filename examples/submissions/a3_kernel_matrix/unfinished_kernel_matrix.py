# Unfinished: col2im and kernel_matrix still raise NotImplementedError.
"""Assignment 3: im2col, col2im and the kernel matrix."""
import numpy as np


def _pair(v, name, smallest):
    if isinstance(v, (tuple, list)) and len(v) == 2:
        a, b = v
    elif isinstance(v, (tuple, list)):
        raise ValueError(f"{name} must be an int or a pair, got {v!r}")
    else:
        a = b = v
    for item in (a, b):
        if isinstance(item, bool) or not isinstance(item, (int, np.integer)):
            raise ValueError(f"{name} must be made of ints, got {v!r}")
        if item < smallest:
            raise ValueError(f"{name} must be >= {smallest}, got {v!r}")
    return int(a), int(b)


def _params(kernel_size, stride, padding, dilation):
    return (_pair(kernel_size, "kernel_size", 1), _pair(stride, "stride", 1),
            _pair(padding, "padding", 0), _pair(dilation, "dilation", 1))


def _sizes(hw, k, s, p, d):
    return tuple((n + 2 * pp - dd * (kk - 1) - 1) // ss + 1 for n, kk, ss, pp, dd in zip(hw, k, s, p, d))


def _columns(x, k, s, p, d, out):
    """(N, C, H, W) -> (N, C, kh, kw, Ho, Wo); one strided slice per kernel position."""
    n, c = x.shape[:2]
    xp = np.pad(x, ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1])))
    cols = np.empty((n, c, k[0], k[1], out[0], out[1]), dtype=x.dtype)
    for i in range(k[0]):
        for j in range(k[1]):
            r, q = i * d[0], j * d[1]
            cols[:, :, i, j] = xp[:, :, r:r + s[0] * (out[0] - 1) + 1:s[0], q:q + s[1] * (out[1] - 1) + 1:s[1]]
    return cols


def im2col(x, kernel_size, stride=1, padding=0, dilation=1):
    x = np.asarray(x)
    if x.ndim not in (3, 4):
        raise ValueError(f"x must be 3-D or 4-D, got shape {x.shape}")
    single = x.ndim == 3
    x = x[None] if single else x
    k, s, p, d = _params(kernel_size, stride, padding, dilation)
    if 0 in x.shape[1:]:
        raise ValueError(f"x must have channels, height and width, got {x.shape}")
    out = _sizes(x.shape[2:], k, s, p, d)
    if min(out) < 1:
        raise ValueError("the kernel does not fit into the padded input")
    cols = _columns(x, k, s, p, d, out).reshape(x.shape[0], x.shape[1] * k[0] * k[1], out[0] * out[1])
    return cols[0] if single else cols


def col2im(cols, output_size, kernel_size, stride=1, padding=0, dilation=1):
    # TODO
    raise NotImplementedError


def conv2d_im2col(x, weight, bias=None, stride=1, padding=0, dilation=1):
    x = np.asarray(x)
    weight = np.asarray(weight)
    if x.ndim not in (3, 4) or weight.ndim != 4:
        raise ValueError("x must be 3-D or 4-D and weight 4-D")
    single = x.ndim == 3
    x = x[None] if single else x
    c_out, c_in, kh, kw = weight.shape
    k, s, p, d = _params((kh, kw), stride, padding, dilation)
    if c_out == 0:
        raise ValueError("weight has no output channels")
    if x.shape[1] != c_in:
        raise ValueError(f"x has {x.shape[1]} channels but weight wants {c_in}")
    if bias is not None and np.shape(bias) != (c_out,):
        raise ValueError(f"bias must have shape ({c_out},)")
    if x.shape[0] and c_in and 0 in x.shape[2:]:
        raise ValueError("x has an empty height or width")
    out = _sizes(x.shape[2:], k, s, p, d)
    if min(out) < 1:
        raise ValueError("the kernel does not fit into the padded input")
    dtype = np.result_type(x, weight)
    cols = _columns(x.astype(dtype), k, s, p, d, out).reshape(x.shape[0], c_in * kh * kw, out[0] * out[1])
    y = weight.reshape(c_out, -1).astype(dtype) @ cols
    if bias is not None:
        y += np.asarray(bias, dtype=dtype)[:, None]
    y = y.reshape(x.shape[0], c_out, *out)
    return y[0] if single else y


def kernel_matrix(weight, input_hw, stride=1, padding=0, dilation=1):
    # TODO
    raise NotImplementedError
