"""The wrong value each misconception gives, computed from a question's own parameters.

One function per question type: ``MISTAKES[type](params) -> {misconception id: value}``, holding
only the mistakes that can be made with these parameters (no ``padding-ignored`` without padding,
no ``missing-bias`` with ``bias=False``) and whose result is a size a student could write
(a positive size, a non-negative output_padding). The same definition holds in every type:

- ``padding-ignored``: the padding left out (p = 0), or, for 'same', all of it on one side;
- ``dilation-ignored``: d = 1;  ``stride-misapplied``: the stride ignored (s = 1), or for
  pooling's default stride, 1 instead of the kernel size (``pool-stride-one``);
- ``off-by-one-size``: the "+ 1" of the size formula left out;  ``ceil-for-floor``: ceil for
  floor;  ``no-floor``: the division left unrounded;  ``effective-kernel-kd``: a dilated kernel
  taken to span k·d;  ``hw-swapped``: height and width exchanged;  ``groups-ignored``: groups = 1.

``distractors.explained`` then refuses parameters for which a mistake gives the right answer
or the same value as another mistake, so each value has exactly one explanation.
"""
from __future__ import annotations

from . import formulas as fm


def _positive(value):
    """A size, or None when the mistake would give no output at all."""
    if isinstance(value, (tuple, list)):
        return value if all(v >= 1 for v in value) else None
    return value if value >= 1 else None


def _axis_size(L, k, s, p, d, *, floor=True, plus_one=True, fraction=False, span=None):
    """(L + 2p − span − ... ) rounded by the rule given; span defaults to d(k−1)+1."""
    span = fm.effective_kernel(k, d) if span is None else span
    num = L + 2 * p - span
    if fraction:
        value = fm.frac(num, s)
    elif floor:
        value = num // s
    else:
        value = fm.ceil_div(num, s)
    return value + 1 if plus_one else value


def conv_output_size(pr: dict) -> dict:
    """One axis of a Conv2d; the other axis's size for hw-swapped."""
    i = "HW".index(pr["axis"])
    L = pr[pr["axis"]]
    k, s, p, d = (pr[n][i] for n in ("kernel", "stride", "padding", "dilation"))
    o = 1 - i
    other = fm.conv_out(pr["HW"[o]], *(pr[n][o] for n in ("kernel", "stride", "padding", "dilation")))
    m = {
        "no-floor": _axis_size(L, k, s, p, d, fraction=True),
        "ceil-for-floor": _axis_size(L, k, s, p, d, floor=False),
        "off-by-one-size": _axis_size(L, k, s, p, d, plus_one=False),
        "effective-kernel-kd": _axis_size(L, k, s, p, d, span=k * d),
        "hw-swapped": other,
        "padding-ignored": fm.conv_out(L, k, s, 0, d) if p else None,
        "dilation-ignored": fm.conv_out(L, k, s, p, 1) if d > 1 else None,
        "stride-misapplied": fm.conv_out(L, k, 1, p, d) if s > 1 else None,
    }
    return _clean(m)


def conv2d_shape(pr: dict) -> dict:
    """(N, C_out, H_out, W_out) under each mistake, applied to both axes."""
    N, cout = pr["N"], pr["Cout"]
    sizes = (pr["H"], pr["W"])
    k, s, p, d = (pr[n] for n in ("kernel", "stride", "padding", "dilation"))

    def shape(**rule):
        return (N, cout, *[_axis_size(sizes[j], k[j], s[j], p[j], d[j], **rule) for j in range(2)])

    def changed(pp=p, ss=s, dd=d):
        return (N, cout, *[fm.conv_out(sizes[j], k[j], ss[j], pp[j], dd[j]) for j in range(2)])

    right = changed()
    m = {
        "ceil-for-floor": shape(floor=False),
        "off-by-one-size": shape(plus_one=False),
        "hw-swapped": (N, cout, right[3], right[2]) if right[2] != right[3] else None,
        "padding-ignored": changed(pp=(0, 0)) if any(p) else None,
        "dilation-ignored": changed(dd=(1, 1)) if any(v > 1 for v in d) else None,
        "stride-misapplied": changed(ss=(1, 1)) if any(v > 1 for v in s) else None,
    }
    return _clean(m)


