"""The reference solutions of a3 (kernel_matrix.py) and a4 (transposed_conv.py) against torch.

Every value is compared with torch.nn.functional (or torch.autograd) on the same inputs, over
seeded random configurations; every configuration torch refuses must raise ValueError.
"""
import importlib.util
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from autograder.spec import functions_of

ROOT = Path(__file__).resolve().parents[1]


def _load(relative, name):
    spec = importlib.util.spec_from_file_location(name, ROOT / relative)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


km = _load("solutions/a3_kernel_matrix/kernel_matrix.py", "sol_kernel_matrix")
tc = _load("solutions/a4_transposed_conv/transposed_conv.py", "sol_transposed_conv")

SEEDS = range(30)


def T(a):
    """float64 torch tensor of a numpy array (the ground truth is computed in float64)."""
    return torch.from_numpy(np.asarray(a, dtype=np.float64))


def assert_close(got, ref, dtype):
    ref = ref.detach().numpy() if isinstance(ref, torch.Tensor) else np.asarray(ref)
    assert isinstance(got, np.ndarray), type(got)
    assert got.shape == ref.shape, (got.shape, ref.shape)
    assert got.dtype == np.dtype(dtype), (got.dtype, dtype)
    scale = max(1.0, float(np.abs(ref).max())) if ref.size else 1.0
    tol = (1e-4 if np.dtype(dtype) == np.float32 else 1e-9) * scale
    err = float(np.abs(got.astype(np.float64) - ref).max()) if ref.size else 0.0
    assert err <= tol, f"max error {err} > {tol}"


def maybe_pair(rng, a, b):
    """An int when both values agree (half of the time), else a tuple or a list."""
    a, b = int(a), int(b)
    if a == b and rng.random() < 0.5:
        return a
    return (a, b) if rng.random() < 0.7 else [a, b]


def conv_config(rng, max_k=4):
    """A random valid conv2d / unfold geometry: sizes plus int-or-pair arguments."""
    k = rng.integers(1, max_k + 1, 2)
    s = rng.integers(1, 4, 2)
    d = rng.integers(1, 3, 2)
    p = rng.integers(0, 3, 2)
    hw = [int(rng.integers(max(1, d[i] * (k[i] - 1) + 1 - 2 * p[i]), d[i] * (k[i] - 1) + 8))
          for i in range(2)]
    return dict(k=tuple(int(v) for v in k), hw=tuple(hw),
                stride=maybe_pair(rng, *s), padding=maybe_pair(rng, *p),
                dilation=maybe_pair(rng, *d), s=tuple(int(v) for v in s),
                p=tuple(int(v) for v in p), d=tuple(int(v) for v in d))


