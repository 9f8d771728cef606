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
    ### BEGIN SOLUTION
    if isinstance(value, (list, tuple)):
        items = tuple(value)
        if len(items) == 1:
            items = items * 2
    else:
        items = (value, value)
    if len(items) != 2 or not all(
        isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)) for v in items
    ):
        raise ValueError(f"{name} must be an int or a pair of ints (height, width), got {value!r}")
    return int(items[0]), int(items[1])
    ### END SOLUTION


def _batched(x, spatial_dims, function):
    """Check the number of dimensions; return (x with a batch axis, whether x was unbatched).

    Accepts (N, C, *spatial) or the unbatched (C, *spatial); ``spatial_dims`` is 1 or 2.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x)
    if x.ndim == spatial_dims + 2:
        return x, False
    if x.ndim == spatial_dims + 1:
        return x[None], True
    layout = "(N, C, L) or (C, L)" if spatial_dims == 1 else "(N, C, H, W) or (C, H, W)"
    raise ValueError(
        f"{function}: x must have the shape {layout}, got an array with {x.ndim} dimensions "
        f"of shape {x.shape}"
    )
    ### END SOLUTION


def _same_padding(kernel_size, dilation):
    """(before, after) for padding='same' on one axis: total dilation*(k - 1), odd extra after."""
    ### BEGIN SOLUTION
    total = dilation * (kernel_size - 1)
    return total // 2, total - total // 2
    ### END SOLUTION


def _conv_padding(padding, kernel_hw, stride_hw, dilation_hw, function):
    """Padding of a convolution as ((top, bottom), (left, right)).

    ``padding`` is an int, a pair, 'valid' or 'same'; 'same' needs stride 1 on both axes.
    """
    ### BEGIN SOLUTION
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0), (0, 0)
        if padding == "same":
            if stride_hw != (1, 1):
                raise ValueError(
                    f"{function}: padding='same' only works with stride 1 (got stride={stride_hw}); "
                    "with a larger stride no padding keeps the output as large as the input"
                )
            return tuple(_same_padding(k, d) for k, d in zip(kernel_hw, dilation_hw))
        raise ValueError(
            f"{function}: padding must be an int, a pair of ints, 'valid' or 'same', got {padding!r}"
        )
    ph, pw = _pair(padding, "padding")
    if ph < 0 or pw < 0:
        raise ValueError(f"{function}: padding must be non-negative, got {(ph, pw)}")
    return (ph, ph), (pw, pw)
    ### END SOLUTION


def _check_conv(x, weight, bias, stride, dilation, groups, function):
    """Validate a 2-D convolution's arguments; return (stride, dilation) as pairs.

    x is batched (N, C_in, H, W); weight must be (C_out, C_in/groups, kH, kW) with C_out
    divisible by groups; bias None or (C_out,).
    """
    ### BEGIN SOLUTION
    if weight.ndim != 4:
        raise ValueError(
            f"{function}: weight must have the shape (C_out, C_in/groups, kH, kW), "
            f"got shape {weight.shape}"
        )
    stride = _pair(stride, "stride")
    dilation = _pair(dilation, "dilation")
    if min(stride) < 1:
        raise ValueError(f"{function}: stride must be at least 1, got {stride}")
    if min(dilation) < 1:
        raise ValueError(f"{function}: dilation must be at least 1, got {dilation}")
    if not isinstance(groups, (int, np.integer)) or isinstance(groups, bool) or groups < 1:
        raise ValueError(f"{function}: groups must be a positive int, got {groups!r}")
    c_out, c_per_group, kh, kw = weight.shape
    if kh < 1 or kw < 1:
        raise ValueError(f"{function}: the kernel must be at least 1x1, got {kh}x{kw}")
    if c_out < 1:
        raise ValueError(f"{function}: weight has no output channels (shape {weight.shape})")
    if c_out % groups:
        raise ValueError(
            f"{function}: the {c_out} output channels (weight.shape[0]) are not divisible by "
            f"groups={groups}"
        )
    if x.shape[1] != c_per_group * groups:
        raise ValueError(
            f"{function}: x has {x.shape[1]} channels but weight expects "
            f"weight.shape[1] * groups = {c_per_group} * {groups} = {c_per_group * groups}"
        )
    if bias is not None and np.shape(bias) != (c_out,):
        raise ValueError(
            f"{function}: bias must have the shape ({c_out},), one value per output channel, "
            f"got shape {np.shape(bias)}"
        )
    return stride, dilation
    ### END SOLUTION


def _output_size(size, pad, kernel_size, stride, dilation, axis, function):
    """floor((size + pad_before + pad_after - dilation*(k - 1) - 1) / stride) + 1, checked >= 1."""
    ### BEGIN SOLUTION
    padded = size + pad[0] + pad[1]
    effective = dilation * (kernel_size - 1) + 1
    if effective > padded:
        raise ValueError(
            f"{function}: the kernel spans {effective} pixels along the {axis} (kernel "
            f"{kernel_size}, dilation {dilation}) but the padded input has only {padded}; "
            "use a smaller kernel or dilation, or more padding"
        )
    return (padded - effective) // stride + 1
    ### END SOLUTION


def _pad(x, pads, mode, function):
    """Pad the last two axes of x (N, C, H, W) by pads = ((top, bottom), (left, right)).

    mode is one of 'zeros', 'reflect', 'replicate', 'circular', as torch.nn.Conv2d pads.
    """
    ### BEGIN SOLUTION
    widths = ((0, 0), (0, 0)) + tuple(pads)
    if mode == "zeros":
        return np.pad(x, widths)
    if mode in ("reflect", "replicate") and x.shape[1] == 0:
        raise ValueError(f"{function}: padding_mode={mode!r} needs at least one channel")
    for axis, (before, after) in zip(("height", "width"), pads):
        size = x.shape[2] if axis == "height" else x.shape[3]
        if mode == "reflect" and max(before, after) >= size:
            raise ValueError(
                f"{function}: reflect padding must be smaller than the input's {axis} "
                f"({size}), got {(before, after)}"
            )
        if mode == "circular" and max(before, after) > size:
            raise ValueError(
                f"{function}: circular padding can wrap around at most once: it must not exceed "
                f"the input's {axis} ({size}), got {(before, after)}"
            )
    numpy_mode = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}[mode]
    return np.pad(x, widths, mode=numpy_mode)
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    x, unbatched = _batched(x, 2, "conv2d_naive")
    weight = np.asarray(weight)
    (sh, sw), (dh, dw) = _check_conv(x, weight, bias, stride, dilation, groups, "conv2d_naive")
    c_out, c_per_group, kh, kw = weight.shape
    pads = _conv_padding(padding, (kh, kw), (sh, sw), (dh, dw), "conv2d_naive")
    n, _, h, w = x.shape
    if h == 0 or w == 0:
        raise ValueError(f"conv2d_naive: the input has an empty spatial size {(h, w)}")
    h_out = _output_size(h, pads[0], kh, sh, dh, "height", "conv2d_naive")
    w_out = _output_size(w, pads[1], kw, sw, dw, "width", "conv2d_naive")

    dtype = np.result_type(x, weight)
    xp = _pad(x.astype(dtype, copy=False), pads, "zeros", "conv2d_naive")
    out_per_group = c_out // groups
    y = np.zeros((n, c_out, h_out, w_out), dtype=dtype)
    for b in range(n):
        for o in range(c_out):
            first = (o // out_per_group) * c_per_group    # first input channel of o's group
            for i in range(h_out):
                for j in range(w_out):
                    total = 0.0
                    for c in range(c_per_group):
                        for u in range(kh):
                            for v in range(kw):
                                total += (xp[b, first + c, i * sh + u * dh, j * sw + v * dw]
                                          * weight[o, c, u, v])
                    y[b, o, i, j] = total
    if bias is not None:
        y += np.asarray(bias, dtype=dtype)[None, :, None, None]
    return y[0] if unbatched else y
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    x, unbatched = _batched(x, 2, "conv2d")
    weight = np.asarray(weight)
    (sh, sw), (dh, dw) = _check_conv(x, weight, bias, stride, dilation, groups, "conv2d")
    if padding_mode not in _PADDING_MODES:
        raise ValueError(f"conv2d: padding_mode must be one of {_PADDING_MODES}, got {padding_mode!r}")
    c_out, c_per_group, kh, kw = weight.shape
    pads = _conv_padding(padding, (kh, kw), (sh, sw), (dh, dw), "conv2d")
    n, c_in, h, w = x.shape
    if h == 0 or w == 0:
        raise ValueError(f"conv2d: the input has an empty spatial size {(h, w)}")
    h_out = _output_size(h, pads[0], kh, sh, dh, "height", "conv2d")
    w_out = _output_size(w, pads[1], kw, sw, dw, "width", "conv2d")

    dtype = np.result_type(x, weight)
    xp = _pad(x.astype(dtype, copy=False), pads, padding_mode, "conv2d")
    xp = xp.reshape(n, groups, c_per_group, *xp.shape[2:])
    kernels = weight.astype(dtype, copy=False).reshape(groups, c_out // groups, c_per_group * kh * kw)
    y = np.empty((n, c_out, h_out, w_out), dtype=dtype)
    # Images go through in chunks so that the column buffer stays small and is reused:
    # a fresh buffer of hundreds of MB costs more to allocate than the product itself.
    per_image = c_in * kh * kw * h_out * w_out
    chunk = max(1, _COLUMN_BUDGET // max(per_image, 1))
    cols = np.empty((min(chunk, n), groups, c_per_group, kh, kw, h_out, w_out), dtype=dtype)
    for first in range(0, n, chunk):
        images = xp[first: first + chunk]
        b = images.shape[0]
        for u in range(kh):
            for v in range(kw):
                top, left = u * dh, v * dw
                cols[:b, :, :, u, v] = images[..., top: top + sh * (h_out - 1) + 1: sh,
                                              left: left + sw * (w_out - 1) + 1: sw]
        # (groups, C_out/g, K) @ (b, groups, K, L) -> (b, groups, C_out/g, L), written in place
        np.matmul(kernels, cols[:b].reshape(b, groups, -1, h_out * w_out),
                  out=y[first: first + b].reshape(b, groups, c_out // groups, h_out * w_out))
    if bias is not None:
        y += np.asarray(bias, dtype=dtype)[None, :, None, None]
    return y[0] if unbatched else y
    ### END SOLUTION


def conv1d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-D convolution, as torch.nn.functional.conv1d, by way of conv2d with height 1.

    x (N, C_in, L) or (C_in, L); weight (C_out, C_in/groups, K); bias (C_out,) or None.
    Returns (N, C_out, L_out) (unbatched: (C_out, L_out)), dtype np.result_type(x, weight):

        y[n, o, i] = bias[o] + sum_{c,u} x_pad[n, g*C_g + c, i*s + u*d] * weight[o, c, u]
        L_out = floor((L + 2p - d*(K - 1) - 1) / s) + 1

    stride, dilation: int (or a 1-tuple); padding: int, 'valid' or 'same'.
    """
    ### BEGIN SOLUTION
    x, unbatched = _batched(x, 1, "conv1d")
    weight = np.asarray(weight)
    if weight.ndim != 3:
        raise ValueError(
            f"conv1d: weight must have the shape (C_out, C_in/groups, K), got shape {weight.shape}"
        )

    def single(value, name):
        if isinstance(value, (list, tuple)):
            if len(value) != 1:
                raise ValueError(f"conv1d: {name} must be an int (one axis), got {value!r}")
            value = value[0]
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
            raise ValueError(f"conv1d: {name} must be an int, got {value!r}")
        return int(value)

    stride, dilation = single(stride, "stride"), single(dilation, "dilation")
    if not isinstance(padding, str):
        padding = (0, single(padding, "padding"))
    try:
        y = conv2d(x[:, :, None, :], weight[:, :, None, :], bias, stride=(1, stride),
                   padding=padding, dilation=(1, dilation), groups=groups)
    except ValueError as err:   # say which function the student called; "width" is the length
        raise ValueError(f"conv1d (computed as conv2d on a height-1 image): {err}") from None
    y = y[:, :, 0, :]
    return y[0] if unbatched else y
    ### END SOLUTION


