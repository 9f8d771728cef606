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
    ### BEGIN SOLUTION
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    value = value.__index__()
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return value
    ### END SOLUTION


def _pair(value, name, minimum):
    """An int or a sequence of one or two ints -> (height, width), each checked >= minimum."""
    ### BEGIN SOLUTION
    if isinstance(value, (list, tuple)):
        items = tuple(value) * 2 if len(value) == 1 else tuple(value)
        if len(items) != 2:
            raise ValueError(f"{name} must be an int or a pair (height, width), got {value!r}")
    else:
        items = (value, value)
    return tuple(_int(v, name, minimum) for v in items)
    ### END SOLUTION


def _shape(shape, name, ndims):
    """A shape as a tuple of non-negative ints whose length is one of ndims."""
    ### BEGIN SOLUTION
    if not isinstance(shape, (list, tuple)) or len(shape) not in ndims:
        allowed = " or ".join(str(n) for n in ndims)
        raise ValueError(f"{name} must be a tuple of {allowed} ints, got {shape!r}")
    return tuple(_int(v, f"every entry of {name}", 0) for v in shape)
    ### END SOLUTION


# ----------------------------------------------------------------------------- one axis


def conv_output_size(in_size, kernel_size, stride=1, padding=0, dilation=1):
    """Output length of a convolution along one axis (ints in, int out).

        out = floor((in_size + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1

    Raises ValueError when the effective kernel dilation*(kernel_size - 1) + 1 is larger than
    the padded input, or an argument is out of range (in_size, kernel_size, stride, dilation
    at least 1; padding at least 0).
    """
    ### BEGIN SOLUTION
    in_size = _int(in_size, "in_size", 1)
    kernel_size = _int(kernel_size, "kernel_size", 1)
    stride = _int(stride, "stride", 1)
    padding = _int(padding, "padding", 0)
    dilation = _int(dilation, "dilation", 1)
    effective = dilation * (kernel_size - 1) + 1
    padded = in_size + 2 * padding
    if effective > padded:
        raise ValueError(
            f"the kernel spans {effective} positions (kernel_size {kernel_size}, dilation "
            f"{dilation}) but the padded input has only {padded}"
        )
    return (padded - effective) // stride + 1
    ### END SOLUTION


def conv_transpose_output_size(in_size, kernel_size, stride=1, padding=0, output_padding=0, dilation=1):
    """Output length of a transposed convolution along one axis (ints in, int out).

        out = (in_size - 1)*stride - 2*padding + dilation*(kernel_size - 1) + output_padding + 1

    output_padding must be smaller than max(stride, dilation); the result must be at least 1.
    """
    ### BEGIN SOLUTION
    in_size = _int(in_size, "in_size", 1)
    kernel_size = _int(kernel_size, "kernel_size", 1)
    stride = _int(stride, "stride", 1)
    padding = _int(padding, "padding", 0)
    output_padding = _int(output_padding, "output_padding", 0)
    dilation = _int(dilation, "dilation", 1)
    if output_padding >= max(stride, dilation):
        raise ValueError(
            f"output_padding ({output_padding}) must be smaller than the stride ({stride}) or "
            f"the dilation ({dilation})"
        )
    out = (in_size - 1) * stride - 2 * padding + dilation * (kernel_size - 1) + output_padding + 1
    if out < 1:
        raise ValueError(f"the output size would be {out}: the padding ({padding}) is too large")
    return out
    ### END SOLUTION


