# Mistake: conv_output_size rounds the division up (ceil) where torch floors it (misconception ceil-for-floor / off-by-one-size).
"""Assignment 1: output sizes and shapes of convolution layers."""


def _check(value, name, smallest):
    # bools are ints in Python, but True is not a kernel size
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise ValueError(f"{name} must be an int, got {value!r}")
    value = int(value)
    if value < smallest:
        raise ValueError(f"{name} must be >= {smallest}, got {value}")
    return value


def _two(value, name, smallest):
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or a pair, got {value!r}")
        return _check(value[0], name, smallest), _check(value[1], name, smallest)
    value = _check(value, name, smallest)
    return value, value


def conv_output_size(in_size, kernel_size, stride=1, padding=0, dilation=1):
    _check(in_size, "in_size", 1)
    _check(kernel_size, "kernel_size", 1)
    _check(stride, "stride", 1)
    _check(padding, "padding", 0)
    _check(dilation, "dilation", 1)
    span = dilation * (kernel_size - 1) + 1          # the dilated kernel
    if span > in_size + 2 * padding:
        raise ValueError(f"kernel covers {span} pixels, padded input only {in_size + 2 * padding}")
    return -(-(in_size + 2 * padding - span) // stride) + 1


def conv_transpose_output_size(in_size, kernel_size, stride=1, padding=0, output_padding=0, dilation=1):
    _check(in_size, "in_size", 1)
    _check(kernel_size, "kernel_size", 1)
    _check(stride, "stride", 1)
    _check(padding, "padding", 0)
    _check(output_padding, "output_padding", 0)
    _check(dilation, "dilation", 1)
    if output_padding >= max(stride, dilation):
        raise ValueError("output_padding must be smaller than stride or dilation")
    size = (in_size - 1) * stride - 2 * padding + dilation * (kernel_size - 1) + output_padding + 1
    if size < 1:
        raise ValueError(f"output size would be {size}")
    return size


def pool_output_size(in_size, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    _check(in_size, "in_size", 1)
    _check(kernel_size, "kernel_size", 1)
    stride = kernel_size if stride is None else _check(stride, "stride", 1)
    _check(padding, "padding", 0)
    _check(dilation, "dilation", 1)
    if 2 * padding > kernel_size:
        raise ValueError("pad should be at most half of the kernel size")
    top = in_size + 2 * padding - dilation * (kernel_size - 1) - 1
    if ceil_mode:
        size = -(-top // stride) + 1
        # the last window has to start inside the image or the left padding
        if (size - 1) * stride >= in_size + padding:
            size -= 1
    else:
        size = top // stride + 1
    if size < 1:
        raise ValueError(f"output size would be {size}")
    return size


def same_padding(kernel_size, dilation=1):
    _check(kernel_size, "kernel_size", 1)
    _check(dilation, "dilation", 1)
    total = dilation * (kernel_size - 1)
    left = total // 2
    return left, total - left


def conv2d_output_shape(input_shape, weight_shape, stride=1, padding=0, dilation=1, groups=1):
    if len(input_shape) not in (3, 4) or len(weight_shape) != 4:
        raise ValueError("input must be 3-D or 4-D and the weight 4-D")
    for v in list(input_shape) + list(weight_shape):
        _check(v, "shape entry", 0)
    batched = len(input_shape) == 4
    n, c, h, w = input_shape if batched else (1, *input_shape)
    c_out, c_g, kh, kw = weight_shape
    _check(groups, "groups", 1)
    if kh < 1 or kw < 1 or c_out < 1:
        raise ValueError("empty weight")
    if c_out % groups != 0:
        raise ValueError("out channels not divisible by groups")
    if c != c_g * groups:
        raise ValueError(f"expected {c_g * groups} input channels, got {c}")
    if n > 0 and c > 0 and (h == 0 or w == 0):
        raise ValueError("empty image")
    (sh, sw), (ph, pw), (dh, dw) = _two(stride, "stride", 1), _two(padding, "padding", 0), _two(dilation, "dilation", 1)
    sizes = []
    for size, k, s, p, d in ((h, kh, sh, ph, dh), (w, kw, sw, pw, dw)):
        span = d * (k - 1) + 1
        if span > size + 2 * p:
            raise ValueError("kernel larger than the padded input")
        sizes.append((size + 2 * p - span) // s + 1)
    return (n, c_out, *sizes) if batched else (c_out, *sizes)


def conv_transpose2d_output_shape(input_shape, weight_shape, stride=1, padding=0, output_padding=0,
                                  groups=1, dilation=1):
    if len(input_shape) not in (3, 4) or len(weight_shape) != 4:
        raise ValueError("input must be 3-D or 4-D and the weight 4-D")
    for v in list(input_shape) + list(weight_shape):
        _check(v, "shape entry", 0)
    batched = len(input_shape) == 4
    n, c, h, w = input_shape if batched else (1, *input_shape)
    c_in, out_g, kh, kw = weight_shape          # ConvTranspose2d: (C_in, C_out / groups, kH, kW)
    _check(groups, "groups", 1)
    if kh < 1 or kw < 1 or c_in < 1 or out_g < 1:
        raise ValueError("empty weight")
    if c_in % groups != 0:
        raise ValueError("in channels not divisible by groups")
    if c != c_in:
        raise ValueError(f"expected {c_in} input channels, got {c}")
    if n > 0 and (h == 0 or w == 0):
        raise ValueError("empty image")
    s2, p2 = _two(stride, "stride", 1), _two(padding, "padding", 0)
    op2, d2 = _two(output_padding, "output_padding", 0), _two(dilation, "dilation", 1)
    sizes = []
    for size, k, s, p, op, d in zip((h, w), (kh, kw), s2, p2, op2, d2):
        if op >= max(s, d):
            raise ValueError("output_padding must be smaller than stride or dilation")
        out = (size - 1) * s - 2 * p + d * (k - 1) + op + 1
        if out < (1 if n > 0 else 0):
            raise ValueError(f"output size would be {out}")
        sizes.append(out)
    return (n, out_g * groups, *sizes) if batched else (out_g * groups, *sizes)


def conv2d_num_params(in_channels, out_channels, kernel_size, groups=1, bias=True):
    _check(in_channels, "in_channels", 0)
    _check(out_channels, "out_channels", 1)
    _check(groups, "groups", 1)
    kh, kw = _two(kernel_size, "kernel_size", 1)
    if in_channels % groups or out_channels % groups:
        raise ValueError("groups must divide both channel counts")
    if not isinstance(bias, bool):
        raise ValueError("bias must be True or False")
    return out_channels * (in_channels // groups) * kh * kw + (out_channels if bias else 0)


def receptive_field(layers):
    rf = 1
    jump = 1   # distance in input pixels between two neighbouring units of the current layer
    for layer in layers:
        if len(layer) != 3:
            raise ValueError("each layer is (kernel_size, stride, dilation)")
        k, s, d = layer
        _check(k, "kernel_size", 1)
        _check(s, "stride", 1)
        _check(d, "dilation", 1)
        rf += d * (k - 1) * jump
        jump *= s
    return rf