# ----------------------------------------------------------------------------- pooling


def _pool_setup(x, kernel_size, stride, padding, dilation, ceil_mode, function):
    """Validate pooling arguments; return (x batched, unbatched, k, s, p, d, (H_out, W_out)).

    Each of k, s, p, d is a (height, width) pair; stride None (or ()) means stride = kernel_size.
    Output size per axis, as torch (the last window must start inside the input or the left
    padding):
        L_out = floor((L + 2p - d*(k - 1) - 1 + (s - 1 if ceil_mode else 0)) / s) + 1
        if ceil_mode and (L_out - 1)*s >= L + p: L_out -= 1
    """
    ### BEGIN SOLUTION
    x, unbatched = _batched(x, 2, function)
    if x.shape[1] == 0 or x.shape[2] == 0 or x.shape[3] == 0:
        raise ValueError(f"{function}: channels, height and width must be non-empty, got {x.shape}")
    k = _pair(kernel_size, "kernel_size")
    no_stride = stride is None or (isinstance(stride, (list, tuple)) and len(stride) == 0)
    s = k if no_stride else _pair(stride, "stride")
    p = _pair(padding, "padding")
    d = _pair(dilation, "dilation")
    if min(k) < 1:
        raise ValueError(f"{function}: kernel_size must be at least 1, got {k}")
    if min(s) < 1:
        raise ValueError(f"{function}: stride must be at least 1, got {s}")
    if min(d) < 1:
        raise ValueError(f"{function}: dilation must be at least 1, got {d}")
    if min(p) < 0:
        raise ValueError(f"{function}: padding must be non-negative, got {p}")
    if p[0] > k[0] // 2 or p[1] > k[1] // 2:
        raise ValueError(
            f"{function}: padding {p} is more than half the kernel size {k}; "
            "a window would then see only padding"
        )
    out = []
    for size, ki, si, pi, di in zip(x.shape[2:], k, s, p, d):
        o = (size + 2 * pi - di * (ki - 1) - 1 + (si - 1 if ceil_mode else 0)) // si + 1
        if ceil_mode and (o - 1) * si >= size + pi:
            o -= 1
        if o < 1:
            raise ValueError(
                f"{function}: the window (kernel {k}, dilation {d}) does not fit into the "
                f"padded input {tuple(x.shape[2:])} + padding {p}: output size {o}"
            )
        out.append(o)
    return x, unbatched, k, s, p, d, tuple(out)
    ### END SOLUTION