def transposed_output_size(pr: dict) -> dict:
    L, k, s, p, op, d = (pr[n] for n in ("L", "kernel", "stride", "padding", "output_padding", "dilation"))
    m = {
        "output-padding-ignored": fm.conv_transpose_out(L, k, s, p, 0, d) if op else None,
        "off-by-one-size": fm.conv_transpose_out(L, k, s, p, op, d) - 1,
        "padding-ignored": fm.conv_transpose_out(L, k, s, 0, op, d) if p else None,
        "dilation-ignored": fm.conv_transpose_out(L, k, s, p, op, 1) if d > 1 else None,
        "stride-misapplied": fm.conv_transpose_out(L, k, 1, p, op, d) if s > 1 else None,
    }
    return _clean(m)


def output_padding(pr: dict) -> dict:
    """output_padding = L − (size of the transpose without it), each mistake in that size."""
    L, Lout, k, s, p, d = (pr[n] for n in ("L", "Lout", "kernel", "stride", "padding", "dilation"))

    def need(base):
        return L - base if L - base >= 0 else None

    m = {
        "output-padding-ignored": 0,
        "off-by-one-size": need(fm.conv_transpose_out(Lout, k, s, p, 0, d) - 1),
        "stride-misapplied": need(fm.conv_transpose_out(Lout, k, 1, p, 0, d)) if s > 1 else None,
        "dilation-ignored": need(fm.conv_transpose_out(Lout, k, s, p, 0, 1)) if d > 1 else None,
    }
    return {mid: v for mid, v in m.items() if v is not None}


def pool_output_size(pr: dict) -> dict:
    L, k, s, p, ceil_mode = (pr[n] for n in ("L", "kernel", "stride", "padding", "ceil_mode"))
    st = k if s is None else s
    right = fm.pool_out(L, k, s, p, 1, ceil_mode)
    plain_ceil = _axis_size(L, k, st, p, 1, floor=False)
    m = {
        "no-floor": _axis_size(L, k, st, p, 1, fraction=True),
        "off-by-one-size": right - 1,
        "padding-ignored": fm.pool_out(L, k, s, 0, 1, ceil_mode) if p and L >= k else None,
        "ceil-for-floor": plain_ceil if not ceil_mode else None,
        "ceil-mode-window": plain_ceil if ceil_mode and plain_ceil != right else None,
        "pool-stride-one": fm.pool_out(L, k, 1, p, 1, ceil_mode) if s is None else None,
    }
    return _clean(m)


