"""A bank of small, non-square cases per SPEC function, for the coverage tests of the diagnosis.

Each function gets configurations where the per-axis parameters differ between the axes and
H_out != W_out, with and without bias, padding, stride, dilation, groups, output_padding,
ceil_mode and 'same' where the function takes them.
"""
from __future__ import annotations

from autograder.cases import ArraySpec as A
from autograder.cases import Case


def _c(function, *args, seed=0, **kw):
    return Case(function, tuple(args), kwargs=tuple(kw.items()), seed=seed)


def _conv_family(fn: str) -> list[Case]:
    out = []
    for i, (x, w, kw) in enumerate([
        ((2, 2, 6, 7), (3, 2, 3, 2), dict(padding=(1, 2), stride=(2, 1))),
        ((1, 3, 7, 6), (2, 3, 2, 3), dict(stride=(1, 2), dilation=(2, 1))),
        ((2, 4, 5, 8), (4, 2, 3, 3), dict(groups=2, padding=1)),
        ((1, 2, 8, 7), (2, 2, 3, 2), dict(stride=2, padding=(2, 1), dilation=(1, 2))),
        ((1, 2, 5, 6), (3, 2, 2, 3), dict(padding="same")),
        ((2, 3, 6, 6), (3, 3, 3, 3), dict(stride=3, padding=1)),
        ((1, 2, 7, 9), (2, 2, 3, 3), dict(stride=(2, 3))),
        ((1, 6, 6, 5), (6, 2, 2, 2), dict(groups=3, padding=1)),
        ((1, 3, 4, 6), (3, 3, 2, 2), dict(stride=2, padding=1)),
        ((1, 3, 6, 6), (3, 3, 3, 3), dict(stride=2, padding=1)),
        ((1, 3, 5, 7), (2, 3, 4, 3), dict(dilation=2, padding=1)),
        ((1, 2, 6, 9), (2, 2, 2, 3), dict(padding=(0, 2))),
        ((1, 4, 6, 5), (4, 2, 3, 2), dict(groups=2, stride=(2, 1))),
        ((1, 3, 5, 3), (2, 3, 2, 2), dict()),
        ((1, 2, 4, 5), (3, 2, 2, 3), dict(padding=(0, 1))),
    ]):
        if fn in ("conv2d_im2col",) and ("groups" in kw or kw.get("padding") == "same"):
            continue
        args = [A("x", x), A("weight", w)]
        if i % 2 == 0:
            args.append(A("bias", (w[0],)))
        else:
            args.append(None)
        out.append(_c(fn, *args, seed=10 + i, **kw))
    if fn == "conv2d":
        out.append(_c(fn, A("x", (1, 2, 5, 6)), A("weight", (2, 2, 3, 3)), A("bias", (2,)), seed=40,
                      padding=(1, 2), padding_mode="reflect"))
    out.append(_c(fn, A("x", (1, 2, 5, 5)), A("weight", (3, 2, 3, 3)), A("bias", (3,)), seed=39))
    out.append(_c(fn, A("x", (2, 5, 6), dtype="float32"), A("weight", (3, 2, 3, 2), dtype="float32"),
                  None, seed=41, padding=1))
    return out


def _conv1d() -> list[Case]:
    return [
        _c("conv1d", A("x", (2, 2, 9)), A("weight", (3, 2, 3)), A("bias", (3,)), seed=50, padding=2),
        _c("conv1d", A("x", (1, 4, 10)), A("weight", (4, 2, 2)), None, seed=51, groups=2, stride=2),
        _c("conv1d", A("x", (1, 2, 11)), A("weight", (2, 2, 3)), A("bias", (2,)), seed=52,
           dilation=2, stride=3),
        _c("conv1d", A("x", (1, 2, 8)), A("weight", (3, 2, 4)), None, seed=53, padding="same"),
        _c("conv1d", A("x", (1, 6, 9)), A("weight", (6, 2, 3)), A("bias", (6,)), seed=54, groups=3),
        _c("conv1d", A("x", (1, 3, 6)), A("weight", (2, 3, 3)), None, seed=55, padding=1, stride=2),
        _c("conv1d", A("x", (1, 3, 3)), A("weight", (2, 3, 2)), A("bias", (2,)), seed=56),
        _c("conv1d", A("x", (1, 2, 5)), A("weight", (4, 2, 2)), A("bias", (4,)), seed=57),
    ]