def _windows(xp, k, s, d, out_hw):
    """Yield, for each kernel tap (u, v), the (N, C, H_out, W_out) slice it reads of xp."""
    ### BEGIN SOLUTION
    (kh, kw), (sh, sw), (dh, dw), (h_out, w_out) = k, s, d, out_hw
    for u in range(kh):
        for v in range(kw):
            yield xp[:, :, u * dh: u * dh + sh * (h_out - 1) + 1: sh,
                     v * dw: v * dw + sw * (w_out - 1) + 1: sw]
    ### END SOLUTION


def _pad_for_windows(x, k, s, p, d, out_hw, value):
    """Pad x (N, C, H, W) by p on the top/left and enough on the bottom/right (at least p, more
    where a ceil_mode window hangs over) that every window lies inside; fill with value."""
    ### BEGIN SOLUTION
    widths = [(0, 0), (0, 0)]
    for size, ki, si, pi, di, o in zip(x.shape[2:], k, s, p, d, out_hw):
        needed = (o - 1) * si + di * (ki - 1) + 1      # extent of all windows, padding included
        widths.append((pi, max(pi, needed - size - pi)))
    return np.pad(x, widths, constant_values=value)
    ### END SOLUTION


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """2-D max pooling, as torch.nn.functional.max_pool2d.

    x (N, C, H, W) or (C, H, W) -> (N, C, H_out, W_out) (unbatched: (C, H_out, W_out)), x.dtype:

        y[n, c, i, j] = max_{u,v} x_pad[n, c, i*sH + u*dH, j*sW + v*dW]      (padding is -inf)
        H_out = floor((H + 2pH - dH*(kH - 1) - 1 + (sH - 1 if ceil_mode else 0)) / sH) + 1,
                minus 1 in ceil_mode when the last window would start in the bottom padding.

    stride None means stride = kernel_size; padding at most half the kernel size.
    """
    ### BEGIN SOLUTION
    x, unbatched, k, s, p, d, out_hw = _pool_setup(x, kernel_size, stride, padding, dilation,
                                                   ceil_mode, "max_pool2d")
    lowest = -np.inf if np.issubdtype(x.dtype, np.floating) else np.iinfo(x.dtype).min
    xp = _pad_for_windows(x, k, s, p, d, out_hw, lowest)
    y = None
    for window in _windows(xp, k, s, d, out_hw):
        y = window.copy() if y is None else np.maximum(y, window)
    return y[0] if unbatched else y
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    x, unbatched, k, s, p, d, out_hw = _pool_setup(x, kernel_size, stride, padding, 1,
                                                   ceil_mode, "avg_pool2d")
    xp = _pad_for_windows(x, k, s, p, d, out_hw, 0)
    total = None
    for window in _windows(xp, k, s, d, out_hw):
        total = window.copy() if total is None else total + window
    counts = []
    for size, ki, si, pi, o in zip(x.shape[2:], k, s, p, out_hw):
        start = np.arange(o) * si - pi
        end = np.minimum(start + ki, size + pi)
        if count_include_pad:
            counts.append(end - start)
        else:
            counts.append(np.minimum(end, size) - np.maximum(start, 0))
    divisor = counts[0][:, None] * counts[1][None, :]
    y = (total / divisor).astype(x.dtype, copy=False)
    return y[0] if unbatched else y
    ### END SOLUTION
