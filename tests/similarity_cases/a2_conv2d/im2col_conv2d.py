"""conv2d by gathering patches with index arrays (im2col) and one matmul."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

PAD_MODES = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def _two(a, label):
    t = tuple(a) if isinstance(a, (tuple, list)) else (a, a)
    if len(t) == 1:
        t = t * 2
    if len(t) != 2 or any(isinstance(e, bool) or not isinstance(e, (int, np.integer)) for e in t):
        raise ValueError(f"{label}: expected an int or two ints, got {a!r}")
    return tuple(int(e) for e in t)


def _padding_amounts(padding, ksize, dil, stride):
    if isinstance(padding, str):
        if padding not in ("same", "valid"):
            raise ValueError(f"bad padding {padding!r}")
        if padding == "valid":
            return (0, 0, 0, 0)
        if stride != (1, 1):
            raise ValueError("'same' padding requires stride 1")
        th, tw = dil[0] * (ksize[0] - 1), dil[1] * (ksize[1] - 1)
        return (th // 2, th - th // 2, tw // 2, tw - tw // 2)
    p = _two(padding, "padding")
    if min(p) < 0:
        raise ValueError("padding must be >= 0")
    return (p[0], p[0], p[1], p[1])


def _gather_indices(c, kh, kw, oh, ow, s, d):
    # rows: (channel, ky, kx) like unfold; columns: output positions
    ch = np.repeat(np.arange(c), kh * kw)
    ky = np.tile(np.repeat(np.arange(kh), kw), c) * d[0]
    kx = np.tile(np.arange(kw), c * kh) * d[1]
    oy = np.repeat(np.arange(oh), ow) * s[0]
    ox = np.tile(np.arange(ow), oh) * s[1]
    return ch[:, None], ky[:, None] + oy[None, :], kx[:, None] + ox[None, :]


def _setup(x, weight, bias, stride, padding, dilation, groups, padding_mode):
    x, weight = np.asarray(x), np.asarray(weight)
    unbatched = x.ndim == 3
    x = x[None] if unbatched else x
    if x.ndim != 4 or weight.ndim != 4:
        raise ValueError(f"shapes {x.shape} and {weight.shape} are not a 2-D convolution")
    s, d = _two(stride, "stride"), _two(dilation, "dilation")
    if s[0] < 1 or s[1] < 1 or d[0] < 1 or d[1] < 1:
        raise ValueError("stride and dilation must be at least 1")
    if isinstance(groups, bool) or groups < 1 or weight.shape[0] % groups or x.shape[1] != weight.shape[1] * groups:
        raise ValueError(f"groups={groups} does not fit {x.shape[1]} -> {weight.shape[0]} channels")
    if bias is not None and np.shape(bias) != weight.shape[:1]:
        raise ValueError("bias has the wrong shape")
    if padding_mode not in PAD_MODES:
        raise ValueError(f"padding_mode {padding_mode!r} is not supported")
    top, bottom, left, right = _padding_amounts(padding, weight.shape[2:], d, s)
    dt = np.result_type(x, weight)
    xp = np.pad(x.astype(dt), ((0, 0), (0, 0), (top, bottom), (left, right)), mode=PAD_MODES[padding_mode])
    oh = (xp.shape[2] - d[0] * (weight.shape[2] - 1) - 1) // s[0] + 1
    ow = (xp.shape[3] - d[1] * (weight.shape[3] - 1) - 1) // s[1] + 1
    if oh <= 0 or ow <= 0:
        raise ValueError("the kernel does not fit into the padded input")
    return xp, weight.astype(dt), s, d, oh, ow, unbatched


def conv2d_naive(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    xp, weight, s, d, oh, ow, unbatched = _setup(x, weight, bias, stride, padding, dilation, groups, "zeros")
    co, cg, kh, kw = weight.shape
    opg = co // groups
    y = np.empty((xp.shape[0], co, oh, ow), dtype=weight.dtype)
    for b in range(xp.shape[0]):
        for k in range(co):
            grp = k // opg
            for r in range(oh):
                for q in range(ow):
                    patch = xp[b, grp * cg:(grp + 1) * cg,
                               r * s[0]:r * s[0] + d[0] * (kh - 1) + 1:d[0],
                               q * s[1]:q * s[1] + d[1] * (kw - 1) + 1:d[1]]
                    y[b, k, r, q] = np.sum(patch * weight[k])
    if bias is not None:
        y = y + np.asarray(bias, dtype=y.dtype).reshape(1, -1, 1, 1)
    return y[0] if unbatched else y


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros"):
    xp, weight, s, d, oh, ow, unbatched = _setup(x, weight, bias, stride, padding, dilation, groups, padding_mode)
    co, cg, kh, kw = weight.shape
    ch, rows, cols = _gather_indices(cg, kh, kw, oh, ow, s, d)
    opg = co // groups
    parts = []
    for grp in range(groups):
        block = xp[:, grp * cg:(grp + 1) * cg]
        columns = block[:, ch, rows, cols]                # (N, cg*kh*kw, oh*ow)
        kernel = weight[grp * opg:(grp + 1) * opg].reshape(opg, -1)
        parts.append(kernel @ columns)                    # (N, opg, oh*ow)
    y = np.concatenate(parts, axis=1).reshape(xp.shape[0], co, oh, ow)
    if bias is not None:
        y = y + np.asarray(bias, dtype=y.dtype).reshape(1, -1, 1, 1)
    return y[0] if unbatched else y


def conv1d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    x = np.asarray(x)
    weight = np.asarray(weight)
    p = padding if isinstance(padding, str) else (0, _two(padding, "padding")[0])
    y = conv2d(np.expand_dims(x, -2), np.expand_dims(weight, -2), bias,
               stride=(1, _two(stride, "stride")[0]), padding=p,
               dilation=(1, _two(dilation, "dilation")[0]), groups=groups)
    return np.squeeze(y, axis=-2)


def _pool_len(n, k, s, p, d, ceil_mode):
    num = n + 2 * p - d * (k - 1) - 1
    out = -(-num // s) + 1 if ceil_mode else num // s + 1
    if ceil_mode and (out - 1) * s >= n + p:
        out -= 1
    if out <= 0:
        raise ValueError("output of pooling would be empty")
    return out


def _windows_of(x, kernel_size, stride, padding, dilation, ceil_mode, fill):
    x = np.asarray(x)
    unbatched = x.ndim == 3
    x = x[None] if unbatched else x
    k = _two(kernel_size, "kernel_size")
    s = k if stride is None or stride == () else _two(stride, "stride")
    p, d = _two(padding, "padding"), _two(dilation, "dilation")
    if p[0] * 2 > k[0] or p[1] * 2 > k[1]:
        raise ValueError("pad should be at most half of the kernel size")
    oh = _pool_len(x.shape[2], k[0], s[0], p[0], d[0], ceil_mode)
    ow = _pool_len(x.shape[3], k[1], s[1], p[1], d[1], ceil_mode)
    eh = max(p[0], (oh - 1) * s[0] + d[0] * (k[0] - 1) + 1 - x.shape[2] - p[0])
    ew = max(p[1], (ow - 1) * s[1] + d[1] * (k[1] - 1) + 1 - x.shape[3] - p[1])
    xp = np.pad(x, ((0, 0), (0, 0), (p[0], eh), (p[1], ew)), constant_values=fill)
    win = sliding_window_view(xp, (d[0] * (k[0] - 1) + 1, d[1] * (k[1] - 1) + 1), axis=(2, 3))
    win = win[:, :, ::s[0], ::s[1], ::d[0], ::d[1]][:, :, :oh, :ow]
    return win, unbatched, k, s, p, (oh, ow), x.shape[2:]


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    win, unbatched, *_ = _windows_of(x, kernel_size, stride, padding, dilation, ceil_mode, -np.inf)
    y = win.max(axis=(-2, -1))
    return y[0] if unbatched else y


def avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    win, unbatched, k, s, p, (oh, ow), (h, w) = _windows_of(x, kernel_size, stride, padding, 1, ceil_mode, 0)
    sums = win.sum(axis=(-2, -1))
    denominators = []
    for n_out, kk, ss, pp, size in ((oh, k[0], s[0], p[0], h), (ow, k[1], s[1], p[1], w)):
        lo = np.arange(n_out) * ss - pp
        hi = np.minimum(lo + kk, size + pp)
        denominators.append(hi - lo if count_include_pad else np.minimum(hi, size) - np.maximum(lo, 0))
    y = (sums / (denominators[0][:, None] * denominators[1][None, :])).astype(win.dtype)
    return y[0] if unbatched else y
