# Mistake: conv2d_naive writes window (i, j) to out[..., j, i] of a (N, C_out, W_out, H_out) array: height and width swapped, seen only on non-square outputs (misconception hw-swapped).
"""Assignment 2: convolution and pooling in numpy."""
import numpy as np


def _pair(v, name, smallest=0):
    if isinstance(v, (tuple, list)):
        if len(v) != 2:
            raise ValueError(f"{name} must be an int or a pair, got {v!r}")
        a, b = v
    else:
        a = b = v
    for item in (a, b):
        if isinstance(item, bool) or not isinstance(item, (int, np.integer)):
            raise ValueError(f"{name} must contain ints, got {v!r}")
        if item < smallest:
            raise ValueError(f"{name} must be >= {smallest}, got {v!r}")
    return int(a), int(b)


def _prepare(x, weight, bias, stride, padding, dilation, groups):
    """Check everything torch checks; returns batched x, flag, pads ((t, b), (l, r)), s, d."""
    x = np.asarray(x)
    weight = np.asarray(weight)
    if x.ndim not in (3, 4):
        raise ValueError(f"x must be (N, C, H, W) or (C, H, W), got {x.shape}")
    if weight.ndim != 4:
        raise ValueError(f"weight must be 4-D, got {weight.shape}")
    unbatched = x.ndim == 3
    if unbatched:
        x = x[None]
    s = _pair(stride, "stride", 1)
    d = _pair(dilation, "dilation", 1)
    if isinstance(groups, bool) or not isinstance(groups, (int, np.integer)) or groups < 1:
        raise ValueError(f"groups must be a positive int, got {groups!r}")
    c_out, c_g, kh, kw = weight.shape
    if c_out == 0 or c_out % groups:
        raise ValueError(f"{c_out} output channels are not divisible by groups={groups}")
    if x.shape[1] != c_g * groups:
        raise ValueError(f"x has {x.shape[1]} channels, weight expects {c_g * groups}")
    if bias is not None and np.shape(bias) != (c_out,):
        raise ValueError(f"bias must have shape ({c_out},), got {np.shape(bias)}")
    if x.shape[0] and x.shape[1] and (x.shape[2] == 0 or x.shape[3] == 0):
        raise ValueError("x has an empty height or width")
    if isinstance(padding, str):
        if padding == "valid":
            pads = ((0, 0), (0, 0))
        elif padding == "same":
            if s != (1, 1):
                raise ValueError("padding='same' needs stride 1")
            pads = []
            for k, dd in ((kh, d[0]), (kw, d[1])):
                total = dd * (k - 1)
                pads.append((total // 2, total - total // 2))   # odd pixel goes to the end
            pads = tuple(pads)
        else:
            raise ValueError(f"padding must be an int, a pair, 'valid' or 'same', got {padding!r}")
    else:
        ph, pw = _pair(padding, "padding", 0)
        pads = ((ph, ph), (pw, pw))
    for size, (before, after), k, dd in zip(x.shape[2:], pads, (kh, kw), d):
        if dd * (k - 1) + 1 > size + before + after:
            raise ValueError("the kernel is larger than the padded input")
    return x, unbatched, pads, s, d


def _out(size, before, after, k, s, d):
    return (size + before + after - d * (k - 1) - 1) // s + 1


def conv2d_naive(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    x, unbatched, pads, (sh, sw), (dh, dw) = _prepare(x, weight, bias, stride, padding, dilation, groups)
    weight = np.asarray(weight)
    dtype = np.result_type(x, weight)
    c_out, c_g, kh, kw = weight.shape
    n = x.shape[0]
    xp = np.pad(x.astype(dtype), ((0, 0), (0, 0)) + pads)
    ho = _out(x.shape[2], *pads[0], kh, sh, dh)
    wo = _out(x.shape[3], *pads[1], kw, sw, dw)
    per_group = c_out // groups
    out = np.zeros((n, c_out, wo, ho), dtype=dtype)
    for b in range(n):
        for o in range(c_out):
            g = o // per_group
            for i in range(ho):
                for j in range(wo):
                    acc = 0.0
                    for c in range(c_g):
                        for u in range(kh):
                            for v in range(kw):
                                acc += xp[b, g * c_g + c, i * sh + u * dh, j * sw + v * dw] * weight[o, c, u, v]
                    if bias is not None:
                        acc += bias[o]
                    out[b, o, j, i] = acc
    return out[0] if unbatched else out


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros"):
    x, unbatched, pads, (sh, sw), (dh, dw) = _prepare(x, weight, bias, stride, padding, dilation, groups)
    weight = np.asarray(weight)
    dtype = np.result_type(x, weight)
    c_out, c_g, kh, kw = weight.shape
    n, c_in, h, w = x.shape
    modes = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}
    if padding_mode not in modes:
        raise ValueError(f"unknown padding_mode {padding_mode!r}")
    if padding_mode != "zeros":
        for size, (before, after) in zip((h, w), pads):
            if padding_mode == "reflect" and max(before, after) >= size:
                raise ValueError("reflect padding must be smaller than the input")
            if padding_mode == "circular" and max(before, after) > size:
                raise ValueError("circular padding must not be larger than the input")
        if c_in == 0 and padding_mode in ("reflect", "replicate"):
            raise ValueError("cannot pad an input without channels")
    xp = np.pad(x.astype(dtype), ((0, 0), (0, 0)) + pads, mode=modes[padding_mode])
    ho = _out(h, *pads[0], kh, sh, dh)
    wo = _out(w, *pads[1], kw, sw, dw)
    # im2col: cols[n, c, u, v, i, j] = xp[n, c, i*sh + u*dh, j*sw + v*dw]
    cols = np.empty((n, c_in, kh, kw, ho, wo), dtype=dtype)
    for u in range(kh):
        for v in range(kw):
            cols[:, :, u, v] = xp[:, :, u * dh:u * dh + (ho - 1) * sh + 1:sh, v * dw:v * dw + (wo - 1) * sw + 1:sw]
    cols = cols.reshape(n, groups, c_g * kh * kw, ho * wo)
    wmat = weight.astype(dtype).reshape(groups, c_out // groups, c_g * kh * kw)
    out = np.matmul(wmat, cols).reshape(n, c_out, ho, wo)   # one product per image and group
    if bias is not None:
        out = out + np.asarray(bias, dtype=dtype).reshape(1, -1, 1, 1)
    out = out.astype(dtype, copy=False)
    return out[0] if unbatched else out


def conv1d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    x = np.asarray(x)
    weight = np.asarray(weight)
    if x.ndim not in (2, 3) or weight.ndim != 3:
        raise ValueError("conv1d wants x (N, C, L) or (C, L) and weight (C_out, C_in/groups, K)")

    def one(v, name):
        if isinstance(v, (tuple, list)):
            if len(v) != 1:
                raise ValueError(f"{name} must be a single int")
            v = v[0]
        return v

    stride, dilation = one(stride, "stride"), one(dilation, "dilation")
    padding = padding if isinstance(padding, str) else (0, one(padding, "padding"))
    y = conv2d(x[..., None, :], weight[:, :, None, :], bias, stride=(1, stride),
               padding=padding, dilation=(1, dilation), groups=groups)
    return y[..., 0, :]


def _pool_prepare(x, kernel_size, stride, padding, dilation, ceil_mode):
    x = np.asarray(x)
    if x.ndim not in (3, 4):
        raise ValueError(f"x must be (N, C, H, W) or (C, H, W), got {x.shape}")
    unbatched = x.ndim == 3
    if unbatched:
        x = x[None]
    if 0 in x.shape[1:]:
        raise ValueError("x has an empty channel, height or width")
    k = _pair(kernel_size, "kernel_size", 1)
    s = k if stride is None or stride == () or stride == [] else _pair(stride, "stride", 1)
    p = _pair(padding, "padding", 0)
    d = _pair(dilation, "dilation", 1)
    if p[0] > k[0] // 2 or p[1] > k[1] // 2:
        raise ValueError("pad should be at most half of the kernel size")
    out = []
    for size, kk, ss, pp, dd in zip(x.shape[2:], k, s, p, d):
        top = size + 2 * pp - dd * (kk - 1) - 1
        o = (-(-top // ss) if ceil_mode else top // ss) + 1
        if ceil_mode and (o - 1) * ss >= size + pp:
            o -= 1
        if o < 1:
            raise ValueError("the pooling window does not fit")
        out.append(o)
    return x, unbatched, k, s, p, d, out


def _taps(x, k, s, p, d, out, fill):
    """Pad x and yield the (N, C, Ho, Wo) slice every kernel tap sees."""
    extra = [max(0, (o - 1) * ss + dd * (kk - 1) + 1 - size - 2 * pp)
             for o, ss, dd, kk, size, pp in zip(out, s, d, k, x.shape[2:], p)]
    xp = np.pad(x, ((0, 0), (0, 0), (p[0], p[0] + extra[0]), (p[1], p[1] + extra[1])),
                constant_values=fill)
    for u in range(k[0]):
        for v in range(k[1]):
            yield xp[:, :, u * d[0]:u * d[0] + (out[0] - 1) * s[0] + 1:s[0],
                     v * d[1]:v * d[1] + (out[1] - 1) * s[1] + 1:s[1]]


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    x, unbatched, k, s, p, d, out = _pool_prepare(x, kernel_size, stride, padding, dilation, ceil_mode)
    fill = -np.inf if np.issubdtype(x.dtype, np.floating) else np.iinfo(x.dtype).min
    result = None
    for tap in _taps(x, k, s, p, d, out, fill):
        result = tap.copy() if result is None else np.maximum(result, tap)
    return result[0] if unbatched else result


def avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    x, unbatched, k, s, p, d, out = _pool_prepare(x, kernel_size, stride, padding, 1, ceil_mode)
    total = sum(tap for tap in _taps(x, k, s, p, d, out, 0))
    counts = []
    for size, kk, ss, pp, o in zip(x.shape[2:], k, s, p, out):
        start = np.arange(o) * ss - pp
        end = np.minimum(start + kk, size + pp)           # windows stop at the right padding
        if not count_include_pad:
            start, end = np.maximum(start, 0), np.minimum(end, size)
        counts.append(end - start)
    result = (total / np.outer(counts[0], counts[1])).astype(x.dtype)
    return result[0] if unbatched else result
