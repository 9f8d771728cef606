"""Diagnosis against real torch: every buggy submission is named by its mistake, correct code never.

The buggy submissions in tests/buggy/ run in-process here (they are our own files); the
reference solutions are loaded by file path from solutions/.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from autograder import catalogue, i18n
from autograder.assignments import ASSIGNMENTS
from autograder.cases import ArraySpec as A
from autograder.cases import Case, materialize
from autograder.diagnose import diagnose
from autograder.reference import ReferenceRefused, evaluate

ROOT = Path(__file__).resolve().parent.parent
BUGGY = Path(__file__).resolve().parent / "buggy"

CODE_IDS = catalogue.CODE_IDS
ALL_IDS = catalogue.IDS


def load(path: Path):
    spec = importlib.util.spec_from_file_location(f"m_{path.parent.name}_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def conv(x, w, b=True, seed=0, dtype="float64", **kw):
    args = (A("x", x, dtype=dtype), A("weight", w, dtype=dtype))
    if b:
        args += (A("bias", (w[0],), dtype=dtype),)
    return Case("conv2d", args, kwargs=tuple(kw.items()), seed=seed)


def as_fn(case: Case, function: str) -> Case:
    return Case(function, case.args, case.kwargs, seed=case.seed)


def x_only(function, x, *rest, seed=0, dtype="float64", **kw):
    return Case(function, (A("x", x, dtype=dtype),) + rest, kwargs=tuple(kw.items()), seed=seed)


def tconv(x, w, b=True, seed=0, **kw):
    args = (A("x", x), A("weight", w))
    if b:
        args += (A("bias", (w[1] * kw.get("groups", 1),)),)
    return Case("conv_transpose2d", args, kwargs=tuple(kw.items()), seed=seed)


def scalar(function, *args, **kw):
    return Case(function, args, kwargs=tuple(kw.items()))


# file in tests/buggy, function, misconception, cases on which the mistake shows
BUGGY_CASES = [
    ("flipped_kernel", "conv2d_naive", "flipped-kernel", [
        as_fn(conv((1, 1, 4, 4), (1, 1, 2, 2), seed=1), "conv2d_naive"),
        as_fn(conv((2, 3, 5, 6), (4, 3, 3, 3), seed=2, stride=2, padding=1), "conv2d_naive"),
        as_fn(conv((1, 4, 5, 5), (4, 2, 3, 2), seed=3, groups=2, dilation=(1, 2)), "conv2d_naive"),
    ]),
    ("flipped_kernel_matrix", "kernel_matrix", "flipped-kernel", [
        Case("kernel_matrix", (A("weight", (2, 2, 2, 2)), (4, 4)), seed=4),
        Case("kernel_matrix", (A("weight", (1, 1, 3, 3)), (5, 4)), kwargs=(("padding", 1),), seed=5),
    ]),
    ("missing_bias", "conv2d_naive", "missing-bias", [
        as_fn(conv((1, 3, 4, 4), (2, 3, 2, 2), seed=6), "conv2d_naive"),
        as_fn(conv((2, 4, 5, 5), (4, 2, 3, 3), seed=7, groups=2, padding=1), "conv2d_naive"),
    ]),
    ("padding_one_side", "conv2d", "padding-ignored", [
        conv((1, 2, 5, 5), (3, 2, 3, 3), seed=8, padding=1),
        conv((2, 1, 6, 7), (2, 1, 3, 2), seed=9, padding=(2, 1), stride=2),
    ]),
    ("tf_same_padding", "conv2d", "tf-same-padding", [
        conv((1, 2, 5, 5), (2, 2, 2, 2), seed=10, padding="same"),
        conv((2, 1, 6, 6), (1, 1, 4, 3), seed=11, padding="same"),
    ]),
    ("stride_pool_default", "max_pool2d", "stride-misapplied", [
        x_only("max_pool2d", (1, 2, 6, 6), 2, seed=12),
        x_only("max_pool2d", (2, 1, 7, 5), (3, 2), seed=13, padding=1),
    ]),
    ("stride_swapped", "im2col", "stride-misapplied", [
        x_only("im2col", (1, 2, 7, 7), (2, 2), seed=14, stride=(1, 2)),
        x_only("im2col", (2, 1, 8, 9), 3, seed=15, stride=(3, 2), padding=1),
    ]),
    ("dilation_ignored", "conv2d", "dilation-ignored", [
        conv((1, 2, 7, 7), (2, 2, 3, 3), seed=16, dilation=2),
        conv((2, 1, 8, 8), (3, 1, 2, 3), seed=17, dilation=(3, 1), padding=1),
    ]),
    ("dilation_kd", "conv_output_size", "dilation-ignored", [
        scalar("conv_output_size", 10, 3, dilation=2),
        scalar("conv_output_size", 32, 5, stride=1, padding=2, dilation=3),
    ]),
    ("groups_interleaved", "conv2d_naive", "groups-ignored", [
        as_fn(conv((1, 4, 5, 5), (4, 2, 2, 2), seed=18, groups=2), "conv2d_naive"),
        as_fn(conv((2, 6, 4, 4), (6, 2, 3, 3), seed=19, groups=3, padding=1), "conv2d_naive"),
    ]),
    ("off_by_one_ceil", "conv_output_size", "off-by-one-size", [
        scalar("conv_output_size", 10, 3, stride=2),
        scalar("conv_output_size", 7, 2, stride=3, padding=1),
    ]),
    ("off_by_one_conv1d", "conv1d", "off-by-one-size", [
        Case("conv1d", (A("x", (1, 2, 8)), A("weight", (3, 2, 3)), A("bias", (3,))), seed=20),
        Case("conv1d", (A("x", (2, 1, 9)), A("weight", (2, 1, 2))), kwargs=(("stride", 2),), seed=21),
    ]),
    ("transpose_weight_layout", "conv_transpose2d", "transpose-weight-layout", [
        tconv((1, 3, 3, 3), (3, 3, 2, 2), seed=22, stride=2),
        tconv((2, 4, 3, 4), (4, 2, 3, 3), b=False, seed=23, padding=1),
    ]),
    ("output_padding_ignored", "conv_transpose2d", "output-padding-ignored", [
        tconv((1, 2, 3, 3), (2, 3, 3, 3), seed=24, stride=2, output_padding=1),
        tconv((2, 1, 4, 3), (1, 2, 2, 3), seed=25, stride=(3, 2), padding=1, output_padding=(2, 1)),
    ]),
    ("im2col_order", "im2col", "im2col-order", [
        x_only("im2col", (1, 2, 4, 4), 2, seed=26),
        x_only("im2col", (2, 3, 5, 6), (2, 3), seed=27, padding=1, stride=2),
    ]),
    ("ceil_mode_size", "pool_output_size", "ceil-mode-window", [
        scalar("pool_output_size", 5, 2, stride=2, padding=1, ceil_mode=True),
        scalar("pool_output_size", 7, 2, padding=1, ceil_mode=True),
    ]),
    ("ceil_mode_pool", "max_pool2d", "ceil-mode-window", [
        x_only("max_pool2d", (1, 1, 5, 5), 2, seed=28, stride=2, padding=1, ceil_mode=True),
        x_only("max_pool2d", (2, 2, 7, 5), 2, seed=29, padding=1, ceil_mode=True),
    ]),
    ("count_include_pad", "avg_pool2d", "count-include-pad", [
        x_only("avg_pool2d", (1, 2, 5, 5), 3, seed=30, stride=1, padding=1, count_include_pad=False),
        x_only("avg_pool2d", (2, 1, 5, 5), 2, seed=31, ceil_mode=True),
    ]),
    # real-student style: square-case code run on non-square cases
    ("rowcol_swapped", "conv2d_naive", "hw-swapped", [
        as_fn(conv((1, 2, 5, 7), (3, 2, 3, 3), seed=34), "conv2d_naive"),
        as_fn(conv((2, 1, 6, 9), (2, 1, 2, 2), b=False, seed=35, stride=2, padding=1), "conv2d_naive"),
    ]),
    ("stride_twice", "conv2d", "stride-misapplied", [
        conv((1, 2, 9, 11), (2, 2, 3, 3), seed=36, stride=2),
        conv((2, 1, 12, 10), (3, 1, 2, 3), b=False, seed=37, stride=(3, 2), padding=1),
    ]),
    ("padding_size_only", "conv2d_naive", "padding-ignored", [
        as_fn(conv((1, 2, 6, 7), (3, 2, 3, 3), seed=38, padding=1), "conv2d_naive"),
        as_fn(conv((2, 1, 7, 5), (2, 1, 3, 2), b=False, seed=39, padding=(2, 1), stride=2), "conv2d_naive"),
    ]),
    ("float64_for_float32", "conv2d_naive", "wrong-dtype", [
        as_fn(conv((1, 2, 5, 6), (3, 2, 3, 3), seed=42, dtype="float32"), "conv2d_naive"),
        as_fn(conv((2, 1, 6, 6), (2, 1, 2, 2), seed=43, dtype="float32", stride=2, padding=1), "conv2d_naive"),
    ]),
    ("nhwc_output", "conv2d_im2col", "nhwc-layout", [
        as_fn(conv((1, 2, 5, 6), (3, 2, 3, 3), seed=44), "conv2d_im2col"),
        as_fn(conv((2, 1, 7, 7), (4, 1, 2, 2), b=False, seed=45, stride=2, padding=1), "conv2d_im2col"),
    ]),
    ("wrong_dtype", "conv2d_im2col", "wrong-dtype", [
        as_fn(conv((1, 2, 5, 5), (3, 2, 3, 3), seed=32, dtype="float32"), "conv2d_im2col"),
        as_fn(conv((2, 1, 6, 6), (2, 1, 2, 2), seed=33, dtype="float32", stride=2), "conv2d_im2col"),
    ]),
]


def _run(function, case: Case):
    args, kwargs = materialize(case)
    return function(*args, **kwargs)


def _caller(function):
    """The student-call callback of the diagnosis, in-process (these files are our own)."""
    def call(case: Case):
        try:
            return _run(function, case)
        except Exception:  # noqa: BLE001 - a raising call confirms nothing
            return None
    return call


@pytest.mark.parametrize("name,function,mid,cases", BUGGY_CASES, ids=[b[0] for b in BUGGY_CASES])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_buggy_submission_is_named(name, function, mid, cases, lang):
    fn = getattr(load(BUGGY / f"{name}.py"), function)
    first_line = (BUGGY / f"{name}.py").read_text().splitlines()[0]
    assert f"({mid})" in first_line, "each buggy file states its mistake first"
    for case in cases:
        d = diagnose(case, _run(fn, case), lang, call=_caller(fn))
        assert d is not None, f"{case.describe()}: the bug does not show"
        assert d.misconception == mid, f"{case.describe()}: got {d.misconception}\n{d.message}"
        assert i18n.explain(mid, lang).check in d.message


def test_every_code_misconception_has_a_buggy_submission():
    covered = {mid for _, _, mid, _ in BUGGY_CASES}
    assert covered == set(CODE_IDS)
    assignments = {a.name for a in ASSIGNMENTS.values()
                   for _, fn, _, _ in BUGGY_CASES if fn in a.functions}
    assert assignments == set(ASSIGNMENTS)


@pytest.mark.parametrize("mid", ALL_IDS)
def test_messages_exist_in_both_languages(mid):
    en, zh = i18n.explain(mid, "en"), i18n.explain(mid, "zh")
    for e in (en, zh):
        assert e.title and e.did and e.torch and e.check
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh.did + zh.check)
    assert sorted(i18n.known_ids("en")) == sorted(i18n.known_ids("zh"))


# ---------------------------------------------------------------- correct code is never tagged

def _solution(function):
    for a in ASSIGNMENTS.values():
        if function in a.functions and a.solution_path().exists():
            module = load(a.solution_path())
            return getattr(module, function, None)
    return None


def _correct_cases():
    cases = [c for _, _, _, cs in BUGGY_CASES for c in cs]
    rng = np.random.default_rng(2024)
    for i in range(12):                       # random valid conv configurations
        g = int(rng.choice([1, 2]))
        c_in, c_out = g * int(rng.integers(1, 3)), g * int(rng.integers(1, 3))
        kh, kw = (int(v) for v in rng.integers(1, 4, size=2))
        kw_ = dict(stride=(int(rng.integers(1, 3)), int(rng.integers(1, 3))),
                   padding=int(rng.integers(0, 2)), dilation=int(rng.integers(1, 3)), groups=g)
        for fn in ("conv2d", "conv2d_naive"):
            cases.append(as_fn(conv((2, c_in, 7, 6), (c_out, c_in // g, kh, kw), seed=100 + i, **kw_), fn))
        cases.append(tconv((1, c_in, 3, 4), (c_in, c_out // g, kh, kw), seed=200 + i,
                           stride=2, padding=0, output_padding=1, groups=g, dilation=1))
        cases.append(x_only("avg_pool2d", (1, 2, 7, 6), (kh, kw), seed=300 + i, stride=2,
                            padding=min(kh, kw) // 2, ceil_mode=True, count_include_pad=bool(i % 2)))
        cases.append(x_only("max_pool2d", (1, 2, 7, 6), (kh, kw), seed=400 + i, stride=(2, 1),
                            padding=min(kh, kw) // 2, ceil_mode=True, dilation=int(rng.integers(1, 3))))
        cases.append(x_only("im2col", (1, 2, 6, 5), (kh, kw), seed=500 + i, stride=2, padding=1))
        cases.append(Case("conv_transpose_output_size", (5 + i, kh), kwargs=(("stride", 2), ("output_padding", 1))))
        cases.append(Case("pool_output_size", (6 + i, 1 + kh), kwargs=(("padding", 1), ("ceil_mode", True))))
    cases.append(conv((1, 2, 6, 6), (2, 2, 4, 3), seed=600, padding="same", dilation=(1, 2)))
    cases.append(conv((1, 2, 6, 6), (2, 2, 3, 3), seed=601, padding=1, padding_mode="reflect"))
    cases.append(as_fn(conv((1, 3, 5, 5), (2, 3, 3, 3), seed=602, dtype="float32"), "conv2d_im2col"))
    cases.append(Case("conv2d_backward", (A("grad_output", (2, 4, 3, 3)), A("x", (2, 2, 5, 5)),
                                          A("weight", (4, 1, 3, 3))), kwargs=(("groups", 2),), seed=603))
    cases.append(Case("col2im", (A("cols", (1, 2 * 4, 9)), (4, 4), 2), seed=604))
    cases.append(Case("conv_transpose2d_matmul", (A("x", (1, 2, 3, 3)), A("weight", (2, 2, 3, 3))),
                      kwargs=(("stride", 2), ("padding", 1), ("output_padding", 1)), seed=605))
    cases.append(Case("receptive_field", ([(3, 2, 1), (3, 1, 2)],)))
    cases.append(Case("same_padding", (4,), kwargs=(("dilation", 1),)))
    cases.append(Case("conv2d_num_params", (4, 6, 3), kwargs=(("groups", 2),)))
    cases.append(Case("conv_transpose2d_output_shape", ((1, 4, 5, 5), (4, 3, 3, 3)),
                      kwargs=(("stride", 2), ("output_padding", 1))))
    cases.append(Case("checkerboard", ((3, 3), 3), kwargs=(("stride", 2),)))
    return cases


CORRECT = _correct_cases()


@pytest.mark.parametrize("case", CORRECT, ids=[f"{i}-{c.function}" for i, c in enumerate(CORRECT)])
def test_correct_outputs_are_never_tagged(case):
    try:
        expected = evaluate(case.function, *materialize(case))
    except ReferenceRefused:
        pytest.skip("torch refuses this random configuration")
    assert diagnose(case, expected, "en") is None          # torch's own answer
    solution = _solution(case.function)
    if solution is not None:                                # the reference solution's answer
        assert diagnose(case, _run(solution, case), "en", call=_caller(solution)) is None


def test_unknown_mistake_is_said_honestly_and_hidden_data_stays_hidden():
    case = conv((1, 1, 4, 4), (1, 1, 2, 2), seed=40, padding=1)
    args, kwargs = materialize(case)
    got = evaluate("conv2d", args, kwargs) * 1.5 + 0.25       # no known mistake does this
    d = diagnose(case, got, "en")
    assert d is not None and d.misconception is None
    assert "No known mistake" in d.message and "largest difference" in d.message
    hidden = Case(case.function, case.args, case.kwargs, seed=case.seed, hidden=True)
    d = diagnose(hidden, got, "zh")
    assert d.misconception is None and "最大差值" not in d.message
    assert d.message.startswith(i18n.label("unknown.title", "zh"))


def test_dtype_only_difference_is_wrong_dtype():
    case = conv((1, 2, 4, 4), (2, 2, 3, 3), seed=41, dtype="float32")
    expected = evaluate("conv2d", *materialize(case))
    assert expected.dtype == np.float32
    d = diagnose(case, expected.astype(np.float64), "en")
    assert d.misconception == "wrong-dtype" and "float64" in d.message
