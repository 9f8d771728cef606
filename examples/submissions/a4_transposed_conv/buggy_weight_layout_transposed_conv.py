# Mistake: conv_transpose2d reads the weight as (C_out, C_in, kH, kW), the Conv2d layout (misconception transpose-weight-layout).
"""Assignment 4: transposed convolution, the backward pass of conv2d, checkerboards."""
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


def _batch(x):
    x = np.asarray(x)
    if x.ndim not in (3, 4):
        raise ValueError(f"x must be 3-D or 4-D, got shape {x.shape}")
    return (x[None], True) if x.ndim == 3 else (x, False)


def _transposed_size(n, k, s, p, op, d):
    return (n - 1) * s - 2 * p + d * (k - 1) + op + 1


def _scatter(contrib, out_hw, s, p, d):
    """contrib (N, C, kh, kw, H, W): add tap (i, j) of pixel (a, b) at (a*s - p + i*d, b*s - p + j*d)."""
    n, c, kh, kw, h, w = contrib.shape
    full_h = max((h - 1) * s[0] + d[0] * (kh - 1) + 1, out_hw[0] + p[0])
    full_w = max((w - 1) * s[1] + d[1] * (kw - 1) + 1, out_hw[1] + p[1])
    canvas = np.zeros((n, c, full_h, full_w), dtype=contrib.dtype)
    for i in range(kh):
        for j in range(kw):
            canvas[:, :, i * d[0]:i * d[0] + (h - 1) * s[0] + 1:s[0],
                   j * d[1]:j * d[1] + (w - 1) * s[1] + 1:s[1]] += contrib[:, :, i, j]
    return canvas[:, :, p[0]:p[0] + out_hw[0], p[1]:p[1] + out_hw[1]]


def _transposed_setup(x, weight, bias, stride, padding, output_padding, groups, dilation):
    x, single = _batch(x)
    weight = np.asarray(weight)
    if weight.ndim != 4:
        raise ValueError(f"weight must be 4-D (C_in, C_out/groups, kh, kw), got {weight.shape}")
    if isinstance(groups, bool) or not isinstance(groups, (int, np.integer)) or groups < 1:
        raise ValueError(f"groups must be a positive int, got {groups!r}")
    c_in, c_out_g, kh, kw = weight.shape
    s = _pair(stride, "stride", 1)
    p = _pair(padding, "padding", 0)
    op = _pair(output_padding, "output_padding", 0)
    d = _pair(dilation, "dilation", 1)
    _pair((kh, kw), "kernel_size", 1)
    if c_in == 0 or c_out_g == 0 or c_in % groups:
        raise ValueError(f"weight {weight.shape} does not fit groups={groups}")
    if x.shape[1] != c_in:
        raise ValueError(f"x has {x.shape[1]} channels; the weight (C_in first!) wants {c_in}")
    for o, ss, dd in zip(op, s, d):
        if o >= max(ss, dd):
            raise ValueError("output_padding must be smaller than either stride or dilation")
    if x.shape[0] and 0 in x.shape[2:]:
        raise ValueError("x has an empty height or width")
    out = tuple(_transposed_size(n, k, ss, pp, o, dd)
                for n, k, ss, pp, o, dd in zip(x.shape[2:], (kh, kw), s, p, op, d))
    if x.shape[0] and min(out) < 1:
        raise ValueError(f"output size {out} is not positive")
    if bias is not None and np.shape(bias) != (c_out_g * groups,):
        raise ValueError(f"bias must have shape ({c_out_g * groups},)")
    return x, single, weight, s, p, d, tuple(max(o, 0) for o in out)


