"""Assignment a2: convolution and pooling from scratch, in numpy.

You implement the forward pass of ``torch.nn.functional.conv2d``, ``conv1d``, ``max_pool2d``
and ``avg_pool2d``. Arrays use PyTorch's layout:

    x       (N, C_in, H, W)            or unbatched (C_in, H, W)
    weight  (C_out, C_in / groups, kH, kW)
    bias    (C_out,) or None
    result  (N, C_out, H_out, W_out)   or unbatched (C_out, H_out, W_out)

PyTorch computes a cross-correlation (the kernel is NOT flipped):

    y[n, o, i, j] = bias[o] + sum_{c, u, v} x_pad[n, g*C_g + c, i*sH + u*dH, j*sW + v*dW] * weight[o, c, u, v]

where g = o // (C_out / groups) is the group of output channel o, C_g = C_in / groups, and the
output size along each axis is

    H_out = floor((H + pad_top + pad_bottom - dH*(kH - 1) - 1) / sH) + 1.

``stride``, ``padding`` and ``dilation`` are an int (both axes) or a pair (height, width).
The convolutions also accept ``padding='valid'`` (no padding) and ``padding='same'`` (output
as large as the input; total padding dilation*(k - 1) per axis, the odd extra on the
bottom/right; only with stride 1). The result has the dtype ``np.result_type(x, weight)``;
pooling keeps ``x.dtype``. Every configuration PyTorch refuses raises ``ValueError`` with a
message that says what is wrong; validity is judged as for a batch of one image, and an empty
batch (N = 0) gives an empty result of the right shape.

Only numpy and the standard library are allowed.
"""
from __future__ import annotations

import numpy as np

_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
_COLUMN_BUDGET = 1 << 22          # elements of the im2col buffer per chunk of images in conv2d


# ----------------------------------------------------------------------------- helpers


def _pair(value, name):
    """An int or a sequence of one or two ints -> (height, width) as Python ints.

    Raises ValueError for anything else (floats, bools, strings, sequences of another length).
    """
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name}: booleans are not sizes")
    if isinstance(value, (int, np.integer)):
        return int(value), int(value)
    try:
        seq = list(value)
    except TypeError:
        raise ValueError(f"{name}: expected int or pair, got {value!r}") from None
    if len(seq) == 1:
        seq = seq * 2
    if len(seq) != 2 or not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in seq):
        raise ValueError(f"{name}: expected int or pair, got {value!r}")
    h, w = seq
    return int(h), int(w)


def _batched(x, spatial_dims, function):
    """Check the number of dimensions; return (x with a batch axis, whether x was unbatched).

    Accepts (N, C, *spatial) or the unbatched (C, *spatial); ``spatial_dims`` is 1 or 2.
    """
    arr = np.asarray(x)
    if arr.ndim == spatial_dims + 1:
        return arr[np.newaxis], True
    if arr.ndim != spatial_dims + 2:
        raise ValueError(f"{function}: expected {spatial_dims + 1} or {spatial_dims + 2} dims, got {arr.shape}")
    return arr, False


def _same_padding(kernel_size, dilation):
    """(before, after) for padding='same' on one axis: total dilation*(k - 1), odd extra after."""
    need = dilation * (kernel_size - 1)
    left = need // 2
    return left, need - left


def _conv_padding(padding, kernel_hw, stride_hw, dilation_hw, function):
    """Padding of a convolution as ((top, bottom), (left, right)).

    ``padding`` is an int, a pair, 'valid' or 'same'; 'same' needs stride 1 on both axes.
    """
    if padding == "valid":
        return (0, 0), (0, 0)
    if padding == "same":
        if any(s != 1 for s in stride_hw):
            raise ValueError(f"{function}: 'same' padding is only defined for stride 1")
        top_bottom = _same_padding(kernel_hw[0], dilation_hw[0])
        left_right = _same_padding(kernel_hw[1], dilation_hw[1])
        return top_bottom, left_right
    if isinstance(padding, str):
        raise ValueError(f"{function}: unknown padding {padding!r}")
    py, px = _pair(padding, "padding")
    if min(py, px) < 0:
        raise ValueError(f"{function}: negative padding")
    return (py, py), (px, px)


