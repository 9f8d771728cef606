"""Comparing a student's value with a reference or a mistaken one: DESIGN's tolerance, shapes."""
from __future__ import annotations

from typing import Any

import numpy as np

from autograder.diagnosis.common import ShapeOnly

ARRAY_KINDS = "fiub"

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
