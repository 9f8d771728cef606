"""Name the mistake behind a wrong output: torch on mutated configurations, then the output's size.

``diagnose(case, got, lang, call=None)`` returns ``None`` when ``got`` is right (a correct output
is never tagged), otherwise a ``Diagnosis`` with SPEC misconception ids (none when no known
mistake explains it) and a message for the student. Single mistakes are tried first, then pairs
of mistakes of different kinds (``autograder.diagnosis.search``). ``call(case) -> value`` runs
the student's function on a public confirming case: a mistake is named only when it explains
the output there too (without ``call``, the failing case alone decides). Where two explanations
fit equally, the message says so and only what they share is tagged. For a hidden case the
message holds no number computed from the hidden data.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import numpy as np

from autograder import i18n
from autograder.cases import Case, materialize
from autograder.diagnosis.common import bind, ref
from autograder.diagnosis.search import Confirmer, Fit, pair_fits, single_fits
from autograder.diagnosis.values import ARRAY_KINDS, _plain, close, shape_of, tolerance
from autograder.reference import ReferenceRefused

# diagnose's own detectors, besides the table's mutations: (misconception id, variant)
DTYPE_CHECK = ("wrong-dtype", "values-match")          # right values, another dtype (before any mutation)
SHAPE_OFF_BY_ONE = ("off-by-one-size", "shape")        # one row or column more or less, no mutation fits
BUILT_IN = (DTYPE_CHECK, SHAPE_OFF_BY_ONE)

__all__ = ["ARRAY_KINDS", "Diagnosis", "close", "compose", "diagnose", "shape_of", "tolerance"]


@dataclass
class Diagnosis:
    """What went wrong in one failing call."""

    misconception: str | None          # SPEC id, or None when no known mistake matches
    message: str                       # student-facing, in the language asked for
    variant: str = ""                  # which form of the mistake (key of the evidence sentence)
    evidence: str = ""                 # "value", "shape", "dtype" or "" (nothing matched)
    misconceptions: list[str] = field(default_factory=list)   # every id to tag (two at once)
    alternatives: list[tuple[str, ...]] = field(default_factory=list)  # explanations that fit equally


# ---------------------------------------------------------------- diagnosis


def diagnose(case: Case, got: Any, lang: str = "en",
             call: Callable[[Case], Any] | None = None) -> Diagnosis | None:
    """Why ``got`` differs from torch's answer on ``case``; None when it does not differ."""
    with _one_torch_thread():
        return _diagnose(case, got, lang, call)


@contextmanager
def _one_torch_thread() -> Iterator[None]:
    """Torch on one thread while diagnosing: the many tiny convolutions of the detectors run
    thousands of times faster than on a thread pool that a busy machine keeps waiting. The
    student edition replays recorded answers and never imports torch."""
    from autograder.edition import EDITION

    if EDITION == "student":
        yield
        return
    try:
        import torch
    except ImportError:             # no torch here: nothing to tune
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _diagnose(case: Case, got: Any, lang: str, call: Callable[[Case], Any] | None) -> Diagnosis | None:
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
    dtype_note = _dtype_note(got, expected, lang, case.hidden)
    confirmer = Confirmer(case, call)
    values, shapes, differs = single_fits(case.function, params, got, expected)
    chosen = _confirmed(values, confirmer)
    if not chosen:
        chosen = _confirmed(pair_fits(case.function, params, got, expected, differs), confirmer)
    got_shape, want_shape = shape_of(got), shape_of(expected)
    note = ""
    if got_shape is not None and want_shape is not None and got_shape != want_shape:
        note = _shape_note(case, got_shape, want_shape, lang)
        if not chosen:
            chosen = _confirmed(shapes, confirmer)
        if not chosen and _off_by_one(got_shape, want_shape) and \
                confirmer.confirms_shape(lambda g, w: g is not None and w is not None and g != w
                                         and _off_by_one(g, w)):
            return _found([SHAPE_OFF_BY_ONE[0]], [SHAPE_OFF_BY_ONE[1]], "shape", lang, note, dtype_note)
    if not chosen:
        return _unknown(case, got, expected, lang)
    best = chosen[0]
    if len(chosen) > 1:
        return _ambiguous(chosen, lang, note, dtype_note)
    return _found(list(best.ids), [m.variant for m in best.mutations], best.evidence, lang,
                  note if best.evidence == "shape" else "", dtype_note)


