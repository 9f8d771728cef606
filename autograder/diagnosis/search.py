"""Which mistakes explain a wrong output: single detectors first, then pairs, each confirmed.

A ``Fit`` is one explanation (one mutation, or two composed) that reproduces the student's
output on the failing case. ``Confirmer`` checks it on a second case drawn from public seeds
(for a1's array-free functions: a nearby configuration), through the same callback that runs
the student's code: the explanation holds only where its mutated output again equals the
student's, on a case where the mistake makes a difference.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterator

import numpy as np

from autograder import replay
from autograder.cases import ArraySpec, Case, materialize
from autograder.diagnosis.common import (CONV, POOL, TRANSPOSED, Mutation, ShapeOnly, Skip, bind,
                                         compose, nsp, ref)
from autograder.diagnosis.table import mutations_for
from autograder.diagnosis.values import close, shape_of
from autograder.reference import ReferenceRefused

PUBLIC_SEEDS: tuple[int, ...] = tuple(range(1000, 1008))   # the shrinker's public seeds
MAX_PAIRS = 600            # composed pairs tried on one failing case
PAIR_SECONDS = 5.0         # and at most this long
MAX_PAIR_SIZE = 50_000     # elements of torch's output above which pairs are not searched
MAX_CONFIRMING = 16        # valid confirming cases looked at per explanation
MAX_INFORMATIVE = 3        # with arrays: confirming cases where the mistake shows, checked


@dataclass(frozen=True)
class Fit:
    """One explanation of the student's output: its mutations and what matched."""

    mutations: tuple[Mutation, ...]
    evidence: str                      # "value" or "shape"

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.misconception for m in self.mutations))

    def compute(self, function: str, params: dict) -> Any:
        m = self.mutations[0] if len(self.mutations) == 1 else compose(*self.mutations)
        return m.compute(function, params)


def _attempt(m: Mutation, function: str, params: dict) -> Any:
    """The mutated output, or None where the mistake cannot show (or its torch call is refused)."""
    try:
        return m.compute(function, params)
    except (Skip, ReferenceRefused):
        return None
    except Exception:  # noqa: BLE001 - a detector that cannot handle this call explains nothing
        return None


def single_fits(function: str, params: dict, got: Any, expected: Any
                ) -> tuple[list[Fit], list[Fit], list[tuple[Mutation, Any]]]:
    """(value fits, shape fits, the mutations whose output differs from torch's) in table order."""
    values, shapes, differs = [], [], []
    got_shape, want_shape = shape_of(got), shape_of(expected)
    for m in mutations_for(function):
        alt = _attempt(m, function, params)
        if alt is None:
            continue
        if isinstance(alt, ShapeOnly):
            if got_shape is not None and got_shape != want_shape and alt.shape == got_shape:
                shapes.append(Fit((m,), "shape"))
            continue
        if close(alt, expected, loose=True):
            continue                    # this mistake makes no difference on this call
        differs.append((m, alt))
        if close(got, alt, loose=True):
            values.append(Fit((m,), "value"))
        elif got_shape is not None and got_shape != want_shape and shape_of(alt) == got_shape:
            shapes.append(Fit((m,), "shape"))
    return values, shapes, differs


def pair_fits(function: str, params: dict, got: Any, expected: Any,
              differs: list[tuple[Mutation, Any]]) -> list[Fit]:
    """Two mistakes of different kinds at once, whose composition reproduces ``got`` (bounded)."""
    size = expected.size if isinstance(expected, np.ndarray) else 0
    if size > MAX_PAIR_SIZE:
        return []
    deadline = replay.deadline_after(PAIR_SECONDS)
    fits, seen, tried = [], set(), 0
    for a, _ in differs:
        for b, _ in differs:
            if a.misconception == b.misconception:
                continue
            key = frozenset((a.variant + "@" + a.misconception, b.variant + "@" + b.misconception))
            if key in seen:
                continue
            if tried >= MAX_PAIRS or time.monotonic() > deadline:
                return fits
            tried += 1
            alt = _attempt(compose(a, b), function, params)
            if alt is not None and not isinstance(alt, ShapeOnly) and close(got, alt, loose=True):
                seen.add(key)
                fits.append(Fit((a, b), "value"))
    return fits