def _pools(fn: str) -> list[Case]:
    cfgs = [
        ((1, 2, 7, 6), (3, 2), dict(stride=(2, 1), padding=(1, 0))),
        ((2, 1, 6, 7), 2, dict()),
        ((1, 2, 5, 7), (2, 3), dict(stride=2, padding=1, ceil_mode=True)),
        ((1, 1, 8, 6), 3, dict(stride=(2, 3), padding=1)),
        ((1, 2, 7, 5), 2, dict(padding=1, ceil_mode=True)),
        ((1, 2, 6, 9), (2, 3), dict(stride=(1, 2))),
        ((2, 2, 5, 8), 3, dict(stride=2, padding=1, ceil_mode=True)),
    ]
    out = []
    for i, (x, k, kw) in enumerate(cfgs):
        if fn == "max_pool2d" and i in (0, 3):
            kw = dict(kw, dilation=(1, 2) if i == 0 else 2)
        if fn == "avg_pool2d" and i in (2, 3):
            kw = dict(kw, count_include_pad=False)
        out.append(_c(fn, A("x", x), k, seed=60 + i, **kw))
    out.append(_c(fn, A("x", (2, 5, 7), dtype="float32"), (2, 3), seed=69, padding=1))
    return out


def _im2col() -> list[Case]:
    return [
        _c("im2col", A("x", (1, 2, 6, 7)), (2, 3), seed=70, stride=(2, 1), padding=(1, 0)),
        _c("im2col", A("x", (2, 3, 5, 6)), 2, seed=71, padding=1, dilation=(2, 1)),
        _c("im2col", A("x", (1, 2, 7, 5)), (3, 2), seed=72, stride=(1, 2), dilation=(1, 2)),
        _c("im2col", A("x", (1, 2, 8, 6)), 3, seed=73, stride=2, padding=(2, 1)),
        _c("im2col", A("x", (1, 1, 6, 6)), (2, 2), seed=74, stride=2),
        _c("im2col", A("x", (1, 2, 6, 6)), (2, 2), seed=75, stride=(2, 2), padding=1),
    ]


def _blocks(size, k, s=1, p=0, d=1):
    pair = lambda v: v if isinstance(v, tuple) else (v, v)
    out = 1
    for L, kk, ss, pp, dd in zip(size, pair(k), pair(s), pair(p), pair(d)):
        out *= (L + 2 * pp - dd * (kk - 1) - 1) // ss + 1
    return out


def _col2im() -> list[Case]:
    out = []
    for i, (n, c, size, k, kw) in enumerate([
        (1, 2, (6, 5), (2, 3), dict(stride=(1, 1))),
        (2, 3, (7, 5), 2, dict(stride=(2, 1), padding=(1, 0))),
        (1, 2, (5, 7), (3, 2), dict(dilation=(1, 2))),
        (1, 2, (6, 6), 2, dict(stride=2, padding=1)),
        (1, 1, (5, 6), (2, 3), dict()),
        (1, 2, (6, 6), (2, 2), dict(stride=(2, 2), padding=(1, 1), dilation=(2, 2))),
        (1, 2, (5, 5), (3, 3), dict(stride=(2, 2), padding=(1, 1))),
    ]):
        kk = k if isinstance(k, tuple) else (k, k)
        L = _blocks(size, k, kw.get("stride", 1), kw.get("padding", 0), kw.get("dilation", 1))
        out.append(_c("col2im", A("cols", (n, c * kk[0] * kk[1], L)), size, k, seed=80 + i, **kw))
    return out


