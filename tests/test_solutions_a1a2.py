"""The a1 (shapes) and a2 (conv2d) reference solutions against real torch.

Ground truth: torch.nn.functional (or a real torch.nn layer) in float64 on the same values, and,
for a1, the shape of a real layer's output on a tiny CPU tensor. Random sweeps are seeded;
a configuration that torch refuses must make the solution raise ValueError.
"""
from __future__ import annotations

import ast
import importlib.util
import inspect
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from autograder.spec import FUNCTIONS, REQUIRED, functions_of

ROOT = Path(__file__).resolve().parent.parent
SHAPES_PATH = ROOT / "solutions" / "a1_shapes" / "shapes.py"
CONV_PATH = ROOT / "solutions" / "a2_conv2d" / "conv2d.py"


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


shapes = _load(SHAPES_PATH, "solution_a1_shapes")
sol = _load(CONV_PATH, "solution_a2_conv2d")

pytestmark = [
    pytest.mark.filterwarnings("ignore:Using padding='same':UserWarning"),   # torch's note on even kernels
    pytest.mark.filterwarnings("ignore:Initializing zero-element tensors:UserWarning"),
]


# ----------------------------------------------------------------------------- helpers


def _t(a):
    """A float64 torch tensor with the same values (the reference precision)."""
    return None if a is None else torch.from_numpy(np.asarray(a, dtype=np.float64))


def assert_matches(got, ref, dtype):
    """got (numpy) equals the torch float64 reference within the dtype's tolerance."""
    ref = ref.detach().numpy() if isinstance(ref, torch.Tensor) else ref
    assert isinstance(got, np.ndarray), f"expected an ndarray, got {type(got).__name__}"
    assert got.shape == ref.shape, f"shape {got.shape} != torch's {ref.shape}"
    assert got.dtype == dtype, f"dtype {got.dtype} != {dtype}"
    finite = np.isfinite(ref)
    np.testing.assert_array_equal(got[~finite], ref[~finite])   # -inf of an all-padding window
    if not finite.any():
        return
    tol = 1e-4 if dtype == np.float32 else 1e-9
    scale = max(1.0, float(np.abs(ref[finite]).max()))
    err = float(np.abs(got[finite].astype(np.float64) - ref[finite]).max())
    assert err <= tol * scale, f"max error {err:.3g} > {tol * scale:.3g}"


def torch_refuses(call) -> bool:
    try:
        call()
    except Exception:   # torch raises RuntimeError, ValueError, TypeError or IndexError
        return True
    return False


def compare_or_refuse(solution_call, torch_call, dtype=None, label=""):
    """Where torch refuses, the solution must raise ValueError; else its value must match.

    Returns True when torch accepted (a value was compared)."""
    try:
        ref = torch_call()
    except Exception as err:
        with pytest.raises(ValueError):
            solution_call()
            pytest.fail(f"{label}: torch refuses ({err}) but the solution did not raise")
        return False
    got = solution_call()
    if dtype is None:
        assert got == ref, f"{label}: {got!r} != torch's {ref!r}"
    else:
        try:
            assert_matches(got, ref, dtype)
        except AssertionError as err:
            raise AssertionError(f"{label}: {err}") from None
    return True


def torch_shape(function, input_shape, weight_shape, *args):
    """Output shape of a real torch layer on zeros. Validity is judged on a batch of one
    (torch skips some checks, e.g. output_padding, when the batch is empty); an empty batch
    then keeps its N = 0."""
    one = (max(input_shape[0], 1), *input_shape[1:]) if len(input_shape) == 4 else input_shape
    shape = tuple(function(torch.zeros(one), torch.zeros(weight_shape), None, *args).shape)
    if 0 in shape[-2:]:
        # grouped conv_transpose2d returns an empty output where groups=1 says
        # "Output size is too small"; an output of size 0 counts as refused
        raise RuntimeError(f"output size {shape[-2:]} is too small")
    return (input_shape[0], *shape[1:]) if len(input_shape) == 4 else shape


def draw_array(rng, shape, dtype):
    return rng.standard_normal(shape).astype(dtype)


