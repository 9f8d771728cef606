# Unfinished: four functions still raise NotImplementedError.
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
    return (in_size + 2 * padding - span) // stride + 1


def conv_transpose_output_size(in_size, kernel_size, stride=1, padding=0, output_padding=0, dilation=1):
    # TODO
    raise NotImplementedError


def pool_output_size(in_size, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    # TODO
    raise NotImplementedError


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
    # TODO
    raise NotImplementedError


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
    # TODO
    raise NotImplementedError
