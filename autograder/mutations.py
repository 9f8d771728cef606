"""Known student mistakes as mutated configurations, each computed by torch.

A ``Mutation`` takes the bound parameters of one call and returns what a student who made that
mistake would return: torch's answer on a changed configuration (kernel rotated 180°, bias
dropped, padding on one side, stride 1, ...), sometimes followed by a plain numpy step
(subsampling, cropping, permuting rows). Where only the size of the student's output can be
predicted, it returns ``ShapeOnly(shape)``. ``Skip`` means the mistake cannot show on this call.

The table ``MUTATIONS`` is ordered: when two mistakes would give the same output, the first wins.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from autograder.reference import evaluate

# SPEC's signatures: parameter names and defaults, in order.
_NO = object()
SIGNATURES: dict[str, tuple[tuple[str, Any], ...]] = {
    "conv_output_size": (("in_size", _NO), ("kernel_size", _NO), ("stride", 1), ("padding", 0),
                         ("dilation", 1)),
    "conv_transpose_output_size": (("in_size", _NO), ("kernel_size", _NO), ("stride", 1),
                                   ("padding", 0), ("output_padding", 0), ("dilation", 1)),
    "pool_output_size": (("in_size", _NO), ("kernel_size", _NO), ("stride", None), ("padding", 0),
                         ("dilation", 1), ("ceil_mode", False)),
    "same_padding": (("kernel_size", _NO), ("dilation", 1)),
    "conv2d_output_shape": (("input_shape", _NO), ("weight_shape", _NO), ("stride", 1),
                            ("padding", 0), ("dilation", 1), ("groups", 1)),
    "conv_transpose2d_output_shape": (("input_shape", _NO), ("weight_shape", _NO), ("stride", 1),
                                      ("padding", 0), ("output_padding", 0), ("groups", 1),
                                      ("dilation", 1)),
    "conv2d_num_params": (("in_channels", _NO), ("out_channels", _NO), ("kernel_size", _NO),
                          ("groups", 1), ("bias", True)),
    "receptive_field": (("layers", _NO),),
    "conv2d_naive": (("x", _NO), ("weight", _NO), ("bias", None), ("stride", 1), ("padding", 0),
                     ("dilation", 1), ("groups", 1)),
    "conv2d": (("x", _NO), ("weight", _NO), ("bias", None), ("stride", 1), ("padding", 0),
               ("dilation", 1), ("groups", 1), ("padding_mode", "zeros")),
    "conv1d": (("x", _NO), ("weight", _NO), ("bias", None), ("stride", 1), ("padding", 0),
               ("dilation", 1), ("groups", 1)),
    "max_pool2d": (("x", _NO), ("kernel_size", _NO), ("stride", None), ("padding", 0),
                   ("dilation", 1), ("ceil_mode", False)),
    "avg_pool2d": (("x", _NO), ("kernel_size", _NO), ("stride", None), ("padding", 0),
                   ("ceil_mode", False), ("count_include_pad", True)),
    "im2col": (("x", _NO), ("kernel_size", _NO), ("stride", 1), ("padding", 0), ("dilation", 1)),
    "col2im": (("cols", _NO), ("output_size", _NO), ("kernel_size", _NO), ("stride", 1),
               ("padding", 0), ("dilation", 1)),
    "conv2d_im2col": (("x", _NO), ("weight", _NO), ("bias", None), ("stride", 1), ("padding", 0),
                      ("dilation", 1)),
    "kernel_matrix": (("weight", _NO), ("input_hw", _NO), ("stride", 1), ("padding", 0),
                      ("dilation", 1)),
    "conv_transpose2d": (("x", _NO), ("weight", _NO), ("bias", None), ("stride", 1), ("padding", 0),
                         ("output_padding", 0), ("groups", 1), ("dilation", 1)),
    "conv_transpose2d_matmul": (("x", _NO), ("weight", _NO), ("stride", 1), ("padding", 0),
                                ("output_padding", 0), ("dilation", 1)),
    "conv2d_backward": (("grad_output", _NO), ("x", _NO), ("weight", _NO), ("stride", 1),
                        ("padding", 0), ("dilation", 1), ("groups", 1)),
    "checkerboard": (("in_hw", _NO), ("kernel_size", _NO), ("stride", 1), ("padding", 0)),
}

CONV = {"conv2d", "conv2d_naive", "conv1d", "conv2d_im2col"}
TRANSPOSED = {"conv_transpose2d", "conv_transpose2d_matmul"}
POOL = {"max_pool2d", "avg_pool2d"}
WITH_BIAS = CONV | {"conv_transpose2d"}
WITH_WEIGHT = CONV | TRANSPOSED | {"kernel_matrix", "conv2d_backward"}


class Skip(Exception):
    """This mistake cannot show on this call (e.g. dilation is already 1)."""


@dataclass(frozen=True)
class ShapeOnly:
    """Only the size of the mistaken output is known."""

    shape: tuple[int, ...]


@dataclass(frozen=True)
class Mutation:
    misconception: str
    variant: str                                   # key of the evidence sentence in autograder.i18n
    functions: frozenset[str]
    compute: Callable[[str, dict], Any]            # (function, params) -> mistaken value


def bind(function: str, args: tuple, kwargs: dict) -> dict:
    """All parameters of a SPEC function by name, defaults filled in."""
    sig = SIGNATURES[function]
    params = {}
    for (name, default), value in zip(sig, args):
        params[name] = value
    for name, default in sig[len(args):]:
        params[name] = kwargs.get(name, default)
    if any(v is _NO for v in params.values()):
        missing = [k for k, v in params.items() if v is _NO]
        raise TypeError(f"missing arguments: {missing}")
    return params


def ref(function: str, params: dict, **changes: Any) -> Any:
    """torch's answer with some parameters changed."""
    return evaluate(function, (), {**params, **changes})


