"""Assignment 2 (student: strided views). Patches come from np.lib.stride_tricks.as_strided."""
from numpy.lib.stride_tricks import as_strided
import numpy


class ConvArgs:
    """Holds the checked arguments of one convolution."""

    def __init__(self, x, weight, bias, stride, padding, dilation, groups):
        x = numpy.asarray(x)
        self.was_3d = x.ndim == 3
        self.x = x.reshape((1,) + x.shape) if self.was_3d else x
        self.weight = numpy.asarray(weight)
        if self.x.ndim != 4 or self.weight.ndim != 4:
            raise ValueError("expected x (N,C,H,W) and weight (O,C/g,kH,kW)")
        self.stride = self.pair(stride)
        self.dilation = self.pair(dilation)
        if self.stride[0] < 1 or self.stride[1] < 1 or self.dilation[0] < 1 or self.dilation[1] < 1:
            raise ValueError("stride and dilation start at 1")
        self.groups = groups
        out_ch, in_per_group = self.weight.shape[:2]
        if groups < 1 or out_ch % groups != 0 or in_per_group * groups != self.x.shape[1]:
            raise ValueError("channels and groups disagree")
        if bias is not None and numpy.shape(bias) != (out_ch,):
            raise ValueError("bias shape")
        self.bias = bias
        self.pads = self.resolve_padding(padding)
        self.dtype = numpy.result_type(self.x, self.weight)

    @staticmethod
    def pair(v):
        if isinstance(v, (tuple, list)):
            v = tuple(v) * 2 if len(v) == 1 else tuple(v)
            if len(v) != 2:
                raise ValueError("expected one or two numbers")
            return int(v[0]), int(v[1])
        if isinstance(v, bool) or not isinstance(v, (int, numpy.integer)):
            raise ValueError("expected an integer")
        return int(v), int(v)

    def resolve_padding(self, padding):
        kh, kw = self.weight.shape[2:]
        if isinstance(padding, str):
            if padding == "valid":
                return (0, 0), (0, 0)
            if padding != "same":
                raise ValueError("padding must be 'same' or 'valid' when it is a string")
            if self.stride != (1, 1):
                raise ValueError("same padding needs stride 1")
            t_h = self.dilation[0] * (kh - 1)
            t_w = self.dilation[1] * (kw - 1)
            return (t_h // 2, t_h - t_h // 2), (t_w // 2, t_w - t_w // 2)
        ph, pw = self.pair(padding)
        if ph < 0 or pw < 0:
            raise ValueError("padding must not be negative")
        return (ph, ph), (pw, pw)


def patches(xp, kh, kw, out_h, out_w, stride, dilation):
    """View (N, C, out_h, out_w, kh, kw) of the padded input, no copy."""
    n, c, _, _ = xp.shape
    sn, sc, sh, sw = xp.strides
    return as_strided(xp, shape=(n, c, out_h, out_w, kh, kw),
                      strides=(sn, sc, sh * stride[0], sw * stride[1], sh * dilation[0], sw * dilation[1]),
                      writeable=False)


def padded_input(a, mode="zeros"):
    lookup = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}
    if mode not in lookup:
        raise ValueError("padding_mode must be zeros, reflect, replicate or circular")
    xp = numpy.pad(a.x.astype(a.dtype), ((0, 0), (0, 0)) + tuple(a.pads), mode=lookup[mode])
    kh, kw = a.weight.shape[2:]
    oh = (xp.shape[2] - a.dilation[0] * (kh - 1) - 1) // a.stride[0] + 1
    ow = (xp.shape[3] - a.dilation[1] * (kw - 1) - 1) // a.stride[1] + 1
    if min(oh, ow) < 1:
        raise ValueError("the (dilated) kernel is bigger than the padded image")
    return numpy.ascontiguousarray(xp), oh, ow


def finish(a, y):
    if a.bias is not None:
        y += numpy.asarray(a.bias, dtype=y.dtype)[:, None, None]
    return y[0] if a.was_3d else y