def _check_conv(x, weight, bias, stride, dilation, groups, function):
    """Validate a 2-D convolution's arguments; return (stride, dilation) as pairs.

    x is batched (N, C_in, H, W); weight must be (C_out, C_in/groups, kH, kW) with C_out
    divisible by groups; bias None or (C_out,).
    """
    weight = np.asarray(weight)
    if weight.ndim != 4:
        raise ValueError(f"{function}: weight needs 4 dims, has {weight.ndim}")
    s, d = _pair(stride, "stride"), _pair(dilation, "dilation")
    if s[0] <= 0 or s[1] <= 0 or d[0] <= 0 or d[1] <= 0:
        raise ValueError(f"{function}: stride and dilation have to be positive")
    if isinstance(groups, bool) or not isinstance(groups, (int, np.integer)) or groups <= 0:
        raise ValueError(f"{function}: bad groups {groups!r}")
    out_ch, in_per_group = weight.shape[:2]
    if out_ch == 0 or out_ch % groups != 0:
        raise ValueError(f"{function}: {out_ch} filters cannot be split into {groups} groups")
    if in_per_group * groups != x.shape[1]:
        raise ValueError(f"{function}: input has {x.shape[1]} channels, expected {in_per_group * groups}")
    if bias is not None and np.shape(bias) != (out_ch,):
        raise ValueError(f"{function}: bias shape {np.shape(bias)} != ({out_ch},)")
    return s, d


def _output_size(size, pad, kernel_size, stride, dilation, axis, function):
    """floor((size + pad_before + pad_after - dilation*(k - 1) - 1) / stride) + 1, checked >= 1."""
    n = (size + pad[0] + pad[1] - dilation * (kernel_size - 1) - 1) // stride + 1
    if n < 1:
        raise ValueError(f"{function}: along {axis} the kernel does not fit (output size {n})")
    return n


def _pad(x, pads, mode, function):
    """Pad the last two axes of x (N, C, H, W) by pads = ((top, bottom), (left, right)).

    mode is one of 'zeros', 'reflect', 'replicate', 'circular', as torch.nn.Conv2d pads.
    """
    table = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}
    if mode not in table:
        raise ValueError(f"{function}: padding_mode must be one of {sorted(table)}")
    return np.pad(x, ((0, 0), (0, 0), pads[0], pads[1]), mode=table[mode])


# ----------------------------------------------------------------------------- convolution