def transpose_config(rng, max_k=4):
    """A random valid conv_transpose2d geometry (output_padding < max(stride, dilation))."""
    k = [int(v) for v in rng.integers(1, max_k + 1, 2)]
    s = [int(v) for v in rng.integers(1, 4, 2)]
    d = [int(v) for v in rng.integers(1, 3, 2)]
    hw = [int(v) for v in rng.integers(1, 7, 2)]
    op = [int(rng.integers(0, max(s[i], d[i]))) for i in range(2)]
    p = []
    for i in range(2):
        full = (hw[i] - 1) * s[i] + d[i] * (k[i] - 1) + op[i] + 1   # output size at padding 0
        p.append(int(rng.integers(0, min(3, (full - 1) // 2) + 1)))
    return dict(k=tuple(k), hw=tuple(hw), s=tuple(s), d=tuple(d), p=tuple(p), op=tuple(op),
                stride=maybe_pair(rng, *s), padding=maybe_pair(rng, *p),
                dilation=maybe_pair(rng, *d), output_padding=maybe_pair(rng, *op))


def dtype_for(seed):
    return np.float32 if seed % 3 == 0 else np.float64


# ------------------------------------------------------------------------------ a3: im2col


@pytest.mark.parametrize("seed", SEEDS)
def test_im2col_equals_unfold(seed):
    rng = np.random.default_rng(seed)
    cfg = conv_config(rng)
    dtype = dtype_for(seed)
    x = rng.standard_normal((int(rng.integers(1, 4)), int(rng.integers(1, 4))) + cfg["hw"]).astype(dtype)
    got = km.im2col(x, cfg["k"] if seed % 2 else list(cfg["k"]), cfg["stride"], cfg["padding"],
                    cfg["dilation"])
    ref = F.unfold(torch.from_numpy(x), cfg["k"], cfg["d"], cfg["p"], cfg["s"]).numpy()
    assert got.dtype == x.dtype
    np.testing.assert_array_equal(got, ref)          # pure copies: exact


@pytest.mark.parametrize("seed", range(6))
def test_im2col_unbatched_and_empty(seed):
    rng = np.random.default_rng(100 + seed)
    cfg = conv_config(rng)
    x = rng.standard_normal((2,) + cfg["hw"])
    ref = F.unfold(T(x), cfg["k"], cfg["d"], cfg["p"], cfg["s"]).numpy()
    np.testing.assert_array_equal(km.im2col(x, cfg["k"], cfg["stride"], cfg["padding"], cfg["dilation"]), ref)
    empty = np.zeros((0, 2) + cfg["hw"], dtype=np.float32)
    ref = F.unfold(torch.from_numpy(empty), cfg["k"], cfg["d"], cfg["p"], cfg["s"])
    got = km.im2col(empty, cfg["k"], cfg["stride"], cfg["padding"], cfg["dilation"])
    assert got.shape == tuple(ref.shape) and got.dtype == np.float32


# ------------------------------------------------------------------------------ a3: col2im


@pytest.mark.parametrize("seed", SEEDS)
def test_col2im_equals_fold(seed):
    rng = np.random.default_rng(1000 + seed)
    cfg = conv_config(rng)
    dtype = dtype_for(seed)
    n, c = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    oh = (cfg["hw"][0] + 2 * cfg["p"][0] - cfg["d"][0] * (cfg["k"][0] - 1) - 1) // cfg["s"][0] + 1
    ow = (cfg["hw"][1] + 2 * cfg["p"][1] - cfg["d"][1] * (cfg["k"][1] - 1) - 1) // cfg["s"][1] + 1
    cols = rng.standard_normal((n, c * cfg["k"][0] * cfg["k"][1], oh * ow)).astype(dtype)
    size = cfg["hw"] if seed % 2 else list(cfg["hw"])
    got = km.col2im(cols, size, cfg["k"], cfg["stride"], cfg["padding"], cfg["dilation"])
    ref = F.fold(T(cols), cfg["hw"], cfg["k"], cfg["d"], cfg["p"], cfg["s"])
    assert_close(got, ref, dtype)
    # unbatched
    got = km.col2im(cols[0], size, cfg["k"], cfg["stride"], cfg["padding"], cfg["dilation"])
    assert_close(got, F.fold(T(cols[0]), cfg["hw"], cfg["k"], cfg["d"], cfg["p"], cfg["s"]), dtype)


def test_col2im_empty_batch_and_int_output_size():
    cols = np.zeros((0, 18, 9), dtype=np.float32)
    got = km.col2im(cols, 5, 3)
    assert got.shape == tuple(F.fold(torch.zeros(0, 18, 9), 5, 3).shape) and got.dtype == np.float32
    rng = np.random.default_rng(7)
    cols = rng.standard_normal((2, 18, 9))
    assert_close(km.col2im(cols, 5, 3), F.fold(T(cols), 5, 3), np.float64)


@pytest.mark.parametrize("seed", range(8))
def test_col2im_is_adjoint_of_im2col(seed):
    """<im2col(x), c> == <x, col2im(c)>: fold is the transpose of unfold."""
    rng = np.random.default_rng(2000 + seed)
    cfg = conv_config(rng)
    x = rng.standard_normal((2, 3) + cfg["hw"])
    cols = km.im2col(x, cfg["k"], cfg["stride"], cfg["padding"], cfg["dilation"])
    c = rng.standard_normal(cols.shape)
    back = km.col2im(c, cfg["hw"], cfg["k"], cfg["stride"], cfg["padding"], cfg["dilation"])
    assert np.isclose(np.vdot(cols, c), np.vdot(x, back), rtol=1e-10, atol=1e-10)


# ------------------------------------------------------------------------------ a3: conv2d_im2col


@pytest.mark.parametrize("seed", SEEDS)
def test_conv2d_im2col_equals_conv2d(seed):
    rng = np.random.default_rng(3000 + seed)
    cfg = conv_config(rng)
    dtype = dtype_for(seed)
    n, ci, co = int(rng.integers(1, 4)), int(rng.integers(1, 4)), int(rng.integers(1, 5))
    x = rng.standard_normal((n, ci) + cfg["hw"]).astype(dtype)
    w = rng.standard_normal((co, ci) + cfg["k"]).astype(dtype)
    b = rng.standard_normal(co).astype(dtype) if seed % 2 else None
    got = km.conv2d_im2col(x, w, b, cfg["stride"], cfg["padding"], cfg["dilation"])
    ref = F.conv2d(T(x), T(w), None if b is None else T(b), cfg["s"], cfg["p"], cfg["d"])
    assert_close(got, ref, dtype)
    got = km.conv2d_im2col(x[0], w, b, cfg["stride"], cfg["padding"], cfg["dilation"])
    assert_close(got, ref[0], dtype)


def test_conv2d_im2col_empty_batch_and_mixed_dtypes():
    rng = np.random.default_rng(5)
    x = np.zeros((0, 3, 6, 6), dtype=np.float32)
    w = rng.standard_normal((4, 3, 3, 3)).astype(np.float32)
    got = km.conv2d_im2col(x, w, stride=2)
    assert got.shape == tuple(F.conv2d(torch.from_numpy(x), torch.from_numpy(w), stride=2).shape)
    assert got.dtype == np.float32
    x = rng.standard_normal((2, 3, 6, 6)).astype(np.float32)
    w64 = w.astype(np.float64)
    got = km.conv2d_im2col(x, w64, padding=1)
    assert_close(got, F.conv2d(T(x), T(w64), padding=1), np.result_type(x, w64))


# ------------------------------------------------------------------------------ a3: kernel_matrix


@pytest.mark.parametrize("seed", SEEDS)
def test_kernel_matrix_reproduces_conv2d(seed):
    rng = np.random.default_rng(4000 + seed)
    cfg = conv_config(rng)
    dtype = dtype_for(seed)
    ci, co = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    w = rng.standard_normal((co, ci) + cfg["k"]).astype(dtype)
    x = rng.standard_normal((2, ci) + cfg["hw"])
    hw = cfg["hw"] if seed % 2 else list(cfg["hw"])
    K = km.kernel_matrix(w, hw, cfg["stride"], cfg["padding"], cfg["dilation"])
    ref = F.conv2d(T(x), T(w), None, cfg["s"], cfg["p"], cfg["d"]).numpy()
    assert K.dtype == w.dtype
    assert K.shape == (ref[0].size, x[0].size)
    for i in range(2):
        assert_close(K @ x[i].ravel().astype(dtype), ref[i].ravel(), dtype)


@pytest.mark.parametrize("seed", SEEDS)
def test_kernel_matrix_transpose_is_conv_transpose(seed):
    """K.T @ vec(y) == conv_transpose2d(y) with output_padding = (H + 2p - d(k-1) - 1) mod s."""
    rng = np.random.default_rng(5000 + seed)
    cfg = conv_config(rng)
    ci, co = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    w = rng.standard_normal((co, ci) + cfg["k"])
    K = km.kernel_matrix(w, cfg["hw"], cfg["stride"], cfg["padding"], cfg["dilation"])
    oh, ow = (F.conv2d(torch.zeros((1, ci) + cfg["hw"], dtype=torch.float64), T(w), None,
                       cfg["s"], cfg["p"], cfg["d"]).shape[2:])
    y = rng.standard_normal((co, oh, ow))
    op = tuple((cfg["hw"][i] + 2 * cfg["p"][i] - cfg["d"][i] * (cfg["k"][i] - 1) - 1) % cfg["s"][i]
               for i in range(2))
    ref = F.conv_transpose2d(T(y)[None], T(w), None, cfg["s"], cfg["p"], op, 1, cfg["d"])[0]
    assert tuple(ref.shape[1:]) == cfg["hw"]
    assert_close(K.T @ y.ravel(), ref.numpy().ravel(), np.float64)


def test_kernel_matrix_float32_weight_keeps_dtype():
    w = np.random.default_rng(1).standard_normal((2, 3, 3, 3)).astype(np.float32)
    assert km.kernel_matrix(w, (5, 6), padding=1).dtype == np.float32


# ------------------------------------------------------------------------------ a4: conv_transpose2d


@pytest.mark.parametrize("seed", range(40))
def test_conv_transpose2d_equals_torch(seed):
    rng = np.random.default_rng(6000 + seed)
    cfg = transpose_config(rng)
    dtype = dtype_for(seed)
    groups = int(rng.integers(1, 4))
    ci, cog, n = groups * int(rng.integers(1, 3)), int(rng.integers(1, 3)), int(rng.integers(1, 4))
    x = rng.standard_normal((n, ci) + cfg["hw"]).astype(dtype)
    w = rng.standard_normal((ci, cog) + cfg["k"]).astype(dtype)
    b = rng.standard_normal(cog * groups).astype(dtype) if seed % 2 else None
    args = (cfg["stride"], cfg["padding"], cfg["output_padding"], groups, cfg["dilation"])
    ref = F.conv_transpose2d(T(x), T(w), None if b is None else T(b), cfg["s"], cfg["p"],
                             cfg["op"], groups, cfg["d"])
    assert_close(tc.conv_transpose2d(x, w, b, *args), ref, dtype)
    assert_close(tc.conv_transpose2d(x[0], w, b, *args), ref[0], dtype)


@pytest.mark.parametrize("stride,dilation,output_padding", [
    (2, 1, 1), ((2, 3), 1, (1, 2)), (1, 2, 1), (1, (2, 3), (1, 2)), (3, 2, 2), (2, 3, 2),
])
def test_conv_transpose2d_output_padding(stride, dilation, output_padding):
    """output_padding adds rows/columns at the bottom/right; allowed up to max(stride, dilation) - 1."""
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, 4, 5, 6))
    w = rng.standard_normal((4, 3, 3, 2))
    ref = F.conv_transpose2d(T(x), T(w), None, stride, 1, output_padding, 2, dilation)
    assert_close(tc.conv_transpose2d(x, w, None, stride, 1, output_padding, 2, dilation), ref, np.float64)
    w1 = rng.standard_normal((4, 3, 3, 2))
    ref = F.conv_transpose2d(T(x), T(w1), None, stride, 1, output_padding, 1, dilation)
    assert_close(tc.conv_transpose2d_matmul(x, w1, stride, 1, output_padding, dilation), ref, np.float64)


def test_conv_transpose2d_empty_batch_and_dtypes():
    rng = np.random.default_rng(8)
    x = np.zeros((0, 4, 5, 5), dtype=np.float32)
    w = rng.standard_normal((4, 3, 3, 3)).astype(np.float32)
    ref = F.conv_transpose2d(torch.from_numpy(x), torch.from_numpy(w), stride=2, groups=2)
    for got in (tc.conv_transpose2d(x, w, stride=2, groups=2), ):
        assert got.shape == tuple(ref.shape) and got.dtype == np.float32
    ref = F.conv_transpose2d(torch.from_numpy(x), torch.from_numpy(w), stride=2, output_padding=1)
    got = tc.conv_transpose2d_matmul(x, w, stride=2, output_padding=1)
    assert got.shape == tuple(ref.shape) and got.dtype == np.float32
    x = rng.standard_normal((2, 4, 5, 5))                     # float64 x, float32 weight
    assert_close(tc.conv_transpose2d(x, w, padding=1), F.conv_transpose2d(T(x), T(w), padding=1), np.float64)
    assert_close(tc.conv_transpose2d_matmul(x, w, padding=1),
                 F.conv_transpose2d(T(x), T(w), padding=1), np.float64)


def test_conv_transpose2d_large_batch_in_chunks():
    """Enough images that the solution processes the batch in several chunks."""
    rng = np.random.default_rng(9)
    x = rng.standard_normal((6, 16, 24, 24)).astype(np.float32)
    w = rng.standard_normal((16, 32, 5, 5)).astype(np.float32)
    b = rng.standard_normal(32).astype(np.float32)
    ref = F.conv_transpose2d(T(x), T(w), T(b), 2, 2, 1)
    assert_close(tc.conv_transpose2d(x, w, b, 2, 2, 1), ref, np.float32)


# ------------------------------------------------------------------------------ a4: matmul form


@pytest.mark.parametrize("seed", SEEDS)
def test_conv_transpose2d_matmul_equals_torch(seed):
    rng = np.random.default_rng(8000 + seed)
    cfg = transpose_config(rng)
    dtype = dtype_for(seed)
    ci, co, n = int(rng.integers(1, 4)), int(rng.integers(1, 4)), int(rng.integers(1, 3))
    x = rng.standard_normal((n, ci) + cfg["hw"]).astype(dtype)
    w = rng.standard_normal((ci, co) + cfg["k"]).astype(dtype)
    args = (cfg["stride"], cfg["padding"], cfg["output_padding"], cfg["dilation"])
    ref = F.conv_transpose2d(T(x), T(w), None, cfg["s"], cfg["p"], cfg["op"], 1, cfg["d"])
    assert_close(tc.conv_transpose2d_matmul(x, w, *args), ref, dtype)
    assert_close(tc.conv_transpose2d_matmul(x[0], w, *args), ref[0], dtype)


def test_a4_kernel_matrix_copy_matches_a3():
    rng = np.random.default_rng(10)
    w = rng.standard_normal((3, 2, 3, 2))
    for kwargs in (dict(), dict(stride=2, padding=1), dict(stride=(1, 2), padding=(2, 0), dilation=(2, 1))):
        np.testing.assert_array_equal(tc.kernel_matrix(w, (7, 6), **kwargs),
                                      km.kernel_matrix(w, (7, 6), **kwargs))


# ------------------------------------------------------------------------------ a4: conv2d_backward


def torch_backward(go, x, w, stride, padding, dilation, groups):
    xt, wt = T(x).requires_grad_(), T(w).requires_grad_()
    bt = torch.zeros(w.shape[0], dtype=torch.float64, requires_grad=True)
    F.conv2d(xt, wt, bt, stride, padding, dilation, groups).backward(T(go))
    return xt.grad, wt.grad, bt.grad


def check_backward(rng, x_shape, w_shape, stride, padding, dilation, groups, dtype=np.float64):
    x = rng.standard_normal(x_shape).astype(dtype)
    w = rng.standard_normal(w_shape).astype(dtype)
    out_shape = F.conv2d(T(x), T(w), None, stride, padding, dilation, groups).shape
    go = rng.standard_normal(tuple(out_shape)).astype(dtype)
    got = tc.conv2d_backward(go, x, w, stride, padding, dilation, groups)
    assert isinstance(got, tuple) and len(got) == 3
    for g, r in zip(got, torch_backward(go, x, w, stride, padding, dilation, groups)):
        assert_close(g, r, dtype)


@pytest.mark.parametrize("seed", SEEDS)
def test_conv2d_backward_equals_autograd(seed):
    rng = np.random.default_rng(9000 + seed)
    cfg = conv_config(rng)
    groups = int(rng.integers(1, 4))
    cig, cog, n = int(rng.integers(1, 3)), int(rng.integers(1, 3)), int(rng.integers(1, 3))
    x_shape = (n, cig * groups) + cfg["hw"]
    w_shape = (cog * groups, cig) + cfg["k"]
    check_backward(rng, x_shape, w_shape, cfg["stride"], cfg["padding"], cfg["dilation"], groups,
                   dtype_for(seed))
    check_backward(rng, x_shape[1:], w_shape, cfg["stride"], cfg["padding"], cfg["dilation"],
                   groups, dtype_for(seed))


@pytest.mark.parametrize("h", [7, 8])
@pytest.mark.parametrize("padding", [0, 1, (1, 0)])
def test_conv2d_backward_stride2_odd_and_even(h, padding):
    """At H=8, k=3, s=2, p=0 the last input row is seen by no window: its gradient is 0."""
    rng = np.random.default_rng(h)
    check_backward(rng, (2, 4, h, h), (6, 2, 3, 3), 2, padding, 1, 2)
    check_backward(rng, (2, 3, h, h + 1), (4, 3, 3, 3), 2, padding, 2, 1, np.float32)


def test_conv2d_backward_empty_batch_and_mixed_dtypes():
    rng = np.random.default_rng(11)
    x = np.zeros((0, 4, 6, 6), dtype=np.float32)
    w = rng.standard_normal((6, 2, 3, 3)).astype(np.float32)
    go = np.zeros((0, 6, 4, 4), dtype=np.float32)
    gx, gw, gb = tc.conv2d_backward(go, x, w, groups=2)
    _, rw, rb = torch_backward(go, x, w, 1, 0, 1, 2)
    assert gx.shape == x.shape and gw.shape == w.shape and gb.shape == (6,)
    assert {gx.dtype, gw.dtype, gb.dtype} == {np.dtype(np.float32)}
    assert not gw.any() and not gb.any() and not rw.any() and not rb.any()
    x = rng.standard_normal((2, 4, 6, 6)).astype(np.float32)
    w64 = w.astype(np.float64)
    go = rng.standard_normal((2, 6, 4, 4))
    got = tc.conv2d_backward(go, x, w64, groups=2)
    for g, r in zip(got, torch_backward(go, x, w64, 1, 0, 1, 2)):
        assert_close(g, r, np.float64)


# ------------------------------------------------------------------------------ a4: checkerboard


@pytest.mark.parametrize("seed", range(20))
def test_checkerboard_equals_transposed_conv_of_ones(seed):
    rng = np.random.default_rng(10000 + seed)
    h, w = (int(v) for v in rng.integers(1, 8, 2))
    k = tuple(int(v) for v in rng.integers(1, 6, 2))
    s = tuple(int(v) for v in rng.integers(1, 4, 2))
    p = tuple(int(rng.integers(0, ((h, w)[i] - 1) * s[i] // 2 + k[i] // 2 + 1)) for i in range(2))
    if min((h - 1) * s[0] - 2 * p[0] + k[0], (w - 1) * s[1] - 2 * p[1] + k[1]) < 1:
        p = (0, 0)
    ref = F.conv_transpose2d(torch.ones(1, 1, h, w, dtype=torch.float64),
                             torch.ones((1, 1) + k, dtype=torch.float64), None, s, p)[0, 0]
    got = tc.checkerboard(maybe_pair(rng, h, w), maybe_pair(rng, *k), maybe_pair(rng, *s),
                          maybe_pair(rng, *p))
    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, ref.numpy().astype(np.int64))


def test_checkerboard_uneven_only_when_stride_does_not_divide_kernel():
    inside = (slice(1, -1), slice(1, -1))                        # away from the border
    assert np.unique(tc.checkerboard(6, 4, 2, 1)[inside]).size == 1   # 4 % 2 == 0: flat
    assert np.unique(tc.checkerboard(6, 3, 2, 1)[inside]).size > 1    # 3 % 2 != 0: checkerboard


# ------------------------------------------------------------------------------ invalid configs


def z(*shape):
    return np.zeros(shape)


def tz(*shape):
    return torch.zeros(shape, dtype=torch.float64)


# (name, solution call, the same configuration in torch)
INVALID = [
    ("im2col 2-D x", lambda: km.im2col(z(5, 5), 3), lambda: F.unfold(tz(5, 5), 3)),
    ("im2col 5-D x", lambda: km.im2col(z(1, 1, 1, 5, 5), 3), lambda: F.unfold(tz(1, 1, 1, 5, 5), 3)),
    ("im2col kernel > input", lambda: km.im2col(z(1, 1, 2, 5), 3), lambda: F.unfold(tz(1, 1, 2, 5), 3)),
    ("im2col dilated kernel > input", lambda: km.im2col(z(1, 1, 5, 5), 3, dilation=3),
     lambda: F.unfold(tz(1, 1, 5, 5), 3, dilation=3)),
    ("im2col negative padding", lambda: km.im2col(z(1, 1, 5, 5), 3, padding=-1),
     lambda: F.unfold(tz(1, 1, 5, 5), 3, padding=-1)),
    ("im2col stride 0", lambda: km.im2col(z(1, 1, 5, 5), 3, stride=(1, 0)),
     lambda: F.unfold(tz(1, 1, 5, 5), 3, stride=(1, 0))),
    ("im2col dilation 0", lambda: km.im2col(z(1, 1, 5, 5), 3, dilation=0),
     lambda: F.unfold(tz(1, 1, 5, 5), 3, dilation=0)),
    ("im2col kernel 0", lambda: km.im2col(z(1, 1, 5, 5), 0), lambda: F.unfold(tz(1, 1, 5, 5), 0)),
    ("im2col kernel triple", lambda: km.im2col(z(1, 1, 5, 5), (3, 3, 3)),
     lambda: F.unfold(tz(1, 1, 5, 5), (3, 3, 3))),
    ("im2col 'same'", lambda: km.im2col(z(1, 1, 5, 5), 3, padding="same"),
     lambda: F.unfold(tz(1, 1, 5, 5), 3, padding="same")),
    ("im2col zero channels", lambda: km.im2col(z(1, 0, 5, 5), 3), lambda: F.unfold(tz(1, 0, 5, 5), 3)),
    ("im2col zero height", lambda: km.im2col(z(1, 1, 0, 5), 1), lambda: F.unfold(tz(1, 1, 0, 5), 1)),
    ("col2im 1-D cols", lambda: km.col2im(z(9), (5, 5), 3), lambda: F.fold(tz(9), (5, 5), 3)),
    ("col2im L mismatch", lambda: km.col2im(z(1, 9, 8), (5, 5), 3), lambda: F.fold(tz(1, 9, 8), (5, 5), 3)),
    ("col2im rows not C*kh*kw", lambda: km.col2im(z(1, 10, 9), (5, 5), 3),
     lambda: F.fold(tz(1, 10, 9), (5, 5), 3)),
    ("col2im output smaller than kernel", lambda: km.col2im(z(1, 9, 1), (2, 2), 3),
     lambda: F.fold(tz(1, 9, 1), (2, 2), 3)),
    ("col2im negative output size", lambda: km.col2im(z(1, 1, 1), (-1, 3), 1),
     lambda: F.fold(tz(1, 1, 1), (-1, 3), 1)),
    ("col2im zero columns", lambda: km.col2im(z(1, 9, 0), (2, 2), 3), lambda: F.fold(tz(1, 9, 0), (2, 2), 3)),
    ("col2im negative padding", lambda: km.col2im(z(1, 9, 9), (5, 5), 3, padding=-1),
     lambda: F.fold(tz(1, 9, 9), (5, 5), 3, padding=-1)),
    ("col2im stride 0", lambda: km.col2im(z(1, 9, 9), (5, 5), 3, stride=0),
     lambda: F.fold(tz(1, 9, 9), (5, 5), 3, stride=0)),
    ("col2im 'valid'", lambda: km.col2im(z(1, 9, 9), (5, 5), 3, padding="valid"),
     lambda: F.fold(tz(1, 9, 9), (5, 5), 3, padding="valid")),
    ("conv2d_im2col channel mismatch", lambda: km.conv2d_im2col(z(1, 2, 5, 5), z(3, 3, 3, 3)),
     lambda: F.conv2d(tz(1, 2, 5, 5), tz(3, 3, 3, 3))),
    ("conv2d_im2col kernel > input", lambda: km.conv2d_im2col(z(1, 2, 2, 5), z(3, 2, 3, 3)),
     lambda: F.conv2d(tz(1, 2, 2, 5), tz(3, 2, 3, 3))),
    ("conv2d_im2col negative padding", lambda: km.conv2d_im2col(z(1, 2, 5, 5), z(3, 2, 3, 3), padding=-1),
     lambda: F.conv2d(tz(1, 2, 5, 5), tz(3, 2, 3, 3), padding=-1)),
    ("conv2d_im2col stride 0", lambda: km.conv2d_im2col(z(1, 2, 5, 5), z(3, 2, 3, 3), stride=0),
     lambda: F.conv2d(tz(1, 2, 5, 5), tz(3, 2, 3, 3), stride=0)),
    ("conv2d_im2col dilation 0", lambda: km.conv2d_im2col(z(1, 2, 5, 5), z(3, 2, 3, 3), dilation=0),
     lambda: F.conv2d(tz(1, 2, 5, 5), tz(3, 2, 3, 3), dilation=0)),
    ("conv2d_im2col bias shape", lambda: km.conv2d_im2col(z(1, 2, 5, 5), z(3, 2, 3, 3), z(2)),
     lambda: F.conv2d(tz(1, 2, 5, 5), tz(3, 2, 3, 3), tz(2))),
    ("conv2d_im2col 3-D weight", lambda: km.conv2d_im2col(z(1, 2, 5, 5), z(3, 2, 3)),
     lambda: F.conv2d(tz(1, 2, 5, 5), tz(3, 2, 3))),
    ("conv2d_im2col 2-D x", lambda: km.conv2d_im2col(z(5, 5), z(3, 1, 3, 3)),
     lambda: F.conv2d(tz(5, 5), tz(3, 1, 3, 3))),
    ("conv2d_im2col no output channel", lambda: km.conv2d_im2col(z(1, 2, 5, 5), z(0, 2, 3, 3)),
     lambda: F.conv2d(tz(1, 2, 5, 5), tz(0, 2, 3, 3))),
    ("conv2d_im2col zero height", lambda: km.conv2d_im2col(z(1, 2, 0, 5), z(3, 2, 1, 1), padding=1),
     lambda: F.conv2d(tz(1, 2, 0, 5), tz(3, 2, 1, 1), padding=1)),
    ("kernel_matrix kernel > input", lambda: km.kernel_matrix(z(3, 2, 3, 3), (2, 5)),
     lambda: F.conv2d(tz(2, 2, 5), tz(3, 2, 3, 3))),
    ("kernel_matrix stride 0", lambda: km.kernel_matrix(z(3, 2, 3, 3), (5, 5), stride=(0, 1)),
     lambda: F.conv2d(tz(2, 5, 5), tz(3, 2, 3, 3), stride=(0, 1))),
    ("kernel_matrix negative padding", lambda: km.kernel_matrix(z(3, 2, 3, 3), (5, 5), padding=-1),
     lambda: F.conv2d(tz(2, 5, 5), tz(3, 2, 3, 3), padding=-1)),
    ("kernel_matrix dilation 0", lambda: km.kernel_matrix(z(3, 2, 3, 3), (5, 5), dilation=0),
     lambda: F.conv2d(tz(2, 5, 5), tz(3, 2, 3, 3), dilation=0)),
    ("kernel_matrix 3-D weight", lambda: km.kernel_matrix(z(3, 2, 3), (5, 5)),
     lambda: F.conv2d(tz(2, 5, 5), tz(3, 2, 3))),
    ("kernel_matrix empty image", lambda: km.kernel_matrix(z(3, 2, 1, 1), (0, 5)),
     lambda: F.conv2d(tz(2, 0, 5), tz(3, 2, 1, 1))),
    ("conv_transpose2d channel mismatch", lambda: tc.conv_transpose2d(z(1, 4, 5, 5), z(3, 3, 3, 3)),
     lambda: F.conv_transpose2d(tz(1, 4, 5, 5), tz(3, 3, 3, 3))),
    ("conv_transpose2d weight read as (C_out, C_in)", lambda: tc.conv_transpose2d(z(1, 4, 5, 5), z(3, 4, 3, 3)),
     lambda: F.conv_transpose2d(tz(1, 4, 5, 5), tz(3, 4, 3, 3))),
    ("conv_transpose2d groups do not divide", lambda: tc.conv_transpose2d(z(1, 4, 5, 5), z(4, 3, 3, 3), groups=3),
     lambda: F.conv_transpose2d(tz(1, 4, 5, 5), tz(4, 3, 3, 3), groups=3)),
    ("conv_transpose2d groups 0", lambda: tc.conv_transpose2d(z(1, 4, 5, 5), z(4, 3, 3, 3), groups=0),
     lambda: F.conv_transpose2d(tz(1, 4, 5, 5), tz(4, 3, 3, 3), groups=0)),
    ("conv_transpose2d output_padding == stride",
     lambda: tc.conv_transpose2d(z(1, 4, 5, 5), z(4, 3, 3, 3), stride=2, output_padding=2),
     lambda: F.conv_transpose2d(tz(1, 4, 5, 5), tz(4, 3, 3, 3), stride=2, output_padding=2)),
    ("conv_transpose2d output_padding == dilation",
     lambda: tc.conv_transpose2d(z(1, 4, 5, 5), z(4, 3, 3, 3), dilation=2, output_padding=2),
     lambda: F.conv_transpose2d(tz(1, 4, 5, 5), tz(4, 3, 3, 3), dilation=2, output_padding=2)),
    ("conv_transpose2d output_padding on the other axis",
     lambda: tc.conv_transpose2d(z(1, 4, 5, 5), z(4, 3, 3, 3), stride=(2, 1), output_padding=(0, 1)),
     lambda: F.conv_transpose2d(tz(1, 4, 5, 5), tz(4, 3, 3, 3), stride=(2, 1), output_padding=(0, 1))),
    ("conv_transpose2d negative output_padding",
     lambda: tc.conv_transpose2d(z(1, 4, 5, 5), z(4, 3, 3, 3), stride=2, output_padding=-1),
     lambda: F.conv_transpose2d(tz(1, 4, 5, 5), tz(4, 3, 3, 3), stride=2, output_padding=-1)),
    ("conv_transpose2d negative padding", lambda: tc.conv_transpose2d(z(1, 4, 5, 5), z(4, 3, 3, 3), padding=-1),
     lambda: F.conv_transpose2d(tz(1, 4, 5, 5), tz(4, 3, 3, 3), padding=-1)),
    ("conv_transpose2d output too small", lambda: tc.conv_transpose2d(z(1, 4, 1, 1), z(4, 3, 2, 2), padding=1),
     lambda: F.conv_transpose2d(tz(1, 4, 1, 1), tz(4, 3, 2, 2), padding=1)),
    ("conv_transpose2d stride 0", lambda: tc.conv_transpose2d(z(1, 4, 5, 5), z(4, 3, 3, 3), stride=0),
     lambda: F.conv_transpose2d(tz(1, 4, 5, 5), tz(4, 3, 3, 3), stride=0)),
    ("conv_transpose2d dilation 0", lambda: tc.conv_transpose2d(z(1, 4, 5, 5), z(4, 3, 3, 3), dilation=0),
     lambda: F.conv_transpose2d(tz(1, 4, 5, 5), tz(4, 3, 3, 3), dilation=0)),
    ("conv_transpose2d bias shape", lambda: tc.conv_transpose2d(z(1, 4, 5, 5), z(4, 3, 3, 3), z(4)),
     lambda: F.conv_transpose2d(tz(1, 4, 5, 5), tz(4, 3, 3, 3), tz(4))),
    ("conv_transpose2d 3-D weight", lambda: tc.conv_transpose2d(z(1, 4, 5, 5), z(4, 3, 3)),
     lambda: F.conv_transpose2d(tz(1, 4, 5, 5), tz(4, 3, 3))),
    ("conv_transpose2d 2-D x", lambda: tc.conv_transpose2d(z(5, 5), z(1, 3, 3, 3)),
     lambda: F.conv_transpose2d(tz(5, 5), tz(1, 3, 3, 3))),
    ("conv_transpose2d kernel 0", lambda: tc.conv_transpose2d(z(1, 4, 5, 5), z(4, 3, 0, 3)),
     lambda: F.conv_transpose2d(tz(1, 4, 5, 5), tz(4, 3, 0, 3))),
    ("conv_transpose2d no output channel", lambda: tc.conv_transpose2d(z(1, 4, 5, 5), z(4, 0, 3, 3)),
     lambda: F.conv_transpose2d(tz(1, 4, 5, 5), tz(4, 0, 3, 3))),
    ("conv_transpose2d zero height", lambda: tc.conv_transpose2d(z(1, 4, 0, 5), z(4, 3, 3, 3)),
     lambda: F.conv_transpose2d(tz(1, 4, 0, 5), tz(4, 3, 3, 3))),
    ("conv_transpose2d 'same'", lambda: tc.conv_transpose2d(z(1, 4, 5, 5), z(4, 3, 3, 3), padding="same"),
     lambda: F.conv_transpose2d(tz(1, 4, 5, 5), tz(4, 3, 3, 3), padding="same")),
    ("conv_transpose2d_matmul output_padding",
     lambda: tc.conv_transpose2d_matmul(z(1, 4, 5, 5), z(4, 3, 3, 3), stride=2, output_padding=2),
     lambda: F.conv_transpose2d(tz(1, 4, 5, 5), tz(4, 3, 3, 3), stride=2, output_padding=2)),
    ("conv_transpose2d_matmul channel mismatch",
     lambda: tc.conv_transpose2d_matmul(z(1, 4, 5, 5), z(3, 3, 3, 3)),
     lambda: F.conv_transpose2d(tz(1, 4, 5, 5), tz(3, 3, 3, 3))),
    ("conv_transpose2d_matmul output too small",
     lambda: tc.conv_transpose2d_matmul(z(1, 4, 1, 1), z(4, 3, 3, 3), padding=2),
     lambda: F.conv_transpose2d(tz(1, 4, 1, 1), tz(4, 3, 3, 3), padding=2)),
    ("conv_transpose2d_matmul 'valid'",
     lambda: tc.conv_transpose2d_matmul(z(1, 4, 5, 5), z(4, 3, 3, 3), padding="valid"),
     lambda: F.conv_transpose2d(tz(1, 4, 5, 5), tz(4, 3, 3, 3), padding="valid")),
    ("conv2d_backward channel mismatch",
     lambda: tc.conv2d_backward(z(1, 3, 3, 3), z(1, 2, 5, 5), z(3, 3, 3, 3)),
     lambda: torch_backward(z(1, 3, 3, 3), z(1, 2, 5, 5), z(3, 3, 3, 3), 1, 0, 1, 1)),
    ("conv2d_backward groups do not divide C_out",
     lambda: tc.conv2d_backward(z(1, 3, 3, 3), z(1, 4, 5, 5), z(3, 2, 3, 3), groups=2),
     lambda: torch_backward(z(1, 3, 3, 3), z(1, 4, 5, 5), z(3, 2, 3, 3), 1, 0, 1, 2)),
    ("conv2d_backward groups do not match C_in",
     lambda: tc.conv2d_backward(z(1, 4, 3, 3), z(1, 3, 5, 5), z(4, 1, 3, 3), groups=2),
     lambda: torch_backward(z(1, 4, 3, 3), z(1, 3, 5, 5), z(4, 1, 3, 3), 1, 0, 1, 2)),
    ("conv2d_backward kernel > input",
     lambda: tc.conv2d_backward(z(1, 3, 1, 1), z(1, 2, 2, 5), z(3, 2, 3, 3)),
     lambda: torch_backward(z(1, 3, 1, 1), z(1, 2, 2, 5), z(3, 2, 3, 3), 1, 0, 1, 1)),
    ("conv2d_backward stride 0",
     lambda: tc.conv2d_backward(z(1, 3, 3, 3), z(1, 2, 5, 5), z(3, 2, 3, 3), stride=0),
     lambda: torch_backward(z(1, 3, 3, 3), z(1, 2, 5, 5), z(3, 2, 3, 3), 0, 0, 1, 1)),
    ("conv2d_backward negative padding",
     lambda: tc.conv2d_backward(z(1, 3, 3, 3), z(1, 2, 5, 5), z(3, 2, 3, 3), padding=-1),
     lambda: torch_backward(z(1, 3, 3, 3), z(1, 2, 5, 5), z(3, 2, 3, 3), 1, -1, 1, 1)),
    ("conv2d_backward grad_output shape",
     lambda: tc.conv2d_backward(z(1, 3, 4, 3), z(1, 2, 5, 5), z(3, 2, 3, 3)),
     lambda: torch_backward(z(1, 3, 4, 3), z(1, 2, 5, 5), z(3, 2, 3, 3), 1, 0, 1, 1)),
    ("conv2d_backward 2-D x",
     lambda: tc.conv2d_backward(z(3, 3, 3), z(5, 5), z(3, 1, 3, 3)),
     lambda: torch_backward(z(3, 3, 3), z(5, 5), z(3, 1, 3, 3), 1, 0, 1, 1)),
    ("checkerboard output too small", lambda: tc.checkerboard((1, 1), 2, 1, 1),
     lambda: F.conv_transpose2d(tz(1, 1, 1, 1) + 1, tz(1, 1, 2, 2) + 1, None, 1, 1)),
    ("checkerboard stride 0", lambda: tc.checkerboard((3, 3), 2, 0),
     lambda: F.conv_transpose2d(tz(1, 1, 3, 3) + 1, tz(1, 1, 2, 2) + 1, None, 0)),
    ("checkerboard negative padding", lambda: tc.checkerboard((3, 3), 2, 1, -1),
     lambda: F.conv_transpose2d(tz(1, 1, 3, 3) + 1, tz(1, 1, 2, 2) + 1, None, 1, -1)),
    ("checkerboard kernel 0", lambda: tc.checkerboard((3, 3), (0, 2)),
     lambda: F.conv_transpose2d(tz(1, 1, 3, 3) + 1, tz(1, 1, 0, 2), None, 1, 0)),
    ("checkerboard empty input", lambda: tc.checkerboard((0, 3), 2),
     lambda: F.conv_transpose2d(tz(1, 1, 0, 3) + 1, tz(1, 1, 2, 2) + 1)),
]


@pytest.mark.parametrize("name,solution,reference", INVALID, ids=[case[0] for case in INVALID])
def test_torch_refusals_are_value_errors(name, solution, reference):
    with pytest.raises((RuntimeError, ValueError, TypeError, IndexError)):
        reference()
    with pytest.raises(ValueError) as info:
        solution()
    assert str(info.value), "the message must say what is wrong"


@pytest.mark.parametrize("call", [
    lambda: km.conv2d_im2col(z(1, 2, 5, 5), z(3, 2, 3, 3), padding="same"),
    lambda: km.conv2d_im2col(z(1, 2, 5, 5), z(3, 2, 3, 3), padding="valid"),
    lambda: km.kernel_matrix(z(3, 2, 3, 3), (5, 5), padding="same"),
    lambda: tc.conv2d_backward(z(1, 3, 5, 5), z(1, 2, 5, 5), z(3, 2, 3, 3), padding="same"),
    lambda: tc.checkerboard((3, 3), 3, 1, "same"),
    lambda: km.im2col(z(1, 1, 5, 5), 2.0),
])
def test_strings_and_floats_are_refused_here(call):
    """SPEC: 'same'/'valid' belong to a2's conv functions only (even where torch takes them)."""
    with pytest.raises(ValueError):
        call()


def test_accepted_edge_cases_match_torch():
    """Configurations torch accepts although they look odd: the solutions accept them too."""
    x = np.random.default_rng(12).standard_normal((1, 4, 1, 1))
    w = np.random.default_rng(13).standard_normal((4, 3, 3, 3))
    # padding that crops all but one pixel
    assert_close(tc.conv_transpose2d(x, w, padding=1), F.conv_transpose2d(T(x), T(w), padding=1), np.float64)
    # output_padding >= stride, allowed because it is below the dilation
    x = np.random.default_rng(14).standard_normal((1, 4, 3, 3))
    ref = F.conv_transpose2d(T(x), T(w), None, 1, 0, 1, 1, 2)
    assert_close(tc.conv_transpose2d(x, w, None, 1, 0, 1, 1, 2), ref, np.float64)
    # fold with padding on a 1x1 output
    cols = np.random.default_rng(15).standard_normal((1, 9, 1))
    assert_close(km.col2im(cols, (1, 1), 3, padding=1), F.fold(T(cols), (1, 1), 3, padding=1), np.float64)
    # numpy integers as arguments
    x = np.random.default_rng(16).standard_normal((1, 2, 6, 6))
    ref = F.unfold(T(x), 3, stride=2).numpy()
    np.testing.assert_array_equal(km.im2col(x, np.int64(3), stride=(np.int32(2), 2)), ref)


@pytest.mark.parametrize("module", [km, tc], ids=["a3", "a4"])
def test_solution_regions_are_well_formed(module):
    """Markers alternate BEGIN/END, sit inside function bodies, and the stub still compiles."""
    import ast
    import re
    source = Path(module.__file__).read_text()
    markers = re.findall(r"^( *)### (BEGIN|END) SOLUTION$", source, flags=re.M)
    assert markers and [kind for _, kind in markers] == ["BEGIN", "END"] * (len(markers) // 2)
    assert all(len(indent) >= 4 for indent, _ in markers)
    stub = re.sub(r"^( *)### BEGIN SOLUTION$.*?^ *### END SOLUTION$",
                  lambda m: f"{m.group(1)}# YOUR CODE HERE\n{m.group(1)}raise NotImplementedError",
                  source, flags=re.M | re.S)
    tree = ast.parse(stub)
    assert "import torch" not in source and "scipy" not in source
    functions = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert functions >= set(functions_of("a3_kernel_matrix" if module is km else "a4_transposed_conv"))