def _kernel_matrix() -> list[Case]:
    return [
        _c("kernel_matrix", A("weight", (2, 2, 2, 3)), (4, 5), seed=90, padding=(1, 0)),
        _c("kernel_matrix", A("weight", (3, 2, 3, 2)), (5, 6), seed=91, stride=(2, 1)),
        _c("kernel_matrix", A("weight", (2, 3, 2, 2)), (5, 4), seed=92, dilation=(1, 2), padding=1),
        _c("kernel_matrix", A("weight", (2, 2, 3, 3)), (6, 5), seed=93, stride=2, padding=(1, 2)),
        _c("kernel_matrix", A("weight", (3, 3, 2, 2)), (4, 4), seed=94),
    ]


def _transposed(fn: str) -> list[Case]:
    cfgs = [
        ((1, 2, 3, 4), (2, 3, 3, 2), dict(stride=(2, 1), padding=(1, 0), output_padding=(1, 0))),
        ((2, 3, 4, 3), (3, 2, 2, 3), dict(stride=2, output_padding=1)),
        ((1, 2, 3, 5), (2, 2, 3, 3), dict(dilation=(2, 1), padding=2)),
        ((1, 4, 3, 4), (4, 1, 2, 3), dict(groups=2, stride=(1, 2), output_padding=(0, 1))),
        ((1, 2, 4, 3), (2, 3, 3, 3), dict(stride=3, padding=1, output_padding=(2, 1))),
        ((1, 3, 3, 3), (3, 3, 3, 3), dict(stride=2, padding=1)),
        ((1, 2, 4, 5), (2, 2, 2, 2), dict(stride=(2, 3), padding=(1, 2), dilation=(1, 2))),
        ((1, 2, 3, 4), (2, 2, 3, 3), dict(padding=2)),
        ((1, 2, 3, 3), (2, 3, 3, 3), dict(stride=2, padding=1, output_padding=1)),
        ((1, 2, 3, 2), (2, 4, 2, 3), dict(stride=2, padding=2, output_padding=1)),
        ((1, 3, 2, 3), (3, 3, 2, 2), dict(stride=2)),
        ((1, 4, 3, 4), (4, 2, 2, 3), dict(groups=2, stride=2, output_padding=1)),
    ]
    out = []
    for i, (x, w, kw) in enumerate(cfgs):
        if fn == "conv_transpose2d_matmul" and "groups" in kw:
            continue
        args = [A("x", x), A("weight", w)]
        if fn == "conv_transpose2d":
            args.append(A("bias", (w[1] * kw.get("groups", 1),)) if i % 2 == 0 else None)
        out.append(_c(fn, *args, seed=100 + i, **kw))
    bias = [A("bias", (3,))] if fn == "conv_transpose2d" else []
    out.append(_c(fn, A("x", (1, 2, 3, 2)), A("weight", (2, 3, 2, 2)), *bias, seed=120))
    out.append(_c(fn, A("x", (2, 3, 4, 3), dtype="float32"), A("weight", (3, 2, 3, 2), dtype="float32"),
                  seed=121, stride=2, padding=2))
    return out


def _backward() -> list[Case]:
    return [
        _c("conv2d_backward", A("grad_output", (2, 3, 3, 6)), A("x", (2, 2, 6, 7)), A("weight", (3, 2, 2, 2)),
           seed=110, stride=(2, 1), padding=(0, 0)),
        _c("conv2d_backward", A("grad_output", (2, 2, 3, 3)), A("x", (2, 2, 6, 6)), A("weight", (2, 2, 3, 3)),
           seed=111, stride=2, padding=1),
        _c("conv2d_backward", A("grad_output", (1, 4, 5, 4)), A("x", (1, 4, 5, 6)), A("weight", (4, 2, 3, 3)),
           seed=112, groups=2, padding=(1, 0)),
        _c("conv2d_backward", A("grad_output", (2, 2, 3, 2)), A("x", (2, 2, 7, 6)), A("weight", (2, 2, 3, 2)),
           seed=113, stride=(2, 3), padding=(0, 0), dilation=(1, 1)),
        _c("conv2d_backward", A("grad_output", (2, 2, 4, 4)), A("x", (2, 2, 7, 7)), A("weight", (2, 2, 3, 3)),
           seed=114, stride=2, padding=1),
    ]