def torch_conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros"):
    """Float64 reference: F.conv2d, or a real nn.Conv2d for padding_mode other than zeros."""
    xt, wt, bt = _t(x), _t(weight), _t(bias)
    if padding_mode == "zeros":
        return F.conv2d(xt, wt, bt, stride, padding, dilation, groups)
    layer = nn.Conv2d(wt.shape[1] * groups, wt.shape[0], tuple(wt.shape[2:]), stride=stride,
                      padding=padding, dilation=dilation, groups=groups, bias=bias is not None,
                      padding_mode=padding_mode, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(wt)
        if bias is not None:
            layer.bias.copy_(bt)
        return layer(xt)


def _pair_draw(rng, low, high, same_prob=0.5):
    a = int(rng.integers(low, high + 1))
    if rng.random() < same_prob:
        return a if rng.random() < 0.5 else (a, a)
    return (a, int(rng.integers(low, high + 1)))


def _as_pair(v):
    return v if isinstance(v, tuple) else (v, v)


def random_conv2d_case(rng, *, max_extra=5, modes=("zeros",), max_channels=3):
    """A random, mostly valid conv2d configuration: (args, kwargs, dtype)."""
    groups = int(rng.choice([1, 1, 2, 3]))
    cin = groups * int(rng.integers(1, max_channels + 1))
    cout = groups * int(rng.integers(1, max_channels + 1))
    k = (int(rng.integers(1, 5)), int(rng.integers(1, 5)))
    dilation = _pair_draw(rng, 1, 3) if rng.random() < 0.4 else 1
    stride = _pair_draw(rng, 1, 3) if rng.random() < 0.6 else 1
    choice = rng.random()
    if choice < 0.2:
        padding, stride = "same", 1
    elif choice < 0.3:
        padding = "valid"
    else:
        padding = _pair_draw(rng, 0, 3)
    d = _as_pair(dilation)
    eff = [d[i] * (k[i] - 1) + 1 for i in range(2)]
    h, w = (max(e, 4) + int(rng.integers(0, max_extra + 1)) for e in eff)
    n = int(rng.choice([0, 1, 1, 2, 3]))
    x_dtype = rng.choice([np.float32, np.float64])
    w_dtype = x_dtype if rng.random() < 0.8 else rng.choice([np.float32, np.float64])
    x_shape = (cin, h, w) if rng.random() < 0.15 else (n, cin, h, w)
    x = draw_array(rng, x_shape, x_dtype)
    weight = draw_array(rng, (cout, cin // groups, *k), w_dtype)
    bias = draw_array(rng, (cout,), w_dtype) if rng.random() < 0.7 else None
    kwargs = dict(stride=stride, padding=padding, dilation=dilation, groups=groups)
    if len(modes) > 1:
        kwargs["padding_mode"] = str(rng.choice(modes))
    return (x, weight, bias), kwargs, np.result_type(x, weight)


# ----------------------------------------------------------------------------- module form


def _signature(name: str) -> str:
    """The signature inspect shows for a SPEC function, from the table (autograder.spec)."""
    return "(" + ", ".join(n if d is REQUIRED else f"{n}={d!r}" for n, d in FUNCTIONS[name].signature) + ")"


SPEC_SIGNATURES = {
    path: {name: _signature(name) for name in functions_of(assignment)}
    for path, assignment in ((SHAPES_PATH, "a1_shapes"), (CONV_PATH, "a2_conv2d"))
}


@pytest.mark.parametrize("path", [SHAPES_PATH, CONV_PATH], ids=["a1", "a2"])
def test_module_has_the_spec_functions_with_their_signatures(path):
    module = shapes if path == SHAPES_PATH else sol
    for name, signature in SPEC_SIGNATURES[path].items():
        assert str(inspect.signature(getattr(module, name))) == signature, name
        assert getattr(module, name).__doc__, f"{name} has no docstring"


@pytest.mark.parametrize("path", [SHAPES_PATH, CONV_PATH], ids=["a1", "a2"])
def test_solution_regions_are_closed_and_inside_function_bodies(path):
    source = path.read_text()
    tree = ast.parse(source)
    bodies = {}   # first line of each function's body after the docstring -> its last line
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.col_offset == 0:
            assert ast.get_docstring(node), f"{node.name} needs a docstring outside the region"
            bodies[node.name] = (node.body[0].end_lineno, node.end_lineno)
    lines = source.splitlines()
    open_at = None
    regions = []
    for number, line in enumerate(lines, start=1):
        if line.strip() == "### BEGIN SOLUTION":
            assert open_at is None, f"nested BEGIN at line {number}"
            assert line == "    ### BEGIN SOLUTION", f"line {number}: marker not at body indentation"
            open_at = number
        elif line.strip() == "### END SOLUTION":
            assert open_at is not None, f"END without BEGIN at line {number}"
            assert line == "    ### END SOLUTION"
            regions.append((open_at, number))
            open_at = None
    assert open_at is None, "a region is left open"
    for name, (after_docstring, last) in bodies.items():
        # the region starts after the docstring and closes after the body's last statement
        inside = [r for r in regions if after_docstring < r[0] <= last < r[1]]
        assert len(inside) == 1, f"{name} must hold exactly one solution region"
    assert len(regions) == len(bodies)


@pytest.mark.parametrize("path", [SHAPES_PATH, CONV_PATH], ids=["a1", "a2"])
def test_student_stub_imports_and_every_function_raises_not_implemented(path, tmp_path):
    stub, inside = [], False
    for line in path.read_text().splitlines():
        if line.strip() == "### BEGIN SOLUTION":
            inside = True
            stub += ["    # YOUR CODE HERE", "    raise NotImplementedError"]
        elif line.strip() == "### END SOLUTION":
            inside = False
        elif not inside:
            stub.append(line)
    (tmp_path / path.name).write_text("\n".join(stub) + "\n")
    module = _load(tmp_path / path.name, f"stub_{path.stem}")
    for name, signature in SPEC_SIGNATURES[path].items():
        function = getattr(module, name)
        assert str(inspect.signature(function)) == signature
        arguments = [np.zeros((1, 1, 3, 3))] * sum(
            p.default is inspect.Parameter.empty for p in inspect.signature(function).parameters.values())
        with pytest.raises(NotImplementedError):
            function(*arguments)


@pytest.mark.parametrize("path", [SHAPES_PATH, CONV_PATH], ids=["a1", "a2"])
def test_solution_imports_only_numpy_and_the_standard_library(path):
    allowed = {"numpy", "__future__", "math", "itertools", "functools", "typing"}
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [(node.module or "").split(".")[0]]
        else:
            continue
        assert set(names) <= allowed, f"{path.name} imports {names}"


# ----------------------------------------------------------------------------- a2: conv2d


@pytest.mark.parametrize("function", ["conv2d", "conv2d_naive"])
def test_conv2d_random_sweep_matches_torch(function):
    rng = np.random.default_rng(20240611 if function == "conv2d" else 7)
    runs = 70 if function == "conv2d" else 25
    compared = 0
    for seed in range(runs):
        max_extra = 5 if function == "conv2d" else 2
        (x, weight, bias), kwargs, dtype = random_conv2d_case(
            rng, max_extra=max_extra, max_channels=3 if function == "conv2d" else 2)
        call = getattr(sol, function)
        compared += compare_or_refuse(lambda: call(x, weight, bias, **kwargs),
                                      lambda: torch_conv2d(x, weight, bias, **kwargs),
                                      dtype, label=f"run {seed}: x{x.shape} w{weight.shape} {kwargs}")
    assert compared >= 0.8 * runs


def test_conv2d_padding_modes_random_sweep_matches_nn_conv2d():
    rng = np.random.default_rng(31)
    compared = 0
    for seed in range(60):
        (x, weight, bias), kwargs, dtype = random_conv2d_case(
            rng, modes=("zeros", "reflect", "replicate", "circular"))
        compared += compare_or_refuse(lambda: sol.conv2d(x, weight, bias, **kwargs),
                                      lambda: torch_conv2d(x, weight, bias, **kwargs),
                                      dtype, label=f"run {seed}: x{x.shape} w{weight.shape} {kwargs}")
    assert compared >= 45


@pytest.mark.parametrize("mode", ["zeros", "reflect", "replicate", "circular"])
@pytest.mark.parametrize("kernel, dilation", [((2, 4), (3, 1)), ((4, 3), (1, 2)), ((2, 2), 1)])
def test_conv2d_same_padding_even_kernels_with_padding_modes(mode, kernel, dilation):
    rng = np.random.default_rng(5)
    x = draw_array(rng, (2, 3, 7, 8), np.float64)
    weight = draw_array(rng, (4, 3, *kernel), np.float64)
    bias = draw_array(rng, (4,), np.float64)
    got = sol.conv2d(x, weight, bias, padding="same", dilation=dilation, padding_mode=mode)
    ref = torch_conv2d(x, weight, bias, padding="same", dilation=dilation, padding_mode=mode)
    assert_matches(got, ref, np.float64)
    assert got.shape[2:] == x.shape[2:]


@pytest.mark.parametrize("kernel, dilation", [((2, 4), (3, 1)), ((4, 2), (2, 3)), ((1, 2), 1)])
def test_conv2d_naive_same_padding_even_kernels(kernel, dilation):
    rng = np.random.default_rng(6)
    x = draw_array(rng, (1, 2, 6, 7), np.float32)
    weight = draw_array(rng, (3, 2, *kernel), np.float32)
    got = sol.conv2d_naive(x, weight, padding="same", dilation=dilation)
    assert_matches(got, F.conv2d(_t(x), _t(weight), padding="same", dilation=dilation), np.float32)


@pytest.mark.parametrize("function", ["conv2d", "conv2d_naive"])
def test_conv2d_asymmetric_pairs_groups_and_depthwise(function):
    rng = np.random.default_rng(11)
    call = getattr(sol, function)
    configs = [
        dict(stride=(1, 3), padding=(2, 0), dilation=(2, 1), groups=1),
        dict(stride=(2, 1), padding=(0, 3), dilation=(1, 3), groups=2),
        dict(stride=(3, 2), padding=(1, 2), dilation=(3, 2), groups=6),   # depthwise
    ]
    for kwargs in configs:
        x = draw_array(rng, (2, 6, 9, 10), np.float64)
        weight = draw_array(rng, (6, 6 // kwargs["groups"], 3, 2), np.float64)
        bias = draw_array(rng, (6,), np.float64)
        assert_matches(call(x, weight, bias, **kwargs),
                       F.conv2d(_t(x), _t(weight), _t(bias), **kwargs), np.float64)


@pytest.mark.parametrize("function", ["conv2d", "conv2d_naive"])
@pytest.mark.parametrize("x_dtype, w_dtype", [(np.float32, np.float32), (np.float64, np.float64),
                                              (np.float32, np.float64), (np.float64, np.float32)])
def test_conv2d_result_dtype_is_the_result_type_of_x_and_weight(function, x_dtype, w_dtype):
    rng = np.random.default_rng(3)
    x = draw_array(rng, (1, 2, 5, 5), x_dtype)
    weight = draw_array(rng, (3, 2, 3, 3), w_dtype)
    bias = draw_array(rng, (3,), np.float64)
    got = getattr(sol, function)(x, weight, bias, padding=1)
    assert_matches(got, F.conv2d(_t(x), _t(weight), _t(bias), padding=1), np.result_type(x, weight))


@pytest.mark.parametrize("function", ["conv2d", "conv2d_naive"])
def test_conv2d_unbatched_and_empty_batch(function):
    rng = np.random.default_rng(4)
    call = getattr(sol, function)
    weight = draw_array(rng, (4, 3, 3, 2), np.float32)
    bias = draw_array(rng, (4,), np.float32)
    unbatched = draw_array(rng, (3, 6, 5), np.float32)
    assert_matches(call(unbatched, weight, bias, stride=2),
                   F.conv2d(_t(unbatched), _t(weight), _t(bias), stride=2), np.float32)
    empty = np.zeros((0, 3, 6, 5), np.float32)
    assert_matches(call(empty, weight, bias, padding="same"),
                   F.conv2d(_t(empty), _t(weight), _t(bias), padding="same"), np.float32)


def test_conv2d_reflect_unbatched_and_empty_batch():
    rng = np.random.default_rng(8)
    weight = draw_array(rng, (2, 3, 3, 3), np.float64)
    for x in (draw_array(rng, (3, 5, 6), np.float64), np.zeros((0, 3, 5, 6))):
        for mode in ("reflect", "circular", "replicate"):
            assert_matches(sol.conv2d(x, weight, padding=(2, 1), padding_mode=mode),
                           torch_conv2d(x, weight, padding=(2, 1), padding_mode=mode), np.float64)


def test_conv2d_wide_image_with_few_channels():
    rng = np.random.default_rng(9)
    x = draw_array(rng, (1, 3, 512, 512), np.float32)
    weight = draw_array(rng, (8, 3, 3, 3), np.float32)
    bias = draw_array(rng, (8,), np.float32)
    assert_matches(sol.conv2d(x, weight, bias, padding=1),
                   F.conv2d(_t(x), _t(weight), _t(bias), padding=1), np.float32)


def test_conv2d_batch_larger_than_one_chunk_of_the_column_buffer():
    rng = np.random.default_rng(10)
    x = draw_array(rng, (5, 8, 40, 40), np.float32)
    weight = draw_array(rng, (6, 4, 3, 3), np.float32)
    per_image = 8 * 9 * 38 * 38
    assert 5 * per_image > sol._COLUMN_BUDGET // 50, "make the batch span several chunks"
    old = sol._COLUMN_BUDGET
    try:
        sol._COLUMN_BUDGET = 2 * per_image      # chunks of 2, 2 and 1 images
        got = sol.conv2d(x, weight, groups=2)
    finally:
        sol._COLUMN_BUDGET = old
    assert_matches(got, F.conv2d(_t(x), _t(weight), groups=2), np.float32)


# ----------------------------------------------------------------------------- a2: conv1d


def test_conv1d_random_sweep_matches_torch():
    rng = np.random.default_rng(12)
    compared = 0
    for seed in range(40):
        groups = int(rng.choice([1, 2]))
        cin, cout = groups * int(rng.integers(1, 4)), groups * int(rng.integers(1, 4))
        k, d = int(rng.integers(1, 5)), int(rng.integers(1, 4))
        s = 1 if rng.random() < 0.3 else int(rng.integers(1, 4))
        padding = rng.choice(["same", "valid", "int"]) if s == 1 else "int"
        padding = int(rng.integers(0, 4)) if padding == "int" else str(padding)
        length = d * (k - 1) + 1 + int(rng.integers(0, 6))
        dtype = rng.choice([np.float32, np.float64])
        shape = (cin, length) if rng.random() < 0.2 else (int(rng.choice([0, 1, 3])), cin, length)
        x = draw_array(rng, shape, dtype)
        weight = draw_array(rng, (cout, cin // groups, k), dtype)
        bias = draw_array(rng, (cout,), dtype) if rng.random() < 0.5 else None
        kwargs = dict(stride=s, padding=padding, dilation=d, groups=groups)
        compared += compare_or_refuse(lambda: sol.conv1d(x, weight, bias, **kwargs),
                                      lambda: F.conv1d(_t(x), _t(weight), _t(bias), **kwargs),
                                      np.dtype(dtype), label=f"run {seed}: x{x.shape} {kwargs}")
    assert compared >= 35


def test_conv1d_same_even_kernel_dilated_unbatched():
    rng = np.random.default_rng(13)
    x = draw_array(rng, (3, 11), np.float32)
    weight = draw_array(rng, (2, 3, 4), np.float32)
    got = sol.conv1d(x, weight, padding="same", dilation=3)
    assert_matches(got, F.conv1d(_t(x), _t(weight), padding="same", dilation=3), np.float32)


# ----------------------------------------------------------------------------- a2: pooling


def random_pool_case(rng, with_dilation):
    k = _pair_draw(rng, 1, 4)
    kh, kw = _as_pair(k)
    stride = None if rng.random() < 0.3 else _pair_draw(rng, 1, 3)
    padding = (int(rng.integers(0, kh // 2 + 1)), int(rng.integers(0, kw // 2 + 1)))
    dilation = _pair_draw(rng, 1, 3) if with_dilation and rng.random() < 0.4 else 1
    dh, dw = _as_pair(dilation)
    h = max(1, dh * (kh - 1) + 1 - 2 * padding[0]) + int(rng.integers(0, 6))
    w = max(1, dw * (kw - 1) + 1 - 2 * padding[1]) + int(rng.integers(0, 6))
    dtype = rng.choice([np.float32, np.float64])
    shape = (2, h, w) if rng.random() < 0.15 else (int(rng.choice([0, 1, 2])), 2, h, w)
    x = draw_array(rng, shape, dtype)
    return x, k, stride, padding, dilation, bool(rng.random() < 0.5)


def test_max_pool2d_random_sweep_matches_torch():
    rng = np.random.default_rng(14)
    compared = 0
    for seed in range(120):
        x, k, stride, padding, dilation, ceil_mode = random_pool_case(rng, with_dilation=True)
        compared += compare_or_refuse(
            lambda: sol.max_pool2d(x, k, stride, padding, dilation, ceil_mode),
            lambda: F.max_pool2d(_t(x), k, stride, padding, dilation, ceil_mode),
            x.dtype, label=f"run {seed}: x{x.shape} k={k} s={stride} p={padding} d={dilation} "
                           f"ceil={ceil_mode}")
    assert compared >= 100


def test_avg_pool2d_random_sweep_matches_torch():
    rng = np.random.default_rng(15)
    compared = 0
    for seed in range(120):
        x, k, stride, padding, _, ceil_mode = random_pool_case(rng, with_dilation=False)
        include = bool(rng.random() < 0.5)
        compared += compare_or_refuse(
            lambda: sol.avg_pool2d(x, k, stride, padding, ceil_mode, include),
            lambda: F.avg_pool2d(_t(x), k, stride, padding, ceil_mode, include),
            x.dtype, label=f"run {seed}: x{x.shape} k={k} s={stride} p={padding} ceil={ceil_mode} "
                           f"count_include_pad={include}")
    assert compared >= 100


def _naive_ceil_size(size, k, s, p, d=1):
    return -(-(size + 2 * p - d * (k - 1) - 1) // s) + 1


# (H, kernel, stride, padding): the plain ceil formula gives one window more, which would start
# in the right padding (or beyond the input when padding is 0); torch drops it.
LAST_WINDOW_DROPPED = [(5, 1, 3, 0), (7, 2, 4, 0), (5, 2, 2, 1), (4, 4, 3, 2)]


@pytest.mark.parametrize("size, k, s, p", LAST_WINDOW_DROPPED)
@pytest.mark.parametrize("pool", ["max", "avg_include", "avg_exclude"])
def test_pool_ceil_mode_drops_a_window_that_starts_in_the_right_padding(size, k, s, p, pool):
    rng = np.random.default_rng(16)
    x = draw_array(rng, (1, 2, size, size + 1), np.float64)
    if pool == "max":
        got, ref = sol.max_pool2d(x, k, s, p, ceil_mode=True), F.max_pool2d(_t(x), k, s, p, ceil_mode=True)
    else:
        include = pool == "avg_include"
        got = sol.avg_pool2d(x, k, s, p, ceil_mode=True, count_include_pad=include)
        ref = F.avg_pool2d(_t(x), k, s, p, ceil_mode=True, count_include_pad=include)
    assert ref.shape[2] == _naive_ceil_size(size, k, s, p) - 1, "not the tricky case"
    assert_matches(got, ref, np.float64)
    assert shapes.pool_output_size(size, k, s, p, ceil_mode=True) == ref.shape[2]


@pytest.mark.parametrize("include", [True, False])
def test_avg_pool2d_ceil_overhang_is_not_counted_in_the_divisor(include):
    # H=6, k=3, s=2, p=1, ceil: the last window starts at 5 and covers 5, 6 and 7, where 7
    # lies beyond the padded input (0..6 with the padding at 6)
    rng = np.random.default_rng(17)
    x = draw_array(rng, (2, 3, 6, 6), np.float32)
    got = sol.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=include)
    ref = F.avg_pool2d(_t(x), 3, 2, 1, ceil_mode=True, count_include_pad=include)
    assert ref.shape[2] == 4
    assert_matches(got, ref, np.float32)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_pooling_keeps_the_dtype_and_handles_unbatched_and_empty_batches(dtype):
    rng = np.random.default_rng(18)
    for x in (draw_array(rng, (3, 7, 6), dtype), np.zeros((0, 3, 7, 6), dtype)):
        assert_matches(sol.max_pool2d(x, (3, 2), (2, 1), (1, 1), (1, 2), True),
                       F.max_pool2d(_t(x), (3, 2), (2, 1), (1, 1), (1, 2), True), np.dtype(dtype))
        assert_matches(sol.avg_pool2d(x, (3, 2), None, (1, 0), True, False),
                       F.avg_pool2d(_t(x), (3, 2), None, (1, 0), True, False), np.dtype(dtype))


def test_max_pool2d_window_of_padding_only_is_minus_inf_like_torch():
    # dilation 2 on a 1x1 input with padding 1: the window's taps are -1 and 1, both padding
    x = np.full((1, 1, 1, 1), 3.0)
    ref = F.max_pool2d(_t(x), 2, 1, 1, 2)
    assert_matches(sol.max_pool2d(x, 2, 1, 1, 2), ref, np.float64)


# ----------------------------------------------------------------------------- a1: shapes


def _torch_conv_len(size, k, s, p, d):
    return F.conv1d(torch.zeros(1, 1, size), torch.zeros(1, 1, k), stride=s, padding=p, dilation=d).shape[-1]


def test_conv_output_size_random_sweep_matches_torch():
    rng = np.random.default_rng(19)
    for seed in range(150):
        size, k, s, p, d = (int(rng.integers(1, 13)), int(rng.integers(1, 6)), int(rng.integers(1, 4)),
                            int(rng.integers(0, 4)), int(rng.integers(1, 4)))
        compare_or_refuse(lambda: shapes.conv_output_size(size, k, s, p, d),
                          lambda: _torch_conv_len(size, k, s, p, d), label=f"run {seed}")


def test_conv_transpose_output_size_random_sweep_matches_torch():
    rng = np.random.default_rng(20)
    compared = 0
    for seed in range(150):
        size, k, s, p, op, d = (int(rng.integers(1, 8)), int(rng.integers(1, 5)), int(rng.integers(1, 4)),
                                int(rng.integers(0, 3)), int(rng.integers(0, 3)), int(rng.integers(1, 4)))
        compared += compare_or_refuse(
            lambda: shapes.conv_transpose_output_size(size, k, s, p, op, d),
            lambda: F.conv_transpose1d(torch.zeros(1, 1, size), torch.zeros(1, 1, k), stride=s,
                                       padding=p, output_padding=op, dilation=d).shape[-1],
            label=f"run {seed}: L={size} k={k} s={s} p={p} op={op} d={d}")
    assert 40 <= compared <= 140, "the sweep should hold valid and refused configurations"


def test_pool_output_size_random_sweep_matches_max_pool2d():
    rng = np.random.default_rng(21)
    compared = 0
    for seed in range(200):
        size, k = int(rng.integers(1, 12)), int(rng.integers(1, 6))
        s = None if rng.random() < 0.3 else int(rng.integers(1, 4))
        p, d, ceil_mode = int(rng.integers(0, 3)), int(rng.integers(1, 3)), bool(rng.random() < 0.6)
        compared += compare_or_refuse(
            lambda: shapes.pool_output_size(size, k, s, p, d, ceil_mode),
            lambda: F.max_pool2d(torch.zeros(1, 1, 1, size), (1, k), None if s is None else (1, s),
                                 (0, p), (1, d), ceil_mode).shape[-1],
            label=f"run {seed}: L={size} k={k} s={s} p={p} d={d} ceil={ceil_mode}")
    assert compared >= 100


@pytest.mark.parametrize("k", range(1, 7))
@pytest.mark.parametrize("d", [1, 2, 3])
def test_same_padding_is_where_torch_pads(k, d):
    rng = np.random.default_rng(22)
    x, w = _t(draw_array(rng, (1, 1, 12), np.float64)), _t(draw_array(rng, (1, 1, k), np.float64))
    before, after = shapes.same_padding(k, d)
    by_hand = F.conv1d(F.pad(x, (before, after)), w, dilation=d)
    assert torch.allclose(by_hand, F.conv1d(x, w, padding="same", dilation=d), rtol=0, atol=1e-12)


def test_conv2d_output_shape_random_sweep_matches_real_conv2d():
    rng = np.random.default_rng(23)
    compared = 0
    for seed in range(200):
        groups = int(rng.choice([1, 2, 3]))
        cin = groups * int(rng.integers(1, 3)) + (1 if rng.random() < 0.05 else 0)
        cout = groups * int(rng.integers(1, 3)) + (1 if rng.random() < 0.05 else 0)
        kh, kw = int(rng.integers(1, 5)), int(rng.integers(1, 5))
        stride, padding, dilation = _pair_draw(rng, 1, 3), _pair_draw(rng, 0, 2), _pair_draw(rng, 1, 2)
        h, w = int(rng.integers(1, 9)), int(rng.integers(1, 9))
        n = int(rng.choice([0, 1, 2]))
        input_shape = (cin, h, w) if rng.random() < 0.2 else (n, cin, h, w)
        weight_shape = (cout, max(cin // groups, 1), kh, kw)
        compared += compare_or_refuse(
            lambda: shapes.conv2d_output_shape(input_shape, weight_shape, stride, padding, dilation, groups),
            lambda: torch_shape(F.conv2d, input_shape, weight_shape, stride, padding, dilation, groups),
            label=f"run {seed}: {input_shape} {weight_shape} s={stride} p={padding} d={dilation} g={groups}")
    assert compared >= 100


def test_conv_transpose2d_output_shape_random_sweep_matches_real_conv_transpose2d():
    rng = np.random.default_rng(24)
    compared = 0
    for seed in range(200):
        groups = int(rng.choice([1, 2]))
        cin = groups * int(rng.integers(1, 3)) + (1 if rng.random() < 0.05 else 0)
        out_per_group = int(rng.integers(1, 3))
        kh, kw = int(rng.integers(1, 4)), int(rng.integers(1, 4))
        stride, padding = _pair_draw(rng, 1, 3), _pair_draw(rng, 0, 2)
        output_padding, dilation = _pair_draw(rng, 0, 2), _pair_draw(rng, 1, 2)
        h, w = int(rng.integers(1, 6)), int(rng.integers(1, 6))
        n = int(rng.choice([0, 1, 2]))
        input_shape = (cin, h, w) if rng.random() < 0.2 else (n, cin, h, w)
        weight_shape = (cin if rng.random() < 0.95 else cin + 1, out_per_group, kh, kw)
        compared += compare_or_refuse(
            lambda: shapes.conv_transpose2d_output_shape(input_shape, weight_shape, stride, padding,
                                                         output_padding, groups, dilation),
            lambda: torch_shape(F.conv_transpose2d, input_shape, weight_shape, stride, padding,
                                output_padding, groups, dilation),
            label=f"run {seed}: {input_shape} {weight_shape} s={stride} p={padding} "
                  f"op={output_padding} d={dilation} g={groups}")
    assert compared >= 60


def _torch_num_params(in_channels, out_channels, kernel_size, groups, bias):
    """Parameters of a real nn.Conv2d that also runs on a tiny input."""
    layer = nn.Conv2d(in_channels, out_channels, kernel_size, groups=groups, bias=bias)
    kh, kw = _as_pair(kernel_size)
    layer(torch.zeros(1, in_channels, kh, kw))
    return sum(p.numel() for p in layer.parameters())


def test_conv2d_num_params_random_sweep_matches_nn_conv2d():
    rng = np.random.default_rng(25)
    for seed in range(80):
        groups = int(rng.choice([1, 2, 4]))
        cin = int(rng.integers(0, 4)) * 2 if rng.random() < 0.2 else groups * int(rng.integers(1, 4))
        cout = groups * int(rng.integers(1, 4)) + (1 if rng.random() < 0.1 else 0)
        kernel_size, bias = _pair_draw(rng, 1, 5), bool(rng.random() < 0.5)
        compare_or_refuse(lambda: shapes.conv2d_num_params(cin, cout, kernel_size, groups, bias),
                          lambda: _torch_num_params(cin, cout, kernel_size, groups, bias),
                          label=f"run {seed}: in={cin} out={cout} k={kernel_size} g={groups} bias={bias}")


def _torch_receptive_field(layers):
    """Span of the input positions whose gradient reaches the first output of a real Conv1d stack."""
    stride_product, reach = 1, 1
    for k, s, d in layers:
        reach += d * (k - 1) * stride_product
        stride_product *= s
    length = 2 * reach + 2 * stride_product + 8     # generous: at least one output exists
    x = torch.ones(1, 1, length, dtype=torch.float64, requires_grad=True)
    y = x
    for k, s, d in layers:
        y = F.conv1d(y, torch.ones(1, 1, k, dtype=torch.float64), stride=s, dilation=d)
    (grad,) = torch.autograd.grad(y[0, 0, 0], x)
    seen = torch.nonzero(grad[0, 0]).flatten()
    return int(seen.max() - seen.min() + 1)


def test_receptive_field_random_sweep_matches_conv1d_gradients():
    rng = np.random.default_rng(26)
    for seed in range(60):
        layers = [(int(rng.integers(1, 6)), int(rng.integers(1, 4)), int(rng.integers(1, 3)))
                  for _ in range(int(rng.integers(1, 5)))]
        assert shapes.receptive_field(layers) == _torch_receptive_field(layers), f"run {seed}: {layers}"
    assert shapes.receptive_field([]) == 1


# ----------------------------------------------------------------------------- invalid configurations


def _z(*shape):
    return np.zeros(shape)


def _tz(*shape):
    return torch.zeros(shape, dtype=torch.float64)


def _torch_mode_conv(x_shape, w_shape, mode, **kwargs):
    return lambda: torch_conv2d(_z(*x_shape), _z(*w_shape), padding_mode=mode, **kwargs)


# (label, solution call, torch call): torch must refuse, the solution must raise ValueError.
CONV2D_INVALID = [
    ("kernel larger than input", ((1, 2, 3, 3), (4, 2, 4, 4)), {}),
    ("dilated kernel larger than input", ((1, 2, 4, 5), (4, 2, 3, 3)), dict(dilation=2)),
    ("kernel larger than padded input, asymmetric", ((1, 2, 3, 8), (4, 2, 6, 2)), dict(padding=(1, 0))),
    ("'valid' with kernel larger than input", ((1, 2, 2, 2), (4, 2, 5, 5)), dict(padding="valid")),
    ("channel mismatch", ((1, 3, 5, 5), (4, 2, 3, 3)), {}),
    ("groups do not divide input channels", ((1, 3, 5, 5), (4, 1, 3, 3)), dict(groups=2)),
    ("groups do not divide output channels", ((1, 4, 5, 5), (3, 2, 3, 3)), dict(groups=2)),
    ("groups 0", ((1, 4, 5, 5), (4, 4, 3, 3)), dict(groups=0)),
    ("groups negative", ((1, 4, 5, 5), (4, 4, 3, 3)), dict(groups=-1)),
    ("'same' with stride 2", ((1, 2, 5, 5), (4, 2, 3, 3)), dict(padding="same", stride=2)),
    ("'same' with stride (1, 2)", ((1, 2, 5, 5), (4, 2, 3, 3)), dict(padding="same", stride=(1, 2))),
    ("unknown padding string", ((1, 2, 5, 5), (4, 2, 3, 3)), dict(padding="full")),
    ("padding string in other case", ((1, 2, 5, 5), (4, 2, 3, 3)), dict(padding="SAME")),
    ("negative padding", ((1, 2, 5, 5), (4, 2, 3, 3)), dict(padding=-1)),
    ("negative padding in a pair", ((1, 2, 5, 5), (4, 2, 3, 3)), dict(padding=(1, -1))),
    ("stride 0", ((1, 2, 5, 5), (4, 2, 3, 3)), dict(stride=0)),
    ("stride (1, 0)", ((1, 2, 5, 5), (4, 2, 3, 3)), dict(stride=(1, 0))),
    ("negative stride", ((1, 2, 5, 5), (4, 2, 3, 3)), dict(stride=-1)),
    ("stride of three values", ((1, 2, 5, 5), (4, 2, 3, 3)), dict(stride=(1, 1, 1))),
    ("float stride", ((1, 2, 5, 5), (4, 2, 3, 3)), dict(stride=1.5)),
    ("dilation 0", ((1, 2, 5, 5), (4, 2, 3, 3)), dict(dilation=0)),
    ("dilation (0, 1)", ((1, 2, 5, 5), (4, 2, 3, 3)), dict(dilation=(0, 1))),
    ("x with 2 dimensions", ((5, 5), (4, 2, 3, 3)), {}),
    ("x with 5 dimensions", ((1, 1, 2, 5, 5), (4, 2, 3, 3)), {}),
    ("weight with 3 dimensions", ((1, 2, 5, 5), (4, 2, 3)), {}),
    ("empty height", ((1, 2, 0, 5), (4, 2, 1, 1)), dict(padding=1)),
    ("no output channels", ((1, 2, 5, 5), (0, 2, 3, 3)), {}),
    ("kernel of size 0", ((1, 2, 5, 5), (4, 2, 0, 3)), {}),
    ("empty batch, kernel larger than input", ((0, 2, 2, 5), (4, 2, 3, 3)), {}),
    ("empty batch, channel mismatch", ((0, 3, 5, 5), (4, 2, 3, 3)), {}),
]


@pytest.mark.parametrize("function", ["conv2d", "conv2d_naive"])
@pytest.mark.parametrize("shapes_, kwargs", [c[1:] for c in CONV2D_INVALID], ids=[c[0] for c in CONV2D_INVALID])
def test_conv2d_invalid_configuration_raises_value_error(function, shapes_, kwargs):
    x_shape, w_shape = shapes_
    assert torch_refuses(lambda: F.conv2d(_tz(*x_shape), _tz(*w_shape), None, **kwargs))
    with pytest.raises(ValueError):
        getattr(sol, function)(_z(*x_shape), _z(*w_shape), None, **kwargs)


BIAS_INVALID = [("bias of wrong length", (5,)), ("bias with 2 dimensions", (4, 1)), ("scalar bias", ())]


@pytest.mark.parametrize("function", ["conv2d", "conv2d_naive"])
@pytest.mark.parametrize("bias_shape", [c[1] for c in BIAS_INVALID], ids=[c[0] for c in BIAS_INVALID])
def test_conv2d_bias_of_wrong_shape_raises_value_error(function, bias_shape):
    assert torch_refuses(lambda: F.conv2d(_tz(1, 2, 5, 5), _tz(4, 2, 3, 3), _tz(*bias_shape)))
    with pytest.raises(ValueError):
        getattr(sol, function)(_z(1, 2, 5, 5), _z(4, 2, 3, 3), _z(*bias_shape))


PADDING_MODE_INVALID = [
    ("reflect padding equal to the height", (1, 2, 4, 5), (3, 2, 3, 3), "reflect", dict(padding=(4, 1))),
    ("reflect padding larger than the width", (1, 2, 6, 3), (3, 2, 3, 3), "reflect", dict(padding=(1, 5))),
    ("reflect 'same' with a big kernel", (1, 2, 4, 5), (3, 2, 9, 2), "reflect", dict(padding="same")),
    ("reflect 'same', the odd extra too big", (1, 2, 2, 5), (3, 2, 4, 1), "reflect", dict(padding="same")),
    ("reflect on a height of 1", (1, 2, 1, 5), (3, 2, 3, 3), "reflect", dict(padding=1)),
    ("circular wrapping twice", (1, 2, 4, 5), (3, 2, 3, 3), "circular", dict(padding=(5, 1))),
    ("replicate without channels", (1, 0, 4, 5), (3, 0, 3, 3), "replicate", dict(padding=1)),
    ("reflect, kernel larger than padded input", (1, 2, 4, 5), (3, 2, 7, 7), "reflect", dict(padding=1)),
    ("circular 'same' with stride 2", (1, 2, 5, 5), (3, 2, 3, 3), "circular", dict(padding="same", stride=2)),
    ("unknown padding mode", (1, 2, 5, 5), (3, 2, 3, 3), "mirror", dict(padding=1)),
]


@pytest.mark.parametrize("x_shape, w_shape, mode, kwargs", [c[1:] for c in PADDING_MODE_INVALID],
                         ids=[c[0] for c in PADDING_MODE_INVALID])
def test_conv2d_padding_mode_invalid_configuration_raises_value_error(x_shape, w_shape, mode, kwargs):
    assert torch_refuses(_torch_mode_conv(x_shape, w_shape, mode, **kwargs))
    with pytest.raises(ValueError):
        sol.conv2d(_z(*x_shape), _z(*w_shape), padding_mode=mode, **kwargs)


CONV1D_INVALID = [
    ("x with 1 dimension", (5,), (4, 1, 3), {}),
    ("x with 4 dimensions", (1, 2, 5, 5), (4, 2, 3), {}),
    ("weight with 4 dimensions", (1, 2, 5), (4, 2, 3, 1), {}),
    ("stride as a pair", (1, 2, 5), (4, 2, 3), dict(stride=(1, 1))),
    ("padding as a pair", (1, 2, 5), (4, 2, 3), dict(padding=(1, 1))),
    ("'same' with stride 2", (1, 2, 5), (4, 2, 3), dict(padding="same", stride=2)),
    ("kernel longer than the input", (1, 2, 3), (4, 2, 4), {}),
    ("channel mismatch", (1, 3, 5), (4, 2, 3), {}),
    ("groups do not divide output channels", (1, 4, 5), (3, 2, 3), dict(groups=2)),
    ("unknown padding string", (1, 2, 5), (4, 2, 3), dict(padding="causal")),
    ("dilation 0", (1, 2, 5), (4, 2, 3), dict(dilation=0)),
]


@pytest.mark.parametrize("x_shape, w_shape, kwargs", [c[1:] for c in CONV1D_INVALID],
                         ids=[c[0] for c in CONV1D_INVALID])
def test_conv1d_invalid_configuration_raises_value_error(x_shape, w_shape, kwargs):
    assert torch_refuses(lambda: F.conv1d(_tz(*x_shape), _tz(*w_shape), **kwargs))
    with pytest.raises(ValueError):
        sol.conv1d(_z(*x_shape), _z(*w_shape), **kwargs)


POOL_INVALID = [
    ("padding more than half the kernel", (1, 2, 6, 6), dict(kernel_size=3, stride=1, padding=2)),
    ("padding more than half the kernel in width", (1, 2, 6, 6), dict(kernel_size=(3, 5), padding=(1, 3))),
    ("negative padding", (1, 2, 6, 6), dict(kernel_size=2, padding=-1)),
    ("stride 0", (1, 2, 6, 6), dict(kernel_size=2, stride=0)),
    ("negative stride", (1, 2, 6, 6), dict(kernel_size=2, stride=-1)),
    ("kernel 0", (1, 2, 6, 6), dict(kernel_size=0)),
    ("kernel larger than the input", (1, 2, 5, 5), dict(kernel_size=6)),
    ("kernel larger than the input, empty batch", (0, 2, 5, 5), dict(kernel_size=6)),
    ("kernel of three values", (1, 2, 5, 5), dict(kernel_size=(2, 2, 2))),
    ("padding as a string", (1, 2, 5, 5), dict(kernel_size=3, padding="same")),
    ("x with 2 dimensions", (5, 5), dict(kernel_size=2)),
    ("x with 5 dimensions", (1, 1, 2, 5, 5), dict(kernel_size=2)),
    ("no channels", (1, 0, 5, 5), dict(kernel_size=2)),
    ("empty width", (1, 2, 5, 0), dict(kernel_size=1)),
]


@pytest.mark.parametrize("pool", ["max_pool2d", "avg_pool2d"])
@pytest.mark.parametrize("x_shape, kwargs", [c[1:] for c in POOL_INVALID], ids=[c[0] for c in POOL_INVALID])
def test_pool_invalid_configuration_raises_value_error(pool, x_shape, kwargs):
    assert torch_refuses(lambda: getattr(F, pool)(_tz(*x_shape), **kwargs))
    with pytest.raises(ValueError):
        getattr(sol, pool)(_z(*x_shape), **kwargs)


MAX_POOL_INVALID = [
    ("dilation 0", dict(kernel_size=2, dilation=0)),
    ("dilated window larger than the input", dict(kernel_size=2, dilation=5)),
    ("padding more than half the kernel, dilated", dict(kernel_size=2, dilation=3, padding=2)),
]


@pytest.mark.parametrize("kwargs", [c[1] for c in MAX_POOL_INVALID], ids=[c[0] for c in MAX_POOL_INVALID])
def test_max_pool2d_dilation_invalid_configuration_raises_value_error(kwargs):
    assert torch_refuses(lambda: F.max_pool2d(_tz(1, 2, 5, 5), **kwargs))
    with pytest.raises(ValueError):
        sol.max_pool2d(_z(1, 2, 5, 5), **kwargs)


# a1: each case is (label, solution function, args, torch call that must refuse)
SHAPES_INVALID = [
    ("conv: kernel larger than padded input", "conv_output_size", (3, 6, 1, 1, 1),
     lambda: _torch_conv_len(3, 6, 1, 1, 1)),
    ("conv: dilated kernel larger", "conv_output_size", (5, 3, 1, 0, 3), lambda: _torch_conv_len(5, 3, 1, 0, 3)),
    ("conv: stride 0", "conv_output_size", (5, 3, 0, 0, 1), lambda: _torch_conv_len(5, 3, 0, 0, 1)),
    ("conv: dilation 0", "conv_output_size", (5, 3, 1, 0, 0), lambda: _torch_conv_len(5, 3, 1, 0, 0)),
    ("conv: negative padding", "conv_output_size", (5, 3, 1, -1, 1), lambda: _torch_conv_len(5, 3, 1, -1, 1)),
    ("conv: kernel 0", "conv_output_size", (5, 0, 1, 0, 1), lambda: _torch_conv_len(5, 0, 1, 0, 1)),
    ("conv: input 0", "conv_output_size", (0, 1, 1, 1, 1), lambda: _torch_conv_len(0, 1, 1, 1, 1)),
    ("conv: negative input", "conv_output_size", (-2, 1), lambda: _torch_conv_len(-2, 1, 1, 0, 1)),
    ("transpose: output_padding equal to stride", "conv_transpose_output_size", (4, 3, 2, 0, 2, 1),
     lambda: F.conv_transpose1d(_tz(1, 1, 4), _tz(1, 1, 3), stride=2, output_padding=2)),
    ("transpose: output_padding with stride 1", "conv_transpose_output_size", (4, 3, 1, 0, 1, 1),
     lambda: F.conv_transpose1d(_tz(1, 1, 4), _tz(1, 1, 3), output_padding=1)),
    ("transpose: negative output_padding", "conv_transpose_output_size", (4, 3, 2, 0, -1, 1),
     lambda: F.conv_transpose1d(_tz(1, 1, 4), _tz(1, 1, 3), stride=2, output_padding=-1)),
    ("transpose: padding too large", "conv_transpose_output_size", (3, 3, 1, 3, 0, 1),
     lambda: F.conv_transpose1d(_tz(1, 1, 3), _tz(1, 1, 3), padding=3)),
    ("transpose: stride 0", "conv_transpose_output_size", (3, 3, 0),
     lambda: F.conv_transpose1d(_tz(1, 1, 3), _tz(1, 1, 3), stride=0)),
    ("pool: padding more than half the kernel", "pool_output_size", (8, 3, 1, 2),
     lambda: F.max_pool2d(_tz(1, 1, 8, 8), 3, 1, 2)),
    ("pool: window larger than input", "pool_output_size", (4, 5),
     lambda: F.max_pool2d(_tz(1, 1, 4, 4), 5)),
    ("pool: stride 0", "pool_output_size", (4, 2, 0), lambda: F.max_pool2d(_tz(1, 1, 4, 4), 2, 0)),
    ("pool: dilation 0", "pool_output_size", (4, 2, 1, 0, 0), lambda: F.max_pool2d(_tz(1, 1, 4, 4), 2, 1, 0, 0)),
    ("same: kernel 0", "same_padding", (0, 1), lambda: F.conv1d(_tz(1, 1, 4), _tz(1, 1, 0), padding="same")),
    ("same: dilation 0", "same_padding", (3, 0),
     lambda: F.conv1d(_tz(1, 1, 4), _tz(1, 1, 3), padding="same", dilation=0)),
    ("conv2d shape: channel mismatch", "conv2d_output_shape", ((1, 3, 5, 5), (4, 2, 3, 3)),
     lambda: F.conv2d(_tz(1, 3, 5, 5), _tz(4, 2, 3, 3))),
    ("conv2d shape: groups do not divide", "conv2d_output_shape", ((1, 4, 5, 5), (3, 2, 3, 3), 1, 0, 1, 2),
     lambda: F.conv2d(_tz(1, 4, 5, 5), _tz(3, 2, 3, 3), groups=2)),
    ("conv2d shape: kernel larger", "conv2d_output_shape", ((3, 4, 4), (2, 3, 5, 1)),
     lambda: F.conv2d(_tz(3, 4, 4), _tz(2, 3, 5, 1))),
    ("conv2d shape: 2-D input", "conv2d_output_shape", ((4, 4), (2, 1, 3, 3)),
     lambda: F.conv2d(_tz(4, 4), _tz(2, 1, 3, 3))),
    ("conv2d shape: 3-D weight", "conv2d_output_shape", ((1, 1, 4, 4), (2, 1, 3)),
     lambda: F.conv2d(_tz(1, 1, 4, 4), _tz(2, 1, 3))),
    ("conv2d shape: padding 'same' is not for a1", "conv2d_output_shape", ((1, 1, 4, 4), (2, 1, 3, 3), 1, "sam"),
     lambda: F.conv2d(_tz(1, 1, 4, 4), _tz(2, 1, 3, 3), padding="sam")),
    ("conv2d shape: negative padding pair", "conv2d_output_shape", ((1, 1, 4, 4), (2, 1, 3, 3), 1, (0, -1)),
     lambda: F.conv2d(_tz(1, 1, 4, 4), _tz(2, 1, 3, 3), padding=(0, -1))),
    ("conv2d shape: empty height", "conv2d_output_shape", ((1, 1, 0, 4), (2, 1, 1, 1), 1, 1),
     lambda: F.conv2d(_tz(1, 1, 0, 4), _tz(2, 1, 1, 1), padding=1)),
    ("conv2d shape: no output channels", "conv2d_output_shape", ((1, 1, 4, 4), (0, 1, 3, 3)),
     lambda: F.conv2d(_tz(1, 1, 4, 4), _tz(0, 1, 3, 3))),
    ("transpose shape: output_padding too big", "conv_transpose2d_output_shape",
     ((1, 2, 3, 3), (2, 1, 3, 3), (2, 1), 0, (0, 1)),
     lambda: F.conv_transpose2d(_tz(1, 2, 3, 3), _tz(2, 1, 3, 3), stride=(2, 1), output_padding=(0, 1))),
    ("transpose shape: channel mismatch", "conv_transpose2d_output_shape", ((1, 3, 3, 3), (2, 1, 3, 3)),
     lambda: F.conv_transpose2d(_tz(1, 3, 3, 3), _tz(2, 1, 3, 3))),
    ("transpose shape: groups do not divide", "conv_transpose2d_output_shape",
     ((1, 4, 3, 3), (4, 2, 3, 3), 1, 0, 0, 3),
     lambda: F.conv_transpose2d(_tz(1, 4, 3, 3), _tz(4, 2, 3, 3), groups=3)),
    ("transpose shape: output too small", "conv_transpose2d_output_shape", ((1, 2, 3, 3), (2, 1, 3, 3), 1, 3),
     lambda: F.conv_transpose2d(_tz(1, 2, 3, 3), _tz(2, 1, 3, 3), padding=3)),
    ("transpose shape: no output channels", "conv_transpose2d_output_shape", ((1, 2, 3, 3), (2, 0, 3, 3)),
     lambda: F.conv_transpose2d(_tz(1, 2, 3, 3), _tz(2, 0, 3, 3))),
    ("transpose shape: empty height", "conv_transpose2d_output_shape", ((1, 2, 0, 3), (2, 1, 3, 3)),
     lambda: F.conv_transpose2d(_tz(1, 2, 0, 3), _tz(2, 1, 3, 3))),
    ("params: groups do not divide in_channels", "conv2d_num_params", (3, 4, 3, 2),
     lambda: _torch_num_params(3, 4, 3, 2, True)),
    ("params: groups do not divide out_channels", "conv2d_num_params", (4, 3, 3, 2),
     lambda: _torch_num_params(4, 3, 3, 2, True)),
    ("params: groups 0", "conv2d_num_params", (4, 4, 3, 0), lambda: _torch_num_params(4, 4, 3, 0, True)),
    ("params: negative in_channels", "conv2d_num_params", (-1, 4, 3), lambda: _torch_num_params(-1, 4, 3, 1, True)),
    ("params: kernel 0", "conv2d_num_params", (2, 4, 0), lambda: _torch_num_params(2, 4, 0, 1, True)),
    ("params: no output channels", "conv2d_num_params", (2, 0, 3), lambda: _torch_num_params(2, 0, 3, 1, True)),
    ("receptive field: stride 0", "receptive_field", ([(3, 0, 1)],), lambda: _torch_receptive_field([(3, 0, 1)])),
    ("receptive field: kernel 0", "receptive_field", ([(3, 1, 1), (0, 1, 1)],),
     lambda: _torch_receptive_field([(3, 1, 1), (0, 1, 1)])),
    ("receptive field: dilation 0", "receptive_field", ([(3, 1, 0)],), lambda: _torch_receptive_field([(3, 1, 0)])),
]


@pytest.mark.parametrize("function, args, torch_call", [c[1:] for c in SHAPES_INVALID],
                         ids=[c[0] for c in SHAPES_INVALID])
def test_shapes_invalid_configuration_raises_value_error(function, args, torch_call):
    assert torch_refuses(torch_call)
    with pytest.raises(ValueError):
        getattr(shapes, function)(*args)


def test_error_messages_say_what_is_wrong():
    with pytest.raises(ValueError, match="channels"):
        sol.conv2d(_z(1, 3, 5, 5), _z(4, 2, 3, 3))
    with pytest.raises(ValueError, match="stride 1"):
        sol.conv2d(_z(1, 2, 5, 5), _z(4, 2, 3, 3), padding="same", stride=2)
    with pytest.raises(ValueError, match="half the kernel"):
        sol.max_pool2d(_z(1, 2, 6, 6), 3, 1, 2)
    with pytest.raises(ValueError, match="output_padding"):
        shapes.conv_transpose_output_size(4, 3, 2, 0, 2)
    with pytest.raises(ValueError, match="groups"):
        shapes.conv2d_output_shape((1, 4, 5, 5), (3, 2, 3, 3), groups=2)
