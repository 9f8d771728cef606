"""Buggy submissions made from the correct samples by small source edits, one per mistake
(matrix cell), plus pairs of mistakes: each is named right, and never named wrongly.

Each entry edits examples/submissions/<assignment>/correct_<module>.py (every ``old`` must occur
exactly once), runs the edited module in-process (our own code) on the cases of
tests/diagnosis_cases.py, and diagnoses every case where it is wrong, with the edited function
as the confirming call. The mistake must be named on at least one case and no other mistake may
be named on any.
"""
from __future__ import annotations

import types

import pytest

from autograder.assignments import REPO_ROOT
from autograder.cases import Case, materialize
from autograder.diagnose import close, diagnose
from autograder.reference import ReferenceRefused, evaluate
from diagnosis_cases import bank

SAMPLES = REPO_ROOT / "examples" / "submissions"
BANK = bank()

A2 = "a2_conv2d/correct_conv2d.py"
A3 = "a3_kernel_matrix/correct_kernel_matrix.py"
A4 = "a4_transposed_conv/correct_transposed_conv.py"
A1 = "a1_shapes/correct_shapes.py"

NAIVE_LOOP = "acc += xp[b, g * c_g + c, i * sh + u * dh, j * sw + v * dw] * weight[o, c, u, v]"
CONV_W = "wmat = weight.astype(dtype).reshape(groups, c_out // groups, c_g * kh * kw)"
CONV_COLS = ("cols[:, :, u, v] = xp[:, :, u * dh:u * dh + (ho - 1) * sh + 1:sh, "
             "v * dw:v * dw + (wo - 1) * sw + 1:sw]")

# (name, sample, function, [(old, new)], expected ids)
EDITS = [
    ("naive-flipped", A2, "conv2d_naive",
     [(NAIVE_LOOP, NAIVE_LOOP.replace("weight[o, c, u, v]", "weight[o, c, kh - 1 - u, kw - 1 - v]"))],
     {"flipped-kernel"}),
    ("naive-no-bias", A2, "conv2d_naive", [("acc += bias[o]", "pass")], {"missing-bias"}),
    ("naive-float64", A2, "conv2d_naive",
     [("out = np.zeros((n, c_out, ho, wo), dtype=dtype)\n    for b", "out = np.zeros((n, c_out, ho, wo))\n    for b")],
     {"wrong-dtype"}),
    ("naive-rowcol-swapped", A2, "conv2d_naive",
     [("out = np.zeros((n, c_out, ho, wo), dtype=dtype)\n    for b", "out = np.zeros((n, c_out, wo, ho), dtype=dtype)\n    for b"),
      ("out[b, o, i, j] = acc", "out[b, o, j, i] = acc")],
     {"hw-swapped"}),
    ("naive-dilation-ignored", A2, "conv2d_naive",
     [(NAIVE_LOOP, NAIVE_LOOP.replace("u * dh", "u").replace("v * dw", "v"))], {"dilation-ignored"}),
    ("naive-groups-interleaved", A2, "conv2d_naive", [("g = o // per_group", "g = o % groups")],
     {"groups-ignored"}),
    ("conv-flipped", A2, "conv2d", [(CONV_W, CONV_W.replace("weight.astype", "weight[:, :, ::-1, ::-1].astype"))],
     {"flipped-kernel"}),
    ("conv-stride-twice", A2, "conv2d",
     [("    out = out.astype(dtype, copy=False)\n    return out[0] if unbatched else out\n\n\ndef conv1d",
       "    out = out.astype(dtype, copy=False)[:, :, ::sh, ::sw]\n    return out[0] if unbatched else out\n\n\ndef conv1d")],
     {"stride-misapplied"}),
    ("conv-stride-twice-flipped", A2, "conv2d",
     [("    out = out.astype(dtype, copy=False)\n    return out[0] if unbatched else out\n\n\ndef conv1d",
       "    out = out.astype(dtype, copy=False)[:, :, ::sh, ::sw]\n    return out[0] if unbatched else out\n\n\ndef conv1d"),
      (CONV_W, CONV_W.replace("weight.astype", "weight[:, :, ::-1, ::-1].astype"))],
     {"stride-misapplied", "flipped-kernel"}),
    ("conv-channels-last-output", A2, "conv2d",
     [("    out = out.astype(dtype, copy=False)\n    return out[0] if unbatched else out\n\n\ndef conv1d",
       "    out = out.astype(dtype, copy=False).transpose(0, 2, 3, 1)\n    return out[0] if unbatched else out\n\n\ndef conv1d")],
     {"nhwc-layout"}),
    ("conv-bias-wrong-axis", A2, "conv2d",
     [("np.asarray(bias, dtype=dtype).reshape(1, -1, 1, 1)", "np.asarray(bias, dtype=dtype).reshape(1, 1, 1, -1)")],
     {"missing-bias"}),
    ("pool-avg-divisor", A2, "avg_pool2d",
     [("counts.append(end - start)", "counts.append(np.full(o, kk))")], {"count-include-pad"}),
    ("pool-ceil-rule", A2, "max_pool2d",
     [("if ceil_mode and (o - 1) * ss >= size + pp:", "if False:")], {"ceil-mode-window"}),
    ("tconv-flipped", A4, "conv_transpose2d",
     [('contrib = np.einsum("ngchw,gcoij->ngoijhw", xg, wg, optimize=True)',
       'contrib = np.einsum("ngchw,gcoij->ngoijhw", xg, wg[..., ::-1, ::-1], optimize=True)')],
     {"flipped-kernel"}),
    ("tconv-layout", A4, "conv_transpose2d",
     [("wg = weight.astype(dtype).reshape(groups, c_in_g, c_out_g, kh, kw)",
       "wg = weight.astype(dtype).transpose(1, 0, 2, 3).reshape(groups, c_in_g, c_out_g, kh, kw)")],
     {"transpose-weight-layout"}),
    ("tconv-layout-and-flip", A4, "conv_transpose2d",
     [("wg = weight.astype(dtype).reshape(groups, c_in_g, c_out_g, kh, kw)",
       "wg = weight.astype(dtype).transpose(1, 0, 2, 3)[..., ::-1, ::-1].reshape(groups, c_in_g, c_out_g, kh, kw)")],
     {"transpose-weight-layout", "flipped-kernel"}),
    ("tconv-output-padding-ignored", A4, "conv_transpose2d",
     [("return (n - 1) * s - 2 * p + d * (k - 1) + op + 1", "return (n - 1) * s - 2 * p + d * (k - 1) + 1")],
     {"output-padding-ignored"}),
    ("tconv-padding-not-cropped", A4, "conv_transpose2d",
     [("return canvas[:, :, p[0]:p[0] + out_hw[0], p[1]:p[1] + out_hw[1]]",
       "return canvas[:, :, :out_hw[0], :out_hw[1]]")],
     {"padding-ignored"}),
    ("backward-grad-bias-per-image", A4, "conv2d_backward",
     [("grad_bias = go.astype(dtype).sum(axis=(0, 2, 3))", "grad_bias = go.astype(dtype).sum(axis=(2, 3))")],
     {"missing-bias"}),
    ("backward-flipped-grad-x", A4, "conv2d_backward",
     [('contrib = np.einsum("ngoab,gocij->ngcijab", go_g, w_g, optimize=True)',
       'contrib = np.einsum("ngoab,gocij->ngcijab", go_g, w_g[..., ::-1, ::-1], optimize=True)')],
     {"flipped-kernel"}),
    ("im2col-channel-last", A3, "im2col",
     [("cols = _columns(x, k, s, p, d, out).reshape(x.shape[0], x.shape[1] * k[0] * k[1], out[0] * out[1])",
       "cols = _columns(x, k, s, p, d, out).transpose(0, 2, 3, 1, 4, 5).reshape(x.shape[0], x.shape[1] * k[0] * k[1], out[0] * out[1])")],
     {"im2col-order"}),
    ("shape-hw-swapped", A1, "conv2d_output_shape",
     [("return (n, c_out, *sizes) if batched else (c_out, *sizes)",
       "return (n, c_out, *sizes[::-1]) if batched else (c_out, *sizes[::-1])")],
     {"hw-swapped"}),
    ("shape-ceil", A1, "conv2d_output_shape",
     [("sizes.append((size + 2 * p - span) // s + 1)", "sizes.append(-(-(size + 2 * p - span) // s) + 1)")],
     {"off-by-one-size"}),
    ("rf-own-stride", A1, "receptive_field",
     [("        rf += d * (k - 1) * jump\n        jump *= s", "        jump *= s\n        rf += d * (k - 1) * jump")],
     {"stride-misapplied"}),
    ("rf-kd", A1, "receptive_field", [("rf += d * (k - 1) * jump", "rf += (k * d - 1) * jump")],
     {"dilation-ignored"}),
    ("pool-stride-default-one", A2, "max_pool2d",
     [("s = k if stride is None", "s = (1, 1) if stride is None")], {"stride-misapplied"}),
]