def conv2d_naive(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    a = ConvArgs(x, weight, bias, stride, padding, dilation, groups)
    xp, oh, ow = padded_input(a)
    o_total, c_group, kh, kw = a.weight.shape
    y = numpy.zeros((xp.shape[0], o_total, oh, ow), dtype=a.dtype)
    o_group = o_total // groups
    for img in range(xp.shape[0]):
        for out_c in range(o_total):
            base = out_c // o_group * c_group
            for in_c in range(c_group):
                for r in range(oh):
                    for q in range(ow):
                        acc = 0
                        for dy in range(kh):
                            for dx in range(kw):
                                acc = acc + a.weight[out_c, in_c, dy, dx] * xp[
                                    img, base + in_c, r * a.stride[0] + dy * a.dilation[0], q * a.stride[1] + dx * a.dilation[1]]
                        y[img, out_c, r, q] += acc
    return finish(a, y)


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros"):
    a = ConvArgs(x, weight, bias, stride, padding, dilation, groups)
    xp, oh, ow = padded_input(a, padding_mode)
    o_total, c_group, kh, kw = a.weight.shape
    view = patches(xp, kh, kw, oh, ow, a.stride, a.dilation)
    o_group = o_total // groups
    outputs = [numpy.tensordot(view[:, g * c_group:(g + 1) * c_group],
                               a.weight[g * o_group:(g + 1) * o_group].astype(a.dtype),
                               axes=([1, 4, 5], [1, 2, 3]))
               for g in range(groups)]
    y = numpy.concatenate(outputs, axis=-1).transpose(0, 3, 1, 2).copy()
    return finish(a, y)


def conv1d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    one = lambda v: tuple(v)[0] if isinstance(v, (tuple, list)) else v
    y = conv2d(numpy.asarray(x)[..., numpy.newaxis, :], numpy.asarray(weight)[..., numpy.newaxis, :], bias,
               stride=(1, one(stride)), padding=padding if isinstance(padding, str) else (0, one(padding)),
               dilation=(1, one(dilation)), groups=groups)
    return y[..., 0, :]


def pool_size(length, k, s, p, d, ceil_mode):
    span = length + 2 * p - d * (k - 1) - 1
    if span < 0:
        raise ValueError("input too small for this pooling window")
    count = (span + s - 1) // s + 1 if ceil_mode else span // s + 1
    return count - 1 if ceil_mode and (count - 1) * s >= length + p else count


def pooled_view(x, kernel_size, stride, padding, dilation, ceil_mode, fill):
    x = numpy.asarray(x)
    squeeze = x.ndim == 3
    x4 = x[None] if squeeze else x
    k = ConvArgs.pair(kernel_size)
    s = k if stride is None or stride == () else ConvArgs.pair(stride)
    p, d = ConvArgs.pair(padding), ConvArgs.pair(dilation)
    if p[0] > k[0] // 2 or p[1] > k[1] // 2:
        raise ValueError("pad should be smaller than or equal to half of the kernel size")
    oh = pool_size(x4.shape[2], k[0], s[0], p[0], d[0], ceil_mode)
    ow = pool_size(x4.shape[3], k[1], s[1], p[1], d[1], ceil_mode)
    bottom = max(p[0], (oh - 1) * s[0] + d[0] * (k[0] - 1) + 1 - x4.shape[2] - p[0])
    right = max(p[1], (ow - 1) * s[1] + d[1] * (k[1] - 1) + 1 - x4.shape[3] - p[1])
    xp = numpy.ascontiguousarray(numpy.pad(x4, ((0, 0), (0, 0), (p[0], bottom), (p[1], right)), constant_values=fill))
    return patches(xp, k[0], k[1], oh, ow, s, d), squeeze, k, s, p


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    view, squeeze, *_ = pooled_view(x, kernel_size, stride, padding, dilation, ceil_mode, -numpy.inf)
    y = view.max(axis=(4, 5))
    return y[0] if squeeze else y


def avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    view, squeeze, k, s, p = pooled_view(x, kernel_size, stride, padding, 1, ceil_mode, 0)
    height, width = numpy.asarray(x).shape[-2:]
    starts_h = numpy.arange(view.shape[2]) * s[0] - p[0]
    starts_w = numpy.arange(view.shape[3]) * s[1] - p[1]
    ends_h = numpy.minimum(starts_h + k[0], height + p[0])
    ends_w = numpy.minimum(starts_w + k[1], width + p[1])
    if count_include_pad:
        area = numpy.outer(ends_h - starts_h, ends_w - starts_w)
    else:
        area = numpy.outer(numpy.minimum(ends_h, height) - numpy.maximum(starts_h, 0),
                           numpy.minimum(ends_w, width) - numpy.maximum(starts_w, 0))
    y = (view.sum(axis=(4, 5)) / area).astype(view.dtype)
    return y[0] if squeeze else y
