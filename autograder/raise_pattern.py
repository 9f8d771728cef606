"""Diagnose a function that raises on a valid configuration by where it raises.

Around one failing case, a few nearby valid configurations are tried (input size ±1..3 per axis,
stride 1/2/3, padding 0/1, dilation 1/2, groups 1). A pattern explains the failure when the
function raises the same exception type exactly where the pattern's condition holds, on at least
two configurations each way, and no other pattern fits too:

| condition on the configuration                        | misconception        |
| ---                                                    | ---                  |
| (L + 2p − d(k−1) − 1) / s not whole on some axis       | off-by-one-size      |
| padding > 0                                            | padding-ignored      |
| stride > 1                                             | stride-misapplied    |
| dilation > 1                                           | dilation-ignored     |
| groups > 1                                             | groups-ignored       |
| input height ≠ width                                   | hw-swapped           |

Only public configurations are tried (the caller's ``call`` runs them in a worker that never
received a hidden input).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Iterator

from autograder import i18n
from autograder.cases import ArraySpec, Case
from autograder.mutations import bind, tup
from autograder.public_candidates import _geometry, _ints, floor_differs
from autograder.repro_texts import say, where
from autograder.shrink import _build, _dims, _rebuild, _valid

MIN_EACH_WAY = 2
BUDGET = 18


@dataclass(frozen=True)
class RaisePattern:
    misconception: str
    exc_type: str
    tried: int                  # configurations observed, the failing one included


def conditions(case: Case) -> dict[str, bool] | None:
    """The pattern conditions on one configuration (None when its geometry is unknown)."""
    fn = case.function
    try:
        p = bind(fn, case.args, case.kwargs_dict)
    except (KeyError, TypeError):
        return None
    geometry = _geometry(fn, p)
    if geometry is None or isinstance(p.get("padding"), str):
        return None
    _, hw, k = geometry
    out = {"off-by-one-size": floor_differs(fn, p, hw, k)}
    stride = p.get("stride", 1)
    for name, value, floor in (("padding-ignored", p.get("padding"), 0),
                               ("stride-misapplied", tuple(k) if stride is None else stride, 1),
                               ("dilation-ignored", p.get("dilation"), 1)):
        ints = _ints(value) if value is not None else None
        if ints is not None:
            out[name] = max(ints) > floor
    if isinstance(p.get("groups"), int):
        out["groups-ignored"] = p["groups"] > 1
    if len(hw) == 2:
        out["hw-swapped"] = hw[0] != hw[1]
    return out


def variants(case: Case) -> Iterator[Case]:
    """Nearby configurations: other input sizes, then other hyper-parameters; each parameter
    made simple (stride 1, padding 0, dilation 1, groups 1) is also tried at two other sizes."""
    yield from _sizes(case, DELTAS)
    fn = case.function
    p = bind(fn, case.args, case.kwargs_dict)
    simple = []
    for name, values in (("stride", (1, 2, 3)), ("padding", (0, 1)), ("dilation", (1, 2))):
        if name in p and not isinstance(p[name], str):
            for value in values:
                if p[name] is None or tup(p[name]) != (value, value):
                    edited = _rebuild(case, {**p, name: value})
                    yield edited
                    if value == values[0]:
                        simple.append(edited)
    d = _dims(fn, p) if any(isinstance(v, ArraySpec) for v in p.values()) else None
    if d is not None and isinstance(p.get("groups"), int) and p["groups"] > 1:
        built = _build(fn, {**p, "groups": 1}, replace(d, c=d.c // d.g, o=d.o // d.g, g=1))
        if built is not None:
            simple.append(_rebuild(case, built))
            yield simple[-1]
    for edited in simple:
        yield from _sizes(edited, DELTAS[:2])


DELTAS = [(0, 1), (1, 1), (0, 2), (1, 2), (0, -1), (1, -1), (0, 3), (1, 3)]


def _sizes(case: Case, deltas: list[tuple[int, int]]) -> Iterator[Case]:
    """The case with its input grown or shrunk by ``delta`` along one spatial ``axis``."""
    fn = case.function
    p = bind(fn, case.args, case.kwargs_dict)
    d = _dims(fn, p) if any(isinstance(v, ArraySpec) for v in p.values()) else None
    for axis, delta in deltas:
        if d is not None and axis < len(d.hw):
            hw = tuple(h + delta if i == axis else h for i, h in enumerate(d.hw))
            if min(hw) >= 1:
                built = _build(fn, dict(p), replace(d, hw=hw))
                if built is not None:
                    yield _rebuild(case, built)
        elif d is None and "in_size" in p and axis == 0 and p["in_size"] + delta >= 1:
            yield _rebuild(case, {**p, "in_size": p["in_size"] + delta})
        elif d is None and "input_shape" in p and len(p["input_shape"]) >= 3:
            shape = list(p["input_shape"])
            i = len(shape) - 2 + axis
            if shape[i] + delta >= 1:
                shape[i] += delta
                yield _rebuild(case, {**p, "input_shape": tuple(shape)})


def probe(case: Case, exc_type: str, call: Callable[[Case], Any], budget: int = BUDGET
          ) -> RaisePattern | None:
    """The one pattern that explains where the function raises ``exc_type``, or None."""
    base = conditions(case)
    if base is None or exc_type == "NotImplementedError":
        return None
    observed: list[tuple[dict[str, bool], bool]] = [(base, True)]
    seen = {repr(case)}
    try:
        candidates = list(variants(case))
    except (KeyError, TypeError, ValueError):
        return None
    for candidate in candidates:
        if len(observed) > budget:
            break
        key = repr(candidate)
        if key in seen:
            continue
        seen.add(key)
        cond = conditions(candidate)
        if cond is None or not _valid(candidate):
            continue
        result = call(candidate)
        if result.status == "ok":
            observed.append((cond, False))
        elif result.status == "raised" and result.exc_type == exc_type:
            observed.append((cond, True))
        # any other outcome (another exception, a timeout) says nothing about this pattern
    raised = sum(r for _, r in observed)
    returned = len(observed) - raised
    if raised < MIN_EACH_WAY or returned < MIN_EACH_WAY:
        return None
    fits = [m for m, holds in base.items() if holds
            and all(c.get(m) is r for c, r in observed)]
    return RaisePattern(fits[0], exc_type, len(observed)) if len(fits) == 1 else None


def render(pattern: RaisePattern, lang: str = "en") -> str:
    """The diagnosis paragraph: title [id], where it raises, what was done, what torch does."""
    e = i18n.explain(pattern.misconception, lang)
    sentence = say("raise_pattern", lang, exc_type=pattern.exc_type,
                   where=where(pattern.misconception, lang), tried=pattern.tried)
    sep = i18n.label("sep", lang)
    return "\n".join([f"{e.title} [{pattern.misconception}]", sentence,
                      f"{i18n.label('did', lang)}{sep}{e.did}",
                      f"{i18n.label('torch', lang)}{sep}{e.torch}",
                      f"{i18n.label('check', lang)}{sep}{e.check}"])
