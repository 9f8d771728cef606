# conv2d through the FFT: correlate at stride 1 over the whole padded image, then subsample.
import numpy as np

_np_modes = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def hw(v, name="argument"):
    if type(v) in (tuple, list):
        if len(v) not in (1, 2):
            raise ValueError("%s: give one or two values" % name)
        v = (v[0], v[-1])
    else:
        v = (v, v)
    for e in v:
        if type(e) is bool or not isinstance(e, (int, np.integer)):
            raise ValueError("%s: %r is not an int" % (name, e))
    return int(v[0]), int(v[1])


def same_pads(k, d):
    t = d * (k - 1)
    return (t // 2, t - t // 2)


def pad_input(x, padding, ksz, s, d, mode):
    if padding == "valid":
        amounts = [(0, 0), (0, 0)]
    elif padding == "same":
        if s != (1, 1):
            raise ValueError("'same' padding is not supported for strided convolutions")
        amounts = [same_pads(ksz[0], d[0]), same_pads(ksz[1], d[1])]
    elif isinstance(padding, str):
        raise ValueError("invalid padding string %r" % padding)
    else:
        p = hw(padding, "padding")
        if p[0] < 0 or p[1] < 0:
            raise ValueError("padding can't be negative")
        amounts = [(p[0], p[0]), (p[1], p[1])]
    if mode not in _np_modes:
        raise ValueError("padding_mode %r" % mode)
    return np.pad(x, [(0, 0), (0, 0)] + amounts, mode=_np_modes[mode])


def validate(x, weight, bias, groups):
    if x.ndim not in (3, 4):
        raise ValueError("x must be (C,H,W) or (N,C,H,W)")
    if weight.ndim != 4:
        raise ValueError("weight must be (C_out, C_in/groups, kH, kW)")
    if not isinstance(groups, (int, np.integer)) or groups < 1:
        raise ValueError("groups must be a positive integer")
    if weight.shape[0] % groups:
        raise ValueError("C_out not divisible by groups")
    if x.shape[-3] != weight.shape[1] * groups:
        raise ValueError("in channels %d != %d" % (x.shape[-3], weight.shape[1] * groups))
    if bias is not None and np.shape(bias) != (weight.shape[0],):
        raise ValueError("bias must be (C_out,)")


def dilate(weight, d):
    co, ci, kh, kw = weight.shape
    big = np.zeros((co, ci, d[0] * (kh - 1) + 1, d[1] * (kw - 1) + 1), dtype=weight.dtype)
    big[:, :, ::d[0], ::d[1]] = weight
    return big


def correlate_fft(img, ker):
    """Valid cross-correlation of img (N, C, H, W) with ker (O, C, a, b) -> (N, O, H-a+1, W-b+1)."""
    H, W = img.shape[-2:]
    a, b = ker.shape[-2:]
    F_img = np.fft.rfft2(img, s=(H, W))[:, None]                       # (N, 1, C, H, W//2+1)
    F_ker = np.fft.rfft2(ker[:, :, ::-1, ::-1], s=(H, W))[None]         # (1, O, C, ...)
    full = np.fft.irfft2((F_img * F_ker).sum(axis=2), s=(H, W))
    return full[:, :, a - 1:, b - 1:]


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros"):
    x, weight = np.asarray(x), np.asarray(weight)
    validate(x, weight, bias, groups)
    lone = x.ndim == 3
    if lone:
        x = x[None]
    s, d = hw(stride, "stride"), hw(dilation, "dilation")
    if min(s) < 1 or min(d) < 1:
        raise ValueError("stride and dilation must be >= 1")
    typ = np.result_type(x, weight)
    xp = pad_input(x.astype(np.float64), padding, weight.shape[2:], s, d, padding_mode)
    kernel = dilate(weight.astype(np.float64), d)
    if kernel.shape[2] > xp.shape[2] or kernel.shape[3] > xp.shape[3]:
        raise ValueError("kernel (after dilation) larger than padded input")
    per_in, per_out = weight.shape[1], weight.shape[0] // groups
    full = np.concatenate([correlate_fft(xp[:, g * per_in:(g + 1) * per_in], kernel[g * per_out:(g + 1) * per_out])
                           for g in range(groups)], axis=1)
    y = full[:, :, ::s[0], ::s[1]]
    if bias is not None:
        y = y + np.asarray(bias, np.float64).reshape(-1, 1, 1)
    y = y.astype(typ)
    return y[0] if lone else y


def conv2d_naive(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    x, weight = np.asarray(x), np.asarray(weight)
    validate(x, weight, bias, groups)
    lone = x.ndim == 3
    if lone:
        x = x[None]
    s, d = hw(stride, "stride"), hw(dilation, "dilation")
    typ = np.result_type(x, weight)
    xp = pad_input(x.astype(typ), padding, weight.shape[2:], s, d, "zeros")
    kernel = dilate(weight.astype(typ), d)
    oh = (xp.shape[2] - kernel.shape[2]) // s[0] + 1
    ow = (xp.shape[3] - kernel.shape[3]) // s[1] + 1
    if oh < 1 or ow < 1:
        raise ValueError("kernel (after dilation) larger than padded input")
    per_in, per_out = weight.shape[1], weight.shape[0] // groups
    y = np.zeros((xp.shape[0], weight.shape[0], oh, ow), typ)
    for n in range(xp.shape[0]):
        for o in range(weight.shape[0]):
            g = o // per_out
            for r in range(oh):
                for c in range(ow):
                    top, left = r * s[0], c * s[1]
                    win = xp[n, g * per_in:(g + 1) * per_in, top:top + kernel.shape[2], left:left + kernel.shape[3]]
                    y[n, o, r, c] = (win * kernel[o]).sum() + (0 if bias is None else bias[o])
    return y[0] if lone else y


def conv1d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    first = lambda v: v[0] if type(v) in (tuple, list) else v
    if not isinstance(padding, str):
        padding = (0, first(padding))
    out = conv2d(np.asarray(x)[..., None, :], np.asarray(weight)[..., None, :], bias,
                 (1, first(stride)), padding, (1, first(dilation)), groups)
    return out[..., 0, :]


def pooled_length(L, k, s, p, d, ceil):
    r = (L + 2 * p - d * (k - 1) - 1) / s
    n = (int(np.ceil(r)) if ceil else int(np.floor(r))) + 1
    if ceil and (n - 1) * s >= L + p:
        n -= 1
    if n <= 0:
        raise ValueError("pooling window does not fit")
    return n


def _pool(x, kernel_size, stride, padding, dilation, ceil_mode, reduce):
    x = np.asarray(x)
    lone = x.ndim == 3
    x4 = x[None] if lone else x
    k = hw(kernel_size, "kernel_size")
    s = k if stride is None or stride == () else hw(stride, "stride")
    p, d = hw(padding, "padding"), hw(dilation, "dilation")
    if 2 * p[0] > k[0] or 2 * p[1] > k[1]:
        raise ValueError("padding > kernel_size / 2")
    H, W = x4.shape[2:]
    oh = pooled_length(H, k[0], s[0], p[0], d[0], ceil_mode)
    ow = pooled_length(W, k[1], s[1], p[1], d[1], ceil_mode)
    y = np.empty(x4.shape[:2] + (oh, ow), x4.dtype)
    for r in range(oh):
        ys = [r * s[0] - p[0] + d[0] * u for u in range(k[0])]
        for c in range(ow):
            xs = [c * s[1] - p[1] + d[1] * v for v in range(k[1])]
            y[:, :, r, c] = reduce(x4, ys, xs, H, W)
    return y[0] if lone else y


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    def biggest(x4, ys, xs, H, W):
        ys = [v for v in ys if 0 <= v < H]
        xs = [v for v in xs if 0 <= v < W]
        return x4[:, :, ys][:, :, :, xs].max(axis=(2, 3))
    return _pool(x, kernel_size, stride, padding, dilation, ceil_mode, biggest)


def avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    k = hw(kernel_size, "kernel_size")
    p = hw(padding, "padding")

    def mean(x4, ys, xs, H, W):
        inside_y = [v for v in ys if 0 <= v < H]
        inside_x = [v for v in xs if 0 <= v < W]
        total = x4[:, :, inside_y][:, :, :, inside_x].sum(axis=(2, 3))
        if count_include_pad:
            n_y = len([v for v in ys if v < H + p[0]])
            n_x = len([v for v in xs if v < W + p[1]])
        else:
            n_y, n_x = len(inside_y), len(inside_x)
        return total / (n_y * n_x)
    return _pool(x, k, stride, p, 1, ceil_mode, mean)
