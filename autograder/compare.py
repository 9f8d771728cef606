"""Escalating checks of one student call against torch, with a sentence at each step.

missing function → raised → not the right type → wrong shape → wrong dtype → NaN/inf → values.
The first step that fails gives the verdict. For hidden tests the sentence never holds the
inputs, the expected values or the text of the student's exception (only its type).
"""
from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.messages import say
from autograder.spec import FUNCTIONS

RTOL = {np.dtype("float32"): 1e-4, np.dtype("float64"): 1e-9, np.dtype("float16"): 1e-2}
SPEED_RATIO = 20.0

# Python's own exception classes: the only exception names a hidden test repeats (a class the
# student defined could be named after the hidden data)
BUILTIN_EXCEPTIONS = frozenset(n for n, v in vars(builtins).items()
                               if isinstance(v, type) and issubclass(v, BaseException))

# names of the parts of a tuple result, for messages ("in grad_weight")
PART_NAMES = {name: f.parts for name, f in FUNCTIONS.items() if f.parts}


@dataclass
class Verdict:
    """The outcome of one check: passed or not, why (a short kind), and the sentence."""

    passed: bool
    kind: str
    message: str
    misconception: str | None = None

    @classmethod
    def ok(cls, lang: str = "en") -> "Verdict":
        return cls(True, "passed", say("passed", lang))


def tolerance(dtype: np.dtype, expected: np.ndarray) -> float:
    """Absolute tolerance: rtol(dtype) · max(1, max|expected|); 0 for integer results."""
    if dtype.kind not in "fc":
        return 0.0
    scale = float(np.max(np.abs(expected))) if expected.size else 0.0
    return RTOL.get(np.dtype(dtype), 1e-9) * max(1.0, scale)


def check_call(call: Any, expected: Any, *, function: str, expect: str, hidden: bool,
               lang: str = "en", refusal: str = "", memory_limit: str = "1 GiB",
               time_limit: float | None = None) -> Verdict:
    """Judge a ``CallResult`` against torch's ``expected`` (or its ``refusal`` for raises cases).

    On a hidden test nothing the worker chose reaches the sentence beyond the verdict itself:
    no detail text, exit code, elapsed time, type, shape or dtype of its own making."""
    status = call.status
    if status == "missing":
        return Verdict(False, "missing", say("missing", lang, function=function))
    if status == "timeout":
        seconds = time_limit if hidden and time_limit is not None else float(call.elapsed or 0.0)
        return Verdict(False, "timeout", say("timeout", lang, seconds=seconds))
    if status == "memory":
        return Verdict(False, "memory", say("memory", lang, limit=memory_limit))
    if status == "crashed":
        if hidden:
            return Verdict(False, "crashed", say("crashed_hidden", lang))
        return Verdict(False, "crashed", say("crashed", lang, detail=call.detail or "?"))
    if status == "bad_return":
        if hidden:
            return Verdict(False, "bad_return", say("bad_return_hidden", lang))
        return Verdict(False, "bad_return", say("bad_return", lang, detail=call.detail or "?"))
    if status == "raised":
        return _check_raised(call, function=function, expect=expect, hidden=hidden, lang=lang,
                             refusal=refusal)
    if expect == "raises":
        key = "should_raise_returned_hidden" if hidden else "should_raise_returned_public"
        return Verdict(False, "should_raise", say(key, lang, reason=refusal))
    return compare_value(expected, call.value, function=function, hidden=hidden, lang=lang)


def _check_raised(call: Any, *, function: str, expect: str, hidden: bool, lang: str,
                  refusal: str) -> Verdict:
    exc_type = call.exc_type or "Exception"
    message = _bounded(call.exc_message or "")
    if call.forbidden_module:
        if hidden:
            return Verdict(False, "forbidden", say("forbidden_hidden", lang))
        return Verdict(False, "forbidden", say("forbidden", lang, module=call.forbidden_module))
    if exc_type == "NotImplementedError":
        return Verdict(False, "not_implemented", say("not_implemented", lang, function=function))
    if hidden and exc_type not in BUILTIN_EXCEPTIONS:
        exc_type = say("own_exception", lang)
    if expect == "raises":
        if exc_type == "ValueError":
            return Verdict.ok(lang)
        key = "should_raise_other_hidden" if hidden else "should_raise_other_public"
        return Verdict(False, "should_raise",
                       say(key, lang, reason=refusal, exc_type=exc_type, exc_message=message))
    key = "raised_hidden" if hidden else "raised_public"
    return Verdict(False, "raised", say(key, lang, exc_type=exc_type, exc_message=message))


def compare_value(expected: Any, got: Any, *, function: str = "", hidden: bool = False,
                  lang: str = "en", what: str = "") -> Verdict:
    """Compare a decoded student value with the reference value, step by step."""
    if isinstance(expected, np.ndarray):
        return _compare_array(expected, got, hidden=hidden, lang=lang, what=what)
    if isinstance(expected, tuple):
        return _compare_tuple(expected, got, function=function, hidden=hidden, lang=lang, what=what)
    if isinstance(expected, (int, np.integer)):
        if not _is_int(got):
            return Verdict(False, "type", say("not_int", lang, what=what, got=_describe(got, hidden)))
        if int(got) != int(expected):
            if hidden:
                return Verdict(False, "values", say("wrong_int_hidden", lang, what=what))
            return Verdict(False, "values", say("wrong_int", lang, what=what, expected=int(expected),
                                                got=int(got)))
        return Verdict.ok(lang)
    raise TypeError(f"no comparison for reference values of type {type(expected).__name__}")


