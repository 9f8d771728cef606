"""Hidden tests of a4_transposed_conv: every parameter alone and in combination, both float
dtypes, unbatched and empty inputs, refused configurations, and large cases graded on speed."""
from autograder.cases import ArraySpec, Case
from autograder.plugin import hide, parametrize_cases


def A(name, shape, dtype="float64", kind="randn"):
    return ArraySpec(name, tuple(shape), kind, dtype)


def kw(**values):
    return tuple(values.items())


# (x shape, weight shape (C_in, C_out/groups, kh, kw), bias, params, label)
TRANSPOSED = [
    ((2, 3, 4, 4), (3, 2, 3, 3), False, {}, "basic"),
    ((2, 3, 4, 4), (3, 2, 3, 3), True, {}, "bias"),
    ((2, 3, 4, 5), (3, 4, 2, 3), False, {}, "non-square kernel and input"),
    ((2, 3, 4, 4), (3, 5, 3, 3), False, {}, "more output than input channels (weight is C_in first)"),
    ((2, 2, 4, 4), (2, 2, 3, 3), False, {"stride": 2}, "stride"),
    ((2, 2, 4, 4), (2, 2, 3, 3), False, {"stride": (2, 3)}, "stride as a pair"),
    ((2, 2, 4, 4), (2, 2, 3, 3), False, {"padding": 1}, "padding"),
    ((2, 2, 4, 4), (2, 2, 3, 3), False, {"padding": (0, 1)}, "padding as a pair"),
    ((2, 2, 4, 4), (2, 2, 3, 3), False, {"stride": 2, "output_padding": 1}, "output_padding"),
    ((2, 2, 4, 4), (2, 2, 3, 3), False, {"stride": (2, 3), "output_padding": (1, 2)}, "output_padding as a pair"),
    ((2, 2, 4, 4), (2, 2, 3, 3), False, {"dilation": 2}, "dilation"),
    ((2, 2, 4, 4), (2, 2, 3, 3), False, {"dilation": 2, "output_padding": 1}, "output_padding below the dilation"),
    ((2, 2, 5, 5), (2, 3, 4, 4), True, {"stride": 2, "padding": 1}, "2x upsampling"),
    ((2, 3, 5, 4), (3, 2, 3, 2), True, {"stride": (2, 3), "padding": (1, 0), "output_padding": (1, 2),
                                         "dilation": (2, 1)}, "all parameters"),
    ((3, 4, 4), (3, 2, 3, 3), True, {"stride": 2}, "unbatched input"),
    ((0, 3, 4, 4), (3, 2, 3, 3), False, {}, "empty batch"),
]
GROUPED = [
    ((2, 4, 4, 4), (4, 3, 3, 3), True, {"groups": 2}, "groups"),
    ((2, 4, 4, 4), (4, 1, 3, 3), False, {"groups": 4, "stride": 2}, "depthwise with stride"),
]
REFUSED_T = [
    ((1, 3, 4, 4), (2, 2, 3, 3), {}, "channels do not match"),
    ((1, 3, 4, 4), (3, 2, 3, 3), {"stride": 2, "output_padding": 2}, "output_padding equal to the stride"),
    ((1, 3, 4, 4), (3, 2, 3, 3), {"output_padding": 1}, "output_padding with stride and dilation 1"),
    ((1, 3, 2, 2), (3, 2, 3, 3), {"padding": 3}, "non-positive output size"),
]


def _transposed(function, rows):
    cases = []
    for i, (xs, ws, bias, params, label) in enumerate(rows):
        for dtype in ("float64", "float32"):
            args = (A("x", xs, dtype), A("weight", ws, dtype))
            if bias and function == "conv_transpose2d":
                args += (A("bias", (ws[1] * params.get("groups", 1),), dtype),)
            cases.append(Case(function, args, kw(**params), seed=100 + i, label=f"{label} ({dtype})"))
    return cases


def transposed_cases():
    cases = _transposed("conv_transpose2d", TRANSPOSED + GROUPED)
    small = [r for r in TRANSPOSED if r[-1] not in ("empty batch",)]
    cases += _transposed("conv_transpose2d_matmul", small[:8] + small[-3:])
    for i, (xs, ws, params, label) in enumerate(REFUSED_T):
        for fn in ("conv_transpose2d", "conv_transpose2d_matmul"):
            cases.append(Case(fn, (A("x", xs), A("weight", ws)), kw(**params), seed=200 + i, expect="raises",
                              label=label))
    cases.append(Case("conv_transpose2d", (A("x", (8, 16, 32, 32), "float32"), A("weight", (16, 16, 4, 4), "float32"),
                                           A("bias", (16,), "float32")), kw(stride=2, padding=1), seed=250,
                      expect="speed", weight=3, large=True, label="large (8,16,32,32), 4x4 stride 2: speed"))
    return cases


def _out(size, k, s, p, d):
    return (size + 2 * p - d * (k - 1) - 1) // s + 1