# ---------------------------------------------------------------- small helpers


def nsp(function: str) -> int:
    """Number of spatial dimensions of the arrays of ``function``."""
    return 1 if function == "conv1d" else 2


def tup(v: Any, n: int = 2) -> tuple[int, ...]:
    if isinstance(v, (tuple, list)):
        return tuple(int(e) for e in v)
    return (int(v),) * n


def untup(v: tuple[int, ...]) -> Any:
    return v[0] if len(set(v)) == 1 else tuple(v)


def is_int_like(v: Any) -> bool:
    return not isinstance(v, (str, bool)) and v is not None


def channel_axis(function: str, x: np.ndarray) -> int:
    return 1 if x.ndim == nsp(function) + 2 else 0


def kernel_dims(function: str, p: dict) -> tuple[int, ...]:
    if function in WITH_WEIGHT:
        return tuple(np.shape(p["weight"])[-nsp(function):])
    return tup(p["kernel_size"])


def pad_spatial(x: np.ndarray, pads: list[tuple[int, int]], mode: str = "zeros",
                value: float = 0.0) -> np.ndarray:
    """Pad the trailing spatial axes of x; modes as torch's padding_mode."""
    width = [(0, 0)] * (x.ndim - len(pads)) + list(pads)
    if mode == "zeros":
        return np.pad(x, width, constant_values=value)
    np_mode = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}[mode]
    return np.pad(x, width, mode=np_mode)


def crop_spatial(y: np.ndarray, starts: tuple[int, ...], sizes: tuple[int, ...]) -> np.ndarray:
    index = [slice(None)] * (y.ndim - len(sizes))
    for s, n in zip(starts, sizes):
        if s < 0 or n < 0:
            raise Skip
        index.append(slice(s, s + n))
    out = y[tuple(index)]
    if out.shape[-len(sizes):] != tuple(sizes):
        raise Skip
    return out


def _out_size(size: int, k: int, s: int, p: int, d: int) -> int:
    return (size + 2 * p - d * (k - 1) - 1) // s + 1


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


