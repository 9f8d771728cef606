import numpy as np
from numpy.lib.stride_tricks import sliding_window_view as windows

# ---- argument handling ------------------------------------------------------


def as_hw(value):
    """int or (h, w) -> (h, w)"""
    if np.ndim(value) == 0:
        if isinstance(value, (bool, float)):
            raise ValueError(f"not an integer: {value}")
        return (int(value), int(value))
    hw = list(value)
    if len(hw) == 1:
        hw = hw + hw
    if len(hw) != 2:
        raise ValueError(f"need (h, w), got {value}")
    return (int(hw[0]), int(hw[1]))


def padding_for(padding, kernel, dilation, stride):
    if padding == "valid":
        return ((0, 0), (0, 0))
    elif padding == "same":
        if stride[0] != 1 or stride[1] != 1:
            raise ValueError("same padding cannot be used with stride > 1")
        need = [dilation[a] * (kernel[a] - 1) for a in range(2)]
        return tuple((n // 2, (n + 1) // 2) for n in need)
    elif isinstance(padding, str):
        raise ValueError(f"padding {padding} unknown")
    ph, pw = as_hw(padding)
    if ph < 0 or pw < 0:
        raise ValueError("padding < 0")
    return ((ph, ph), (pw, pw))


def checked(x, weight, bias, stride, padding, dilation, groups):
    x = np.asarray(x)
    w = np.asarray(weight)
    squeeze = False
    if x.ndim == 3:
        x, squeeze = x[None, ...], True
    if x.ndim != 4:
        raise ValueError(f"x should have 3 or 4 dims, has {x.ndim}")
    if w.ndim != 4:
        raise ValueError(f"weight should have 4 dims, has {w.ndim}")
    st, dl = as_hw(stride), as_hw(dilation)
    if min(st + dl) <= 0:
        raise ValueError("stride/dilation must be >= 1")
    C_out, C_g, KH, KW = w.shape
    if groups <= 0 or C_out % groups != 0 or C_g * groups != x.shape[1]:
        raise ValueError("bad groups / channel counts")
    if bias is not None and len(bias) != C_out:
        raise ValueError("bias length != C_out")
    pd = padding_for(padding, (KH, KW), dl, st)
    return x, w, squeeze, st, dl, pd


# ---- convolution -------------------------------------------------------------


def conv2d_naive(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    x, w, squeeze, st, dl, pd = checked(x, weight, bias, stride, padding, dilation, groups)
    dt = np.result_type(x, w)
    xpad = np.pad(x, ((0, 0), (0, 0)) + pd).astype(dt)
    N, _, Hp, Wp = xpad.shape
    C_out, C_g, KH, KW = w.shape
    Ho = (Hp - dl[0] * (KH - 1) - 1) // st[0] + 1
    Wo = (Wp - dl[1] * (KW - 1) - 1) // st[1] + 1
    if Ho < 1 or Wo < 1:
        raise ValueError("kernel too big")
    out = np.zeros((N, C_out, Ho, Wo), dt)
    group_size = C_out // groups
    for oc in range(C_out):
        first = (oc // group_size) * C_g
        for ky in range(KH):
            for kx in range(KW):
                for h in range(Ho):
                    for col in range(Wo):
                        px = xpad[:, first:first + C_g, h * st[0] + ky * dl[0], col * st[1] + kx * dl[1]]
                        out[:, oc, h, col] += px @ w[oc, :, ky, kx]
        if bias is not None:
            out[:, oc] += bias[oc]
    return out[0] if squeeze else out


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros"):
    x, w, squeeze, st, dl, pd = checked(x, weight, bias, stride, padding, dilation, groups)
    modes = dict(zeros="constant", reflect="reflect", replicate="edge", circular="wrap")
    if padding_mode not in modes:
        raise ValueError(f"padding_mode {padding_mode}?")
    dt = np.result_type(x, w)
    xpad = np.pad(x.astype(dt), ((0, 0), (0, 0)) + pd, mode=modes[padding_mode])
    C_out, C_g, KH, KW = w.shape
    span = (dl[0] * (KH - 1) + 1, dl[1] * (KW - 1) + 1)
    if span[0] > xpad.shape[2] or span[1] > xpad.shape[3]:
        raise ValueError("kernel too big")
    view = windows(xpad, span, axis=(2, 3))[:, :, ::st[0], ::st[1], ::dl[0], ::dl[1]]
    N, _, Ho, Wo = view.shape[:4]
    view = view.reshape(N, groups, C_g, Ho, Wo, KH, KW)
    kern = w.astype(dt).reshape(groups, C_out // groups, C_g, KH, KW)
    out = np.einsum("ngchwij,gocij->ngohw", view, kern, optimize=True).reshape(N, C_out, Ho, Wo)
    if bias is not None:
        out = out + np.asarray(bias, dt)[None, :, None, None]
    return out[0] if squeeze else out


def conv1d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    unwrap = lambda v: v[0] if isinstance(v, (list, tuple)) else v
    pad2 = padding if isinstance(padding, str) else (0, unwrap(padding))
    res = conv2d(np.asarray(x)[..., None, :], np.asarray(weight)[:, :, None, :], bias,
                 (1, unwrap(stride)), pad2, (1, unwrap(dilation)), groups)
    return res.squeeze(-2)


# ---- pooling -----------------------------------------------------------------


def out_len(L, k, s, p, d, ceil_mode):
    eff = d * (k - 1) + 1
    if ceil_mode:
        n = int(np.ceil((L + 2 * p - eff) / s)) + 1
        if (n - 1) * s >= L + p:
            n = n - 1
    else:
        n = (L + 2 * p - eff) // s + 1
    if n < 1:
        raise ValueError("empty pooling output")
    return n


def pool_params(x, kernel_size, stride, padding, dilation):
    x = np.asarray(x)
    squeeze = x.ndim == 3
    k = as_hw(kernel_size)
    s = k if stride is None or (isinstance(stride, (tuple, list)) and len(stride) == 0) else as_hw(stride)
    p, d = as_hw(padding), as_hw(dilation)
    if 2 * p[0] > k[0] or 2 * p[1] > k[1]:
        raise ValueError("padding larger than half the kernel")
    return (x[None] if squeeze else x), squeeze, k, s, p, d


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    x, squeeze, k, s, p, d = pool_params(x, kernel_size, stride, padding, dilation)
    H, W = x.shape[2:]
    Ho, Wo = out_len(H, k[0], s[0], p[0], d[0], ceil_mode), out_len(W, k[1], s[1], p[1], d[1], ceil_mode)
    y = np.empty(x.shape[:2] + (Ho, Wo), x.dtype)
    for i in range(Ho):
        for j in range(Wo):
            rows = i * s[0] - p[0] + d[0] * np.arange(k[0])
            cols = j * s[1] - p[1] + d[1] * np.arange(k[1])
            rows = rows[(rows >= 0) & (rows < H)]
            cols = cols[(cols >= 0) & (cols < W)]
            y[:, :, i, j] = x[:, :, rows][:, :, :, cols].max(axis=(2, 3))
    return y[0] if squeeze else y


def avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    x, squeeze, k, s, p, _ = pool_params(x, kernel_size, stride, padding, 1)
    H, W = x.shape[2:]
    Ho, Wo = out_len(H, k[0], s[0], p[0], 1, ceil_mode), out_len(W, k[1], s[1], p[1], 1, ceil_mode)
    y = np.empty(x.shape[:2] + (Ho, Wo), x.dtype)
    for i in range(Ho):
        r0 = i * s[0] - p[0]
        r1 = min(r0 + k[0], H + p[0])
        for j in range(Wo):
            c0 = j * s[1] - p[1]
            c1 = min(c0 + k[1], W + p[1])
            block = x[:, :, max(r0, 0):min(r1, H), max(c0, 0):min(c1, W)]
            if count_include_pad:
                count = (r1 - r0) * (c1 - c0)
            else:
                count = block.shape[2] * block.shape[3]
            y[:, :, i, j] = block.sum(axis=(2, 3)) / count
    return y[0] if squeeze else y
