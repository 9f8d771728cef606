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
    # YOUR CODE HERE
    raise NotImplementedError


def _batched(x, spatial_dims, function):
    """Check the number of dimensions; return (x with a batch axis, whether x was unbatched).

    Accepts (N, C, *spatial) or the unbatched (C, *spatial); ``spatial_dims`` is 1 or 2.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def _same_padding(kernel_size, dilation):
    """(before, after) for padding='same' on one axis: total dilation*(k - 1), odd extra after."""
    # YOUR CODE HERE
    raise NotImplementedError


def _conv_padding(padding, kernel_hw, stride_hw, dilation_hw, function):
    """Padding of a convolution as ((top, bottom), (left, right)).

    ``padding`` is an int, a pair, 'valid' or 'same'; 'same' needs stride 1 on both axes.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def _check_conv(x, weight, bias, stride, dilation, groups, function):
    """Validate a 2-D convolution's arguments; return (stride, dilation) as pairs.

    x is batched (N, C_in, H, W); weight must be (C_out, C_in/groups, kH, kW) with C_out
    divisible by groups; bias None or (C_out,).
    """
    # YOUR CODE HERE
    raise NotImplementedError


def _output_size(size, pad, kernel_size, stride, dilation, axis, function):
    """floor((size + pad_before + pad_after - dilation*(k - 1) - 1) / stride) + 1, checked >= 1."""
    # YOUR CODE HERE
    raise NotImplementedError


def _pad(x, pads, mode, function):
    """Pad the last two axes of x (N, C, H, W) by pads = ((top, bottom), (left, right)).

    mode is one of 'zeros', 'reflect', 'replicate', 'circular', as torch.nn.Conv2d pads.
    """
    # YOUR CODE HERE
    raise NotImplementedError


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
    # YOUR CODE HERE
    raise NotImplementedError


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
    # YOUR CODE HERE
    raise NotImplementedError


def conv1d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-D convolution, as torch.nn.functional.conv1d, by way of conv2d with height 1.

    x (N, C_in, L) or (C_in, L); weight (C_out, C_in/groups, K); bias (C_out,) or None.
    Returns (N, C_out, L_out) (unbatched: (C_out, L_out)), dtype np.result_type(x, weight):

        y[n, o, i] = bias[o] + sum_{c,u} x_pad[n, g*C_g + c, i*s + u*d] * weight[o, c, u]
        L_out = floor((L + 2p - d*(K - 1) - 1) / s) + 1

    stride, dilation: int (or a 1-tuple); padding: int, 'valid' or 'same'.
    """
    # YOUR CODE HERE
    raise NotImplementedError


# ----------------------------------------------------------------------------- pooling


def _pool_setup(x, kernel_size, stride, padding, dilation, ceil_mode, function):
    """Validate pooling arguments; return (x batched, unbatched, k, s, p, d, (H_out, W_out)).

    Each of k, s, p, d is a (height, width) pair; stride None (or ()) means stride = kernel_size.
    Output size per axis, as torch (the last window must start inside the input or the left
    padding):
        L_out = floor((L + 2p - d*(k - 1) - 1 + (s - 1 if ceil_mode else 0)) / s) + 1
        if ceil_mode and (L_out - 1)*s >= L + p: L_out -= 1
    """
    # YOUR CODE HERE
    raise NotImplementedError


def _windows(xp, k, s, d, out_hw):
    """Yield, for each kernel tap (u, v), the (N, C, H_out, W_out) slice it reads of xp."""
    # YOUR CODE HERE
    raise NotImplementedError


def _pad_for_windows(x, k, s, p, d, out_hw, value):
    """Pad x (N, C, H, W) by p on the top/left and enough on the bottom/right (at least p, more
    where a ceil_mode window hangs over) that every window lies inside; fill with value."""
    # YOUR CODE HERE
    raise NotImplementedError


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """2-D max pooling, as torch.nn.functional.max_pool2d.

    x (N, C, H, W) or (C, H, W) -> (N, C, H_out, W_out) (unbatched: (C, H_out, W_out)), x.dtype:

        y[n, c, i, j] = max_{u,v} x_pad[n, c, i*sH + u*dH, j*sW + v*dW]      (padding is -inf)
        H_out = floor((H + 2pH - dH*(kH - 1) - 1 + (sH - 1 if ceil_mode else 0)) / sH) + 1,
                minus 1 in ceil_mode when the last window would start in the bottom padding.

    stride None means stride = kernel_size; padding at most half the kernel size.
    """
    # YOUR CODE HERE
    raise NotImplementedError


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
    # YOUR CODE HERE
    raise NotImplementedError