def pool_output_size(in_size, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """Output length of MaxPool2d along one axis (ints in, int out); stride None means kernel_size.

        out = floor_or_ceil((in_size + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1
        ceil_mode: if (out - 1)*stride >= in_size + padding, out -= 1
                   (the last window must start inside the input or the left padding)

    padding may be at most kernel_size // 2; the result must be at least 1.
    """
    ### BEGIN SOLUTION
    in_size = _int(in_size, "in_size", 1)
    kernel_size = _int(kernel_size, "kernel_size", 1)
    stride = kernel_size if stride is None else _int(stride, "stride", 1)
    padding = _int(padding, "padding", 0)
    dilation = _int(dilation, "dilation", 1)
    if padding > kernel_size // 2:
        raise ValueError(
            f"pooling padding ({padding}) may be at most half the kernel size ({kernel_size})"
        )
    span = in_size + 2 * padding - dilation * (kernel_size - 1) - 1
    if ceil_mode:
        out = -(-span // stride) + 1          # ceil division
        if (out - 1) * stride >= in_size + padding:
            out -= 1                          # that window would start in the right padding
    else:
        out = span // stride + 1
    if out < 1:
        raise ValueError(
            f"the pooling window (kernel_size {kernel_size}, dilation {dilation}) does not fit "
            f"into the padded input ({in_size} + 2*{padding}): output size {out}"
        )
    return out
    ### END SOLUTION


def same_padding(kernel_size, dilation=1):
    """(before, after) padding of padding='same' along one axis, as torch pads it.

    total = dilation*(kernel_size - 1); before = total // 2; after = total - before
    (the odd extra goes after: right/bottom).
    """
    ### BEGIN SOLUTION
    kernel_size = _int(kernel_size, "kernel_size", 1)
    dilation = _int(dilation, "dilation", 1)
    total = dilation * (kernel_size - 1)
    return total // 2, total - total // 2
    ### END SOLUTION


# ----------------------------------------------------------------------------- full shapes


def conv2d_output_shape(input_shape, weight_shape, stride=1, padding=0, dilation=1, groups=1):
    """Shape of torch.nn.functional.conv2d(x, weight, ...) as a tuple.

    input_shape (N, C_in, H, W) or (C_in, H, W); weight_shape (C_out, C_in/groups, kH, kW).
    Returns (N, C_out, H_out, W_out) (or (C_out, H_out, W_out)), with per axis
        out = floor((L + 2p - d*(k - 1) - 1) / s) + 1.
    stride, padding, dilation: int or pair. Needs C_in == weight_shape[1]*groups and C_out
    divisible by groups.
    """
    ### BEGIN SOLUTION
    shape = _shape(input_shape, "input_shape", (3, 4))
    c_out, c_per_group, kh, kw = _shape(weight_shape, "weight_shape", (4,))
    unbatched = len(shape) == 3
    n, c_in, h, w = (1,) + shape if unbatched else shape
    stride = _pair(stride, "stride", 1)
    padding = _pair(padding, "padding", 0)
    dilation = _pair(dilation, "dilation", 1)
    groups = _int(groups, "groups", 1)
    if kh < 1 or kw < 1:
        raise ValueError(f"the kernel must be at least 1x1, got {kh}x{kw}")
    if c_out < 1:
        raise ValueError("the weight has no output channels (weight_shape[0] is 0)")
    if c_out % groups:
        raise ValueError(f"the {c_out} output channels are not divisible by groups={groups}")
    if c_in != c_per_group * groups:
        raise ValueError(
            f"the input has {c_in} channels but the weight expects weight_shape[1] * groups = "
            f"{c_per_group} * {groups} = {c_per_group * groups}"
        )
    if h == 0 or w == 0:
        raise ValueError(f"the input has an empty spatial size {(h, w)}")
    out = []
    for axis, size, k, s, p, d in zip(("height", "width"), (h, w), (kh, kw), stride, padding, dilation):
        effective = d * (k - 1) + 1
        if effective > size + 2 * p:
            raise ValueError(
                f"along the {axis} the kernel spans {effective} pixels (kernel {k}, dilation {d}) "
                f"but the padded input has only {size + 2 * p}"
            )
        out.append((size + 2 * p - effective) // s + 1)
    return (c_out, *out) if unbatched else (n, c_out, *out)
    ### END SOLUTION


def conv_transpose2d_output_shape(input_shape, weight_shape, stride=1, padding=0, output_padding=0,
                                  groups=1, dilation=1):
    """Shape of torch.nn.functional.conv_transpose2d(x, weight, ...) as a tuple.

    input_shape (N, C_in, H, W) or (C_in, H, W); weight_shape (C_in, C_out/groups, kH, kW)
    (ConvTranspose2d's layout). Returns (N, C_out, H_out, W_out) (or (C_out, H_out, W_out)),
    C_out = weight_shape[1]*groups, with per axis
        out = (L - 1)*s - 2p + d*(k - 1) + output_padding + 1,  output_padding < max(s, d).
    """
    ### BEGIN SOLUTION
    shape = _shape(input_shape, "input_shape", (3, 4))
    w_in, out_per_group, kh, kw = _shape(weight_shape, "weight_shape", (4,))
    unbatched = len(shape) == 3
    n, c_in, h, w = (1,) + shape if unbatched else shape
    stride = _pair(stride, "stride", 1)
    padding = _pair(padding, "padding", 0)
    output_padding = _pair(output_padding, "output_padding", 0)
    dilation = _pair(dilation, "dilation", 1)
    groups = _int(groups, "groups", 1)
    if kh < 1 or kw < 1:
        raise ValueError(f"the kernel must be at least 1x1, got {kh}x{kw}")
    if w_in < 1 or out_per_group < 1:
        raise ValueError(f"the weight {tuple(weight_shape)} has no input or no output channels")
    if w_in % groups:
        raise ValueError(f"the weight's {w_in} input channels are not divisible by groups={groups}")
    if c_in != w_in:
        raise ValueError(
            f"the input has {c_in} channels but the transposed-convolution weight "
            f"(C_in, C_out/groups, kH, kW) expects weight_shape[0] = {w_in}"
        )
    if h == 0 or w == 0:
        raise ValueError(f"the input has an empty spatial size {(h, w)}")
    out = []
    for axis, size, k, s, p, op, d in zip(("height", "width"), (h, w), (kh, kw), stride, padding,
                                          output_padding, dilation):
        if op >= max(s, d):
            raise ValueError(
                f"along the {axis}, output_padding ({op}) must be smaller than the stride ({s}) "
                f"or the dilation ({d})"
            )
        size_out = (size - 1) * s - 2 * p + d * (k - 1) + op + 1
        if size_out < 1:
            raise ValueError(
                f"along the {axis} the output size would be {size_out}: the padding ({p}) is too large"
            )
        out.append(size_out)
    c_out = out_per_group * groups
    return (c_out, *out) if unbatched else (n, c_out, *out)
    ### END SOLUTION


def conv2d_num_params(in_channels, out_channels, kernel_size, groups=1, bias=True):
    """Number of learnable parameters of torch.nn.Conv2d(in_channels, out_channels, kernel_size, groups=groups, bias=bias).

        weight: out_channels * (in_channels / groups) * kH * kW;   bias: out_channels (if bias)

    kernel_size: int or pair. groups must divide both channel counts.
    """
    ### BEGIN SOLUTION
    in_channels = _int(in_channels, "in_channels", 0)
    out_channels = _int(out_channels, "out_channels", 1)
    kh, kw = _pair(kernel_size, "kernel_size", 1)
    groups = _int(groups, "groups", 1)
    if not isinstance(bias, bool):
        raise ValueError(f"bias must be True or False, got {bias!r}")
    if in_channels % groups or out_channels % groups:
        raise ValueError(
            f"groups={groups} must divide both in_channels ({in_channels}) and "
            f"out_channels ({out_channels})"
        )
    weights = out_channels * (in_channels // groups) * kh * kw
    return weights + (out_channels if bias else 0)
    ### END SOLUTION


def receptive_field(layers):
    """Side of the input region that one output unit of a stack of layers sees.

    layers: [(kernel_size, stride, dilation), ...], first layer first. With the jump
    j_i = s_1 * ... * s_{i-1} (j_1 = 1):

        r = 1 + sum_i d_i * (k_i - 1) * j_i
    """
    ### BEGIN SOLUTION
    field, jump = 1, 1
    for index, layer in enumerate(layers):
        if not isinstance(layer, (list, tuple)) or len(layer) != 3:
            raise ValueError(
                f"layer {index} must be a triple (kernel_size, stride, dilation), got {layer!r}"
            )
        kernel_size = _int(layer[0], f"kernel_size of layer {index}", 1)
        stride = _int(layer[1], f"stride of layer {index}", 1)
        dilation = _int(layer[2], f"dilation of layer {index}", 1)
        field += dilation * (kernel_size - 1) * jump
        jump *= stride
    return field
    ### END SOLUTION