BACKWARD = [
    ((2, 3, 6, 6), (4, 3, 3, 3), {}, "basic"),
    ((2, 3, 6, 7), (4, 3, 2, 3), {}, "non-square kernel and input"),
    ((2, 3, 7, 7), (4, 3, 3, 3), {"stride": 2}, "stride"),
    ((2, 3, 8, 8), (4, 3, 3, 3), {"stride": 2}, "stride that skips the last row and column"),
    ((2, 3, 6, 6), (4, 3, 3, 3), {"padding": 1}, "padding"),
    ((2, 3, 8, 8), (4, 3, 3, 3), {"dilation": 2}, "dilation"),
    ((2, 4, 6, 6), (6, 2, 3, 3), {"groups": 2}, "groups"),
    ((2, 4, 9, 8), (4, 2, 3, 2), {"stride": (2, 1), "padding": (1, 0), "dilation": (1, 2), "groups": 2},
     "all parameters"),
    ((3, 6, 6), (4, 3, 3, 3), {"padding": 1}, "unbatched input"),
]


def _pairs(v):
    return v if isinstance(v, tuple) else (v, v)


def backward_cases():
    cases = []
    for i, (xs, ws, params, label) in enumerate(BACKWARD):
        s, p, d = (_pairs(params.get(n, dflt)) for n, dflt in (("stride", 1), ("padding", 0), ("dilation", 1)))
        out = (_out(xs[-2], ws[2], s[0], p[0], d[0]), _out(xs[-1], ws[3], s[1], p[1], d[1]))
        gs = xs[:-3] + (ws[0],) + out
        for dtype in ("float64", "float32"):
            cases.append(Case("conv2d_backward", (A("grad_output", gs, dtype), A("x", xs, dtype), A("weight", ws, dtype)),
                              kw(**params), seed=300 + i, label=f"{label} ({dtype})"))
    cases.append(Case("conv2d_backward", (A("grad_output", (1, 4, 3, 3)), A("x", (1, 3, 5, 5)), A("weight", (4, 2, 3, 3))),
                      seed=350, expect="raises", label="channels do not match"))
    cases.append(Case("conv2d_backward", (A("grad_output", (8, 16, 32, 32), "float32"), A("x", (8, 16, 32, 32), "float32"),
                                          A("weight", (16, 16, 3, 3), "float32")), kw(padding=1), seed=360,
                      expect="speed", weight=3, large=True, label="large (8,16,32,32), 3x3 -> 16 channels: speed"))
    return cases


CHECKER = [
    ((3, 3), 3, {}, "stride 1"), ((3, 3), 3, {"stride": 2}, "stride 2, kernel 3 (uneven overlap)"),
    ((4, 4), 4, {"stride": 2}, "kernel a multiple of the stride"), ((3, 5), (3, 2), {"stride": (2, 3)}, "pairs"),
    ((4, 4), 3, {"stride": 2, "padding": 1}, "padding"), (5, 5, {"stride": 3, "padding": 2}, "ints for every size"),
    ((1, 1), 3, {}, "one input pixel"),
]


def checker_cases():
    cases = [Case("checkerboard", (hw, k), kw(**params), label=label) for hw, k, params, label in CHECKER]
    cases.append(Case("checkerboard", ((2, 2), 3), kw(padding=3), expect="raises", label="non-positive output size"))
    return cases


def coverage_cases():
    """Padding >= kernel - 1 (valid), per-axis parameters with H_out != W_out, N = 0 with and
    without bias, empty and unbatched inputs of every function that takes them."""
    cases = []
    for i, (xs, ws, bias, params, label) in enumerate([
        ((1, 2, 4, 5), (2, 3, 3, 2), True, {"stride": 2, "padding": (2, 1)}, "padding >= kernel - 1"),
        ((2, 2, 5, 4), (2, 2, 3, 3), False, {"stride": (2, 1), "padding": (1, 2), "dilation": (1, 2)},
         "per-axis padding and dilation, padding >= kernel - 1"),
        ((0, 3, 4, 5), (3, 2, 3, 2), True, {"stride": 2}, "empty batch"),
    ]):
        for dtype in ("float64", "float32"):
            for fn in ("conv_transpose2d", "conv_transpose2d_matmul"):
                args = (A("x", xs, dtype), A("weight", ws, dtype))
                if bias and fn == "conv_transpose2d":
                    args += (A("bias", (ws[1],), dtype),)
                cases.append(Case(fn, args, kw(**params), seed=800 + i, label=f"{label} ({dtype})"))
    cases.append(Case("conv2d_backward", (A("grad_output", (0, 4, 3, 4)), A("x", (0, 3, 5, 6)), A("weight", (4, 3, 3, 3))),
                      seed=810, label="empty batch"))
    cases.append(Case("checkerboard", ((4, 5), (3, 2)), kw(stride=(2, 1), padding=(2, 1)),
                      label="per-axis padding >= kernel - 1"))
    return cases


CASES = hide(transposed_cases() + backward_cases() + checker_cases() + coverage_cases())


@parametrize_cases(CASES)
def test_case(case, student):
    student.check(case)
