"""Name the mistake behind a wrong output: torch on mutated configurations, then the output's size.

``diagnose(case, got, lang)`` returns ``None`` when ``got`` is right (a correct output is never
tagged), otherwise a ``Diagnosis`` with a SPEC misconception id (or ``None`` when no known
mistake explains it) and a message for the student. For a hidden case the message holds no
number computed from the hidden data: a student's output minus torch's would leak the expected
values.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder import i18n
from autograder.cases import Case, materialize
from autograder.mutations import ShapeOnly, Skip, bind, mutations_for, ref
from autograder.reference import ReferenceRefused

ARRAY_KINDS = "fiub"


@dataclass
class Diagnosis:
    """What went wrong in one failing call."""

    misconception: str | None          # SPEC id, or None when no known mistake matches
    message: str                       # student-facing, in the language asked for
    variant: str = ""                  # which form of the mistake (key of the evidence sentence)
    evidence: str = ""                 # "value", "shape", "dtype" or "" (nothing matched)


# ---------------------------------------------------------------- comparison


def tolerance(dtype: Any, scale: float) -> float:
    """DESIGN's tolerance: float32 1e-4, float64 1e-9, both relative to max(1, max|ref|)."""
    dtype = np.dtype(dtype)
    rel = 1e-4 if dtype.kind == "f" and dtype.itemsize <= 4 else 1e-9
    return rel * max(1.0, scale)


def _as_array(value: Any) -> np.ndarray | None:
    if isinstance(value, np.ndarray):
        return value if value.dtype.kind in ARRAY_KINDS else None
    return None


def close(got: Any, want: Any, *, dtype_matters: bool = False, loose: bool = False) -> bool:
    """Same value within tolerance (arrays), or equal (ints, tuples); tuples compared item by item."""
    if isinstance(want, ShapeOnly):
        return False
    if isinstance(want, tuple) and any(isinstance(w, np.ndarray) for w in want):
        if not isinstance(got, (tuple, list)) or len(got) != len(want):
            return False
        return all(close(g, w, dtype_matters=dtype_matters, loose=loose) for g, w in zip(got, want))
    if isinstance(want, np.ndarray):
        g = _as_array(got)
        if g is None or g.shape != want.shape:
            return False
        if dtype_matters and g.dtype != want.dtype:
            return False
        if want.size == 0:
            return True
        gf, wf = g.astype(np.float64), want.astype(np.float64)
        if not np.all(np.isfinite(gf) == np.isfinite(wf)):
            return False
        scale = float(np.max(np.abs(wf[np.isfinite(wf)]), initial=0.0))
        tol = max(tolerance(g.dtype, scale), tolerance(want.dtype, scale))
        if loose:
            tol = max(tol, 1e-6 * max(1.0, scale))
        finite = np.isfinite(wf)
        return bool(np.all(np.abs(gf[finite] - wf[finite]) <= tol)) and \
            bool(np.all(gf[~finite] == wf[~finite]))
    try:
        return _plain(got) == _plain(want)
    except (TypeError, ValueError):
        return False


