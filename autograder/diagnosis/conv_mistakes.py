"""Detectors of the mistakes in the sliding window itself: kernel flip, bias, padding, 'same',
stride, dilation, groups, and the scalar size formulas (see ``common`` for the contract)."""
from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from autograder.diagnosis.common import (TRANSPOSED, ShapeOnly, Skip, channel_axis, crop_spatial,
                                         is_int_like, kernel_dims, nsp, pad_spatial, ref, tup)

# ---------------------------------------------------------------- flipped-kernel


def flipped_kernel(function: str, p: dict) -> Any:
    w = np.asarray(p["weight"])
    axes = tuple(range(w.ndim - nsp(function), w.ndim))
    if all(w.shape[a] == 1 for a in axes):
        raise Skip
    flipped = np.ascontiguousarray(np.flip(w, axis=axes))
    if function == "conv2d_backward":
        gx = ref(function, p, weight=flipped)[0]
        _, gw, gb = ref(function, p)
        return (gx, gw, gb)
    return ref(function, p, weight=flipped)


def flipped_grad_weight(function: str, p: dict) -> Any:
    gx, gw, gb = ref(function, p)
    if all(s == 1 for s in gw.shape[2:]):
        raise Skip
    return (gx, np.ascontiguousarray(np.flip(gw, axis=(2, 3))), gb)


# ---------------------------------------------------------------- missing-bias


def bias_dropped(function: str, p: dict) -> Any:
    if function == "conv2d_num_params":
        if not p["bias"]:
            raise Skip
        return ref(function, p, bias=False)
    if p.get("bias") is None:
        raise Skip
    return ref(function, p, bias=None)


def bias_per_input_channel(function: str, p: dict) -> Any:
    if function == "conv2d_num_params":
        if not p["bias"]:
            raise Skip
        return ref(function, p) - int(p["out_channels"]) + int(p["in_channels"])
    if p.get("bias") is None:
        raise Skip
    x = np.asarray(p["x"])
    c_in = x.shape[channel_axis(function, x)] // int(p.get("groups", 1))
    if c_in == 1:
        raise Skip
    y = ref(function, p, bias=None)
    b = np.asarray(p["bias"]).reshape((-1,) + (1,) * nsp(function))
    return y + c_in * b


def bias_last_axis(function: str, p: dict) -> Any:
    if p.get("bias") is None:
        raise Skip
    y = ref(function, p, bias=None)
    b = np.asarray(p["bias"])
    if y.shape[-1] != b.shape[0] or b.shape[0] < 2:
        raise Skip
    return y + b


def grad_bias_per_image(function: str, p: dict) -> Any:
    gx, gw, _ = ref(function, p)
    g = np.asarray(p["grad_output"])
    if g.ndim != 4 or g.shape[0] < 2:
        raise Skip
    return (gx, gw, g.sum(axis=(2, 3)).astype(gw.dtype))


# ---------------------------------------------------------------- padding-ignored


def padding_none(function: str, p: dict) -> Any:
    pad = p["padding"]
    if function == "receptive_field" or pad == 0 or pad == "valid" or pad == (0, 0):
        raise Skip
    if pad == "same":
        if all(d * (k - 1) == 0 for k, d in zip(kernel_dims(function, p),
                                                 tup(p.get("dilation", 1), nsp(function)))):
            raise Skip
        return ref(function, p, padding="valid")
    if function == "conv2d_backward":
        raise Skip
    return ref(function, p, padding=0)


def _one_side(side: str, factor: int) -> Callable[[str, dict], Any]:
    def compute(function: str, p: dict) -> Any:
        pad = p["padding"]
        if isinstance(pad, str) or not is_int_like(pad):
            raise Skip
        pads = tup(pad, nsp(function))
        if not any(pads):
            raise Skip
        if function in ("conv_output_size",):
            size = int(p["in_size"]) + (factor - 2) * pads[0]
            return ref(function, p, in_size=size)
        if function == "conv2d_output_shape":
            shape = list(p["input_shape"])
            for i, q in enumerate(pads):
                shape[len(shape) - 2 + i] += (factor - 2) * q
            return ref(function, p, input_shape=tuple(shape))
        widths = [((factor * q, 0) if side == "before" else (0, factor * q)) for q in pads]
        x = pad_spatial(np.asarray(p["x"]), widths, p.get("padding_mode", "zeros"))
        return ref(function, p, x=x, padding=0, **({"padding_mode": "zeros"}
                                                    if "padding_mode" in p else {}))
    return compute


