"""Detectors of axis and layout mistakes: height and width swapped (``hw-swapped``), NHWC / HWIO
read as NCHW / OIHW (``nhwc-layout``), a stride applied twice, padding counted in the output size
but never applied to the input (see ``common`` for the contract).

Arrays are (N, C, H, W) or unbatched (C, H, W); "spatial" means the last two axes.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from autograder.diagnosis.common import (ShapeOnly, Skip, is_int_like, nsp, out_size, pad_spatial,
                                         ref, tup)
from autograder.reference import evaluate

def _spatial_value(function: str, value: Any) -> np.ndarray:
    if not isinstance(value, np.ndarray) or value.ndim < 2 or nsp(function) != 2:
        raise Skip
    return value


# ---------------------------------------------------------------- hw-swapped


def output_transposed(function: str, p: dict) -> Any:
    """Output written out[..., j, i]: torch's output with its two spatial axes swapped."""
    y = _spatial_value(function, ref(function, p))
    if y.shape[-1] == y.shape[-2] and np.array_equal(y, y.swapaxes(-1, -2)):
        raise Skip
    return np.ascontiguousarray(y.swapaxes(-1, -2))


def kernel_transposed(function: str, p: dict) -> Any:
    """Kernel read weight[..., j, i]: torch on the weight with its two spatial axes swapped."""
    w = np.asarray(p["weight"])
    if w.ndim != 4 or w.shape[-1] == 1 and w.shape[-2] == 1:
        raise Skip
    wt = np.ascontiguousarray(w.swapaxes(-1, -2))
    if function == "conv2d_backward":
        return (ref(function, p, weight=wt)[0],) + tuple(ref(function, p)[1:])
    return ref(function, p, weight=wt)


def shape_swapped(function: str, p: dict) -> Any:
    """Output allocated as (..., W_out, H_out): only the shape is known."""
    y = _spatial_value(function, ref(function, p))
    if y.shape[-1] == y.shape[-2]:
        raise Skip
    return ShapeOnly(y.shape[:-2] + (y.shape[-1], y.shape[-2]))


def param_swapped(name: str) -> Callable[[str, dict], Any]:
    """A per-axis parameter read as (width, height): torch with that pair swapped."""
    def compute(function: str, p: dict) -> Any:
        value = p.get(name)
        if value is None or isinstance(value, str) or not is_int_like(value):
            raise Skip
        pair = tup(value)
        if len(pair) != 2 or pair[0] == pair[1]:
            raise Skip
        return ref(function, p, **{name: (pair[1], pair[0])})
    return compute


def sizes_swapped(function: str, p: dict) -> Any:
    """A1 full shapes returned as (..., W_out, H_out)."""
    shape = tuple(ref(function, p))
    if len(shape) < 3 or shape[-1] == shape[-2]:
        raise Skip
    return shape[:-2] + (shape[-1], shape[-2])


# ---------------------------------------------------------------- nhwc-layout


def output_nhwc(function: str, p: dict) -> Any:
    """Right values, returned channels-last: (N, H, W, C) instead of (N, C, H, W)."""
    y = ref(function, p)
    if not isinstance(y, np.ndarray) or y.ndim < 3:
        raise Skip
    axis = y.ndim - nsp(function) - 1
    moved = np.moveaxis(y, axis, -1)
    if moved.shape == y.shape and np.array_equal(moved, y):
        raise Skip
    return np.ascontiguousarray(moved)


def input_nhwc(function: str, p: dict) -> Any:
    """The NCHW input read as NHWC (its H taken from C, W from H, C from W); conv1d: NCL as NLC."""
    x = np.asarray(p["x"])
    if x.ndim != nsp(function) + 2:
        raise Skip
    xs = np.ascontiguousarray(np.moveaxis(x, -1, 1))
    if xs.shape == x.shape and np.array_equal(xs, x):
        raise Skip
    return ref(function, p, x=xs)


def weight_hwio(function: str, p: dict) -> Any:
    """The OIHW weight read as HWIO: tap (a, b) of channel pair (i, o) taken from weight[a, b, i, o]."""
    w = np.asarray(p["weight"])
    if w.ndim != 4:
        raise Skip
    ws = np.ascontiguousarray(w.transpose(3, 2, 0, 1))
    if ws.shape == w.shape and np.array_equal(ws, w):
        raise Skip
    return ref(function, p, weight=ws)


def shape_nhwc(where: str) -> Callable[[str, dict], Any]:
    """A1 full shapes with the input read as NHWC ("input") or the result given as NHWC ("output")."""
    def compute(function: str, p: dict) -> Any:
        shape = tuple(p["input_shape"])
        if len(shape) != 4:
            raise Skip
        if where == "output":
            out = tuple(ref(function, p))
            return (out[0],) + out[2:] + (out[1],)
        n, c, h, w = shape
        return _formula_shape(function, p, (n, w, c, h))
    return compute