def _plain(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        return tuple(_plain(e) for e in v)
    if isinstance(v, np.generic):
        return v.item()
    return v


def shape_of(value: Any) -> tuple | None:
    if isinstance(value, np.ndarray):
        return value.shape
    if isinstance(value, (tuple, list)) and value and all(isinstance(v, np.ndarray) for v in value):
        return tuple(v.shape for v in value)
    return None


# ---------------------------------------------------------------- diagnosis


def diagnose(case: Case, got: Any, lang: str = "en") -> Diagnosis | None:
    """Why ``got`` differs from torch's answer on ``case``; None when it does not differ."""
    args, kwargs = materialize(case)
    try:
        params = bind(case.function, args, kwargs)
        expected = ref(case.function, params)
    except (ReferenceRefused, TypeError, KeyError):
        return None                     # torch refuses: the engine reports the missing ValueError
    if close(got, expected, dtype_matters=True):
        return None
    if close(got, expected):
        return _dtype_diagnosis(got, expected, lang, case.hidden)

    alternatives = []
    for m in mutations_for(case.function):
        try:
            alt = m.compute(case.function, params)
        except (Skip, ReferenceRefused):
            continue
        if isinstance(alt, ShapeOnly):
            alternatives.append((m, alt))
            continue
        if close(alt, expected, loose=True):
            continue                    # this mistake makes no difference on this call
        if close(got, alt, loose=True):
            return _found(m.misconception, m.variant, "value", lang)
        alternatives.append((m, alt))

    got_shape, want_shape = shape_of(got), shape_of(expected)
    if got_shape is not None and want_shape is not None and got_shape != want_shape:
        for m, alt in alternatives:
            alt_shape = alt.shape if isinstance(alt, ShapeOnly) else shape_of(alt)
            if alt_shape == got_shape:
                return _found(m.misconception, m.variant, "shape", lang,
                              _shape_note(case, got_shape, want_shape, lang))
        if _off_by_one(got_shape, want_shape):
            return _found("off-by-one-size", "shape", "shape", lang,
                          _shape_note(case, got_shape, want_shape, lang))
    return _unknown(case, got, expected, lang)


def _shape_note(case: Case, got: tuple, want: tuple, lang: str) -> str:
    """The two shapes; on a hidden case only torch's (the student's can spell out hidden numbers)."""
    if case.hidden:
        return i18n.label("shape.note_hidden", lang, expected=want)
    return i18n.label("shape.note", lang, got=got, expected=want)


def _off_by_one(got: tuple, want: tuple) -> bool:
    if len(got) != len(want) or not got or isinstance(got[0], tuple):
        return False
    diffs = [abs(g - w) for g, w in zip(got, want)]
    spatial = 2 if len(want) >= 3 else 1
    return all(d == 0 for d in diffs[:-spatial]) and all(d <= 1 for d in diffs[-spatial:]) \
        and any(diffs[-spatial:])


def _found(mid: str, variant: str, evidence: str, lang: str, note: str = "") -> Diagnosis:
    return Diagnosis(mid, compose(mid, lang, variant, note), variant, evidence)


def compose(mid: str, lang: str, variant: str = "", note: str = "") -> str:
    """The student-facing paragraph for one misconception."""
    e = i18n.explain(mid, lang)
    lines = [f"{e.title} [{mid}]"]
    sentence = i18n.evidence(mid, variant, lang)
    if sentence:
        lines.append(sentence)
    if note:
        lines.append(note)
    sep = i18n.label("sep", lang)
    lines.append(f"{i18n.label('did', lang)}{sep}{e.did}")
    lines.append(f"{i18n.label('torch', lang)}{sep}{e.torch}")
    lines.append(f"{i18n.label('check', lang)}{sep}{e.check}")
    return "\n".join(lines)


def _dtype_diagnosis(got: Any, expected: Any, lang: str, hidden: bool = False) -> Diagnosis:
    pairs = zip(got, expected) if isinstance(expected, tuple) else [(got, expected)]
    for g, w in pairs:
        if isinstance(g, np.ndarray) and g.dtype != w.dtype:
            note = (i18n.label("dtype.note_hidden", lang, expected=w.dtype) if hidden
                    else i18n.label("dtype.note", lang, got=g.dtype, expected=w.dtype))
            return _found("wrong-dtype", "values-match", "dtype", lang, note)
    return _found("wrong-dtype", "values-match", "dtype", lang)


def _unknown(case: Case, got: Any, expected: Any, lang: str) -> Diagnosis:
    lines = [i18n.label("unknown.title", lang), i18n.label("unknown.body", lang)]
    got_shape, want_shape = shape_of(got), shape_of(expected)
    if got_shape is not None and want_shape is not None and got_shape != want_shape:
        if case.hidden:
            lines.append(i18n.label("unknown.shape_hidden", lang, expected=want_shape))
        else:
            lines.append(i18n.label("unknown.shape", lang, got=got_shape, expected=want_shape))
    elif not case.hidden:               # numbers from hidden data never reach the student
        if isinstance(expected, np.ndarray) and isinstance(got, np.ndarray):
            diff = np.abs(got.astype(np.float64) - expected.astype(np.float64))
            diff = np.where(np.isnan(diff), np.inf, diff)
            index = tuple(int(i) for i in np.unravel_index(int(np.argmax(diff)), diff.shape))
            tol = tolerance(got.dtype, float(np.max(np.abs(expected), initial=0.0)))
            lines.append(i18n.label("unknown.diff", lang, diff=float(diff[index]), index=index,
                                    count=int(np.sum(diff > tol)), total=diff.size))
        elif not isinstance(expected, (np.ndarray, tuple)):
            lines.append(i18n.label("unknown.value", lang, got=repr(_plain(got)),
                                    expected=repr(_plain(expected))))
    return Diagnosis(None, "\n".join(lines))
