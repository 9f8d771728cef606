"""Public configurations to reproduce a hidden failure on, chosen by what the hidden test covers.

A hidden case is described only by its *features* (``features(case)``: "stride", "padding-pair",
"float32", "floor", ...), never by its numbers. ``CandidatePool`` draws, once per function and
from a fixed public seed, a few hundred small valid configurations around the function's public
suite cases; ``ranked(want)`` orders them by how many of the wanted features they share (then by
fewest other features, then by size). Every value shown from a pool case is public: its numbers
come from the public suite and the public seed, and which one is tried depends on the hidden
case's features alone.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, replace
from typing import Any, Iterator

import numpy as np

from autograder.cases import ArraySpec, Case
from autograder.mutations import SIGNATURES, bind, tup, untup
from autograder.shrink import _build, _dims, _rebuild, _valid, _weight
from autograder.spec import where

POOL_SEED = 20261203        # public: the pool is the same for every submission and every run
POOL_DRAWS = 400
ARRAY_FUNCTIONS_WITH_BATCH = set(where(batched=True))
STRING_PADDING = set(where(string_padding=True))
_FLOORED = where(geometry="forward")        # output sizes by floor((L + 2p - d(k-1) - 1)/s) + 1
_ONE_DIMENSION = where(family="size")


def suite_cases(assignment: str, kind: str) -> list[Case]:
    """The cases of an assignment's ``public`` or ``hidden`` suite ([] where it is not installed)."""
    try:
        module = importlib.import_module(f"autograder.suites.{assignment}.test_{kind}")
    except ImportError:
        return []
    return [c for c in getattr(module, "CASES", []) if isinstance(c, Case)]


def features(case: Case) -> tuple[str, ...]:
    """What a case covers, in words a student is told (keys of ``repro_texts.FEATURES``)."""
    out: list[str] = []
    if case.expect == "raises":
        out.append("raises")
    if case.expect == "speed" or case.large:
        out.append("speed")
    try:
        p = bind(case.function, case.args, case.kwargs_dict)
    except (KeyError, TypeError):
        return tuple(out)
    out += _param_features(case.function, p)
    out += _shape_features(case.function, p)
    geometry = _geometry(case.function, p)
    if geometry is not None and geometry[2] and max(geometry[2]) <= 1:
        out = [f for f in out if not f.startswith("dilation")]   # a 1x1 kernel has no dilation
    specs = [v for v in p.values() if isinstance(v, ArraySpec)]
    dtypes = {s.dtype for s in specs}
    if "float32" in dtypes:
        out.append("float32")
    if len(dtypes) > 1:
        out.append("mixed-dtype")
    return tuple(dict.fromkeys(out))


def _ints(v: Any) -> tuple[int, ...] | None:
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return None
    try:
        return tup(v)
    except (TypeError, ValueError):
        return None


def _param_features(fn: str, p: dict) -> list[str]:
    out = []
    for name, floor in (("stride", 1), ("padding", 0), ("dilation", 1)):
        if name not in p:
            continue
        v = p[name]
        if isinstance(v, str):
            out.append(f"padding-{v}")
            continue
        t = _ints(v)
        if t is None:
            continue
        if max(t) > floor:
            out.append(name)
        if len(set(t)) > 1:
            out.append(f"{name}-pair")
    if max(_ints(p.get("output_padding")) or (0,)) > 0:
        out.append("output_padding")
    if isinstance(p.get("groups"), int) and p["groups"] > 1:
        out.append("groups")
    if isinstance(p.get("bias"), ArraySpec):
        out.append("bias")
    if fn == "conv2d_num_params" and p.get("bias") is False:
        out.append("no-bias")
    if p.get("padding_mode", "zeros") != "zeros":
        out.append(f"mode-{p['padding_mode']}")
    if p.get("ceil_mode") is True:
        out.append("ceil_mode")
    if p.get("count_include_pad") is False:
        out.append("no-count-pad")
    if fn == "receptive_field":
        layers = p.get("layers") or []
        if len(layers) > 2:
            out.append("several-layers")
        if any(len(layer) > 1 and layer[1] > 1 for layer in layers):
            out.append("stride")
        if any(len(layer) > 2 and layer[2] > 1 for layer in layers):
            out.append("dilation")
    return out


def _shape_features(fn: str, p: dict) -> list[str]:
    """unbatched / empty / non-square / kernel shape / floor, from the case's geometry."""
    geometry = _geometry(fn, p)
    if geometry is None:
        return []
    n, hw, k = geometry
    out = []
    if n is None and fn in ARRAY_FUNCTIONS_WITH_BATCH | where(family="shape"):
        out.append("unbatched")
    if n == 0:
        out.append("empty")
    if len(hw) == 2 and hw[0] != hw[1]:
        out.append("non-square")
    if len(k) == 2 and k[0] != k[1]:
        out.append("non-square-kernel")
    if any(e % 2 == 0 for e in k):
        out.append("even-kernel")
    if floor_differs(fn, p, hw, k):
        out.append("floor")
    return out