def _module(sample: str, edits: list[tuple[str, str]]) -> types.ModuleType:
    text = (SAMPLES / sample).read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, f"{sample}: {old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    module = types.ModuleType("edited")
    exec(compile(text, sample, "exec"), module.__dict__)   # our own sample, edited
    return module


def _caller(fn):
    def call(case: Case):
        try:
            args, kwargs = materialize(case)
            return fn(*args, **kwargs)
        except Exception:  # noqa: BLE001 - a raising call confirms nothing
            return None
    return call


@pytest.mark.parametrize("name,sample,function,edits,expected", EDITS, ids=[e[0] for e in EDITS])
def test_edited_sample_is_named_right_and_never_wrongly(name, sample, function, edits, expected):
    fn = getattr(_module(sample, edits), function)
    named, wrong, failing = False, [], 0
    for case in BANK[function]:
        args, kwargs = materialize(case)
        try:
            want = evaluate(function, args, kwargs)
        except ReferenceRefused:
            continue
        try:
            got = fn(*args, **kwargs)
        except Exception:  # noqa: BLE001 - exceptions are another helper's diagnosis
            continue
        if close(got, want, dtype_matters=True):
            continue
        failing += 1
        d = diagnose(case, got, "en", call=_caller(fn))
        assert d is not None
        found = set(d.misconceptions)
        if expected is None:
            wrong += [f"{case.describe()}: {sorted(found)}"] if found - {"hw-swapped", "stride-misapplied"} else []
            named = named or bool(found)
            continue
        if found and not found <= expected:
            wrong.append(f"{case.describe()}: {sorted(found)}")
        if found == expected:
            named = True
    assert failing, "the edit changes nothing on the bank's cases"
    assert not wrong, "named wrongly:\n" + "\n".join(wrong)
    assert named, f"{sorted(expected or [])} never named on {failing} failing cases"