def conv2d_naive(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-D convolution (cross-correlation) with explicit loops, as torch.nn.functional.conv2d.

    x (N, C_in, H, W) or (C_in, H, W); weight (C_out, C_in/groups, kH, kW); bias (C_out,) or None.
    Returns (N, C_out, H_out, W_out) (unbatched: (C_out, H_out, W_out)) of dtype
    np.result_type(x, weight), with

        y[n, o, i, j] = bias[o] + sum_{c,u,v} x_pad[n, g*C_g + c, i*sH + u*dH, j*sW + v*dW] * weight[o, c, u, v]
        H_out = floor((H + pad_top + pad_bottom - dH*(kH - 1) - 1) / sH) + 1   (W_out alike)

    padding: int, pair, 'valid' or 'same'.
    """
    xb, single = _batched(x, 2, "conv2d_naive")
    w = np.asarray(weight)
    s, d = _check_conv(xb, w, bias, stride, dilation, groups, "conv2d_naive")
    pads = _conv_padding(padding, w.shape[2:], s, d, "conv2d_naive")
    dt = np.result_type(xb, w)
    xp = _pad(xb.astype(dt), pads, "zeros", "conv2d_naive")
    ho = _output_size(xb.shape[2], pads[0], w.shape[2], s[0], d[0], "height", "conv2d_naive")
    wo = _output_size(xb.shape[3], pads[1], w.shape[3], s[1], d[1], "width", "conv2d_naive")
    res = np.zeros((xb.shape[0], w.shape[0], ho, wo), dtype=dt)
    filters_per_group = w.shape[0] // groups
    for b in range(xb.shape[0]):
        for f in range(w.shape[0]):
            c0 = (f // filters_per_group) * w.shape[1]
            for oy in range(ho):
                for ox in range(wo):
                    acc = 0.0 if bias is None else float(bias[f])
                    for c in range(w.shape[1]):
                        for ky in range(w.shape[2]):
                            for kx in range(w.shape[3]):
                                acc += xp[b, c0 + c, oy * s[0] + ky * d[0], ox * s[1] + kx * d[1]] * w[f, c, ky, kx]
                    res[b, f, oy, ox] = acc
    return res[0] if single else res


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros"):
    """Vectorized 2-D convolution, as torch.nn.functional.conv2d / torch.nn.Conv2d.

    x (N, C_in, H, W) or (C_in, H, W); weight (C_out, C_in/groups, kH, kW); bias (C_out,) or None.
    Returns (N, C_out, H_out, W_out) (unbatched: (C_out, H_out, W_out)) of dtype
    np.result_type(x, weight); same formula as conv2d_naive.

    padding: int, pair, 'valid' or 'same'. padding_mode: 'zeros', 'reflect' (mirror without
    repeating the edge; padding < size), 'replicate' (repeat the edge) or 'circular' (wrap
    around; padding <= size), as torch.nn.Conv2d(padding_mode=...).

    Method (im2col): for each kernel tap (u, v) copy the strided slice
    x_pad[:, :, u*dH : ... : sH, v*dW : ... : sW] into a column buffer of shape
    (N, groups, C_g*kH*kW, H_out*W_out), then one matrix product per image and group with the
    weight reshaped to (groups, C_out/groups, C_g*kH*kW). The images go through in chunks that
    keep the buffer near _COLUMN_BUDGET elements.
    """
    xb, single = _batched(x, 2, "conv2d")
    w = np.asarray(weight)
    s, d = _check_conv(xb, w, bias, stride, dilation, groups, "conv2d")
    pads = _conv_padding(padding, w.shape[2:], s, d, "conv2d")
    dt = np.result_type(xb, w)
    xp = _pad(xb.astype(dt), pads, padding_mode, "conv2d")
    ho = _output_size(xb.shape[2], pads[0], w.shape[2], s[0], d[0], "height", "conv2d")
    wo = _output_size(xb.shape[3], pads[1], w.shape[3], s[1], d[1], "width", "conv2d")
    n, f, cg, kh, kw = xb.shape[0], w.shape[0], w.shape[1], w.shape[2], w.shape[3]
    taps = np.empty((n, groups, cg, kh, kw, ho, wo), dtype=dt)
    grouped = xp.reshape(n, groups, cg, xp.shape[2], xp.shape[3])
    for ky in range(kh):
        for kx in range(kw):
            r0, c0 = ky * d[0], kx * d[1]
            taps[:, :, :, ky, kx] = grouped[:, :, :, r0:r0 + s[0] * (ho - 1) + 1:s[0], c0:c0 + s[1] * (wo - 1) + 1:s[1]]
    cols = taps.reshape(n, groups, cg * kh * kw, ho * wo)
    kern = w.astype(dt).reshape(groups, f // groups, cg * kh * kw)
    res = np.matmul(kern[None], cols).reshape(n, f, ho, wo)
    if bias is not None:
        res += np.asarray(bias, dtype=dt)[:, None, None]
    return res[0] if single else res


def conv1d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-D convolution, as torch.nn.functional.conv1d, by way of conv2d with height 1.

    x (N, C_in, L) or (C_in, L); weight (C_out, C_in/groups, K); bias (C_out,) or None.
    Returns (N, C_out, L_out) (unbatched: (C_out, L_out)), dtype np.result_type(x, weight):

        y[n, o, i] = bias[o] + sum_{c,u} x_pad[n, g*C_g + c, i*s + u*d] * weight[o, c, u]
        L_out = floor((L + 2p - d*(K - 1) - 1) / s) + 1

    stride, dilation: int (or a 1-tuple); padding: int, 'valid' or 'same'.
    """
    xb = np.asarray(x)
    wb = np.asarray(weight)
    if wb.ndim != 3:
        raise ValueError("conv1d: weight must be (C_out, C_in/groups, K)")
    (s,), (d,) = [(v[0] if isinstance(v, (list, tuple)) else v,) for v in (stride, dilation)]
    if isinstance(padding, str):
        pad2 = padding
    else:
        pad2 = (0, padding[0] if isinstance(padding, (list, tuple)) else padding)
    out = conv2d(xb[..., np.newaxis, :], wb[:, :, np.newaxis, :], bias, (1, s), pad2, (1, d), groups)
    return out[..., 0, :]


# ----------------------------------------------------------------------------- pooling


def _pool_setup(x, kernel_size, stride, padding, dilation, ceil_mode, function):
    """Validate pooling arguments; return (x batched, unbatched, k, s, p, d, (H_out, W_out)).

    Each of k, s, p, d is a (height, width) pair; stride None (or ()) means stride = kernel_size.
    Output size per axis, as torch (the last window must start inside the input or the left
    padding):
        L_out = floor((L + 2p - d*(k - 1) - 1 + (s - 1 if ceil_mode else 0)) / s) + 1
        if ceil_mode and (L_out - 1)*s >= L + p: L_out -= 1
    """
    xb, single = _batched(x, 2, function)
    k = _pair(kernel_size, "kernel_size")
    s = k if stride is None or (isinstance(stride, (list, tuple)) and not stride) else _pair(stride, "stride")
    p, d = _pair(padding, "padding"), _pair(dilation, "dilation")
    if p[0] * 2 > k[0] or p[1] * 2 > k[1]:
        raise ValueError(f"{function}: padding must be at most half the kernel size")
    sizes = []
    for L, kk, ss, pp, dd in zip(xb.shape[2:], k, s, p, d):
        n_out = (L + 2 * pp - dd * (kk - 1) - 1 + (ss - 1 if ceil_mode else 0)) // ss + 1
        if ceil_mode and (n_out - 1) * ss >= L + pp:
            n_out -= 1
        if n_out < 1:
            raise ValueError(f"{function}: output would be empty")
        sizes.append(n_out)
    return xb, single, k, s, p, d, tuple(sizes)


def _windows(xp, k, s, d, out_hw):
    """Yield, for each kernel tap (u, v), the (N, C, H_out, W_out) slice it reads of xp."""
    for u in range(k[0]):
        for v in range(k[1]):
            yield xp[:, :, u * d[0]:u * d[0] + s[0] * (out_hw[0] - 1) + 1:s[0],
                     v * d[1]:v * d[1] + s[1] * (out_hw[1] - 1) + 1:s[1]]


def _pad_for_windows(x, k, s, p, d, out_hw, value):
    """Pad x (N, C, H, W) by p on the top/left and enough on the bottom/right (at least p, more
    where a ceil_mode window hangs over) that every window lies inside; fill with value."""
    extra = [max(p[a], (out_hw[a] - 1) * s[a] + d[a] * (k[a] - 1) + 1 - x.shape[2 + a] - p[a]) for a in (0, 1)]
    return np.pad(x, ((0, 0), (0, 0), (p[0], extra[0]), (p[1], extra[1])), constant_values=value)


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """2-D max pooling, as torch.nn.functional.max_pool2d.

    x (N, C, H, W) or (C, H, W) -> (N, C, H_out, W_out) (unbatched: (C, H_out, W_out)), x.dtype:

        y[n, c, i, j] = max_{u,v} x_pad[n, c, i*sH + u*dH, j*sW + v*dW]      (padding is -inf)
        H_out = floor((H + 2pH - dH*(kH - 1) - 1 + (sH - 1 if ceil_mode else 0)) / sH) + 1,
                minus 1 in ceil_mode when the last window would start in the bottom padding.

    stride None means stride = kernel_size; padding at most half the kernel size.
    """
    xb, single, k, s, p, d, out_hw = _pool_setup(x, kernel_size, stride, padding, dilation, ceil_mode, "max_pool2d")
    xp = _pad_for_windows(xb, k, s, p, d, out_hw, -np.inf)
    res = None
    for tap in _windows(xp, k, s, d, out_hw):
        res = tap.copy() if res is None else np.maximum(res, tap)
    res = res.astype(xb.dtype)
    return res[0] if single else res


def avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """2-D average pooling, as torch.nn.functional.avg_pool2d.

    x (N, C, H, W) or (C, H, W) -> (N, C, H_out, W_out) (unbatched: (C, H_out, W_out)), x.dtype;
    output size as max_pool2d with dilation 1. Each output is the sum over its window (padding
    counts as 0) divided by

        count_include_pad=True:  the window's size clipped to the padded input
                                 (a ceil_mode window hanging over the bottom/right padding
                                 counts only its part inside the padded input);
        count_include_pad=False: the number of real input pixels in the window.

    Per axis, for output i: start = i*s - p, end = min(start + k, L + p);
    the clipped count is min(end, L) - max(start, 0); the divisor is the product over both axes.
    """
    xb, single, k, s, p, d, out_hw = _pool_setup(x, kernel_size, stride, padding, 1, ceil_mode, "avg_pool2d")
    xp = _pad_for_windows(xb, k, s, p, d, out_hw, 0)
    res = np.zeros(xb.shape[:2] + out_hw, dtype=np.float64)
    for tap in _windows(xp, k, s, d, out_hw):
        res += tap
    div = np.ones(out_hw)
    for axis in (0, 1):
        first = np.arange(out_hw[axis]) * s[axis] - p[axis]
        last = np.minimum(first + k[axis], xb.shape[2 + axis] + p[axis])
        if not count_include_pad:
            first, last = np.maximum(first, 0), np.minimum(last, xb.shape[2 + axis])
        div = div * ((last - first)[:, None] if axis == 0 else (last - first)[None, :])
    res = (res / div).astype(xb.dtype)
    return res[0] if single else res
