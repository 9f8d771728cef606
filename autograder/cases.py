"""Test cases as data: which student function, which arguments, generated from which seed.

A ``Case`` never holds arrays, only how to make them (``ArraySpec`` + seed), so the same case
can be re-materialized for the reference, for the diagnosis and for the shrinker, and a case
drawn from a *public* seed can be shown to the student in full.

    >>> case = Case("conv2d", (ArraySpec("x", (1, 1, 3, 3)), ArraySpec("weight", (1, 1, 2, 2))),
    ...             kwargs=(("stride", 1),), seed=7)
    >>> args, kwargs = materialize(case)
    >>> args[0].shape, kwargs
    ((1, 1, 3, 3), {'stride': 1})
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np

ArrayKind = Literal["randn", "ints", "ones", "arange"]


@dataclass(frozen=True)
class ArraySpec:
    """How to make one array argument: name (for messages), shape, content and dtype.

    ``randn``: standard normal; ``ints``: small integers in [-3, 3] (exact results, good for
    indexing bugs); ``ones``; ``arange``: 0, 1, 2, ... reshaped (makes order bugs visible).
    """

    name: str
    shape: tuple[int, ...]
    kind: ArrayKind = "randn"
    dtype: str = "float64"


@dataclass(frozen=True)
class Case:
    """One call of a student function.

    ``args`` are positional: ArraySpec (made from the seed) or plain values (ints, tuples, None,
    lists of layer tuples). ``kwargs`` is a tuple of (name, value) pairs (hashable).
    ``expect`` is "value" (compare with torch), "raises" (torch refuses the configuration:
    the student must raise ValueError) or "speed" (value + time ratio to the reference solution).
    """

    function: str
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()
    seed: int = 0
    expect: Literal["value", "raises", "speed"] = "value"
    weight: float = 1.0
    label: str = ""          # short human description, e.g. "stride 2, padding 1"
    group: str = ""          # test group for the course policy (defaults to the function name)
    hidden: bool = False
    large: bool = False      # reference may run on the GPU; graded with a speed ratio
    extra: tuple[tuple[str, Any], ...] = field(default=())

    @property
    def kwargs_dict(self) -> dict[str, Any]:
        return dict(self.kwargs)

    @property
    def array_specs(self) -> list[ArraySpec]:
        values = list(self.args) + [v for _, v in self.kwargs]
        return [a for a in values if isinstance(a, ArraySpec)]

    def with_kwargs(self, **changes: Any) -> "Case":
        kw = dict(self.kwargs)
        kw.update(changes)
        return replace(self, kwargs=tuple(kw.items()))

    def describe(self) -> str:
        """A one-line call signature: conv2d(x(1,1,3,3), weight(1,1,2,2), stride=1)."""
        parts = [_short(a) for a in self.args]
        parts += [f"{k}={_short(v)}" for k, v in self.kwargs]
        return f"{self.function}({', '.join(parts)})"


def _short(value: Any) -> str:
    if isinstance(value, ArraySpec):
        shape = ",".join(map(str, value.shape)) + ("," if len(value.shape) == 1 else "")
        return f"{value.name}[{shape}] {value.dtype}"
    return repr(value)


def make_array(spec: ArraySpec, rng: np.random.Generator) -> np.ndarray:
    """Materialize one ArraySpec with the given generator."""
    n = int(np.prod(spec.shape, dtype=np.int64))
    if spec.kind == "randn":
        data = rng.standard_normal(n)
    elif spec.kind == "ints":
        data = rng.integers(-3, 4, size=n).astype(np.float64)
    elif spec.kind == "ones":
        data = np.ones(n)
    elif spec.kind == "arange":
        data = np.arange(n, dtype=np.float64)
    else:
        raise ValueError(f"unknown array kind {spec.kind!r}")
    return data.reshape(spec.shape).astype(spec.dtype)


def materialize(case: Case) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The concrete (args, kwargs) of a case: arrays drawn from ``default_rng(case.seed)`` in order."""
    rng = np.random.default_rng(case.seed)
    args = tuple(make_array(a, rng) if isinstance(a, ArraySpec) else a for a in case.args)
    kwargs = {k: make_array(v, rng) if isinstance(v, ArraySpec) else v for k, v in case.kwargs}
    return args, kwargs
