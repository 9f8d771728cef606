"""Every question type, over many seeds: the key's answer, the worked formula's answer and the
correct option all equal a fresh torch run done here, independently of question_bank's oracle."""
from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from autograder import catalogue
from question_bank import templates as tpl
from question_bank.answers import same_value
from question_bank.i18n import COMMON, TEMPLATES
from question_bank.quiz import make_question
from question_bank.torch_oracle import Oracle

CATALOGUE = set(catalogue.IDS)
SEEDS = {"chain": 400, "accepts": 800, "receptive_field": 1000, "kernel_matrix_shape": 600, "macs": 1000,
         "conv_output_size": 1500, "transposed_output_size": 1500}
DEFAULT_SEEDS = 2000


@pytest.fixture(scope="module")
def oracle():
    # thousands of tiny runs: a thread pool only adds overhead, and oneDNN builds a primitive
    # per new shape (the native kernels give the same shapes and errors, several times faster)
    threads, onednn = torch.get_num_threads(), torch.backends.mkldnn.enabled
    torch.set_num_threads(1)
    torch.backends.mkldnn.enabled = False
    yield Oracle()
    torch.backends.mkldnn.enabled = onednn
    torch.set_num_threads(threads)


def _fresh_key(q):
    """What fresh_torch reads off a question: its type and parameters, plus the answer where the
    check uses it and the options for 'accepts'. Equal keys get the same fresh torch result."""
    extra = q.answer_value if q.type in ("same_padding", "effective_kernel") else None
    options = tuple(o.value for o in q.options) if q.type == "accepts" else None
    return q.type, repr(q.params), repr(extra), options


def _layer_refused(code: str, x_shape, cache: dict) -> bool:
    """Does torch refuse this layer (built here with torch.nn) on zeros(x_shape)? Once per pair."""
    key = (code, x_shape)
    if key not in cache:
        try:
            eval(code, {"nn": nn})(torch.zeros(*x_shape))
            cache[key] = False
        except (RuntimeError, ValueError):
            cache[key] = True
    return cache[key]


def _zeros(*shape):
    return torch.zeros(*shape, dtype=torch.float64)