# ---------------------------------------------------------------- transpose-weight-layout


def transposed_layout(function: str, p: dict) -> Any:
    if function == "conv_transpose2d_output_shape":
        ws = tuple(p["weight_shape"])
        expected = ref(function, p)
        if ws[0] == expected[-3]:
            raise Skip
        return expected[:-3] + (ws[0],) + expected[-2:]
    w = np.asarray(p["weight"])
    if function == "conv2d_backward":
        if int(p["groups"]) != 1 or w.shape[0] != w.shape[1]:
            raise Skip
        gx = ref(function, p, weight=np.ascontiguousarray(w.transpose(1, 0, 2, 3)))[0]
        _, gw, gb = ref(function, p)
        return (gx, gw, gb)
    if int(p.get("groups", 1)) != 1:
        raise Skip
    x = np.asarray(p["x"])
    axis = channel_axis(function, x)
    k = w.shape[1]
    if x.shape[axis] < k:
        raise Skip
    bias = p.get("bias")
    if bias is not None and np.shape(bias)[0] != w.shape[0]:
        raise Skip
    xs = np.ascontiguousarray(np.take(x, range(k), axis=axis))
    return ref(function, p, x=xs, weight=np.ascontiguousarray(w.transpose(1, 0, 2, 3)))


# ---------------------------------------------------------------- output-padding-ignored


def output_padding_ignored(function: str, p: dict) -> Any:
    if not any(tup(p["output_padding"])):
        raise Skip
    return ref(function, p, output_padding=0)


def output_padding_wrong_side(function: str, p: dict) -> Any:
    ops = tup(p["output_padding"])
    if not any(ops):
        raise Skip
    expected = ref(function, p)
    nobias = {"bias": None} if "bias" in p else {}
    full = ref(function, p, padding=0, output_padding=0, **nobias)
    full = pad_spatial(full, [(o, 0) for o in ops])
    y = crop_spatial(full, tup(p["padding"]), expected.shape[-2:])
    if p.get("bias") is not None:
        y = y + np.asarray(p["bias"]).reshape(-1, 1, 1)
    return y.astype(expected.dtype)


def output_padding_zeros(function: str, p: dict) -> Any:
    ops = tup(p["output_padding"])
    if not any(ops):
        raise Skip
    return pad_spatial(ref(function, p, output_padding=0), [(0, o) for o in ops])


# ---------------------------------------------------------------- im2col-order


def _cols_perm(order: str, cols: np.ndarray, c: int, kh: int, kw: int, inverse: bool) -> np.ndarray:
    """Rows of unfold (c, kh, kw) rearranged as a student's im2col lays them out."""
    lead = cols.shape[:-2]
    L = cols.shape[-1]
    if order == "channel-last":        # rows (kh, kw, c)
        if inverse:
            return cols.reshape(lead + (kh, kw, c, L)).transpose(
                *range(len(lead)), len(lead) + 2, len(lead), len(lead) + 1, len(lead) + 3
            ).reshape(cols.shape)
        return cols.reshape(lead + (c, kh, kw, L)).transpose(
            *range(len(lead)), len(lead) + 1, len(lead) + 2, len(lead), len(lead) + 3
        ).reshape(cols.shape)
    if order == "kernel-transposed":   # rows (c, kw, kh); its own inverse only when kh == kw
        src = (c, kw, kh) if inverse else (c, kh, kw)
        return cols.reshape(lead + src + (L,)).transpose(
            *range(len(lead)), len(lead), len(lead) + 2, len(lead) + 1, len(lead) + 3
        ).reshape(cols.shape)
    raise ValueError(order)


def _im2col_geometry(function: str, p: dict) -> tuple[int, int, int]:
    kh, kw = tup(p["kernel_size"])
    if function == "im2col":
        c = np.shape(p["x"])[-3]
    else:
        c = np.shape(p["cols"])[-2] // (kh * kw)
    return c, kh, kw


