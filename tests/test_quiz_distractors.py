"""Every wrong option is its mistake: over thousands of seeds per question type, each named
distractor is recomputed here, independently of question_bank's templates and of its mistakes
module, by applying the named mistake to the question's own parameters: torch run on the
mutated configuration where the mistake is a parameter left out (padding, stride, dilation,
groups, bias, a layout), the course's formula rewritten by the mistake otherwise.

A named value must equal that recomputation, differ from torch's answer, and be given by no
other mistake that can be made on the same parameters (exactly one explanation). A numeric or
shape question must name every mistake that can be made, with its value.
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from question_bank import templates as tpl
from question_bank.answers import same_value
from question_bank.quiz import make_question
from question_bank.torch_oracle import Oracle

SEEDS = {"accepts": 600, "chain": 600, "receptive_field": 1000, "conv2d_shape": 1500, "kernel_matrix_shape": 1500}
DEFAULT_SEEDS = 2500


@pytest.fixture(scope="module")
def oracle():
    threads, onednn = torch.get_num_threads(), torch.backends.mkldnn.enabled
    torch.set_num_threads(1)
    torch.backends.mkldnn.enabled = False
    yield Oracle()
    torch.backends.mkldnn.enabled = onednn
    torch.set_num_threads(threads)


def _z(*shape):
    return torch.zeros(*shape)


def _run(fn):
    """fn() or None when torch refuses the configuration (the mistake gives no output)."""
    try:
        with torch.no_grad():
            return fn()
    except RuntimeError:
        return None


def _size(v):
    """A size a student could write (≥ 1 everywhere), or None."""
    if v is None:
        return None
    if isinstance(v, (list, tuple)):
        return list(v) if all(x >= 1 for x in v) else None
    return v if v >= 1 else None


def _floor_size(L, k, s, p, d, rounding=math.floor, span=None):
    span = d * (k - 1) + 1 if span is None else span
    return rounding(Fraction(L + 2 * p - span, s)) + 1


def conv_output_size(p, answer):
    i = "HW".index(p["axis"])
    L = p[p["axis"]]
    k, s, pad, d = (p[n][i] for n in ("kernel", "stride", "padding", "dilation"))

    def size(axis=i, **change):
        args = {n: list(p[n]) for n in ("stride", "padding", "dilation")}
        kernel = list(p["kernel"])
        for name, value in change.items():
            if name == "kernel":
                kernel[i] = value
            else:
                args[name][i] = value
        y = _run(lambda: F.conv2d(_z(1, 1, p["H"], p["W"]), _z(1, 1, *kernel), **args))
        return None if y is None else y.shape[2 + axis]

    return {
        "no-floor": round((L + 2 * pad - d * (k - 1) - 1) / s, 2) + 1,
        "ceil-for-floor": _floor_size(L, k, s, pad, d, math.ceil),
        "off-by-one-size": answer - 1,
        "effective-kernel-kd": size(kernel=k * d, dilation=1),    # a kernel k·d wide
        "hw-swapped": size(axis=1 - i),
        "padding-ignored": size(padding=0) if pad else None,
        "dilation-ignored": size(dilation=1) if d > 1 else None,
        "stride-misapplied": size(stride=1) if s > 1 else None,
    }


def conv2d_shape(p, answer):
    def shape(**change):
        args = {"stride": p["stride"], "padding": p["padding"], "dilation": p["dilation"], **change}
        w = _z(p["Cout"], p["Cin"] // p["groups"], *p["kernel"])
        y = _run(lambda: F.conv2d(_z(p["N"], p["Cin"], p["H"], p["W"]), w, groups=p["groups"], **args))
        return None if y is None else list(y.shape)

    N, C, Ho, Wo = answer
    sizes = [p["H"], p["W"]]
    return {
        "ceil-for-floor": [N, C, *[_floor_size(sizes[j], p["kernel"][j], p["stride"][j], p["padding"][j],
                                               p["dilation"][j], math.ceil) for j in range(2)]],
        "off-by-one-size": [N, C, Ho - 1, Wo - 1],
        "hw-swapped": [N, C, Wo, Ho] if Ho != Wo else None,
        "padding-ignored": shape(padding=0) if any(p["padding"]) else None,
        "dilation-ignored": shape(dilation=1) if max(p["dilation"]) > 1 else None,
        "stride-misapplied": shape(stride=1) if max(p["stride"]) > 1 else None,
    }


def _tsize(L, k, s, p, op, d):
    return (L - 1) * s - 2 * p + d * (k - 1) + op + 1


def transposed_output_size(p, answer):
    L, k, s, pad, op, d = (p[n] for n in ("L", "kernel", "stride", "padding", "output_padding", "dilation"))
    return {
        "output-padding-ignored": _tsize(L, k, s, pad, 0, d) if op else None,
        "off-by-one-size": answer - 1,
        "padding-ignored": _tsize(L, k, s, 0, op, d) if pad else None,
        "dilation-ignored": _tsize(L, k, s, pad, op, 1) if d > 1 else None,
        "stride-misapplied": _tsize(L, k, 1, pad, op, d) if s > 1 else None,
    }


def output_padding(p, answer):
    L, Lout, k, s, pad, d = (p[n] for n in ("L", "Lout", "kernel", "stride", "padding", "dilation"))

    def need(base):
        return L - base if L - base >= 0 else None

    return {
        "output-padding-ignored": 0,
        "off-by-one-size": need(_tsize(Lout, k, s, pad, 0, d) - 1),
        "stride-misapplied": need(_tsize(Lout, k, 1, pad, 0, d)) if s > 1 else None,
        "dilation-ignored": need(_tsize(Lout, k, s, pad, 0, 1)) if d > 1 else None,
    }


def pool_output_size(p, answer):
    L, k, s, pad, ceil_mode = (p[n] for n in ("L", "kernel", "stride", "padding", "ceil_mode"))
    st = k if s is None else s

    def size(**change):
        args = {"stride": s, "padding": pad, "ceil_mode": ceil_mode, **change}
        y = _run(lambda: F.max_pool1d(_z(1, 1, L), k, **args))
        return None if y is None else y.shape[-1]

    plain_ceil = _floor_size(L, k, st, pad, 1, math.ceil)
    return {
        "no-floor": round((L + 2 * pad - k) / st, 2) + 1,
        "off-by-one-size": answer - 1,
        "padding-ignored": size(padding=0) if pad else None,
        "ceil-for-floor": plain_ceil if not ceil_mode else None,
        "ceil-mode-window": plain_ceil if ceil_mode and plain_ceil != answer else None,
        "pool-stride-one": size(stride=1) if s is None else None,
    }


def _split(total):
    return [total // 2, total - total // 2]


def same_padding(p, answer):
    k, d = p["kernel"], p["dilation"]
    total = sum(answer)
    return {
        "tf-same-padding": [answer[1], answer[0]] if total % 2 else None,
        "dilation-ignored": _split(k - 1) if d > 1 else None,
        "effective-kernel-kd": _split(k * d - 1) if d > 1 else None,
        "padding-ignored": [total, 0] if total else None,
    }


def effective_kernel(p, answer):
    k, d = p["kernel"], p["dilation"]
    return {"effective-kernel-kd": k * d, "dilation-ignored": k, "off-by-one-size": answer - 1}


def _params(layer):
    return sum(x.numel() for x in layer.parameters())


def param_count(p, answer):
    cin, cout, kernel, g, bias = (p[n] for n in ("Cin", "Cout", "kernel", "groups", "bias"))
    weights = _params(nn.Conv2d(cin, cout, kernel, groups=g, bias=False))
    return {
        "groups-ignored": _params(nn.Conv2d(cin, cout, kernel, groups=1, bias=bias)) if g > 1 else None,
        "bias-per-input": weights + cin if bias else None,
        "missing-bias": weights if bias else None,
    }


def transpose_weight_shape(p, answer):
    cin, cout, (kh, kw), g = (p[n] for n in ("Cin", "Cout", "kernel", "groups"))
    return {
        "transpose-weight-layout": list(nn.Conv2d(cin, cout, (kh, kw), groups=g).weight.shape),
        "groups-ignored": list(nn.ConvTranspose2d(cin, cout, (kh, kw)).weight.shape) if g > 1 else None,
        "hw-swapped": list(nn.ConvTranspose2d(cin, cout, (kw, kh), groups=g).weight.shape) if kh != kw else None,
    }


def unfold_shape(p, answer):
    def shape(**change):
        args = {"dilation": p["dilation"], "padding": p["padding"], "stride": p["stride"], **change}
        y = _run(lambda: F.unfold(_z(p["N"], p["C"], p["H"], p["W"]), p["kernel"], **args))
        return None if y is None else list(y.shape)

    return {
        "im2col-order": [answer[0], answer[2], answer[1]],
        "padding-ignored": shape(padding=0) if p["padding"] else None,
        "stride-misapplied": shape(stride=1) if p["stride"] > 1 else None,
        "dilation-ignored": shape(dilation=1) if p["dilation"] > 1 else None,
    }


def kernel_matrix_shape(p, answer):
    cols = p["Cin"] * p["H"] * p["W"]

    def rows(**change):
        args = {"stride": p["stride"], "padding": p["padding"], **change}
        k = p["kernel"]
        y = _run(lambda: F.conv2d(_z(1, p["Cin"], p["H"], p["W"]), _z(p["Cout"], p["Cin"], k, k), **args))
        return None if y is None else [y.numel(), cols]

    return {
        "im2col-order": [answer[1], answer[0]],
        "padding-ignored": rows(padding=0) if p["padding"] else None,
        "stride-misapplied": rows(stride=1) if p["stride"] > 1 else None,
    }


def _rf(layers) -> int:
    """The side of the input region output 0 depends on, measured with torch."""
    n = 1
    for k, s, d in reversed(layers):
        n = (n - 1) * s + d * (k - 1) + 1
    n += 8
    y = torch.eye(n, dtype=torch.float64).reshape(n, 1, n)
    for k, s, d in layers:
        y = F.conv1d(y, torch.ones(1, 1, k, dtype=torch.float64), stride=s, dilation=d)
    seen = torch.nonzero(y[:, 0, 0]).flatten()
    return int(seen[-1] - seen[0] + 1)


def receptive_field(p, answer):
    layers = [tuple(x) for x in p["layers"]]
    dilated = any(d > 1 for *_, d in layers)
    return {
        "rf-strides-ignored": _rf([(k, 1, d) for k, _, d in layers]) if any(s > 1 for _, s, _ in layers[:-1]) else None,
        "dilation-ignored": _rf([(k, s, 1) for k, s, _ in layers]) if dilated else None,
        "effective-kernel-kd": _rf([(k * d, s, 1) for k, s, d in layers]) if dilated else None,
        "off-by-one-size": answer - 1,
    }


def macs(p, answer):
    def count(**change):
        args = {"stride": p["stride"], "padding": p["padding"], "groups": p["groups"], **change}
        k = p["kernel"]
        w = _z(p["Cout"], p["Cin"] // args["groups"], k, k)
        y = _run(lambda: F.conv2d(_z(1, p["Cin"], p["H"], p["H"]), w, **args))
        return None if y is None else y.numel() * w[0].numel()

    return {
        "groups-ignored": count(groups=1) if p["groups"] > 1 else None,
        "stride-misapplied": count(stride=1) if p["stride"] > 1 else None,
        "padding-ignored": count(padding=0) if p["padding"] else None,
    }


def chain(p, answer):
    H, out = p["H"], []
    for spec in p["layers"]:
        if spec["type"] == "conv":
            H = _floor_size(H, spec["k"], spec["s"], spec["p"], spec["d"], math.ceil)
        elif spec["type"] == "pool":
            y = _run(lambda: F.max_pool1d(_z(1, 1, H), spec["k"], ceil_mode=True)) if H >= 1 else None
            H = 0 if y is None else y.shape[-1]
        else:
            H = _tsize(H, spec["k"], spec["s"], spec["p"], spec["op"], 1)
        out.append(H)
    return {"ceil-for-floor": out}


def _capture(kind):
    """A stand-in for an nn layer class that records what the layer's code passes to it."""
    def layer(*args, **kwargs):
        names = ("in_channels", "out_channels", "kernel_size")
        return {"kind": kind, **dict(zip(names, args)), **kwargs}
    return layer


