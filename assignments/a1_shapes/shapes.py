"""Assignment a1: output sizes, shapes and parameter counts of convolution layers.

Before writing a convolution, know what comes out of it. For one spatial axis of length L, a
kernel of size k, stride s, padding p (on both sides) and dilation d:

    effective kernel size     d*(k - 1) + 1
    Conv2d output             floor((L + 2p - d*(k - 1) - 1) / s) + 1
    ConvTranspose2d output    (L - 1)*s - 2p + d*(k - 1) + output_padding + 1,
                              with 0 <= output_padding < max(s, d)
    MaxPool2d output          as Conv2d (stride defaults to k); with ceil_mode the floor becomes
                              a ceil, but the last window must start inside the input or the
                              left padding, and padding may be at most k // 2
    padding='same'            total padding d*(k - 1), the odd extra on the right/bottom

PyTorch layouts: input (N, C, H, W) or unbatched (C, H, W); Conv2d weight
(C_out, C_in / groups, kH, kW); ConvTranspose2d weight (C_in, C_out / groups, kH, kW).

Every configuration PyTorch refuses (a kernel larger than the padded input, a non-positive
output size, channels that do not match, groups that do not divide the channels, negative
sizes or padding, stride or dilation below 1, ...) raises ValueError with a message that says
what is wrong. Validity is judged as for a batch of one image: an empty batch (N = 0) gives
the same shape with N = 0, and is refused where one image would be. Only the standard library (and numpy) are allowed.
"""
from __future__ import annotations



# ----------------------------------------------------------------------------- helpers


def _int(value, name, minimum):
    """value as a Python int, checked to be an integer (not a bool) that is >= minimum."""
    # YOUR CODE HERE
    raise NotImplementedError


def _pair(value, name, minimum):
    """An int or a sequence of one or two ints -> (height, width), each checked >= minimum."""
    # YOUR CODE HERE
    raise NotImplementedError


def _shape(shape, name, ndims):
    """A shape as a tuple of non-negative ints whose length is one of ndims."""
    # YOUR CODE HERE
    raise NotImplementedError


# ----------------------------------------------------------------------------- one axis


def conv_output_size(in_size, kernel_size, stride=1, padding=0, dilation=1):
    """Output length of a convolution along one axis (ints in, int out).

        out = floor((in_size + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1

    Raises ValueError when the effective kernel dilation*(kernel_size - 1) + 1 is larger than
    the padded input, or an argument is out of range (in_size, kernel_size, stride, dilation
    at least 1; padding at least 0).
    """
    # YOUR CODE HERE
    raise NotImplementedError


def conv_transpose_output_size(in_size, kernel_size, stride=1, padding=0, output_padding=0, dilation=1):
    """Output length of a transposed convolution along one axis (ints in, int out).

        out = (in_size - 1)*stride - 2*padding + dilation*(kernel_size - 1) + output_padding + 1

    output_padding must be smaller than max(stride, dilation); the result must be at least 1.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def pool_output_size(in_size, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """Output length of MaxPool2d along one axis (ints in, int out); stride None means kernel_size.

        out = floor_or_ceil((in_size + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1
        ceil_mode: if (out - 1)*stride >= in_size + padding, out -= 1
                   (the last window must start inside the input or the left padding)

    padding may be at most kernel_size // 2; the result must be at least 1.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def same_padding(kernel_size, dilation=1):
    """(before, after) padding of padding='same' along one axis, as torch pads it.

    total = dilation*(kernel_size - 1); before = total // 2; after = total - before
    (the odd extra goes after: right/bottom).
    """
    # YOUR CODE HERE
    raise NotImplementedError


# ----------------------------------------------------------------------------- full shapes


def conv2d_output_shape(input_shape, weight_shape, stride=1, padding=0, dilation=1, groups=1):
    """Shape of torch.nn.functional.conv2d(x, weight, ...) as a tuple.

    input_shape (N, C_in, H, W) or (C_in, H, W); weight_shape (C_out, C_in/groups, kH, kW).
    Returns (N, C_out, H_out, W_out) (or (C_out, H_out, W_out)), with per axis
        out = floor((L + 2p - d*(k - 1) - 1) / s) + 1.
    stride, padding, dilation: int or pair. Needs C_in == weight_shape[1]*groups and C_out
    divisible by groups.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def conv_transpose2d_output_shape(input_shape, weight_shape, stride=1, padding=0, output_padding=0,
                                  groups=1, dilation=1):
    """Shape of torch.nn.functional.conv_transpose2d(x, weight, ...) as a tuple.

    input_shape (N, C_in, H, W) or (C_in, H, W); weight_shape (C_in, C_out/groups, kH, kW)
    (ConvTranspose2d's layout). Returns (N, C_out, H_out, W_out) (or (C_out, H_out, W_out)),
    C_out = weight_shape[1]*groups, with per axis
        out = (L - 1)*s - 2p + d*(k - 1) + output_padding + 1,  output_padding < max(s, d).
    """
    # YOUR CODE HERE
    raise NotImplementedError


def conv2d_num_params(in_channels, out_channels, kernel_size, groups=1, bias=True):
    """Number of learnable parameters of torch.nn.Conv2d(in_channels, out_channels, kernel_size, groups=groups, bias=bias).

        weight: out_channels * (in_channels / groups) * kH * kW;   bias: out_channels (if bias)

    kernel_size: int or pair. groups must divide both channel counts.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def receptive_field(layers):
    """Side of the input region that one output unit of a stack of layers sees.

    layers: [(kernel_size, stride, dilation), ...], first layer first. With the jump
    j_i = s_1 * ... * s_{i-1} (j_1 = 1):

        r = 1 + sum_i d_i * (k_i - 1) * j_i
    """
    # YOUR CODE HERE
    raise NotImplementedError