def _rows_order(order: str) -> Callable[[str, dict], Any]:
    def compute(function: str, p: dict) -> Any:
        if function == "conv2d_im2col":
            w = np.asarray(p["weight"])
            o, c, kh, kw = w.shape
            if order == "kernel-transposed":
                if kh * kw == 1 or kh == 1 or kw == 1:
                    raise Skip
                eff = w.reshape(o, c, kw, kh).transpose(0, 1, 3, 2)
            else:
                if c == 1 or kh * kw == 1:
                    raise Skip
                eff = w.reshape(o, kh, kw, c).transpose(0, 3, 1, 2)
            return ref(function, p, weight=np.ascontiguousarray(eff))
        c, kh, kw = _im2col_geometry(function, p)
        if (order == "channel-last" and (c == 1 or kh * kw == 1)) or \
           (order == "kernel-transposed" and (kh == 1 or kw == 1)):
            raise Skip
        if function == "im2col":
            return np.ascontiguousarray(_cols_perm(order, ref(function, p), c, kh, kw, False))
        cols = np.ascontiguousarray(_cols_perm(order, np.asarray(p["cols"]), c, kh, kw, True))
        return ref(function, p, cols=cols)
    return compute


def positions_transposed(function: str, p: dict) -> Any:
    """Output positions enumerated column by column instead of row by row."""
    if function == "im2col":
        y = ref(function, p)
        oh, ow = _im2col_out_hw(p)
        if oh == 1 or ow == 1:
            raise Skip
        return np.ascontiguousarray(
            y.reshape(y.shape[:-1] + (oh, ow)).swapaxes(-1, -2).reshape(y.shape))
    if function == "conv2d_im2col":
        y = ref(function, p)
        oh, ow = y.shape[-2:]
        if oh == 1 or ow == 1:
            raise Skip
        return np.ascontiguousarray(y.swapaxes(-1, -2).reshape(y.shape))
    if function == "col2im":
        cols = np.asarray(p["cols"])
        oh, ow = _im2col_out_hw({**p, "x": np.zeros((1, 1) + tup(p["output_size"]))})
        if oh == 1 or ow == 1:
            raise Skip
        src = cols.reshape(cols.shape[:-1] + (ow, oh)).swapaxes(-1, -2).reshape(cols.shape)
        return ref(function, p, cols=np.ascontiguousarray(src))
    raise Skip


def _im2col_out_hw(p: dict) -> tuple[int, int]:
    h, w = np.shape(p["x"])[-2:]
    ks, ss, ps, ds = (tup(p[n]) for n in ("kernel_size", "stride", "padding", "dilation"))
    return tuple(_out_size(L, k, s, q, d) for L, k, s, q, d in zip((h, w), ks, ss, ps, ds))


def kernel_matrix_order(axis: str) -> Callable[[str, dict], Any]:
    def compute(function: str, p: dict) -> Any:
        K = ref(function, p)
        w = np.asarray(p["weight"])
        o, c = w.shape[:2]
        h, wd = tup(p["input_hw"])
        if axis == "columns":
            if c == 1:
                raise Skip
            return np.ascontiguousarray(
                K.reshape(K.shape[0], c, h, wd).transpose(0, 2, 3, 1).reshape(K.shape))
        if o == 1:
            raise Skip
        m = K.shape[0] // o
        return np.ascontiguousarray(K.reshape(o, m, -1).transpose(1, 0, 2).reshape(K.shape))
    return compute


# ---------------------------------------------------------------- ceil-mode-window


def ceil_mode_ignored(function: str, p: dict) -> Any:
    if not p["ceil_mode"]:
        raise Skip
    return ref(function, p, ceil_mode=False)


def _no_rule_size(L: int, k: int, s: int, q: int, d: int) -> int:
    return math.ceil((L + 2 * q - d * (k - 1) - 1) / s) + 1