def _checkerboard() -> list[Case]:
    return [_c("checkerboard", (3, 4), (3, 2), stride=(2, 1), padding=(1, 0)),
            _c("checkerboard", (4, 3), 3, stride=2),
            _c("checkerboard", (3, 5), (2, 3), stride=(1, 2), padding=(0, 1)),
            _c("checkerboard", (3, 3), 4, stride=3, padding=1)]


def _a1() -> list[Case]:
    return [
        _c("conv_output_size", 10, 3, 2, 1, 1), _c("conv_output_size", 11, 3, 2, 2, 2),
        _c("conv_output_size", 32, 5, 1, 2, 3), _c("conv_output_size", 9, 2, 3, 1, 1),
        _c("conv_transpose_output_size", 5, 3, 2, 1, 1, 1), _c("conv_transpose_output_size", 4, 2, 3, 0, 2, 2),
        _c("conv_transpose_output_size", 6, 3, 1, 2, 0, 2),
        _c("conv_transpose_output_size", 7, 3, 2, 0, 0, 1), _c("conv_transpose_output_size", 5, 2, 3, 1, 0, 1),
        _c("pool_output_size", 7, 2, None, 1, 1, True), _c("pool_output_size", 10, 3, 2, 1, 2, False),
        _c("pool_output_size", 5, 2, 2, 1, 1, True), _c("pool_output_size", 9, 3, 1, 0, 1, False),
        _c("pool_output_size", 6, 3, 2, 0, 1, True), _c("pool_output_size", 11, 3, 1, 0, 3, False),
        _c("same_padding", 4, 1), _c("same_padding", 3, 2), _c("same_padding", 2, 3),
        _c("conv2d_output_shape", (2, 3, 10, 7), (4, 3, 3, 2), (2, 1), (1, 0), (1, 2), 1),
        _c("conv2d_output_shape", (1, 4, 9, 12), (6, 2, 3, 3), 2, 1, 1, 2),
        _c("conv2d_output_shape", (4, 12, 8), (2, 4, 2, 3), (1, 3), (2, 1), 1, 1),
        _c("conv2d_output_shape", (1, 3, 11, 6), (2, 3, 3, 2), 3, 1, 2, 1),
        _c("conv_transpose2d_output_shape", (2, 4, 5, 3), (4, 3, 3, 2), (2, 1), (1, 0), (1, 0), 1, 1),
        _c("conv_transpose2d_output_shape", (1, 4, 4, 6), (4, 2, 2, 3), 2, 0, 1, 2, (1, 2)),
        _c("conv_transpose2d_output_shape", (3, 5, 4), (3, 2, 3, 3), (1, 2), 1, (0, 1), 1, 1),
        _c("conv_transpose2d_output_shape", (1, 4, 4, 5), (4, 2, 3, 2), (2, 3), (1, 0), 0, 1, 1),
        _c("conv_transpose2d_output_shape", (1, 2, 4, 5), (2, 2, 3, 3), 2, 1, (1, 0), 1, 1),
        _c("conv2d_num_params", 4, 6, 3, 2, True), _c("conv2d_num_params", 3, 8, (3, 2), 1, True),
        _c("conv2d_num_params", 6, 6, 3, 3, False),
        _c("receptive_field", [(3, 2, 1), (3, 1, 2), (2, 2, 1)]), _c("receptive_field", [(5, 1, 2), (3, 2, 1)]),
        _c("receptive_field", [(3, 2, 2), (3, 2, 1)]),
    ]


def bank() -> dict[str, list[Case]]:
    """Cases per SPEC function."""
    out: dict[str, list[Case]] = {}
    for c in _a1() + _checkerboard():
        out.setdefault(c.function, []).append(c)
    for fn in ("conv2d", "conv2d_naive", "conv2d_im2col"):
        out[fn] = _conv_family(fn)
    out["conv1d"] = _conv1d()
    for fn in ("max_pool2d", "avg_pool2d"):
        out[fn] = _pools(fn)
    out["im2col"] = _im2col()
    out["col2im"] = _col2im()
    out["kernel_matrix"] = _kernel_matrix()
    for fn in ("conv_transpose2d", "conv_transpose2d_matmul"):
        out[fn] = _transposed(fn)
    out["conv2d_backward"] = _backward()
    return out