_NN = type("nn", (), {"Conv2d": staticmethod(_capture("conv")), "ConvTranspose2d": staticmethod(_capture("convT"))})


def refused_under(mistake: str, code: str, H: int) -> bool:
    """Would a student who holds the mistake expect torch to refuse this layer on an H×H input?"""
    layer = eval(code, {"nn": _NN})
    k, p, d = layer["kernel_size"], layer.get("padding", 0), layer.get("dilation", 1)
    conv = layer["kind"] == "conv"
    if mistake == "effective-kernel-kd":     # the kernel taken to span k·d
        return conv and isinstance(p, int) and d > 1 and k * d > H + 2 * p
    if mistake == "padding-ignored":         # the kernel's span compared with the unpadded input
        return conv and isinstance(p, int) and p > 0 and d * (k - 1) + 1 > H
    if mistake == "tf-same-padding":         # 'same' taken to need a symmetric (odd-kernel) padding
        return conv and p == "same" and (d * (k - 1)) % 2 == 1
    if mistake == "output-padding-ignored":  # output_padding taken to need < stride
        return not conv and layer.get("output_padding", 0) >= layer.get("stride", 1)
    return False


RECOMPUTE = {f.__name__: f for f in (conv_output_size, conv2d_shape, transposed_output_size, output_padding,
                                      pool_output_size, same_padding, effective_kernel, param_count,
                                      transpose_weight_shape, unfold_shape, kernel_matrix_shape, receptive_field,
                                      macs, chain)}