def ceil_rule_missing(function: str, p: dict) -> Any:
    if not p["ceil_mode"]:
        raise Skip
    if function == "pool_output_size":
        k = int(p["kernel_size"])
        s = k if p["stride"] is None else int(p["stride"])
        return _no_rule_size(int(p["in_size"]), k, s, int(p["padding"]), int(p["dilation"]))
    ks = tup(p["kernel_size"])
    ss = ks if p["stride"] is None else tup(p["stride"])
    ds = tup(p.get("dilation", 1))
    x = np.asarray(p["x"])
    sizes = tuple(_no_rule_size(L, k, s, q, d) for L, k, s, q, d in
                  zip(x.shape[-2:], ks, ss, tup(p["padding"]), ds))
    return ShapeOnly(x.shape[:-2] + sizes)


# ---------------------------------------------------------------- count-include-pad


def count_include_pad_flipped(function: str, p: dict) -> Any:
    if not any(tup(p["padding"])):
        raise Skip
    return ref(function, p, count_include_pad=not p["count_include_pad"])


def divide_by_kernel_area(function: str, p: dict) -> Any:
    """Every window divided by kh*kw, also the last ceil_mode window that runs past the border."""
    if not p["ceil_mode"]:
        raise Skip
    ks = tup(p["kernel_size"])
    expected = ref(function, p)
    x = pad_spatial(np.asarray(p["x"]), [(0, k) for k in ks])
    y = ref(function, p, x=x, ceil_mode=False, count_include_pad=True)
    if not p["count_include_pad"]:
        raise Skip
    return crop_spatial(y, (0, 0), expected.shape[-2:])


# ---------------------------------------------------------------- the table

_A1_SIZE = {"conv_output_size", "conv_transpose_output_size", "pool_output_size"}
_A1_SHAPE = {"conv2d_output_shape", "conv_transpose2d_output_shape"}
_PAD = CONV | POOL | TRANSPOSED | {"im2col", "col2im", "kernel_matrix", "checkerboard"} | _A1_SIZE | _A1_SHAPE
_STRIDE = CONV | POOL | TRANSPOSED | {"im2col", "col2im", "kernel_matrix", "checkerboard", "receptive_field"} \
    | _A1_SIZE | _A1_SHAPE
_DIL = CONV | {"max_pool2d"} | TRANSPOSED | {"im2col", "col2im", "kernel_matrix", "receptive_field",
                                            "same_padding"} | _A1_SIZE | _A1_SHAPE


def _m(mid: str, variant: str, functions: set[str], compute: Callable[[str, dict], Any]) -> Mutation:
    return Mutation(mid, variant, frozenset(functions), compute)