class Confirmer:
    """Checks explanations on public confirming cases through ``call`` (the student's code)."""

    def __init__(self, case: Case, call: Callable[[Case], Any] | None):
        self.case = case
        self.call = call
        self._cases: list[tuple[Case, dict, Any]] | None = None
        self._got: dict[int, Any] = {}

    def confirms(self, fit: Fit) -> bool:
        """True when ``fit`` explains the student's output on the confirming cases where it makes
        a difference (at least one; up to ``MAX_INFORMATIVE`` looked at), and fails on none."""
        if self.call is None:           # no way to run the student's code: the failing case alone
            return True
        limit = MAX_INFORMATIVE if self._has_arrays() else MAX_CONFIRMING
        seen = 0
        for i, (case, params, expected) in enumerate(self._confirming()):
            alt = _attempt_fit(fit, case.function, params)
            if alt is None:
                continue
            if isinstance(alt, ShapeOnly):
                if alt.shape == shape_of(expected):
                    continue
            elif close(alt, expected, loose=True):
                continue                # the mistake makes no difference here: no evidence
            got = self._student(i, case)
            if got is None:
                continue
            if isinstance(alt, ShapeOnly) or fit.evidence == "shape":
                want = alt.shape if isinstance(alt, ShapeOnly) else shape_of(alt)
                ok = shape_of(got) == want and shape_of(got) != shape_of(expected)
            else:
                ok = close(got, alt, loose=True)
            if not ok:
                return False
            seen += 1
            if seen >= limit:
                break
        return seen > 0

    def _has_arrays(self) -> bool:
        return any(isinstance(a, ArraySpec) for a in self.case.array_specs)

    def confirms_shape(self, check: Callable[[Any, Any], bool]) -> bool:
        """A shape rule (e.g. off by one) that holds on a confirming case too."""
        if self.call is None:
            return True
        for i, (case, _, expected) in enumerate(self._confirming()):
            got = self._student(i, case)
            if got is not None and check(shape_of(got), shape_of(expected)):
                return True
        return False

    def _student(self, i: int, case: Case) -> Any:
        if i not in self._got:
            try:
                self._got[i] = self.call(case)
            except Exception:  # noqa: BLE001 - a failed call confirms nothing
                self._got[i] = None
        return self._got[i]

    def _confirming(self) -> list[tuple[Case, dict, Any]]:
        if self._cases is None:
            self._cases = []
            for case in confirming_cases(self.case):
                try:
                    args, kwargs = materialize(case)
                    params = bind(case.function, args, kwargs)
                    self._cases.append((case, params, ref(case.function, params)))
                except (ReferenceRefused, TypeError, KeyError, ValueError):
                    continue
                if len(self._cases) >= MAX_CONFIRMING:
                    break
        return self._cases


def _attempt_fit(fit: Fit, function: str, params: dict) -> Any:
    try:
        return fit.compute(function, params)
    except (Skip, ReferenceRefused):
        return None
    except Exception:  # noqa: BLE001
        return None


def confirming_cases(case: Case) -> Iterator[Case]:
    """Public cases near ``case``: other public seeds, or (no arrays) nearby configurations."""
    has_arrays = any(isinstance(a, ArraySpec) for a in list(case.args) + [v for _, v in case.kwargs])
    if has_arrays:
        seeds = [seed for seed in PUBLIC_SEEDS if seed != case.seed]
        resized = list(_resized(case))
        for i, seed in enumerate(seeds):
            yield replace(case, seed=seed, hidden=False)
            if i < len(resized):
                yield replace(resized[i], seed=seed, hidden=False)
        return
    try:
        params = bind(case.function, case.args, case.kwargs_dict)
    except TypeError:
        return
    for changes in _nearby(case.function, params):
        values = tuple({**params, **changes}.values())
        yield Case(case.function, values, seed=case.seed)


_RESIZABLE = CONV | POOL | TRANSPOSED | {"im2col"}       # one input image x to grow


def _resized(case: Case) -> Iterator[Case]:
    """The case with a larger input image (x's spatial axes grown), for rules that hang on sizes."""
    if case.function not in _RESIZABLE:
        return
    n = nsp(case.function)
    for grow in ((1, 0), (0, 1), (1, 2), (2, 1)):
        grow = grow[-n:]
        if not any(grow):
            continue
        args = tuple(_grow(a, grow) if isinstance(a, ArraySpec) and a.name == "x" else a
                     for a in case.args)
        yield replace(case, args=args)


def _grow(spec: ArraySpec, grow: tuple[int, ...]) -> ArraySpec:
    shape = spec.shape[:-len(grow)] + tuple(v + g for v, g in zip(spec.shape[-len(grow):], grow))
    return replace(spec, shape=shape)


_TUNABLE = ("kernel_size", "stride", "padding", "dilation", "output_padding", "groups")


def _bump(value: Any, by: int) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return None
    if isinstance(value, int):
        return value + by
    if isinstance(value, (tuple, list)) and all(isinstance(v, int) for v in value):
        return tuple(v + by + i for i, v in enumerate(value))
    return None


def _nearby(function: str, params: dict) -> Iterator[dict]:
    """Changed parameters of an array-free (a1 or checkerboard) call: sizes first, then the rest."""
    if function == "receptive_field":
        layers = [tuple(layer) for layer in params["layers"]]
        yield {"layers": [(k + 1, s, d) for k, s, d in layers]}
        yield {"layers": layers + [(3, 2, 2)]}
        yield {"layers": [(k, s + 1, d) for k, s, d in layers]}
        yield {"layers": [(k, s, d + 1) for k, s, d in layers]}
        return
    if function == "conv2d_num_params":
        for f in (2, 3):
            yield {"in_channels": params["in_channels"] * f, "out_channels": params["out_channels"] * f}
        yield {"kernel_size": _bump(params["kernel_size"], 1)}
        return
    first = next(iter(params))
    sizes = []
    for by in (1, 2, 3, 5):
        if function in ("conv2d_output_shape", "conv_transpose2d_output_shape"):
            shape = tuple(params[first])
            sizes.append({first: shape[:-2] + (shape[-2] + by, shape[-1] + 2 * by)})
        else:
            bumped = _bump(params[first], by)
            if bumped is not None:
                sizes.append({first: bumped})
    yield from sizes[:2]
    for by in (1, 2):
        for name in _TUNABLE:
            if name in params and name != first:
                bumped = _bump(params[name], by)
                if bumped is not None:
                    yield {**sizes[by - 1], name: bumped} if sizes else {name: bumped}
    yield from sizes[2:]