def same_padding(pr: dict) -> dict:
    k, d = pr["kernel"], pr["dilation"]
    before, after = fm.same_padding(k, d)
    total = before + after
    kd = k * d - 1
    m = {
        "tf-same-padding": (after, before) if total % 2 else None,
        "dilation-ignored": fm.same_padding(k, 1) if d > 1 else None,
        "effective-kernel-kd": (kd // 2, kd - kd // 2) if d > 1 else None,
        "padding-ignored": (total, 0) if total else None,
    }
    return {mid: v for mid, v in m.items() if v is not None}


def effective_kernel(pr: dict) -> dict:
    k, d = pr["kernel"], pr["dilation"]
    return {"effective-kernel-kd": k * d, "dilation-ignored": k, "off-by-one-size": d * (k - 1)}


def param_count(pr: dict) -> dict:
    cin, cout, (kh, kw), g, bias = (pr[n] for n in ("Cin", "Cout", "kernel", "groups", "bias"))
    weights = cout * (cin // g) * kh * kw
    m = {
        "groups-ignored": fm.conv_params(cin, cout, kh, kw, 1, bias) if g > 1 else None,
        "bias-per-input": weights + cin if bias else None,
        "missing-bias": weights if bias else None,
    }
    return {mid: v for mid, v in m.items() if v is not None}


def transpose_weight_shape(pr: dict) -> dict:
    cin, cout, (kh, kw), g = (pr[n] for n in ("Cin", "Cout", "kernel", "groups"))
    m = {
        "transpose-weight-layout": (cout, cin // g, kh, kw),
        "groups-ignored": (cin, cout, kh, kw) if g > 1 else None,
        "hw-swapped": (cin, cout // g, kw, kh) if kh != kw else None,
    }
    return {mid: v for mid, v in m.items() if v is not None}


def _windows(H, W, kh, kw, s, p, d):
    return fm.conv_out(H, kh, s, p, d) * fm.conv_out(W, kw, s, p, d)


def unfold_shape(pr: dict) -> dict:
    N, C, H, W, (kh, kw), s, p, d = (pr[n] for n in ("N", "C", "H", "W", "kernel", "stride", "padding", "dilation"))
    rows = C * kh * kw

    def cols(ss=s, pp=p, dd=d):
        if fm.effective_kernel(kh, dd) > H + 2 * pp or fm.effective_kernel(kw, dd) > W + 2 * pp:
            return None
        return _windows(H, W, kh, kw, ss, pp, dd)

    def shape(c):
        return None if c is None else (N, rows, c)

    m = {
        "im2col-order": (N, cols(), rows),
        "padding-ignored": shape(cols(pp=0)) if p else None,
        "stride-misapplied": shape(cols(ss=1)) if s > 1 else None,
        "dilation-ignored": shape(cols(dd=1)) if d > 1 else None,
    }
    return {mid: v for mid, v in m.items() if v is not None}


def kernel_matrix_shape(pr: dict) -> dict:
    cin, cout, H, W, k, s, p = (pr[n] for n in ("Cin", "Cout", "H", "W", "kernel", "stride", "padding"))
    rows, cols = cout * _windows(H, W, k, k, s, p, 1), cin * H * W
    m = {
        "im2col-order": (cols, rows),
        "padding-ignored": (cout * _windows(H, W, k, k, s, 0, 1), cols) if p and k <= min(H, W) else None,
        "stride-misapplied": (cout * _windows(H, W, k, k, 1, p, 1), cols) if s > 1 else None,
    }
    return {mid: v for mid, v in m.items() if v is not None}


def receptive_field(pr: dict) -> dict:
    layers = [tuple(layer) for layer in pr["layers"]]
    strided = any(s > 1 for _, s, _ in layers[:-1])
    dilated = any(d > 1 for *_, d in layers)
    m = {
        "rf-strides-ignored": fm.receptive_field([(k, 1, d) for k, _, d in layers]) if strided else None,
        "dilation-ignored": fm.receptive_field([(k, s, 1) for k, s, _ in layers]) if dilated else None,
        "effective-kernel-kd": fm.receptive_field([(k * d, s, 1) for k, s, d in layers]) if dilated else None,
        "off-by-one-size": fm.receptive_field(layers) - 1,
    }
    return {mid: v for mid, v in m.items() if v is not None}


def macs(pr: dict) -> dict:
    cin, cout, H, k, s, p, g = (pr[n] for n in ("Cin", "Cout", "H", "kernel", "stride", "padding", "groups"))

    def count(ss=s, pp=p, gg=g):
        if k > H + 2 * pp:
            return None
        ho = fm.conv_out(H, k, ss, pp)
        return fm.conv_macs(cin, cout, k, k, ho, ho, gg)

    m = {
        "groups-ignored": count(gg=1) if g > 1 else None,
        "stride-misapplied": count(ss=1) if s > 1 else None,
        "padding-ignored": count(pp=0) if p else None,
    }
    return {mid: v for mid, v in m.items() if v is not None}


def chain(pr: dict) -> dict:
    from .templates.chain import sizes
    wrong = tuple(sizes(pr["layers"], pr["H"], ceil_everywhere=True))
    return {"ceil-for-floor": _positive(wrong)} if _positive(wrong) else {}


def _clean(m: dict) -> dict:
    return {mid: v for mid, v in m.items() if v is not None and _positive(v) is not None}


MISTAKES = {f.__name__: f for f in (conv_output_size, conv2d_shape, transposed_output_size, output_padding,
                                     pool_output_size, same_padding, effective_kernel, param_count,
                                     transpose_weight_shape, unfold_shape, kernel_matrix_shape, receptive_field,
                                     macs, chain)}
