"""Shrinking a failing case against real torch, with buggy submissions run in-process."""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from autograder.cases import ArraySpec as A
from autograder.cases import Case, materialize
from autograder.diagnose import diagnose
from autograder.reference import evaluate
from autograder.reference import ReferenceRefused
from autograder.shrink import PUBLIC_SEEDS, Failure, refused, same_way, shrink, smallest_failing_case

BUGGY = Path(__file__).resolve().parent / "buggy"


@dataclass
class Result:                      # the fields the shrinker's callers read from a CallResult
    status: str
    value: Any = None
    exc_type: str | None = None


def student(name: str, function: str):
    spec = importlib.util.spec_from_file_location(f"shrink_{name}", BUGGY / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fn = getattr(module, function)
    counter = {"calls": 0}

    def call(case: Case) -> Result:
        counter["calls"] += 1
        args, kwargs = materialize(case)
        try:
            return Result("ok", fn(*args, **kwargs))
        except Exception as exc:
            return Result("raised", exc_type=type(exc).__name__)
    return call, counter


def same_mistake(mid: str):
    def still_fails(case: Case, result: Result) -> bool:
        if result.status != "ok":
            return False
        d = diagnose(case, result.value, "en")
        return d is not None and d.misconception == mid
    return still_fails


def test_flipped_kernel_conv2d_shrinks_to_a_tiny_public_case():
    hidden = Case("conv2d_naive", (A("x", (3, 4, 9, 8)), A("weight", (6, 2, 3, 3)), A("bias", (6,))),
                  kwargs=(("stride", 2), ("padding", 1), ("dilation", 1), ("groups", 2)),
                  seed=987654, hidden=True)
    call, counter = student("flipped_kernel", "conv2d_naive")
    shrunk = shrink(hidden, call, same_mistake("flipped-kernel"))
    case = shrunk.case
    assert shrunk.confirmed and counter["calls"] == shrunk.calls <= 60
    x, w = case.args[0], case.args[1]
    assert x.shape[0] == 1 and x.shape[1] == 1 and w.shape[:2] == (1, 1)
    assert w.shape[2] * w.shape[3] <= 4 and max(w.shape[2:]) <= 2
    assert x.shape[2] <= 3 and x.shape[3] <= 3
    assert case.seed in PUBLIC_SEEDS and not case.hidden
    assert all(a.kind == "ints" for a in case.array_specs)
    # it really fails the same way, and the diagnosis says so
    assert diagnose(case, call(case).value, "en").misconception == "flipped-kernel"
    # minimal: no smaller kernel can show a flip
    assert max(w.shape[2:]) == 2


def test_smallest_case_of_flipped_kernel_is_minimal_over_public_seeds():
    start = Case("conv2d", (A("x", (2, 3, 6, 6)), A("weight", (2, 3, 3, 3))), seed=5)
    call, _ = student("flipped_kernel", "conv2d_naive")
    case = smallest_failing_case(start, call, same_mistake("flipped-kernel"))
    x, w = case.args[0].shape, case.args[1].shape
    assert x[:2] == (1, 1) and w[:2] == (1, 1)
    # nothing with fewer input pixels fails: a 1-tap kernel cannot be flipped, and a 2-tap
    # kernel needs an input at least as large as itself
    assert x[2] * x[3] == w[2] * w[3] == 2 or (x[2] * x[3] <= 9 and w[2] * w[3] <= 4)


def test_padding_mistake_keeps_padding_and_shows_it():
    start = Case("conv2d", (A("x", (2, 2, 7, 7)), A("weight", (3, 2, 3, 3)), A("bias", (3,))),
                 kwargs=(("padding", 2), ("stride", 2)), seed=11)
    call, _ = student("padding_one_side", "conv2d")
    case = smallest_failing_case(start, call, same_mistake("padding-ignored"))
    assert case.kwargs_dict.get("padding", 0) != 0          # the mistake needs padding to show
    assert case.args[0].shape[:2] == (1, 1) and case.args[1].shape[:2] == (1, 1)
    assert _elements(case) < _elements(start)


def test_a1_case_shrinks_to_small_numbers():
    start = Case("pool_output_size", (31, 4), kwargs=(("stride", 3), ("padding", 2), ("ceil_mode", True)))
    call, _ = student("ceil_mode_size", "pool_output_size")
    still = same_mistake("ceil-mode-window")
    assert still(start, call(start))
    case = smallest_failing_case(start, call, still)
    assert still(case, call(case))
    assert case.args[0] < 31


def test_case_that_never_fails_on_public_seeds_is_returned_unconfirmed():
    start = Case("conv2d", (A("x", (1, 1, 4, 4)), A("weight", (1, 1, 2, 2))), seed=3, hidden=True)

    def call(case):
        return Result("ok", evaluate(case.function, *materialize(case)))   # a correct student
    shrunk = shrink(start, call, lambda c, r: diagnose(c, r.value, "en") is not None)
    assert not shrunk.confirmed and shrunk.case.seed in PUBLIC_SEEDS and not shrunk.case.hidden
    assert shrunk.calls <= 6


def _elements(case: Case) -> int:
    return sum(int(np.prod(a.shape)) for a in case.array_specs)


@pytest.mark.parametrize("name,function,mid,start", [
    ("transpose_weight_layout", "conv_transpose2d", "transpose-weight-layout",
     Case("conv_transpose2d", (A("x", (2, 3, 4, 4)), A("weight", (3, 3, 3, 3))), kwargs=(("stride", 2),), seed=1)),
    ("im2col_order", "im2col", "im2col-order",
     Case("im2col", (A("x", (2, 3, 5, 5)), 3), kwargs=(("padding", 1),), seed=2)),
])
def test_other_shrinks_keep_the_same_mistake(name, function, mid, start):
    call, counter = student(name, function)
    shrunk = shrink(start, call, same_mistake(mid))
    assert shrunk.confirmed and shrunk.calls <= 60
    assert _elements(shrunk.case) < _elements(start)
    assert diagnose(shrunk.case, call(shrunk.case).value, "en").misconception == mid


# ---------------------------------------------------------------- "the same way"


def classify(case: Case, result: Result) -> Failure | None:
    """What the engine compares: verdict kind, exception type, diagnosis (real torch)."""
    try:
        evaluate(case.function, *materialize(case))
    except ReferenceRefused:
        return None
    if result.status == "raised":
        return Failure("raised", result.exc_type, None)
    found = diagnose(case, result.value, "en")
    return None if found is None else Failure("values", None, found.misconception)


def test_a_smaller_case_the_code_refuses_is_not_a_smaller_failing_case():
    """A flipped kernel that refuses single-image batches (NotImplementedError) and 1-channel
    kernels (ValueError, on a valid configuration): neither refusal is the flip."""
    start = Case("conv2d_naive", (A("x", (3, 2, 6, 6)), A("weight", (2, 2, 3, 3))), seed=21)
    call, seen = _refusing("flipped_kernel", "conv2d_naive")
    first = call(start)
    failure = classify(start, first)
    assert failure == Failure("values", None, "flipped-kernel")
    shrunk = shrink(start, call, same_way(failure, first, classify))
    sent = list(seen)
    small = shrunk.case
    assert shrunk.confirmed and shrunk.result.status == "ok"
    assert small.args[0].shape[0] >= 2 and small.args[1].shape[1] >= 2
    assert classify(small, call(small)) == failure
    assert max(small.args[1].shape[2:]) == 2          # still shrunk as far as the flip allows
    assert len(sent) == len(set(sent)), "a candidate was sent to the student's code twice"


def test_same_exception_type_is_kept():
    """IndexError on larger inputs, TypeError on tiny ones: the smaller case still raises IndexError."""
    start = Case("conv2d", (A("x", (2, 2, 7, 7)), A("weight", (2, 2, 3, 3))), seed=22)
    seen: list[str] = []

    def call(case: Case) -> Result:
        seen.append(repr(case))
        x = case.args[0].shape
        if x[2] * x[3] <= 9:
            return Result("raised", exc_type="TypeError")
        return Result("raised", exc_type="IndexError")
    first = call(start)
    shrunk = shrink(start, call, same_way(classify(start, first), first, classify))
    x = shrunk.case.args[0].shape
    assert shrunk.confirmed and shrunk.result.exc_type == "IndexError"
    assert x[2] * x[3] > 9 and x[0] == 1 and x[1] == 1
    assert len(seen) == len(set(seen))


def test_refused_means_not_implemented_or_value_error():
    assert refused(Result("raised", exc_type="NotImplementedError"))
    assert refused(Result("raised", exc_type="ValueError"))
    assert not refused(Result("raised", exc_type="IndexError"))
    assert not refused(Result("ok", 1))


def _refusing(name: str, function: str):
    call, _ = student(name, function)
    seen: list[str] = []

    def refusing(case: Case) -> Result:
        seen.append(repr(case))
        x, w = case.args[0].shape, case.args[1].shape
        if x[0] == 1:
            return Result("raised", exc_type="NotImplementedError")
        if w[1] == 1:
            return Result("raised", exc_type="ValueError")
        return call(case)
    return refusing, seen