def _geometry(fn: str, p: dict) -> tuple[int | None, tuple, tuple] | None:
    if fn in ("conv_output_size", "pool_output_size"):
        return 1, (int(p["in_size"]),), (int(p["kernel_size"]),)
    if fn == "same_padding":
        return 1, (), (int(p["kernel_size"]),)
    if fn in ("conv2d_output_shape", "conv_transpose2d_output_shape"):
        shape, weight = tuple(p["input_shape"]), tuple(p["weight_shape"])
        if len(shape) < 3 or len(weight) < 4:
            return None
        return (shape[0] if len(shape) == 4 else None), shape[-2:], weight[-2:]
    if fn == "conv2d_num_params":
        return 1, (), tup(p["kernel_size"])
    if fn in SIGNATURES and any(isinstance(v, ArraySpec) for v in p.values()):
        d = _dims(fn, p)
        if d is None:
            return None
        return d.n, tuple(d.hw), tuple(d.k)
    return None


def floor_differs(fn: str, p: dict, hw: tuple, k: tuple) -> bool:
    """Whether (L + 2p − d(k−1) − 1) / s is not a whole number on some axis (floor ≠ ceil)."""
    if fn not in _FLOORED or not hw:
        return False
    stride = p.get("stride", 1)
    if stride is None:                       # pooling: the stride defaults to the kernel
        stride = untup(tuple(k))
    s, q, d = _ints(stride), _ints(p.get("padding", 0)), _ints(p.get("dilation", 1))
    if s is None or q is None or d is None:
        return False
    n = len(hw)
    s, q, d = tup(untup(s), n), tup(untup(q), n), tup(untup(d), n)
    kk = tup(untup(tuple(k)), n)
    return any(s_ > 0 and (L + 2 * q_ - d_ * (k_ - 1) - 1) % s_ != 0
               for L, k_, s_, q_, d_ in zip(hw, kk, s, q, d))


# ---------------------------------------------------------------- the pool


@dataclass(frozen=True)
class Candidate:
    case: Case
    features: frozenset
    weight: float = 0.0          # its size (``shrink._weight``): smaller ranks first among equals


class CandidatePool:
    """Small public configurations of each function, drawn once (keep one pool per session).

    Drawing is cheap (no torch); a candidate is checked against torch only when it is ranked
    high enough to be tried, and that check is kept."""

    def __init__(self, public_cases: list[Case], draws: int = POOL_DRAWS):
        self.public = [c for c in public_cases if c.expect == "value" and not c.hidden]
        self.draws = draws
        self._pools: dict[str, list[Candidate]] = {}
        self._valid: dict[str, bool] = {}
        self._order: dict[tuple[str, frozenset], list[Candidate]] = {}   # (function, want) -> ranking

    def pool(self, function: str) -> list[Candidate]:
        if function not in self._pools:
            self._pools[function] = self._draw(function)
        return self._pools[function]

    def ranked(self, function: str, want: tuple[str, ...] | frozenset, limit: int = 6) -> Iterator[Case]:
        """Up to ``limit`` valid candidates, best match of ``want`` first (checked as they go)."""
        want = frozenset(want) - {"speed", "raises"}
        if (function, want) not in self._order:
            self._order[(function, want)] = sorted(
                self.pool(function), key=lambda c: (-len(c.features & want), len(c.features - want), c.weight))
        scored = self._order[(function, want)]
        found = 0
        for candidate in scored:
            if found >= limit:
                return
            key = repr(candidate.case)
            if key not in self._valid:
                self._valid[key] = _valid(candidate.case)
            if self._valid[key]:
                found += 1
                yield candidate.case

    def _draw(self, function: str) -> list[Candidate]:
        bases = [c for c in self.public if c.function == function]
        rng = np.random.default_rng([POOL_SEED, sum(map(ord, function))])
        seen: dict[str, Candidate] = {}
        for base in bases:
            seen.setdefault(repr(base), Candidate(base, frozenset(features(base)), _weight(base)))
        for i in range(self.draws if bases else 0):
            base = bases[i % len(bases)]
            try:
                case = _perturb(base, rng)
            except Exception:  # noqa: BLE001 - a draw that does not fit this function's shape
                continue
            if case is not None and repr(case) not in seen:
                seen[repr(case)] = Candidate(case, frozenset(features(case)), _weight(case))
        return list(seen.values())


