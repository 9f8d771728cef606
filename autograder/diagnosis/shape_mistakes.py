"""Detectors of size-formula mistakes in a1's full-shape and receptive-field functions, and of
outputs one row / column too large or too small (see ``common`` for the contract).

Output size per axis: floor((L + 2p − d(k−1) − 1) / s) + 1; transposed:
(L − 1)s − 2p + d(k−1) + output_padding + 1; receptive field: 1 + Σ d_l(k_l − 1)·Π_{m<l} s_m.
"""
from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from autograder.diagnosis.common import ShapeOnly, Skip, nsp, ref, tup

_CONV_RULES: dict[str, Callable[[int, int, int, int, int], int]] = {
    "ceil": lambda L, k, s, q, d: math.ceil((L + 2 * q - d * (k - 1) - 1) / s) + 1,
    "kd": lambda L, k, s, q, d: (L + 2 * q - k * d) // s + 1,
    "stride-twice": lambda L, k, s, q, d: (L + 2 * q - d * (k - 1) - 1) // (s * s) + 1,
    "one-side-padding": lambda L, k, s, q, d: (L + q - d * (k - 1) - 1) // s + 1,
}


def conv_shape_rule(rule: str) -> Callable[[str, dict], Any]:
    """conv2d_output_shape with a mistaken per-axis size formula (torch's checks still apply)."""
    size = _CONV_RULES[rule]

    def compute(function: str, p: dict) -> Any:
        shape = tuple(ref(function, p))
        L = tuple(p["input_shape"])[-2:]
        k = tuple(p["weight_shape"])[-2:]
        s, q, d = tup(p["stride"]), p["padding"], tup(p["dilation"])
        if isinstance(q, str):
            raise Skip
        q = tup(q)
        sizes = tuple(size(*args) for args in zip(L, k, s, q, d))
        if min(sizes) < 1:
            raise Skip
        return shape[:-2] + sizes
    return compute


def shape_plus(delta: int) -> Callable[[str, dict], Any]:
    """Full shapes (a1) or arrays whose spatial size is off by ``delta`` on both axes."""
    def compute(function: str, p: dict) -> Any:
        y = ref(function, p)
        if isinstance(y, tuple) and all(isinstance(v, int) for v in y):
            return y[:-2] + tuple(v + delta for v in y[-2:])
        if not isinstance(y, np.ndarray) or y.ndim < 2:
            raise Skip
        n = nsp(function)
        sizes = tuple(v + delta for v in y.shape[-n:])
        if min(sizes) < 1:
            raise Skip
        return ShapeOnly(y.shape[:-n] + sizes)
    return compute


def kernel_matrix_plus(delta: int) -> Callable[[str, dict], Any]:
    """kernel_matrix with H_out and W_out both off by ``delta``: only the row count is known."""
    def compute(function: str, p: dict) -> Any:
        K = ref(function, p)
        w = np.asarray(p["weight"])
        h, wd = tup(p["input_hw"])
        ks, s, d = w.shape[-2:], tup(p["stride"]), tup(p["dilation"])
        q = tup(p["padding"])
        oh, ow = ((L + 2 * a - b * (k - 1) - 1) // c + 1 for L, k, c, a, b in zip((h, wd), ks, s, q, d))
        if min(oh, ow) + delta < 1:
            raise Skip
        return ShapeOnly((w.shape[0] * (oh + delta) * (ow + delta), K.shape[1]))
    return compute


def _layers(p: dict) -> list[tuple[int, int, int]]:
    return [tuple(int(v) for v in layer) for layer in p["layers"]]


def rf_kd(function: str, p: dict) -> Any:
    """Receptive field with each dilated kernel spanning k·d pixels."""
    layers = _layers(p)
    if all(d == 1 for _, _, d in layers):
        raise Skip
    rf, jump = 1, 1
    for k, s, d in layers:
        rf += (k * d - 1) * jump
        jump *= s
    return rf


def rf_own_stride(function: str, p: dict) -> Any:
    """Receptive field with each layer's span multiplied by its own stride too."""
    layers = _layers(p)
    rf, jump = 1, 1
    for k, s, d in layers:
        jump *= s
        rf += d * (k - 1) * jump
    return rf


def im2col_plus(delta: int) -> Callable[[str, dict], Any]:
    """im2col with H_out and W_out both off by ``delta``: only the column count is known."""
    def compute(function: str, p: dict) -> Any:
        y = ref(function, p)
        h, w = np.shape(p["x"])[-2:]
        ks, s, q, d = (tup(p[n]) for n in ("kernel_size", "stride", "padding", "dilation"))
        oh, ow = ((L + 2 * a - b * (k - 1) - 1) // c + 1 for L, k, c, a, b in zip((h, w), ks, s, q, d))
        if min(oh, ow) + delta < 1:
            raise Skip
        return ShapeOnly(y.shape[:-1] + ((oh + delta) * (ow + delta),))
    return compute
