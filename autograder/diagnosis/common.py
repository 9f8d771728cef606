"""What every mistake detector shares: SPEC's signatures, bound parameters, torch on a changed call.

A detector (``Mutation``) takes the bound parameters of one call and returns what a student who
made that mistake would return: torch's answer on a changed configuration, sometimes followed by
a plain numpy step. ``ref(function, p, **changes)`` is torch on the changed call, or, when ``p``
carries a ``base`` (``Params.base``), another mistake's answer on it: that is how two mistakes
compose (``compose``). ``ShapeOnly(shape)``: only the size of the mistaken output is known.
``Skip``: the mistake cannot show on this call.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from autograder.reference import evaluate
from autograder.spec import FUNCTIONS, REQUIRED, spatial_dims, where

# SPEC's signatures and families, derived from the one table (autograder.spec).
_NO = REQUIRED
SIGNATURES: dict[str, tuple[tuple[str, Any], ...]] = {n: f.signature for n, f in FUNCTIONS.items()}

CONV = set(where(family="conv"))
TRANSPOSED = set(where(family="transposed"))
POOL = set(where(family="pool"))
WITH_BIAS = set(where(with_bias=True))
WITH_WEIGHT = set(where(with_weight=True))


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


def bind(function: str, args: tuple, kwargs: dict) -> Params:
    """All parameters of a SPEC function by name, defaults filled in."""
    sig = SIGNATURES[function]
    params = Params()
    for (name, default), value in zip(sig, args):
        params[name] = value
    for name, default in sig[len(args):]:
        params[name] = kwargs.get(name, default)
    if any(v is _NO for v in params.values()):
        missing = [k for k, v in params.items() if v is _NO]
        raise TypeError(f"missing arguments: {missing}")
    return params


class Params(dict):
    """Bound parameters by name; ``base`` evaluates a changed call (None: torch itself)."""

    base: Callable[[str, dict], Any] | None = None

    def derived(self, values: dict) -> "Params":
        out = Params(values)
        out.base = self.base
        return out


def ref(function: str, params: dict, **changes: Any) -> Any:
    """torch's answer with some parameters changed (or the base mistake's answer, see Params)."""
    values = {**params, **changes}
    base = getattr(params, "base", None)
    if base is None:
        return evaluate(function, (), values)
    return base(function, Params(values))


def compose(first: "Mutation", second: "Mutation") -> "Mutation":
    """Both mistakes at once: ``second``'s mistake made on top of code that already has ``first``."""
    def compute(function: str, p: dict) -> Any:
        q = Params(p)
        q.base = lambda f, values: _plain_value(first.compute(f, values))
        return second.compute(function, q)
    return Mutation(f"{first.misconception}+{second.misconception}",
                    f"{first.variant}+{second.variant}", first.functions & second.functions, compute)


def _plain_value(value: Any) -> Any:
    if isinstance(value, ShapeOnly):
        raise Skip
    return value


# ---------------------------------------------------------------- small helpers


def nsp(function: str) -> int:
    """Number of spatial dimensions of the arrays of ``function``."""
    return spatial_dims(function)


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


def out_size(size: int, k: int, s: int, p: int, d: int) -> int:
    return (size + 2 * p - d * (k - 1) - 1) // s + 1


