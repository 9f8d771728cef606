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

from autograder.cases import ArraySpec, Case, materialize
from autograder.diagnosis.common import Mutation, ShapeOnly, Skip, bind, compose, ref
from autograder.diagnosis.table import mutations_for
from autograder.diagnosis.values import close, shape_of
from autograder.reference import ReferenceRefused

PUBLIC_SEEDS: tuple[int, ...] = tuple(range(1000, 1008))   # the shrinker's public seeds
MAX_PAIRS = 600            # composed pairs tried on one failing case
PAIR_SECONDS = 5.0         # and at most this long
MAX_PAIR_SIZE = 50_000     # elements of torch's output above which pairs are not searched
MAX_CONFIRMING = 4         # confirming cases tried per explanation


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
    deadline = time.monotonic() + PAIR_SECONDS
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
        """True when ``fit`` also explains the student's output on a confirming case."""
        if self.call is None:           # no way to run the student's code: the failing case alone
            return True
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
                return shape_of(got) == want and shape_of(got) != shape_of(expected)
            return close(got, alt, loose=True)
        return False

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
        for seed in PUBLIC_SEEDS:
            if seed != case.seed:
                yield replace(case, seed=seed, hidden=False)
        return
    for args in _nearby(case.function, case.args):
        yield replace(case, args=args, hidden=False)


def _nearby(function: str, args: tuple) -> Iterator[tuple]:
    """Nearby argument tuples of an array-free (a1 or checkerboard) call."""
    if not args:
        return
    first, rest = args[0], args[1:]
    if function == "receptive_field":
        layers = [tuple(layer) for layer in first]
        yield ([(k + 1, s, d) for k, s, d in layers],) + rest
        yield (layers + [(3, 2, 2)],) + rest
        yield ([(k, s + 1, d) for k, s, d in layers],) + rest
        return
    if function == "same_padding":
        for k in (first + 1, first + 2, first + 3):
            yield (k,) + rest
        return
    if function == "conv2d_num_params":
        for f in (2, 3):
            yield (first * f, args[1] * f) + args[2:]
        return
    if isinstance(first, int):
        for delta in (1, 2, 3, 5):
            yield (first + delta,) + rest
        return
    if isinstance(first, (tuple, list)):
        first = tuple(first)
        for dh, dw in ((1, 2), (2, 1), (3, 5)):
            yield (first[:-2] + (first[-2] + dh, first[-1] + dw),) + rest