def _confirmed(fits: list[Fit], confirmer: Confirmer, limit: int = 6) -> list[Fit]:
    """The first confirmed fit, plus any later confirmed fit that names other mistakes.

    Without a way to call the student's code, the first fit in table order wins."""
    if confirmer.call is None:
        return fits[:1]
    out: list[Fit] = []
    for fit in fits[:limit]:
        if any(fit.ids == f.ids for f in out):
            continue
        if out and set(fit.ids) <= set(out[0].ids):
            continue
        if confirmer.confirms(fit):
            out.append(fit)
    return out


def _dtype_note(got: Any, expected: Any, lang: str, hidden: bool) -> str:
    """The dtype sentence when an array of ``got`` has another dtype than torch's, else ''."""
    pairs = zip(got, expected) if isinstance(expected, tuple) and isinstance(got, (tuple, list)) \
        else [(got, expected)]
    for g, w in pairs:
        if isinstance(g, np.ndarray) and isinstance(w, np.ndarray) and g.dtype != w.dtype \
                and g.dtype.kind in ARRAY_KINDS:
            return (i18n.label("dtype.note_hidden", lang, expected=w.dtype) if hidden
                    else i18n.label("dtype.note", lang, got=g.dtype, expected=w.dtype))
    return ""


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


def _found(mids: list[str], variants: list[str], evidence: str, lang: str, note: str = "",
           dtype_note: str = "") -> Diagnosis:
    """One mistake, or two at once (each explained); a wrong dtype on top is named too."""
    ids, parts = list(mids), []
    if dtype_note and "wrong-dtype" not in ids:
        ids.append("wrong-dtype")
        variants = list(variants) + ["values-match"]
    if len(ids) > 1:
        parts.append(i18n.label("diag.compound", lang, ids=", ".join(ids)))
    for i, mid in enumerate(ids):
        variant = variants[i] if i < len(variants) else ""
        extra = dtype_note if mid == "wrong-dtype" else (note if i == 0 else "")
        parts.append(compose(mid, lang, variant, extra))
    return Diagnosis(ids[0], "\n\n".join(parts), "+".join(variants[:len(ids)]), evidence,
                     misconceptions=ids)


def _ambiguous(fits: list[Fit], lang: str, note: str, dtype_note: str) -> Diagnosis:
    """Several explanations fit equally: say so, tag only what they all share."""
    shared = [mid for mid in fits[0].ids if all(mid in f.ids for f in fits)]
    if dtype_note:
        shared.append("wrong-dtype")
    options = "\n".join(f"- {' + '.join(f.ids)}" for f in fits)
    parts = [i18n.label("diag.ambiguous", lang, options=options)]
    for mid in dict.fromkeys(mid for f in fits for mid in f.ids):
        variant = next(m.variant for f in fits for m in f.mutations if m.misconception == mid)
        parts.append(compose(mid, lang, variant))
    if note:
        parts.append(note)
    if dtype_note:
        parts.append(dtype_note)
    return Diagnosis(shared[0] if shared else None, "\n\n".join(parts), "", fits[0].evidence,
                     misconceptions=shared, alternatives=[f.ids for f in fits])


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
            return _found([DTYPE_CHECK[0]], [DTYPE_CHECK[1]], "dtype", lang, note)
    return _found([DTYPE_CHECK[0]], [DTYPE_CHECK[1]], "dtype", lang)


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