def _perturb(base: Case, rng: np.random.Generator) -> Case | None:
    fn = base.function
    p = bind(fn, base.args, base.kwargs_dict)
    has_arrays = any(isinstance(v, ArraySpec) for v in p.values())
    new = dict(p)
    for name in ("stride", "padding", "dilation", "output_padding"):
        if name in p and not (name == "stride" and p[name] is None and rng.random() < 0.5):
            new[name] = _draw_param(name, rng, 1 if fn in _ONE_DIMENSION else 2)
    if "padding" in p and fn in STRING_PADDING and rng.random() < 0.15:
        new["padding"] = str(rng.choice(["same", "valid"]))
        new["stride"] = 1
    for name, choices in (("ceil_mode", (False, True)), ("count_include_pad", (True, False)),
                          ("padding_mode", ("zeros", "zeros", "reflect", "replicate", "circular"))):
        if name in p:
            new[name] = choices[int(rng.integers(len(choices)))]
    if fn == "receptive_field":
        layers = [(int(rng.integers(1, 5)), int(rng.integers(1, 3)), int(rng.integers(1, 3)))
                  for _ in range(int(rng.integers(1, 4)))]
        new["layers"] = layers
        return _rebuild(base, new)
    if not has_arrays:
        for name, lo, hi in (("in_size", 1, 13), ("kernel_size", 1, 6), ("in_channels", 1, 5),
                             ("out_channels", 1, 5)):
            if name in p and isinstance(p[name], int):
                new[name] = int(rng.integers(lo, hi))
        if "groups" in p:
            new["groups"] = int(rng.choice([1, 1, 2]))
        if fn == "conv2d_num_params" and "bias" in p:
            new["bias"] = bool(rng.random() < 0.6)
        for name in ("input_shape", "weight_shape"):
            if name in p:
                new[name] = _jiggle_shape(tuple(p[name]), rng, spatial_only=name == "weight_shape")
        return _rebuild(base, new)
    d = _dims(fn, p)
    if d is None:
        return None
    g = int(rng.choice([1, 1, 2])) if "groups" in p else 1
    n = d.n
    if n is not None and fn in ARRAY_FUNCTIONS_WITH_BATCH:
        n = [None, 0, 1, 1, 2][int(rng.integers(5))]
    c = g * int(rng.integers(1, 3))
    o = g * int(rng.integers(1, 3)) if d.o != d.c or g > 1 or fn not in ("max_pool2d", "avg_pool2d",
                                                                       "im2col", "col2im") else c
    hw = tuple(int(rng.integers(2, 9)) for _ in d.hw)
    k = tuple(int(rng.integers(1, 4)) for _ in d.k)
    if "groups" in p:
        new["groups"] = g
    if "bias" in p and fn not in ("conv2d_backward",):
        new["bias"] = (ArraySpec("bias", (o,), _kind(p), _dtype(p)) if rng.random() < 0.5 else None)
    dims = replace(d, n=n, c=c, o=o, g=g, hw=hw, k=k)
    built = _build(fn, new, dims)
    if built is None:
        return None
    dtype = ["float64", "float32", "mixed"][int(rng.integers(3))]
    first = True
    for name, v in list(built.items()):
        if isinstance(v, ArraySpec):
            built[name] = replace(v, dtype="float32" if dtype == "float32" or (dtype == "mixed" and first)
                                  else "float64")
            first = False
    return _rebuild(base, built)


def _draw_param(name: str, rng: np.random.Generator, axes: int) -> Any:
    lo, hi = {"stride": (1, 4), "padding": (0, 3), "dilation": (1, 3), "output_padding": (0, 2)}[name]
    if axes > 1 and rng.random() < 0.3:
        return tuple(int(rng.integers(lo, hi)) for _ in range(axes))
    if rng.random() < 0.35:
        return lo
    return int(rng.integers(lo, hi))


def _jiggle_shape(shape: tuple, rng: np.random.Generator, spatial_only: bool) -> tuple:
    out = list(shape)
    for i in range(len(out)):
        if spatial_only and i < len(out) - 2:
            continue
        if i >= len(out) - 2:
            out[i] = int(rng.integers(1, 10))
        elif i == 0 and len(out) == 4:
            out[i] = [0, 1, 2, 3][int(rng.integers(4))]
    return tuple(out)


def _kind(p: dict) -> str:
    for v in p.values():
        if isinstance(v, ArraySpec):
            return v.kind
    return "ints"


def _dtype(p: dict) -> str:
    for v in p.values():
        if isinstance(v, ArraySpec):
            return v.dtype
    return "float64"