def padding_mode_ignored(function: str, p: dict) -> Any:
    if p.get("padding_mode", "zeros") == "zeros":
        raise Skip
    return ref(function, p, padding_mode="zeros")


def _transposed_crop(side: str) -> Callable[[str, dict], Any]:
    def compute(function: str, p: dict) -> Any:
        pads = tup(p["padding"])
        if not any(pads):
            raise Skip
        expected = ref(function, p)
        full = ref(function, p, padding=0)
        sizes = expected.shape[-2:]
        starts = (0, 0) if side == "before" else tuple(2 * q for q in pads)
        return crop_spatial(full, starts, sizes)
    return compute


# ---------------------------------------------------------------- tf-same-padding


def _same_totals(function: str, p: dict) -> list[int]:
    if p.get("padding") != "same":
        raise Skip
    n = nsp(function)
    totals = [d * (k - 1) for k, d in zip(kernel_dims(function, p), tup(p.get("dilation", 1), n))]
    if all(t % 2 == 0 for t in totals):
        raise Skip
    return totals


def _same_split(rule: str) -> Callable[[str, dict], Any]:
    def compute(function: str, p: dict) -> Any:
        if function == "same_padding":
            total = int(p["dilation"]) * (int(p["kernel_size"]) - 1)
            if total % 2 == 0:
                raise Skip
        else:
            totals = _same_totals(function, p)
        split = {"extra-before": lambda t: (t - t // 2, t // 2),
                 "extra-dropped": lambda t: (t // 2, t // 2),
                 "extra-both": lambda t: (t - t // 2, t - t // 2)}[rule]
        if function == "same_padding":
            return split(total)
        x = pad_spatial(np.asarray(p["x"]), [split(t) for t in totals], p.get("padding_mode", "zeros"))
        extra = {"padding_mode": "zeros"} if "padding_mode" in p else {}
        return ref(function, p, x=x, padding=0, **extra)
    return compute


# ---------------------------------------------------------------- stride-misapplied


def _stride(function: str, p: dict) -> tuple[int, ...]:
    s = p.get("stride")
    if s is None:
        raise Skip
    return tup(s, nsp(function))


def stride_ignored(function: str, p: dict) -> Any:
    if function == "receptive_field":
        layers = [tuple(layer) for layer in p["layers"]]
        if all(s == 1 for _, s, _ in layers):
            raise Skip
        return ref(function, p, layers=[(k, 1, d) for k, _, d in layers])
    if all(s == 1 for s in _stride(function, p)):
        raise Skip
    return ref(function, p, stride=1)


def pool_stride_default(function: str, p: dict) -> Any:
    if p.get("stride") is not None or all(k == 1 for k in kernel_dims(function, p)):
        raise Skip
    return ref(function, p, stride=1)


def stride_swapped(function: str, p: dict) -> Any:
    s = _stride(function, p)
    if len(s) != 2 or s[0] == s[1]:
        raise Skip
    return ref(function, p, stride=(s[1], s[0]))


def _stride_one_axis(axis: int) -> Callable[[str, dict], Any]:
    def compute(function: str, p: dict) -> Any:
        s = _stride(function, p)
        if len(s) != 2 or s[1 - axis] == 1:
            raise Skip
        only = tuple(v if i == axis else 1 for i, v in enumerate(s))
        return ref(function, p, stride=only)
    return compute


def stride_input_subsampled(function: str, p: dict) -> Any:
    s = _stride(function, p)
    if all(v == 1 for v in s) or isinstance(p["padding"], str):
        raise Skip
    x = pad_spatial(np.asarray(p["x"]), [(q, q) for q in tup(p["padding"], len(s))],
                    p.get("padding_mode", "zeros"))
    index = (Ellipsis,) + tuple(slice(None, None, v) for v in s)
    extra = {"padding_mode": "zeros"} if "padding_mode" in p else {}
    return ref(function, p, x=np.ascontiguousarray(x[index]), stride=1, padding=0, **extra)


def stride_offset(function: str, p: dict) -> Any:
    s = _stride(function, p)
    if all(v == 1 for v in s):
        raise Skip
    y1 = ref(function, p, stride=1)
    index = (Ellipsis,) + tuple(slice(v - 1, None, v) for v in s)
    return y1[index]


# ---------------------------------------------------------------- dilation-ignored


def _dil(function: str, p: dict) -> tuple[int, ...]:
    d = tup(p.get("dilation", 1), nsp(function))
    if all(v == 1 for v in d):
        raise Skip
    return d


def dilation_ignored(function: str, p: dict) -> Any:
    if function == "receptive_field":
        layers = [tuple(layer) for layer in p["layers"]]
        if all(d == 1 for _, _, d in layers):
            raise Skip
        return ref(function, p, layers=[(k, s, 1) for k, s, _ in layers])
    _dil(function, p)
    return ref(function, p, dilation=1)


def dilation_window_only(function: str, p: dict) -> Any:
    """Output size right, window not dilated: torch's dilation-1 output, cropped."""
    _dil(function, p)
    expected = ref(function, p)
    y1 = ref(function, p, dilation=1)
    n = nsp(function)
    return crop_spatial(y1, (0,) * n, expected.shape[-n:])


def dilation_kd_size(function: str, p: dict) -> Any:
    """Effective kernel taken as k*d: a too small output, otherwise right."""
    if function in ("conv_output_size", "pool_output_size"):
        k, d = int(p["kernel_size"]), int(p["dilation"])
        if d == 1 or k == 1:
            raise Skip
        changes = {"kernel_size": k * d, "dilation": 1}
        if function == "pool_output_size" and p["stride"] is None:
            changes["stride"] = k
        return ref(function, p, **changes)
    if function in ("im2col", "col2im", "kernel_matrix") or function in TRANSPOSED:
        raise Skip
    d = _dil(function, p)
    expected = ref(function, p)
    n = nsp(function)
    ks = kernel_dims(function, p)
    sizes = expected.shape[-n:]
    insizes = np.shape(p["x"])[-n:]
    stride = p.get("stride")
    ss = tup(stride if stride is not None else ks, n)
    pads = tup(p["padding"], n) if is_int_like(p["padding"]) else None
    if pads is None:
        raise Skip
    small = tuple((L + 2 * q - k * dd) // s + 1 for L, q, k, dd, s in zip(insizes, pads, ks, d, ss))
    if small == tuple(sizes) or min(small) < 1:
        raise Skip
    return crop_spatial(expected, (0,) * n, small)


# ---------------------------------------------------------------- groups-ignored


def groups_first_group(function: str, p: dict) -> Any:
    g = int(p.get("groups", 1))
    if g == 1:
        raise Skip
    if function == "conv2d_num_params":
        return ref(function, p, groups=1)
    if function in TRANSPOSED or function == "conv_transpose2d_output_shape":
        return ref(function, p, groups=1)
    x = np.asarray(p["x"])
    axis = channel_axis(function, x)
    cg = np.shape(p["weight"])[1]
    first = np.take(x, range(cg), axis=axis)
    return ref(function, p, x=np.ascontiguousarray(first), groups=1)


def groups_interleaved(function: str, p: dict) -> Any:
    """Output channel o read from group o % groups instead of o // (C_out / groups)."""
    g = int(p.get("groups", 1))
    w = np.asarray(p["weight"])
    if g == 1 or w.shape[0] == g:
        raise Skip
    x = np.asarray(p["x"])
    axis = channel_axis(function, x)
    cg = w.shape[1]
    expected = ref(function, p)
    out = np.empty_like(expected)
    bias = p.get("bias")
    for gi in range(g):
        sel = [o for o in range(w.shape[0]) if o % g == gi]
        xi = np.ascontiguousarray(np.take(x, range(gi * cg, (gi + 1) * cg), axis=axis))
        bi = None if bias is None else np.asarray(bias)[sel]
        yi = ref(function, p, x=xi, weight=np.ascontiguousarray(w[sel]), bias=bi, groups=1)
        index = [slice(None)] * out.ndim
        index[axis] = sel
        out[tuple(index)] = yi
    return out


# ---------------------------------------------------------------- off-by-one-size (scalars)


def size_ceil_for_floor(function: str, p: dict) -> Any:
    if function != "conv_output_size":
        raise Skip
    k, s, q, d = (int(p[n]) for n in ("kernel_size", "stride", "padding", "dilation"))
    return math.ceil((int(p["in_size"]) + 2 * q - d * (k - 1) - 1) / s) + 1


def _plus(delta: int) -> Callable[[str, dict], Any]:
    def compute(function: str, p: dict) -> Any:
        return ref(function, p) + delta
    return compute


