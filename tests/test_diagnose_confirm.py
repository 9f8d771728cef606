"""No wrong names: a mistake is claimed only when it also explains the student's output on a
public confirming case; two explanations that fit equally are both said, and neither is
claimed alone; two mistakes at once are both named."""
from __future__ import annotations

import numpy as np

from autograder.cases import ArraySpec as A
from autograder.cases import Case, materialize
from autograder.diagnose import diagnose
from autograder.diagnosis.common import bind
from autograder.diagnosis.table import mutations_for
from autograder.reference import evaluate


def _mutation(function, variant):
    return next(m for m in mutations_for(function) if m.variant == variant)


def _as(function, variant):
    m = _mutation(function, variant)
    return lambda case: m.compute(case.function, bind(case.function, *materialize(case)))


CONV = Case("conv2d", (A("x", (1, 2, 5, 6)), A("weight", (3, 2, 3, 2)), A("bias", (3,))),
            kwargs=(("padding", 1),), seed=5)


def test_a_match_on_the_failing_case_alone_is_not_claimed():
    flipped = _as("conv2d", "rotated")
    got = flipped(CONV)                                   # the failing case looks like a flip...

    def elsewhere(case):                                  # ...but nothing else the code does is one
        return evaluate(case.function, *materialize(case)) * 1.5 + 0.25
    assert diagnose(CONV, got, "en").misconception == "flipped-kernel"     # one case: looks like it
    d = diagnose(CONV, got, "en", call=elsewhere)
    assert d.misconception is None and d.misconceptions == []
    assert "No known mistake" in d.message and "largest difference" in d.message


def test_a_confirmed_match_is_claimed():
    d = diagnose(CONV, _as("conv2d", "rotated")(CONV), "zh", call=_as("conv2d", "rotated"))
    assert d.misconceptions == ["flipped-kernel"]


def test_two_explanations_that_fit_equally_are_both_said_and_neither_claimed():
    # with padding == output_padding, output_padding at the top/left and a crop of the unpadded
    # output on the bottom/right give the same numbers on every case of this configuration
    case = Case("conv_transpose2d", (A("x", (1, 2, 3, 4)), A("weight", (2, 3, 3, 2))),
                kwargs=(("stride", 2), ("padding", 1), ("output_padding", 1)), seed=7)
    student = _as("conv_transpose2d", "wrong-side")
    d = diagnose(case, student(case), "en", call=student)
    assert d.misconceptions == []
    assert {ids for ids in d.alternatives} == {("output-padding-ignored",), ("padding-ignored",)}
    assert "More than one explanation" in d.message
    assert "output_padding" in d.message and "Padding missing" in d.message


def test_two_mistakes_at_once_are_both_named():
    stride = Case("conv2d", (A("x", (1, 2, 9, 11)), A("weight", (3, 2, 3, 2))),
                  kwargs=(("stride", 2),), seed=9)

    def student(case):
        w = materialize(case)[0][1]
        args, kwargs = materialize(case)
        y = evaluate("conv2d", (args[0], np.ascontiguousarray(w[..., ::-1, ::-1])), kwargs)
        return y[..., ::2, ::2]
    d = diagnose(stride, student(stride), "en", call=student)
    assert set(d.misconceptions) == {"flipped-kernel", "stride-misapplied"}
    assert "Two mistakes at once" in d.message
