# a2 -- my solution. conv2d adds up one shifted slice per kernel tap.
import numpy as np


def to_pair(v, what):
    if isinstance(v, (list, tuple)):
        if len(v) == 1:
            v = (v[0], v[0])
        if len(v) != 2:
            raise ValueError(what + " needs two values")
        return int(v[0]), int(v[1])
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
        raise ValueError(what + " must be an int")
    return int(v), int(v)


def compute_pads(padding, kh, kw, stride, dil):
    if padding == "valid":
        return [(0, 0), (0, 0)]
    if padding == "same":
        if stride != (1, 1):
            raise ValueError("padding='same' is only allowed with stride 1")
        pads = []
        for k, d in ((kh, dil[0]), (kw, dil[1])):
            extra = d * (k - 1)
            pads.append((extra // 2, extra - extra // 2))
        return pads
    if isinstance(padding, str):
        raise ValueError("unknown padding " + padding)
    ph, pw = to_pair(padding, "padding")
    if ph < 0 or pw < 0:
        raise ValueError("negative padding")
    return [(ph, ph), (pw, pw)]


def prepare(x, weight, bias, stride, padding, dilation, groups, mode="zeros"):
    x = np.asarray(x)
    weight = np.asarray(weight)
    single = x.ndim == 3
    if single:
        x = x[np.newaxis]
    if x.ndim != 4 or weight.ndim != 4:
        raise ValueError("x must be 3-D or 4-D and weight 4-D")
    stride, dilation = to_pair(stride, "stride"), to_pair(dilation, "dilation")
    if min(stride) < 1 or min(dilation) < 1 or groups < 1:
        raise ValueError("stride, dilation and groups must be positive")
    cout, cin_g, kh, kw = weight.shape
    if cout % groups or x.shape[1] != cin_g * groups:
        raise ValueError("channels do not match groups")
    if bias is not None and np.shape(bias) != (cout,):
        raise ValueError("bias must have one value per output channel")
    pads = compute_pads(padding, kh, kw, stride, dilation)
    np_mode = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}
    if mode not in np_mode:
        raise ValueError("unknown padding_mode " + str(mode))
    dtype = np.result_type(x, weight)
    padded = np.pad(x.astype(dtype), [(0, 0), (0, 0)] + pads, mode=np_mode[mode])
    out_h = (padded.shape[2] - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    out_w = (padded.shape[3] - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    if out_h < 1 or out_w < 1:
        raise ValueError("kernel larger than the padded input")
    return padded, weight.astype(dtype), single, stride, dilation, out_h, out_w


def conv2d_naive(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    padded, weight, single, (sh, sw), (dh, dw), out_h, out_w = prepare(
        x, weight, bias, stride, padding, dilation, groups)
    batch = padded.shape[0]
    cout, cin_g, kh, kw = weight.shape
    per_group = cout // groups
    result = np.zeros((batch, cout, out_h, out_w), dtype=weight.dtype)
    for n in range(batch):
        for o in range(cout):
            g = o // per_group
            for i in range(out_h):
                for j in range(out_w):
                    total = 0.0
                    for c in range(cin_g):
                        for u in range(kh):
                            for v in range(kw):
                                total += padded[n, g * cin_g + c, i * sh + u * dh, j * sw + v * dw] * weight[o, c, u, v]
                    result[n, o, i, j] = total + (bias[o] if bias is not None else 0)
    return result[0] if single else result


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros"):
    padded, weight, single, (sh, sw), (dh, dw), out_h, out_w = prepare(
        x, weight, bias, stride, padding, dilation, groups, padding_mode)
    batch = padded.shape[0]
    cout, cin_g, kh, kw = weight.shape
    per_group = cout // groups
    result = np.zeros((batch, cout, out_h, out_w), dtype=weight.dtype)
    for g in range(groups):
        chans = padded[:, g * cin_g:(g + 1) * cin_g]
        kern = weight[g * per_group:(g + 1) * per_group]
        for u in range(kh):
            for v in range(kw):
                piece = chans[:, :, u * dh:u * dh + sh * (out_h - 1) + 1:sh, v * dw:v * dw + sw * (out_w - 1) + 1:sw]
                result[:, g * per_group:(g + 1) * per_group] += np.tensordot(
                    piece, kern[:, :, u, v], axes=([1], [1])).transpose(0, 3, 1, 2)
    if bias is not None:
        result += np.asarray(bias, dtype=result.dtype)[:, None, None]
    return result[0] if single else result


def conv1d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    x, weight = np.asarray(x), np.asarray(weight)
    if weight.ndim != 3:
        raise ValueError("weight must be 3-D")
    s = to_pair(stride, "stride")[0]
    d = to_pair(dilation, "dilation")[0]
    if isinstance(padding, str):
        pad = padding
    else:
        pad = (0, to_pair(padding, "padding")[0])
    out = conv2d(x[..., None, :], weight[:, :, None, :], bias, (1, s), pad, (1, d), groups)
    return out[..., 0, :]


def pool_geometry(size, k, s, p, d, ceil_mode):
    top = size + 2 * p - d * (k - 1) - 1
    n_out = (top + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (n_out - 1) * s >= size + p:
        n_out -= 1
    if n_out < 1:
        raise ValueError("pooling window larger than the input")
    need = (n_out - 1) * s + d * (k - 1) + 1
    return n_out, max(p, need - size - p)


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    x = np.asarray(x)
    single = x.ndim == 3
    if single:
        x = x[None]
    kh, kw = to_pair(kernel_size, "kernel_size")
    sh, sw = to_pair(stride if stride not in (None, ()) else kernel_size, "stride")
    ph, pw = to_pair(padding, "padding")
    dh, dw = to_pair(dilation, "dilation")
    if ph > kh // 2 or pw > kw // 2:
        raise ValueError("padding should be at most half of the kernel size")
    oh, extra_h = pool_geometry(x.shape[2], kh, sh, ph, dh, ceil_mode)
    ow, extra_w = pool_geometry(x.shape[3], kw, sw, pw, dw, ceil_mode)
    xp = np.pad(x, ((0, 0), (0, 0), (ph, extra_h), (pw, extra_w)), constant_values=-np.inf)
    best = np.full(x.shape[:2] + (oh, ow), -np.inf, dtype=x.dtype)
    for u in range(kh):
        for v in range(kw):
            best = np.maximum(best, xp[:, :, u * dh:u * dh + sh * (oh - 1) + 1:sh, v * dw:v * dw + sw * (ow - 1) + 1:sw])
    return best[0] if single else best


def avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    x = np.asarray(x)
    single = x.ndim == 3
    if single:
        x = x[None]
    kh, kw = to_pair(kernel_size, "kernel_size")
    sh, sw = to_pair(stride if stride not in (None, ()) else kernel_size, "stride")
    ph, pw = to_pair(padding, "padding")
    if ph > kh // 2 or pw > kw // 2:
        raise ValueError("padding should be at most half of the kernel size")
    oh, extra_h = pool_geometry(x.shape[2], kh, sh, ph, 1, ceil_mode)
    ow, extra_w = pool_geometry(x.shape[3], kw, sw, pw, 1, ceil_mode)
    xp = np.pad(x, ((0, 0), (0, 0), (ph, extra_h), (pw, extra_w)))
    total = np.zeros(x.shape[:2] + (oh, ow), dtype=x.dtype)
    for u in range(kh):
        for v in range(kw):
            total += xp[:, :, u:u + sh * (oh - 1) + 1:sh, v:v + sw * (ow - 1) + 1:sw]

    def counts(n_out, k, s, p, size):
        start = np.arange(n_out) * s - p
        end = np.minimum(start + k, size + p)
        if count_include_pad:
            return end - start
        return np.minimum(end, size) - np.maximum(start, 0)

    divisor = np.outer(counts(oh, kh, sh, ph, x.shape[2]), counts(ow, kw, sw, pw, x.shape[3]))
    out = (total / divisor).astype(x.dtype)
    return out[0] if single else out
