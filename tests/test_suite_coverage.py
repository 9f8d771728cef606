"""The suites cover what real student code gets wrong (walks every case of every suite):

- float32 and float64 for every function that takes float arrays;
- for every function and every per-axis parameter (and the input's and kernel's own sizes),
  a case where the two axes differ and H_out != W_out;
- valid transposed convolutions with padding >= kernel - 1;
- N = 0 with and without bias; unbatched input (wherever torch accepts them).
"""
from __future__ import annotations


import numpy as np
import pytest

from autograder.assignments import ASSIGNMENTS
from autograder.cases import ArraySpec, Case, materialize
from autograder.diagnosis.common import SIGNATURES
from autograder.reference import ReferenceRefused, evaluate
from autograder.public_candidates import suite_cases
from autograder.spec import FUNCTIONS, spatial_dims, where

# no output with an H and a W: a1's one-dimension sizes and formulas, and the 1-D functions
ONE_AXIS = {n for n, f in FUNCTIONS.items() if f.family in ("size", "formula") or spatial_dims(n) == 1}
SCALAR = {n for n, f in FUNCTIONS.items() if not f.takes_arrays}
PER_AXIS = ("stride", "padding", "dilation", "kernel_size", "output_padding", "input_hw", "in_hw",
            "output_size")
EMPTY_BATCH = set(where(batched=True))
UNBATCHED = EMPTY_BATCH - {"col2im"}        # no suite needs an unbatched col2im case
WITH_BIAS = set(where(with_bias=True))


def _all_cases() -> list[Case]:
    return [c for name in ASSIGNMENTS for kind in ("public", "hidden") for c in suite_cases(name, kind)]


CASES = [c for c in _all_cases() if c.expect != "raises"]


def _params(case: Case) -> dict:
    names = [n for n, _ in SIGNATURES[case.function]]
    values = dict(zip(names, case.args))
    values.update(case.kwargs_dict)
    return values


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else None


def _out_hw(case: Case):
    """The output's (H, W) as torch computes it (im2col / kernel_matrix: the position grid)."""
    try:
        y = evaluate(case.function, *materialize(case))
    except ReferenceRefused:
        return None
    p = _params(case)
    if case.function == "im2col":
        h, w = p["x"].shape[-2:]
        k, s, q, d = (_pair(p.get(n, dv)) or (p.get(n, dv),) * 2 for n, dv in
                      (("kernel_size", 1), ("stride", 1), ("padding", 0), ("dilation", 1)))
        return tuple((L + 2 * a - b * (c - 1) - 1) // e + 1 for L, c, e, a, b in zip((h, w), k, s, q, d))
    if case.function == "kernel_matrix":
        w = p["weight"]
        h, wd = _pair(p["input_hw"])
        k = w.shape[-2:]
        s, q, d = (_pair(p.get(n, dv)) or (p.get(n, dv),) * 2 for n, dv in
                   (("stride", 1), ("padding", 0), ("dilation", 1)))
        return tuple((L + 2 * a - b * (c - 1) - 1) // e + 1 for L, c, e, a, b in zip((h, wd), k, s, q, d))
    if isinstance(y, tuple) and y and isinstance(y[0], np.ndarray):
        y = y[0]
    if isinstance(y, np.ndarray):
        return tuple(y.shape[-2:]) if y.ndim >= 2 else None
    if isinstance(y, tuple) and len(y) >= 3:
        return tuple(y[-2:])
    return None


def _differs(case: Case, name: str) -> bool:
    p = _params(case)
    if name == "kernel":
        w = p.get("weight")
        shape = w.shape if isinstance(w, ArraySpec) else tuple(p.get("weight_shape") or ())
        if len(shape) < 4 or shape[-1] == shape[-2]:
            return False
    elif name == "input":
        x = p.get("x")
        shape = x.shape if isinstance(x, ArraySpec) else tuple(p.get("input_shape") or ())
        if len(shape) < 3 or shape[-1] == shape[-2]:
            return False
    else:
        pair = _pair(p.get(name))
        if pair is None or len(set(pair)) < 2:
            return False
    hw = _out_hw(case)
    return hw is not None and hw[0] != hw[1]


def _axes(function: str) -> list[str]:
    names = {n for n, _ in SIGNATURES[function]}
    out = [n for n in PER_AXIS if n in names]
    if "weight" in names or "weight_shape" in names:
        out.append("kernel")
    if "x" in names or "input_shape" in names:
        out.append("input")
    return out


def _dtypes(case: Case) -> set[str]:
    return {a.dtype for a in case.array_specs}


@pytest.mark.parametrize("function", sorted(set(SIGNATURES) - SCALAR))
def test_float32_and_float64(function):
    seen: set[str] = set()
    for c in CASES:
        if c.function == function and len(_dtypes(c)) == 1:
            seen |= _dtypes(c)
    assert {"float32", "float64"} <= seen, f"{function}: only {sorted(seen)}"


@pytest.mark.parametrize("function", sorted(set(SIGNATURES) - ONE_AXIS))
def test_differing_axes_for_every_per_axis_parameter(function):
    missing = [name for name in _axes(function)
               if not any(_differs(c, name) for c in CASES if c.function == function)]
    assert not missing, f"{function}: no case with differing axes and H_out != W_out for {missing}"


@pytest.mark.parametrize("function", ["conv_transpose2d", "conv_transpose2d_matmul",
                                      "conv_transpose2d_output_shape", "checkerboard"])
def test_transposed_padding_at_least_kernel_minus_one(function):
    def large_padding(c: Case) -> bool:
        p = _params(c)
        if "weight" in p:
            k = p["weight"].shape[-2:]
        elif "weight_shape" in p:
            k = tuple(p["weight_shape"])[-2:]
        else:
            k = _pair(p["kernel_size"]) or (p["kernel_size"],) * 2
        pad = _pair(p.get("padding", 0)) or (p.get("padding", 0),) * 2
        return any(q >= kk - 1 and q > 0 for q, kk in zip(pad, k)) and _out_hw(c) is not None
    assert any(large_padding(c) for c in CASES if c.function == function)


@pytest.mark.parametrize("function", sorted(EMPTY_BATCH))
def test_empty_batch_with_and_without_bias(function):
    def empty(c: Case) -> bool:
        first = c.args[0] if c.args else None
        return isinstance(first, ArraySpec) and len(first.shape) >= 3 and first.shape[0] == 0
    has = [c for c in CASES if c.function == function and empty(c)]
    assert has, f"{function}: no case with N = 0"
    if function in WITH_BIAS:
        with_bias = {isinstance(_params(c).get("bias"), ArraySpec) for c in has}
        assert with_bias == {True, False}, f"{function}: N = 0 cases only with bias={with_bias}"


@pytest.mark.parametrize("function", sorted(UNBATCHED))
def test_unbatched_input(function):
    n = 1 if function == "conv1d" else 2

    def unbatched(c: Case) -> bool:
        x = _params(c).get("x")
        return isinstance(x, ArraySpec) and len(x.shape) == n + 1
    assert any(unbatched(c) for c in CASES if c.function == function), f"{function}: no unbatched case"