def fresh_torch(q, layers: dict | None = None) -> object:
    """The answer computed here from the question's parameters with real layers (or the
    functional call on zeros with the shapes the layer's weights have)."""
    p = q.params
    layers = {} if layers is None else layers
    t = q.type
    with torch.no_grad():
        if t == "conv_output_size":
            i = "HW".index(p["axis"])
            layer = nn.Conv2d(p["C"], p["Cout"], p["kernel"], p["stride"], p["padding"], p["dilation"])
            return layer(torch.zeros(1, p["C"], p["H"], p["W"])).shape[2 + i]
        if t == "conv2d_shape":
            layer = nn.Conv2d(p["Cin"], p["Cout"], p["kernel"], p["stride"], p["padding"], p["dilation"], p["groups"])
            return list(layer(torch.zeros(p["N"], p["Cin"], p["H"], p["W"])).shape)
        if t == "transposed_output_size":
            layer = nn.ConvTranspose2d(p["Cin"], p["Cout"], p["kernel"], p["stride"], p["padding"],
                                       p["output_padding"], dilation=p["dilation"])
            return layer(torch.zeros(1, p["Cin"], p["L"], p["L"])).shape[2]
        if t == "output_padding":
            # nn.Conv1d(1, 1, k) and nn.ConvTranspose1d(1, 1, k) hold a (1, 1, k) weight
            k, s, pad, d = p["kernel"], p["stride"], p["padding"], p["dilation"]
            w = torch.zeros(1, 1, k)
            lout = F.conv1d(torch.zeros(1, 1, p["L"]), w, stride=s, padding=pad, dilation=d).shape[-1]
            assert lout == p["Lout"]
            good = [op for op in range(max(s, d))
                    if F.conv_transpose1d(torch.zeros(1, 1, lout), w, stride=s, padding=pad, output_padding=op,
                                          dilation=d).shape[-1] == p["L"]]
            assert len(good) == 1
            return good[0]
        if t == "pool_output_size":
            layer = nn.MaxPool2d(p["kernel"], p["stride"], p["padding"], ceil_mode=p["ceil_mode"])
            return layer(torch.zeros(1, p["C"], p["L"], p["L"])).shape[-1]
        if t == "same_padding":
            # the (before, after) answer must reproduce padding='same' exactly on random data
            k, d = p["kernel"], p["dilation"]
            x, w = torch.randn(1, 1, 3 * d * k + 5, dtype=torch.float64), torch.randn(1, 1, k, dtype=torch.float64)
            same = F.conv1d(x, w, padding="same", dilation=d)
            before, after = q.answer_value
            assert torch.allclose(F.conv1d(F.pad(x, (before, after)), w, dilation=d), same)
            return [before, after]
        if t == "effective_kernel":
            k, d = p["kernel"], p["dilation"]
            span = q.answer_value   # an input exactly as long as the dilated kernel gives one output
            assert F.conv1d(_zeros(1, 1, span), _zeros(1, 1, k), dilation=d).shape[-1] == 1
            with pytest.raises(RuntimeError):
                F.conv1d(_zeros(1, 1, span - 1), _zeros(1, 1, k), dilation=d)
            return span
        if t == "param_count":
            layer = nn.Conv2d(p["Cin"], p["Cout"], p["kernel"], groups=p["groups"], bias=p["bias"])
            return sum(x.numel() for x in layer.parameters())
        if t == "transpose_weight_shape":
            return list(nn.ConvTranspose2d(p["Cin"], p["Cout"], p["kernel"], groups=p["groups"]).weight.shape)
        if t == "unfold_shape":
            x = torch.randn(p["N"], p["C"], p["H"], p["W"])
            return list(F.unfold(x, p["kernel"], p["dilation"], p["padding"], p["stride"]).shape)
        if t == "kernel_matrix_shape":
            conv = nn.Conv2d(p["Cin"], p["Cout"], p["kernel"], p["stride"], p["padding"], bias=False).double()
            x = torch.randn(p["Cin"], p["H"], p["W"], dtype=torch.float64)
            n = x.numel()
            if n <= 64:   # the real kernel matrix: column j is the conv of the j-th basis image
                K = conv(torch.eye(n, dtype=torch.float64).reshape(n, *x.shape)).reshape(n, -1).T
                assert torch.allclose(K @ x.ravel(), conv(x[None]).ravel())
                return list(K.shape)
            return [conv(x[None]).numel(), x.numel()]
        if t == "receptive_field":
            # perturb one input position at a time; the unit sees it when output 0 changes
            def net(y):   # nn.Conv1d(1, 1, k, s, dilation=d, bias=False) with its (1, 1, k) weight all ones
                for k, s, d in p["layers"]:
                    y = F.conv1d(y, torch.ones(1, 1, k, dtype=torch.float64), stride=s, dilation=d)
                return y
            n = 1
            for k, s, d in reversed(p["layers"]):
                n = (n - 1) * s + d * (k - 1) + 1
            n += 12
            eye = torch.eye(n, dtype=torch.float64).reshape(n, 1, n)
            seen = torch.nonzero(net(eye)[:, 0, 0]).flatten()
            return int(seen[-1] - seen[0] + 1)
        if t == "macs":
            layer = nn.Conv2d(p["Cin"], p["Cout"], p["kernel"], p["stride"], p["padding"], groups=p["groups"], bias=False)
            y = layer(torch.zeros(1, p["Cin"], p["H"], p["H"]))
            return y.numel() * layer.weight[0].numel()   # one product per weight of the filter per output
        if t == "accepts":
            refused = [o.value for o in q.options if _layer_refused(o.value, (1, p["C"], p["H"], p["H"]), layers)]
            assert len(refused) == 1
            return refused[0]
        if t == "chain":
            y, sizes = torch.zeros(1, p["C"], p["H"], p["H"]), []
            from question_bank.templates.chain import code
            for spec in p["layers"]:
                y = eval(code(spec), {"nn": nn})(y)
                sizes.append(y.shape[-1])
            return sizes
    raise AssertionError(f"no fresh torch check for {t}")