def _compare_tuple(expected: tuple, got: Any, *, function: str, hidden: bool, lang: str,
                   what: str) -> Verdict:
    n = len(expected)
    if not isinstance(got, (tuple, list)) or len(got) != n:
        return Verdict(False, "type", say("not_tuple", lang, n=n, what=what, got=_describe(got, hidden)))
    if all(isinstance(e, (int, np.integer)) for e in expected):
        if not all(_is_int(g) for g in got):
            return Verdict(False, "type", say("not_int", lang, what=what, got=_describe(got, hidden)))
        if tuple(int(g) for g in got) != tuple(int(e) for e in expected):
            if hidden:
                return Verdict(False, "values", say("wrong_int_hidden", lang, what=what))
            return Verdict(False, "values", say("wrong_int", lang, what=what, expected=tuple(expected),
                                                got=tuple(int(g) for g in got)))
        return Verdict.ok(lang)
    names = PART_NAMES.get(function, ())
    for i, (e, g) in enumerate(zip(expected, got)):
        part = names[i] if i < len(names) else f"element {i}"
        verdict = compare_value(e, g, function=function, hidden=hidden, lang=lang,
                                what=f"{what} ({part})")
        if not verdict.passed:
            return verdict
    return Verdict.ok(lang)


def _compare_array(expected: np.ndarray, got: Any, *, hidden: bool, lang: str, what: str) -> Verdict:
    if not isinstance(got, np.ndarray):
        return Verdict(False, "type", say("not_array", lang, what=what, got=_describe(got, hidden)))
    if got.shape != expected.shape:
        if hidden:      # the student's shape can spell out hidden numbers; the expected one cannot
            return Verdict(False, "shape", say("shape_hidden", lang, what=what, expected=expected.shape))
        return Verdict(False, "shape", say("shape", lang, what=what, expected=expected.shape,
                                            got=got.shape))
    if expected.dtype.kind in "iub":
        if got.dtype.kind not in "iu":
            if hidden:
                return Verdict(False, "dtype", say("int_dtype_hidden", lang, what=what))
            return Verdict(False, "dtype", say("int_dtype", lang, what=what, got=got.dtype))
    elif got.dtype != expected.dtype:
        if hidden:
            return Verdict(False, "dtype", say("dtype_hidden", lang, what=what, expected=expected.dtype),
                           misconception="wrong-dtype")
        return Verdict(False, "dtype", say("dtype", lang, what=what, expected=expected.dtype,
                                            got=got.dtype), misconception="wrong-dtype")
    if expected.size == 0:
        return Verdict.ok(lang)
    g = got.astype(np.float64) if got.dtype.kind != "c" else got
    e = expected.astype(np.float64)
    bad = ~np.isfinite(g) & np.isfinite(e)
    if bad.any():
        if hidden:
            return Verdict(False, "nonfinite", say("nonfinite_hidden", lang, what=what))
        return Verdict(False, "nonfinite", say("nonfinite", lang, what=what, count=int(bad.sum()),
                                                total=g.size))
    tol = tolerance(expected.dtype, expected)
    err = np.abs(g - e)
    wrong = ~(err <= tol)
    if not wrong.any():
        return Verdict.ok(lang)
    count, total = int(wrong.sum()), int(g.size)
    if hidden:
        return Verdict(False, "values", say("values_hidden", lang, what=what, total=total))
    flat = int(np.nanargmax(np.where(np.isnan(err), np.inf, err)))
    index = tuple(int(i) for i in np.unravel_index(flat, e.shape))
    return Verdict(False, "values", say("values_public", lang, what=what, count=count, total=total,
                                         err=float(err.flat[flat]), index=index,
                                         expected=float(e.flat[flat]), got=float(np.real(g.flat[flat])),
                                         tol=tol))


def check_speed(elapsed: float, reference_elapsed: float, *, ratio: float = SPEED_RATIO,
                lang: str = "en", hidden: bool = False) -> Verdict:
    """Speed: the student's time inside the worker at most ``ratio`` × the reference solution's.

    A hidden test names no time: a submission could sleep for as long as a hidden number says."""
    if reference_elapsed <= 0 or elapsed <= ratio * reference_elapsed:
        return Verdict.ok(lang)
    if hidden:
        return Verdict(False, "slow", say("slow_hidden", lang, limit=ratio))
    return Verdict(False, "slow", say("slow", lang, elapsed=elapsed, ratio=elapsed / reference_elapsed,
                                       limit=ratio))


def speed_deadline(reference_elapsed: float, *, ratio: float = SPEED_RATIO, floor: float = 1.0) -> float:
    """Wall-clock deadline of a speed call: the allowed ratio plus a small floor for start-up noise."""
    return ratio * reference_elapsed + floor


def _is_int(v: Any) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def _describe(v: Any, hidden: bool) -> str:
    """A short description of a returned value: its type, and for public tests a preview."""
    if v is None:
        return "None"
    if isinstance(v, np.ndarray):
        return "an array" if hidden else f"an array of shape {v.shape} and dtype {v.dtype}"
    name = type(v).__name__
    if hidden:
        return f"a value of type {name}"
    return f"{_bounded(repr(v), 120)} ({name})"


def _bounded(text: str, limit: int = 500) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit] + " …"