def _formula_shape(function: str, p: dict, input_shape: tuple[int, ...]) -> tuple[int, ...]:
    """What the output-shape formula gives on ``input_shape``, without torch's validity checks."""
    ws = tuple(p["weight_shape"])
    k, s, q, d = tuple(ws[-2:]), tup(p["stride"]), tup(p["padding"]), tup(p["dilation"])
    sizes = []
    for i, L in enumerate(input_shape[-2:]):
        if function == "conv2d_output_shape":
            size = (L + 2 * q[i] - d[i] * (k[i] - 1) - 1) // s[i] + 1
        else:
            size = (L - 1) * s[i] - 2 * q[i] + d[i] * (k[i] - 1) + tup(p["output_padding"])[i] + 1
        if size < 1:
            raise Skip
        sizes.append(size)
    c_out = ws[0] if function == "conv2d_output_shape" else ws[1] * int(p["groups"])
    return input_shape[:-3] + (c_out,) + tuple(sizes)


# ---------------------------------------------------------------- stride applied twice


def _strides(function: str, p: dict) -> tuple[int, ...]:
    s = p.get("stride")
    if s is None:
        raise Skip
    pair = tup(s, nsp(function))
    if all(v == 1 for v in pair):
        raise Skip
    return pair


def stride_squared(function: str, p: dict) -> Any:
    """Window i starts at i·s·s: torch with stride s²."""
    if function == "receptive_field":
        layers = [tuple(layer) for layer in p["layers"]]
        if all(s == 1 for _, s, _ in layers):
            raise Skip
        return ref(function, p, layers=[(k, s * s, d) for k, s, d in layers])
    s = _strides(function, p)
    if isinstance(p["stride"], int):
        return ref(function, p, stride=s[0] * s[0])
    return ref(function, p, stride=tuple(v * v for v in s))


def stride_resampled(function: str, p: dict) -> Any:
    """The strided output subsampled once more by the stride: out[..., ::s, ::s]."""
    s = _strides(function, p)
    y = ref(function, p)
    if not isinstance(y, np.ndarray):
        raise Skip
    index = (Ellipsis,) + tuple(slice(None, None, v) for v in s)
    return np.ascontiguousarray(y[index])


def stride_squared_zero_filled(function: str, p: dict) -> Any:
    """Windows at i·s·s written into an output of the right size; the positions never reached stay 0."""
    s = _strides(function, p)
    y = ref(function, p)
    n = nsp(function)
    small = stride_squared(function, p)
    if not isinstance(y, np.ndarray) or small.shape[-n:] == y.shape[-n:]:
        raise Skip
    return pad_spatial(small, [(0, a - b) for a, b in zip(y.shape[-n:], small.shape[-n:])])


# ---------------------------------------------------------------- padding in the size only


def padding_size_only(function: str, p: dict) -> Any:
    """Output size counts the padding, input never padded: the unpadded output top-left, zeros after."""
    pad = p.get("padding")
    if isinstance(pad, str) or not is_int_like(pad) or not any(tup(pad, nsp(function))):
        raise Skip
    y = ref(function, p)
    n = nsp(function)
    extra = {"padding_mode": "zeros"} if "padding_mode" in p else {}
    small = ref(function, p, padding=0, **extra)
    if function == "im2col":
        return _im2col_size_only(p, y, small)
    sizes = small.shape[-n:]
    if any(a < b for a, b in zip(y.shape[-n:], sizes)):
        raise Skip
    return pad_spatial(small, [(0, a - b) for a, b in zip(y.shape[-n:], sizes)])


def _im2col_size_only(p: dict, y: np.ndarray, small: np.ndarray) -> np.ndarray:
    h, w = np.shape(p["x"])[-2:]
    ks, ss, ps, ds = (tup(p[k]) for k in ("kernel_size", "stride", "padding", "dilation"))
    big = tuple(out_size(L, k, s, q, d) for L, k, s, q, d in zip((h, w), ks, ss, ps, ds))
    little = tuple(out_size(L, k, s, 0, d) for L, k, s, d in zip((h, w), ks, ss, ds))
    if min(little) < 1:
        raise Skip
    grid = small.reshape(small.shape[:-1] + little)
    grid = pad_spatial(grid, [(0, a - b) for a, b in zip(big, little)])
    return np.ascontiguousarray(grid.reshape(y.shape))


def padding_not_cropped(function: str, p: dict) -> Any:
    """conv2d_backward: grad_x returned for the padded input, its padding border never cropped."""
    pads = tup(p["padding"]) if is_int_like(p["padding"]) else (0, 0)
    if not any(pads):
        raise Skip
    x = pad_spatial(np.asarray(p["x"]), [(q, q) for q in pads])
    gx = ref(function, p, x=x, padding=0)[0]
    return (gx,) + tuple(ref(function, p)[1:])


def grad_x_output_padding(fill: bool) -> Callable[[str, dict], Any]:
    """conv2d_backward: grad_x by a transposed conv without output_padding (short, or zero-filled)."""
    def compute(function: str, p: dict) -> Any:
        g = np.asarray(p["grad_output"])
        x, w = np.asarray(p["x"]), np.asarray(p["weight"])
        gx, gw, gb = ref(function, p)
        short = evaluate("conv_transpose2d", (), {"x": g, "weight": w, "bias": None, "stride": p["stride"],
                                         "padding": p["padding"], "output_padding": 0,
                                         "groups": p["groups"], "dilation": p["dilation"]})
        if short.shape[-2:] == x.shape[-2:]:
            raise Skip
        if fill:
            short = pad_spatial(short, [(0, a - b) for a, b in zip(x.shape[-2:], short.shape[-2:])])
        return (short.astype(gx.dtype), gw, gb)
    return compute