@pytest.mark.parametrize("name", [t.NAME for t in tpl.TEMPLATES])
def test_answers_equal_fresh_torch(name, oracle):
    torch.manual_seed(0)
    template = tpl.get(name)
    fresh, layers = {}, {}   # fresh torch results per distinct configuration, within this test
    for seed in range(SEEDS.get(name, DEFAULT_SEEDS)):
        q = make_question(1, name, np.random.default_rng([seed, 0, 1]), oracle, "en", seed % 4)
        key = _fresh_key(q)
        if key not in fresh:
            fresh[key] = fresh_torch(q, layers)
        truth = fresh[key]
        assert same_value(q.answer_value, truth), (seed, q.params, q.answer_value, truth)
        assert same_value(q.formula_answer, truth), (seed, q.params, q.formula_answer, truth)
        assert q.kind == template.KIND and q.solution and q.verification["by"] == "torch"
        if q.kind == "multichoice":
            correct = [o for o in q.options if o.letter == q.answer]
            assert len(correct) == 1 and correct[0].misconception is None
            assert same_value(correct[0].value, truth)
            assert len(q.options) == 4
            values = [o.value for o in q.options]
            assert all(not same_value(a, b) for i, a in enumerate(values) for b in values[i + 1:])
            wrong = [o.misconception for o in q.options if o.letter != q.answer]
            assert all(m in CATALOGUE for m in wrong) and len(set(wrong)) == 3
        else:
            assert same_value(q.answer, truth)
        assert set(q.misconceptions) <= CATALOGUE


def test_catalogue_texts_in_both_languages():
    assert set(catalogue.QUIZ_FEEDBACK) == CATALOGUE
    assert all(set(entry) == {"en", "zh"} for entry in catalogue.QUIZ_FEEDBACK.values())
    assert set(TEMPLATES) == {t.NAME for t in tpl.TEMPLATES}
    assert all(set(entry) == {"en", "zh"} for entry in [*TEMPLATES.values(), *COMMON.values()])
    assert all(set(entry["en"]) == set(entry["zh"]) for entry in TEMPLATES.values())
    assert len(tpl.TEMPLATES) >= 12


def test_sampling_teaches(oracle):
    """The concepts change the answer: floors drop something, ceil differs from floor, dilation > 1."""
    for seed in range(300):
        rng = lambda: np.random.default_rng([seed, 1, 1])  # noqa: E731
        q = make_question(1, "conv_output_size", rng(), oracle, "en", 0)
        i = "HW".index(q.params["axis"])
        L, k, s, p, d = (q.params[q.params["axis"]], *(q.params[n][i] for n in ("kernel", "stride", "padding", "dilation")))
        assert d > 1 and (L + 2 * p - d * (k - 1) - 1) % s != 0
        q = make_question(1, "pool_output_size", rng(), oracle, "en", 0)
        pp = q.params
        stride = pp["stride"] or pp["kernel"]
        assert (pp["L"] + 2 * pp["padding"] - pp["kernel"]) % stride != 0   # floor and plain ceil differ
        q = make_question(1, "receptive_field", rng(), oracle, "en", 0)
        assert any(d > 1 for _, _, d in q.params["layers"])
        assert any(s > 1 for _, s, _ in q.params["layers"][:-1])


def test_meta_tensors_would_accept_what_the_oracle_refuses(oracle):
    """DESIGN §3: the oracle runs real tensors, so a layer only meta accepts counts as refused."""
    from question_bank.torch_oracle import Refused
    with pytest.raises(Refused):
        oracle.conv_transpose1d_size(5, 3, 2, 0, 2, 1)


def test_oracle_session_restores_torch_settings():
    """The oracle runs on one thread, without autograd and oneDNN, and gives the settings back."""
    saved = torch.get_num_threads(), torch.backends.mkldnn.enabled
    torch.set_num_threads(2)
    torch.backends.mkldnn.enabled = True
    try:
        oracle = Oracle()
        with oracle.session():
            assert torch.get_num_threads() == 1 and not torch.is_grad_enabled()
            assert not torch.backends.mkldnn.enabled
            with oracle.session():   # re-entrant
                oracle.conv1d_size(9, 3, 2, 1, 1)
            assert torch.get_num_threads() == 1 and not torch.is_grad_enabled()
        assert (torch.get_num_threads(), torch.backends.mkldnn.enabled, torch.is_grad_enabled()) == (2, True, True)
        assert oracle.conv1d_size(9, 3, 2, 1, 1)[0] == 5   # cached; a run outside a session restores too
        assert oracle.conv1d_size(10, 3, 2, 1, 1)[0] == 5
        assert (torch.get_num_threads(), torch.backends.mkldnn.enabled, torch.is_grad_enabled()) == (2, True, True)
    finally:
        torch.set_num_threads(saved[0])
        torch.backends.mkldnn.enabled = saved[1]
