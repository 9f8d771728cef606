"""Shrink a failing case to the smallest one that still fails the same way, on public seeds.

Greedy: try simpler variants of the case (one image, fewer channels, no groups, simpler
stride / padding / dilation, smaller kernel, smaller image), simplest first, and keep the first
that still fails; repeat until nothing simpler fails or the budget is spent. Every array is drawn
from a PUBLIC seed (``PUBLIC_SEEDS``) as small integers, so the case can be shown in full even
when it came from a hidden test. Candidates torch refuses are skipped without calling the
student's code.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterator

import numpy as np

from autograder import replay
from autograder.cases import ArraySpec, Case, materialize
from autograder.mutations import POOL, SIGNATURES, TRANSPOSED, WITH_WEIGHT, bind, tup, untup
from autograder.reference import ReferenceRefused, evaluate
from autograder.spec import A1_FAMILIES, FUNCTIONS, spatial_dims

# Seeds the grader may show to anyone; hidden suites must draw from other seeds.
PUBLIC_SEEDS: tuple[int, ...] = tuple(range(1000, 1008))
MAX_CALLS = 60
MAX_SECONDS = 20.0
# a2-a4: cases shrunk by their array geometry (a1: by their ints)
_GEOMETRIC = {n for n, f in FUNCTIONS.items() if f.family not in A1_FAMILIES}


@dataclass
class Shrunk:
    case: Case                 # the smallest case found (public seed, not hidden)
    result: Any                # the CallResult of the student's function on it (None if unconfirmed)
    confirmed: bool            # the student's code was seen failing on ``case``
    calls: int                 # calls of the student's function spent


@dataclass(frozen=True)
class Failure:
    """How a call failed; two failures are "the same way" when these three agree."""

    kind: str                     # the verdict kind: "values", "shape", "raised", "dtype", ...
    exc_type: str | None = None   # the exception's class name, when it raised
    diagnosis: str | None = None  # the misconception id found, or None


def refused(call: Any) -> bool:
    """The student's code declined the case as unsupported: NotImplementedError, or a
    ValueError (every candidate the shrinker tries is a configuration torch accepts)."""
    return getattr(call, "status", None) == "raised" and \
        getattr(call, "exc_type", None) in ("NotImplementedError", "ValueError")


def same_way(start: Failure, start_call: Any, classify: Callable[[Case, Any], Failure | None]
             ) -> Callable[[Case, Any], bool]:
    """``still_fails`` for :func:`shrink`: the candidate fails as ``start`` did, and is not one
    the code refuses as unsupported (unless the start itself was that very refusal)."""
    def still_fails(case: Case, call: Any) -> bool:
        if refused(call) and not (refused(start_call) and call.exc_type == start.exc_type):
            return False
        return classify(case, call) == start
    return still_fails


def smallest_failing_case(case: Case, call: Callable[[Case], Any],
                          still_fails: Callable[[Case, Any], bool]) -> Case:
    """The smallest public-seed case on which ``still_fails(case, call(case))`` holds."""
    return shrink(case, call, still_fails).case


def shrink(case: Case, call: Callable[[Case], Any], still_fails: Callable[[Case, Any], bool], *,
           max_calls: int = MAX_CALLS, max_seconds: float = MAX_SECONDS) -> Shrunk:
    """``smallest_failing_case`` with the evidence: the last failing result and the calls spent."""
    deadline = replay.deadline_after(max_seconds)
    seeds = [s for s in PUBLIC_SEEDS if not (case.hidden and s == case.seed)]
    calls = 0
    verdicts: dict[str, Any] = {}       # repr(candidate) -> its failing result or None

    def fails(candidate: Case) -> Any:
        nonlocal calls
        key = repr(candidate)
        if key not in verdicts:          # never the same candidate twice
            calls += 1
            result = call(candidate)
            verdicts[key] = result if still_fails(candidate, result) else None
        return verdicts[key]

    def budget() -> bool:
        return calls < max_calls and time.monotonic() < deadline

    current, result = None, None
    for seed in seeds[:3]:
        for kind in ("ints", None):
            if not budget():
                break
            candidate = _public(case, seed, kind)
            if _valid(candidate):
                result = fails(candidate)
                if result is not None:
                    current = candidate
                    break
        if current is not None:
            break
    if current is None:
        return Shrunk(_public(case, seeds[0], "ints"), None, False, calls)

    improved = True
    while improved and budget():
        improved = False
        for candidate in _simpler(current):
            if not budget():
                break
            if _weight(candidate) >= _weight(current) or not _valid(candidate):
                continue
            candidate = _informative(candidate, seeds)
            found = fails(candidate)
            if found is None and budget():          # unlucky data: one more public seed
                candidate = replace(candidate, seed=_next_seed(seeds, candidate.seed))
                found = fails(candidate)
            if found is not None:
                current, result, improved = candidate, found, True
                break
    return Shrunk(current, result, True, calls)


# ---------------------------------------------------------------- case plumbing


def _public(case: Case, seed: int, kind: str | None) -> Case:
    """The case with a public seed, shown in full; arrays as small integers when kind='ints'."""
    def conv(v: Any) -> Any:
        if isinstance(v, ArraySpec) and kind is not None and v.kind == "randn":
            return replace(v, kind=kind)
        return v
    return replace(case, args=tuple(conv(a) for a in case.args),
                   kwargs=tuple((k, conv(v)) for k, v in case.kwargs), seed=seed, hidden=False,
                   large=False, expect="value", label="smallest failing case")


def _next_seed(seeds: list[int], seed: int) -> int:
    return seeds[(seeds.index(seed) + 1) % len(seeds)] if seed in seeds else seeds[0]


def _informative(case: Case, seeds: list[int]) -> Case:
    """The case on the first public seed (from its own on) where no array is all zeros."""
    if case.seed not in seeds:
        return case
    start = seeds.index(case.seed)
    for seed in seeds[start:] + seeds[:start]:
        candidate = replace(case, seed=seed)
        args, kwargs = materialize(candidate)
        if all(np.any(a) for a in list(args) + list(kwargs.values()) if isinstance(a, np.ndarray)):
            return candidate
    return case


def _valid(case: Case) -> bool:
    try:
        evaluate(case.function, *materialize(case))
        return True
    except (ReferenceRefused, TypeError, ValueError, KeyError):
        return False


def _weight(case: Case) -> tuple[int, int]:
    """Total array elements, then the sum of all integer parameters: what 'smaller' means."""
    elements, ints = 0, 0
    for v in list(case.args) + [v for _, v in case.kwargs]:
        elements += _elements(v)
        ints += _int_sum(v)
    return elements, ints


def _elements(v: Any) -> int:
    if isinstance(v, ArraySpec):
        n = 1
        for s in v.shape:
            n *= s
        return n
    return 0


def _int_sum(v: Any) -> int:
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return abs(v)
    if isinstance(v, (tuple, list)):
        return sum(_int_sum(e) for e in v) + len(v)
    if isinstance(v, ArraySpec):
        return sum(v.shape)
    if v is None:
        return 0
    return 1


def _rebuild(case: Case, params: dict) -> Case:
    names = [n for n, _ in SIGNATURES[case.function]]
    npos = len(case.args)
    args = tuple(params[n] for n in names[:npos])
    defaults = dict(SIGNATURES[case.function])
    kwargs = tuple((n, params[n]) for n in names[npos:] if not _same(params[n], defaults[n]))
    return replace(case, args=args, kwargs=kwargs)


# ---------------------------------------------------------------- simpler candidates


def _simpler(case: Case) -> Iterator[Case]:
    try:
        params = bind(case.function, case.args, case.kwargs_dict)
    except (KeyError, TypeError):
        return
    fn = case.function
    if fn in _GEOMETRIC:
        dims = _dims(fn, params)
        if dims is None:
            return
        for new_dims, new_hyper in _array_edits(fn, dims, params):
            built = _build(fn, {**params, **new_hyper}, new_dims)
            if built is not None:
                yield _rebuild(case, built)
    else:
        for new_params in _scalar_edits(params):
            yield _rebuild(case, new_params)


@dataclass(frozen=True)
class _Dims:
    n: int | None          # batch (None: unbatched)
    c: int                 # input channels
    o: int                 # output channels (= c where there is no weight)
    g: int                 # groups
    hw: tuple[int, ...]    # input spatial size
    k: tuple[int, ...]     # kernel size


def _spec(params: dict, name: str) -> ArraySpec | None:
    v = params.get(name)
    return v if isinstance(v, ArraySpec) else None


def _dims(fn: str, p: dict) -> _Dims | None:
    g = int(p.get("groups", 1) or 1)
    if fn == "checkerboard":
        return _Dims(None, 1, 1, 1, tup(p["in_hw"]), tup(p["kernel_size"]))
    if fn == "kernel_matrix":
        w = _spec(p, "weight")
        return None if w is None else _Dims(None, w.shape[1], w.shape[0], 1, tup(p["input_hw"]), w.shape[2:])
    if fn == "col2im":
        cols = _spec(p, "cols")
        if cols is None:
            return None
        k = tup(p["kernel_size"])
        kk = k[0] * k[1]
        n = cols.shape[0] if len(cols.shape) == 3 else None
        return _Dims(n, cols.shape[-2] // kk, cols.shape[-2] // kk, 1, tup(p["output_size"]), k)
    x, w = _spec(p, "x"), _spec(p, "weight")
    if x is None:
        return None
    sp = spatial_dims(fn)
    n = x.shape[0] if len(x.shape) == sp + 2 else None
    c = x.shape[-sp - 1]
    hw = tuple(x.shape[-sp:])
    if fn in POOL or fn == "im2col":
        return _Dims(n, c, c, 1, hw, tup(p["kernel_size"]))
    if w is None:
        return None
    o = w.shape[1] * g if fn in TRANSPOSED else w.shape[0]
    return _Dims(n, c, o, g, hw, tuple(w.shape[-sp:]))


def _array_edits(fn: str, d: _Dims, p: dict) -> Iterator[tuple[_Dims, dict]]:
    """Simpler (dims, changed parameters), simplest first."""
    if d.n is not None and d.n > 1:
        yield replace(d, n=1), {}
    if d.g > 1:
        yield replace(d, c=d.c // d.g, o=d.o // d.g, g=1), {"groups": 1}
    if d.c > d.g:
        yield replace(d, c=d.g, o=d.o if fn in WITH_WEIGHT else d.g), {}
    if d.o > d.g and fn in WITH_WEIGHT:
        yield replace(d, o=d.g), {}
    if p.get("bias") is not None:
        yield d, {"bias": None}
    for name, simple in (("dilation", 1), ("stride", 1), ("padding", 0), ("output_padding", 0)):
        v = p.get(name)
        if name in p and v is not None and not isinstance(v, str) and tup(v) != tup(simple):
            yield d, {name: simple}
            if isinstance(v, (tuple, list)):
                for i in range(len(v)):
                    if v[i] != simple:
                        yield d, {name: tuple(simple if j == i else e for j, e in enumerate(v))}
    for name, simple in (("padding_mode", "zeros"), ("ceil_mode", False), ("count_include_pad", True)):
        if name in p and p[name] != simple:
            yield d, {name: simple}
    for axis in range(len(d.k)):
        for k in _smaller(d.k[axis]):
            yield replace(d, k=d.k[:axis] + (k,) + d.k[axis + 1:]), {}
    for axis in range(len(d.hw)):
        for size in _smaller(d.hw[axis], floor=1):
            yield replace(d, hw=d.hw[:axis] + (size,) + d.hw[axis + 1:]), {}
    for name in ("stride", "dilation", "padding", "output_padding"):
        v = p.get(name)
        if v is None or isinstance(v, str) or name not in p:
            continue
        parts = tup(v, len(d.hw))
        for i, e in enumerate(parts):
            if e > (0 if name in ("padding", "output_padding") else 1):
                yield d, {name: untup(parts[:i] + (e - 1,) + parts[i + 1:])}


def _smaller(v: int, floor: int = 1) -> list[int]:
    return sorted({s for s in (floor, 2, 3, v // 2, v - 1) if floor <= s < v})


def _build(fn: str, p: dict, d: _Dims) -> dict | None:
    """Parameters with every array shape made consistent with ``d``."""
    p = dict(p)
    lead = () if d.n is None else (d.n,)

    def reshape(name: str, shape: tuple[int, ...]) -> None:
        spec = _spec(p, name)
        if spec is not None:
            p[name] = replace(spec, shape=tuple(shape))

    kernel = untup(d.k) if not isinstance(p.get("kernel_size"), tuple) else tuple(d.k)
    if fn == "checkerboard":
        p.update(in_hw=_like(p["in_hw"], d.hw), kernel_size=kernel)
        return p
    if fn == "kernel_matrix":
        reshape("weight", (d.o, d.c) + d.k)
        p["input_hw"] = _like(p["input_hw"], d.hw)
        return p
    if fn == "col2im":
        out = _out_hw(p, d)
        if out is None:
            return None
        reshape("cols", lead + (d.c * d.k[0] * d.k[1], out[0] * out[1]))
        p.update(output_size=_like(p["output_size"], d.hw), kernel_size=kernel)
        return p
    reshape("x", lead + (d.c,) + d.hw)
    if fn in POOL or fn == "im2col":
        p["kernel_size"] = kernel
        return p
    if fn in TRANSPOSED:
        reshape("weight", (d.c, d.o // d.g) + d.k)
    else:
        reshape("weight", (d.o, d.c // d.g) + d.k)
    if _spec(p, "bias") is not None:
        reshape("bias", (d.o,))
    if fn == "conv2d_backward":
        out = _out_hw(p, d)
        if out is None:
            return None
        reshape("grad_output", lead + (d.o,) + out)
    return p


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def _like(old: Any, new: tuple[int, ...]) -> Any:
    return tuple(new) if isinstance(old, (tuple, list)) else untup(new)


def _out_hw(p: dict, d: _Dims) -> tuple[int, ...] | None:
    n = len(d.hw)
    s, q, dl = tup(p.get("stride", 1), n), tup(p.get("padding", 0), n), tup(p.get("dilation", 1), n)
    out = tuple((L + 2 * pp - dd * (k - 1) - 1) // ss + 1 for L, k, ss, pp, dd in zip(d.hw, d.k, s, q, dl))
    return out if min(out) >= 1 else None


def _scalar_edits(p: dict) -> Iterator[dict]:
    """a1 functions: smaller ints, fewer layers, simpler flags."""
    for name, v in p.items():
        if isinstance(v, bool):
            continue
        if isinstance(v, int):
            floor = 0 if name in ("padding", "output_padding") else 1
            for s in sorted(set(range(floor, min(v, floor + 6))) | set(_smaller(v, floor))):
                yield {**p, name: s}
        elif isinstance(v, tuple) and all(isinstance(e, int) for e in v):
            for i, e in enumerate(v):
                for s in _smaller(e, floor=1):
                    yield {**p, name: v[:i] + (s,) + v[i + 1:]}
        elif isinstance(v, list) and v and all(isinstance(e, (tuple, list)) for e in v):
            for i in range(len(v)):
                if len(v) > 1:
                    yield {**p, name: v[:i] + v[i + 1:]}
            for i, layer in enumerate(v):
                for j, e in enumerate(layer):
                    for s in _smaller(e, floor=1):
                        yield {**p, name: v[:i] + [tuple(layer[:j]) + (s,) + tuple(layer[j + 1:])] + v[i + 1:]}
