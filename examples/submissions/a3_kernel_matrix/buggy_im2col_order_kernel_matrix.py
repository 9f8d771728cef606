# Mistake: im2col orders the rows (kernel row, kernel column, channel) instead of unfold's (channel, kernel row, kernel column) (misconception im2col-order).
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
    cols = _columns(x, k, s, p, d, out).transpose(0, 2, 3, 1, 4, 5)   # kernel position first, then channel
    cols = cols.reshape(x.shape[0], x.shape[1] * k[0] * k[1], out[0] * out[1])
    return cols[0] if single else cols


def col2im(cols, output_size, kernel_size, stride=1, padding=0, dilation=1):
    cols = np.asarray(cols)
    if cols.ndim not in (2, 3):
        raise ValueError(f"cols must be 2-D or 3-D, got shape {cols.shape}")
    single = cols.ndim == 2
    cols = cols[None] if single else cols
    h, w = _pair(output_size, "output_size", 0)
    k, s, p, d = _params(kernel_size, stride, padding, dilation)
    n, rows, length = cols.shape
    if rows == 0 or length == 0 or rows % (k[0] * k[1]):
        raise ValueError(f"cols has {rows} rows; that must be a positive multiple of {k[0] * k[1]}")
    out = _sizes((h, w), k, s, p, d)
    if min(out) < 1 or out[0] * out[1] != length:
        raise ValueError(f"cols has {length} columns but output_size {(h, w)} gives {out[0]}x{out[1]} windows")
    c = rows // (k[0] * k[1])
    blocks = cols.reshape(n, c, k[0], k[1], out[0], out[1])
    img = np.zeros((n, c, h + 2 * p[0], w + 2 * p[1]), dtype=cols.dtype)
    for i in range(k[0]):
        for j in range(k[1]):
            r, q = i * d[0], j * d[1]
            img[:, :, r:r + s[0] * (out[0] - 1) + 1:s[0], q:q + s[1] * (out[1] - 1) + 1:s[1]] += blocks[:, :, i, j]
    img = img[:, :, p[0]:p[0] + h, p[1]:p[1] + w]
    return img[0] if single else img


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
    weight = np.asarray(weight)
    if weight.ndim != 4:
        raise ValueError(f"weight must be 4-D, got shape {weight.shape}")
    h, w = _pair(input_hw, "input_hw", 1)
    c_out, c_in, kh, kw = weight.shape
    k, s, p, d = _params((kh, kw), stride, padding, dilation)
    if c_out == 0 or c_in == 0:
        raise ValueError("weight has no channels")
    out = _sizes((h, w), k, s, p, d)
    if min(out) < 1:
        raise ValueError("the kernel does not fit into the padded input")
    # Column m of K is the convolution of the m-th unit image: convolve all of them at once.
    units = np.eye(c_in * h * w, dtype=weight.dtype).reshape(-1, c_in, h, w)
    responses = conv2d_im2col(units, weight, stride=stride, padding=padding, dilation=dilation)
    return np.ascontiguousarray(responses.reshape(c_in * h * w, -1).T)