def _check_accepts(q):
    p = q.params
    shape = (1, p["C"], p["H"], p["H"])
    for o in q.options:
        if o.misconception is None:
            continue
        with torch.no_grad():
            eval(o.value, {"nn": nn})(torch.zeros(*shape))    # torch accepts every distractor
        assert refused_under(o.misconception, o.value, p["H"]), (o.misconception, o.value, p)
        others = [m for m in ("effective-kernel-kd", "padding-ignored", "tf-same-padding", "output-padding-ignored")
                  if m != o.misconception]
        assert not any(refused_under(m, o.value, p["H"]) for m in others), (o.misconception, o.value)
        assert o.feedback.startswith("This layer runs")


def test_every_template_has_an_independent_recomputation():
    assert set(RECOMPUTE) | {"accepts"} == {t.NAME for t in tpl.TEMPLATES}


@pytest.mark.parametrize("name", [t.NAME for t in tpl.TEMPLATES])
def test_every_distractor_is_its_mistake(name, oracle):
    template = tpl.get(name)
    named = 0
    for seed in range(SEEDS.get(name, DEFAULT_SEEDS)):
        q = make_question(1, name, np.random.default_rng([seed, 0, 1]), oracle, "en", seed % 4)
        if name == "accepts":
            _check_accepts(q)
            named += 3
            continue
        answer = q.answer_value
        expected = RECOMPUTE[name](q.params, answer)
        if name not in ("output_padding", "same_padding"):   # paddings may be 0; every other value is a size
            expected = {m: _size(v) for m, v in expected.items()}
        expected = {m: v for m, v in expected.items() if v is not None}
        where = (name, seed, q.params)
        if template.KIND == "multichoice":
            shown = [(o.misconception, o.value) for o in q.options if o.misconception]
            assert len(shown) == 3 and q.misconceptions == dict(shown), where
        else:
            shown = list(q.misconceptions.items())
            assert set(q.misconceptions) == set(expected), (where, q.misconceptions, expected)
        for mid, value in shown:
            assert mid in expected, (where, mid)
            assert same_value(value, expected[mid]), (where, mid, value, expected[mid])
            assert not same_value(value, answer), (where, mid)
            twins = [m for m, v in expected.items() if m != mid and same_value(v, value)]
            assert not twins, (where, mid, twins)     # exactly one explanation
            named += 1
    assert named > SEEDS.get(name, DEFAULT_SEEDS) // 2


