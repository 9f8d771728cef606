"""Detectors of layout and bookkeeping mistakes: transposed-conv weight layout, output_padding,
im2col / kernel-matrix order, ceil_mode and the average-pool divisor (see ``common``)."""
from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from autograder.diagnosis.common import (ShapeOnly, Skip, channel_axis, crop_spatial, out_size,
                                         pad_spatial, ref, tup)

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
        if function in ("conv2d_im2col", "conv2d"):
            w = np.asarray(p["weight"])
            if w.ndim != 4 or int(p.get("groups", 1)) != 1:
                raise Skip
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
    if function in ("conv2d_im2col", "conv2d"):
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
    return tuple(out_size(L, k, s, q, d) for L, k, s, q, d in zip((h, w), ks, ss, ps, ds))


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




# ---------------------------------------------------------------- transposed conv: groups, dilation


def transposed_layout_grouped(function: str, p: dict) -> Any:
    """Grouped ConvTranspose2d weight read as a Conv2d weight, block by block (C_in == C_out)."""
    g = int(p.get("groups", 1))
    w = np.asarray(p["weight"])
    n = w.shape[0] // g
    if g == 1 or w.shape[1] != n:
        raise Skip
    blocks = [w[i * n:(i + 1) * n].transpose(1, 0, 2, 3) for i in range(g)]
    return ref(function, p, weight=np.ascontiguousarray(np.concatenate(blocks)))


def transposed_taps_undilated(function: str, p: dict) -> Any:
    """Output size with the dilation, kernel taps scattered without it (i instead of i·d)."""
    d = tup(p["dilation"])
    if all(v == 1 for v in d):
        raise Skip
    expected = ref(function, p)
    pads = tup(p["padding"])
    nobias = {"bias": None} if "bias" in p else {}
    full = ref(function, p, padding=0, output_padding=0, dilation=1, **nobias)
    sizes = tuple(e + 2 * q for e, q in zip(expected.shape[-2:], pads))
    if any(f > s for f, s in zip(full.shape[-2:], sizes)):
        raise Skip
    full = pad_spatial(full, [(0, s - f) for f, s in zip(full.shape[-2:], sizes)])
    y = crop_spatial(full, pads, expected.shape[-2:])
    if p.get("bias") is not None:
        y = y + np.asarray(p["bias"]).reshape(-1, 1, 1)
    return y.astype(expected.dtype)