def conv_transpose2d(x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    x, single, weight, s, p, d, out = _transposed_setup(x, weight, bias, stride, padding,
                                                        output_padding, groups, dilation)
    dtype = np.result_type(x, weight)
    n, c_in, h, w = x.shape
    c_in_g, c_out_g, kh, kw = c_in // groups, weight.shape[1], weight.shape[2], weight.shape[3]
    xg = x.astype(dtype).reshape(n, groups, c_in_g, h, w)
    wg = weight.astype(dtype).reshape(groups, c_in_g, c_out_g, kh, kw)
    # every input pixel times the whole kernel: (N, groups, C_out/g, kh, kw, H, W)
    wg = wg.reshape(groups, c_out_g, c_in_g, kh, kw).transpose(0, 2, 1, 3, 4)   # weight is (C_out, C_in, ...), right?
    contrib = np.einsum("ngchw,gcoij->ngoijhw", xg, wg, optimize=True)
    contrib = contrib.reshape(n, groups * c_out_g, kh, kw, h, w)
    y = _scatter(contrib, out, s, p, d)
    if bias is not None:
        y = y + np.asarray(bias, dtype=dtype)[:, None, None]
    y = np.ascontiguousarray(y, dtype=dtype)
    return y[0] if single else y


# --- my kernel_matrix from assignment 3 -------------------------------------------------------
def kernel_matrix(weight, input_hw, stride=1, padding=0, dilation=1):
    weight = np.asarray(weight)
    c_out, c_in, kh, kw = weight.shape
    h, w = _pair(input_hw, "input_hw", 1)
    s, p, d = _pair(stride, "stride", 1), _pair(padding, "padding", 0), _pair(dilation, "dilation", 1)
    ho = (h + 2 * p[0] - d[0] * (kh - 1) - 1) // s[0] + 1
    wo = (w + 2 * p[1] - d[1] * (kw - 1) - 1) // s[1] + 1
    if ho < 1 or wo < 1:
        raise ValueError("the kernel does not fit into the padded input")
    K = np.zeros((c_out, ho, wo, c_in, h, w), dtype=weight.dtype)
    for a in range(ho):
        for b in range(wo):
            for i in range(kh):
                for j in range(kw):
                    r, q = a * s[0] - p[0] + i * d[0], b * s[1] - p[1] + j * d[1]
                    if 0 <= r < h and 0 <= q < w:
                        K[:, a, b, :, r, q] = weight[:, :, i, j]
    return K.reshape(c_out * ho * wo, c_in * h * w)
# ----------------------------------------------------------------------------------------------


def conv_transpose2d_matmul(x, weight, stride=1, padding=0, output_padding=0, dilation=1):
    x, single, weight, s, p, d, out = _transposed_setup(x, weight, None, stride, padding,
                                                        output_padding, 1, dilation)
    dtype = np.result_type(x, weight)
    n, c_in, h, w = x.shape
    kh, kw = weight.shape[2:]
    if n == 0:
        y = np.zeros((0, weight.shape[1], *out), dtype=dtype)
        return y[0] if single else y
    # weight read as a conv2d weight (C_out=c_in, C_in=c_out) maps an output-sized image back to x
    K = kernel_matrix(weight, out, s, p, d).astype(dtype)
    hk = (out[0] + 2 * p[0] - d[0] * (kh - 1) - 1) // s[0] + 1
    wk = (out[1] + 2 * p[1] - d[1] * (kw - 1) - 1) // s[1] + 1
    xk = np.zeros((n, c_in, hk, wk), dtype=dtype)
    xk[:, :, :h, :w] = x
    y = (K.T @ xk.reshape(n, -1).T).T.reshape(n, weight.shape[1], *out)
    return y[0] if single else y


def conv2d_backward(grad_output, x, weight, stride=1, padding=0, dilation=1, groups=1):
    x, single = _batch(x)
    go = np.asarray(grad_output)
    go = go[None] if single and go.ndim == 3 else go
    weight = np.asarray(weight)
    if weight.ndim != 4 or go.ndim != 4:
        raise ValueError("grad_output and weight must be 4-D (3-D for unbatched grad_output)")
    if isinstance(groups, bool) or not isinstance(groups, (int, np.integer)) or groups < 1:
        raise ValueError(f"groups must be a positive int, got {groups!r}")
    s, p, d = _pair(stride, "stride", 1), _pair(padding, "padding", 0), _pair(dilation, "dilation", 1)
    n, c_in, h, w = x.shape
    c_out, c_in_g, kh, kw = weight.shape
    if c_out == 0 or c_out % groups or c_in != c_in_g * groups:
        raise ValueError(f"weight {weight.shape} does not fit x {x.shape} with groups={groups}")
    if n and c_in and 0 in (h, w):
        raise ValueError("x has an empty height or width")
    ho = (h + 2 * p[0] - d[0] * (kh - 1) - 1) // s[0] + 1
    wo = (w + 2 * p[1] - d[1] * (kw - 1) - 1) // s[1] + 1
    if ho < 1 or wo < 1:
        raise ValueError("the kernel does not fit into the padded input")
    if go.shape != (n, c_out, ho, wo):
        raise ValueError(f"grad_output should have shape {(n, c_out, ho, wo)}, got {go.shape}")
    dtype = np.result_type(x, weight)
    c_out_g = c_out // groups
    # im2col of x: cols[n, c, i, j, a, b] = x_pad[n, c, a*s + i*d, b*s + j*d]
    xp = np.pad(x.astype(dtype), ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1])))
    cols = np.empty((n, c_in, kh, kw, ho, wo), dtype=dtype)
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j] = xp[:, :, i * d[0]:i * d[0] + (ho - 1) * s[0] + 1:s[0],
                                  j * d[1]:j * d[1] + (wo - 1) * s[1] + 1:s[1]]
    cols_g = cols.reshape(n, groups, c_in_g, kh, kw, ho, wo)
    go_g = go.astype(dtype).reshape(n, groups, c_out_g, ho, wo)
    w_g = weight.astype(dtype).reshape(groups, c_out_g, c_in_g, kh, kw)
    grad_weight = np.einsum("ngoab,ngcijab->gocij", go_g, cols_g, optimize=True).reshape(weight.shape)
    grad_bias = go.astype(dtype).sum(axis=(0, 2, 3))
    # the gradient w.r.t. x is the transposed convolution of grad_output with the same weight
    contrib = np.einsum("ngoab,gocij->ngcijab", go_g, w_g, optimize=True).reshape(n, c_in, kh, kw, ho, wo)
    grad_x = np.ascontiguousarray(_scatter(contrib, (h, w), s, p, d))
    if single:
        grad_x = grad_x[0]
    return grad_x, grad_weight, grad_bias


def checkerboard(in_hw, kernel_size, stride=1, padding=0):
    h, w = _pair(in_hw, "in_hw", 1)
    k = _pair(kernel_size, "kernel_size", 1)
    ones_x = np.ones((1, 1, h, w))
    ones_w = np.ones((1, 1, *k))
    counts = conv_transpose2d(ones_x, ones_w, stride=stride, padding=padding)
    return np.rint(counts[0, 0]).astype(np.int64)