def test_padding_and_bias_mistakes_need_padding_and_bias(oracle):
    """The cases of the report: no padding-ignored without padding, no bias mistakes with bias=False,
    the kernel-matrix padding mistake in the rows (outputs), never in the columns."""
    seen = {"no-pad": 0, "no-bias": 0, "km": 0}
    for seed in range(1500):
        rng = lambda i: np.random.default_rng([seed, 3, i])  # noqa: E731
        for name in ("conv_output_size", "pool_output_size"):
            q = make_question(1, name, rng(1), oracle, "en", 0)
            i = "HW".index(q.params["axis"]) if name == "conv_output_size" else None
            pad = q.params["padding"][i] if i is not None else q.params["padding"]
            if pad == 0:
                seen["no-pad"] += 1
                assert "padding-ignored" not in q.misconceptions
        q = make_question(1, "param_count", rng(2), oracle, "en", 0)
        if not q.params["bias"]:
            seen["no-bias"] += 1
            assert not {"missing-bias", "bias-per-input"} & set(q.misconceptions)
        q = make_question(1, "kernel_matrix_shape", rng(3), oracle, "en", 0)
        if "padding-ignored" in q.misconceptions:
            seen["km"] += 1
            assert q.misconceptions["padding-ignored"][1] == q.answer_value[1]
            assert q.misconceptions["padding-ignored"][0] < q.answer_value[0]
    assert min(seen.values()) > 50, seen
