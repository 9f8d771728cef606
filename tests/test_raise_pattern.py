"""Diagnosing a function that raises on valid configurations by where it raises (real torch for
validity; the students run in-process here, the engine runs them in the sandbox)."""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from autograder.cases import ArraySpec as A
from autograder.cases import Case, materialize
from autograder.raise_pattern import conditions, probe, render
from autograder.raise_site import raise_site
from autograder.reference import evaluate

BUGS = Path(__file__).resolve().parent / "hidden_bugs"


@dataclass
class Result:
    status: str
    value: Any = None
    exc_type: str | None = None


def runner(fn):
    calls: list[str] = []

    def call(case: Case) -> Result:
        calls.append(repr(case))
        args, kwargs = materialize(case)
        try:
            return Result("ok", fn(*args, **kwargs))
        except Exception as exc:
            return Result("raised", exc_type=type(exc).__name__)
    return call, calls


def load(name: str, function: str):
    spec = importlib.util.spec_from_file_location(f"rp_{name}", BUGS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, function)




def test_ceil_sized_loops_raise_exactly_where_floor_and_ceil_differ():
    fn = load("ceil_index_conv", "conv2d_naive")
    case = Case("conv2d_naive", (A("x", (1, 2, 7, 6), "ints"), A("weight", (2, 2, 3, 3), "ints")),
                (("stride", 2),), seed=1000)
    call, calls = runner(fn)
    first = call(case)
    assert first.status == "raised" and first.exc_type == "IndexError"
    calls.clear()
    pattern = probe(case, "IndexError", call)
    assert pattern is not None and pattern.misconception == "off-by-one-size"
    assert len(calls) == len(set(calls)) and pattern.tried <= 19
    text = render(pattern, "en")
    assert "[off-by-one-size]" in text and "IndexError" in text
    assert "[off-by-one-size]" in render(pattern, "zh") and "抛出" in render(pattern, "zh")


def test_padding_counted_but_never_applied_raises_where_padding_is_used():
    def conv(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
        p = padding if isinstance(padding, int) else padding[0]
        h, w = x.shape[-2:]
        kh, kw = weight.shape[-2:]
        out = np.zeros((x.shape[0], weight.shape[0], h + 2 * p - kh + 1, w + 2 * p - kw + 1))
        for i in range(out.shape[2]):
            for j in range(out.shape[3]):
                window = x[:, :, i:i + kh, j:j + kw]          # the input was never padded
                out[:, :, i, j] = np.einsum("nchw,ochw->no", window, weight)
        return out
    case = Case("conv2d", (A("x", (1, 1, 5, 5), "ints"), A("weight", (1, 1, 3, 3), "ints")),
                (("padding", 1),), seed=1000)
    call, _ = runner(conv)
    assert call(case).status == "raised"
    pattern = probe(case, call(case).exc_type, call)
    assert pattern is not None and pattern.misconception == "padding-ignored"


def test_raising_on_non_square_inputs_is_hw_swapped():
    def conv(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
        ref = evaluate("conv2d", (x, weight), {})
        if x.shape[-1] != x.shape[-2]:
            return ref + np.zeros((ref.shape[-1], ref.shape[-2]))     # broadcasting fails: H, W mixed up
        return ref
    case = Case("conv2d", (A("x", (1, 1, 5, 6), "ints"), A("weight", (1, 1, 2, 2), "ints")), seed=1000)
    call, _ = runner(conv)
    pattern = probe(case, "ValueError", call)
    assert pattern is not None and pattern.misconception == "hw-swapped"


def test_no_pattern_is_claimed_for_raising_everywhere_or_at_random():
    case = Case("conv2d", (A("x", (1, 1, 5, 6), "ints"), A("weight", (1, 1, 2, 2), "ints")),
                (("stride", 2),), seed=1000)

    def always(*a, **k):
        raise IndexError
    assert probe(case, "IndexError", runner(always)[0]) is None

    def random(x, *a, **k):
        if int(abs(x).sum()) % 2:
            raise IndexError
        return evaluate("conv2d", (x,) + a, k)
    assert probe(case, "IndexError", runner(random)[0]) is None

    def not_implemented(*a, **k):
        raise NotImplementedError
    assert probe(case, "NotImplementedError", runner(not_implemented)[0]) is None


def test_conditions_of_a1_and_pairs():
    c = conditions(Case("conv_output_size", (8, 3), (("stride", 2),)))
    assert c["off-by-one-size"] is True and c["stride-misapplied"] is True
    c = conditions(Case("conv_output_size", (7, 3), (("stride", 2),)))
    assert c["off-by-one-size"] is False
    c = conditions(Case("conv2d", (A("x", (1, 1, 5, 6)), A("weight", (1, 1, 3, 3))), (("padding", (0, 1)),)))
    assert c["padding-ignored"] is True and c["hw-swapped"] is True


def test_raise_site_is_checked_against_the_code_sent():
    chunks = [("import numpy\n\ndef f(x):\n    return x[9]\n", "conv2d.py", 1),
              ("y = 1\nz = y[0]\n", "nb.ipynb, cell 3", 1)]
    site = raise_site("conv2d.py", 4, chunks)
    assert (site.origin, site.line, site.source) == ("conv2d.py", 4, "return x[9]")
    assert raise_site("nb.ipynb, cell 3", 2, chunks).source == "z = y[0]"
    assert raise_site("conv2d.py", 5, chunks) is None            # past the end of the file
    assert raise_site("conv2d.py", 0, chunks) is None
    assert raise_site("/etc/passwd", 1, chunks) is None          # not a file the grader sent
    assert raise_site("conv2d.py", True, chunks) is None         # not a plain int
    assert raise_site("conv2d.py", "4", chunks) is None
    bidi = [("s = '\u202eevil'\n", "m.py", 1)]
    assert "\u202e" not in raise_site("m.py", 1, bidi).source


def test_hidden_reproductions_show_code_without_the_students_text():
    from autograder.raise_site import RaiseSite, render
    site = RaiseSite("conv2d.py", 7, "raise ValueError('RT-SECRET ' + str(x[0]))  # SECRET")
    public, hidden = render(site, "en"), render(site, "en", code_only=True)
    assert "RT-SECRET" in public and "SECRET" not in hidden
    assert "conv2d.py, line 7" in hidden and "str(x[0])" in hidden
    odd = RaiseSite("m.py", 2, "s = 'unterminated")
    assert "unterminated" not in render(odd, "zh", code_only=True)