MUTATIONS: tuple[Mutation, ...] = (
    _m("flipped-kernel", "rotated", WITH_WEIGHT, flipped_kernel),
    _m("flipped-kernel", "grad-weight-rotated", {"conv2d_backward"}, flipped_grad_weight),
    _m("transpose-weight-layout", "swapped", TRANSPOSED | {"conv2d_backward",
                                                         "conv_transpose2d_output_shape"},
       transposed_layout),
    _m("missing-bias", "dropped", WITH_BIAS | {"conv2d_num_params"}, bias_dropped),
    _m("missing-bias", "per-input-channel", WITH_BIAS | {"conv2d_num_params"}, bias_per_input_channel),
    _m("missing-bias", "last-axis", WITH_BIAS, bias_last_axis),
    _m("missing-bias", "grad-per-image", {"conv2d_backward"}, grad_bias_per_image),
    _m("tf-same-padding", "extra-before", {"conv2d", "conv2d_naive", "conv1d", "same_padding"},
       _same_split("extra-before")),
    _m("tf-same-padding", "extra-dropped", {"conv2d", "conv2d_naive", "conv1d", "same_padding"},
       _same_split("extra-dropped")),
    _m("tf-same-padding", "extra-both", {"conv2d", "conv2d_naive", "conv1d", "same_padding"},
       _same_split("extra-both")),
    _m("output-padding-ignored", "ignored", TRANSPOSED | {"conv_transpose_output_size",
                                                        "conv_transpose2d_output_shape"},
       output_padding_ignored),
    _m("output-padding-ignored", "wrong-side", TRANSPOSED, output_padding_wrong_side),
    _m("output-padding-ignored", "zeros-appended", TRANSPOSED, output_padding_zeros),
    _m("ceil-mode-window", "ceil-ignored", POOL | {"pool_output_size"}, ceil_mode_ignored),
    _m("ceil-mode-window", "rule-missing", POOL | {"pool_output_size"}, ceil_rule_missing),
    _m("count-include-pad", "flag", {"avg_pool2d"}, count_include_pad_flipped),
    _m("count-include-pad", "kernel-area", {"avg_pool2d"}, divide_by_kernel_area),
    _m("dilation-ignored", "ignored", _DIL, dilation_ignored),
    _m("dilation-ignored", "window-only", CONV | {"max_pool2d"}, dilation_window_only),
    _m("dilation-ignored", "size-kd", CONV | {"max_pool2d", "conv_output_size", "pool_output_size"},
       dilation_kd_size),
    _m("padding-ignored", "none", _PAD, padding_none),
    _m("padding-ignored", "mode", {"conv2d"}, padding_mode_ignored),
    _m("padding-ignored", "before-only", CONV | {"im2col", "conv_output_size", "conv2d_output_shape"},
       _one_side("before", 1)),
    _m("padding-ignored", "after-only", CONV | {"im2col"}, _one_side("after", 1)),
    _m("padding-ignored", "double-before", CONV | {"im2col"}, _one_side("before", 2)),
    _m("padding-ignored", "double-after", CONV | {"im2col"}, _one_side("after", 2)),
    _m("padding-ignored", "crop-before", TRANSPOSED, _transposed_crop("before")),
    _m("padding-ignored", "crop-after", TRANSPOSED, _transposed_crop("after")),
    _m("groups-ignored", "first-group", {"conv2d", "conv2d_naive", "conv1d", "conv_transpose2d",
                                         "conv2d_num_params", "conv_transpose2d_output_shape"},
       groups_first_group),
    _m("groups-ignored", "interleaved", {"conv2d", "conv2d_naive", "conv1d"}, groups_interleaved),
    _m("stride-misapplied", "ignored", _STRIDE, stride_ignored),
    _m("stride-misapplied", "pool-default", POOL | {"pool_output_size"}, pool_stride_default),
    _m("stride-misapplied", "swapped", _STRIDE - _A1_SIZE, stride_swapped),
    _m("stride-misapplied", "height-only", _STRIDE - _A1_SIZE - {"conv1d"}, _stride_one_axis(0)),
    _m("stride-misapplied", "width-only", _STRIDE - _A1_SIZE - {"conv1d"}, _stride_one_axis(1)),
    _m("stride-misapplied", "input-subsampled", CONV, stride_input_subsampled),
    _m("stride-misapplied", "offset", CONV | POOL, stride_offset),
    _m("im2col-order", "channel-last", {"im2col", "col2im", "conv2d_im2col"}, _rows_order("channel-last")),
    _m("im2col-order", "kernel-transposed", {"im2col", "col2im", "conv2d_im2col"},
       _rows_order("kernel-transposed")),
    _m("im2col-order", "positions-transposed", {"im2col", "col2im", "conv2d_im2col"},
       positions_transposed),
    _m("im2col-order", "matrix-columns", {"kernel_matrix"}, kernel_matrix_order("columns")),
    _m("im2col-order", "matrix-rows", {"kernel_matrix"}, kernel_matrix_order("rows")),
    _m("off-by-one-size", "ceil-for-floor", {"conv_output_size"}, size_ceil_for_floor),
    _m("off-by-one-size", "minus-one", _A1_SIZE | {"receptive_field"}, _plus(-1)),
    _m("off-by-one-size", "plus-one", _A1_SIZE | {"receptive_field"}, _plus(+1)),
)


def mutations_for(function: str) -> list[Mutation]:
    return [m for m in MUTATIONS if function in m.functions]
