"""Hidden tests of a3_kernel_matrix: every parameter alone and in combination, both float dtypes,
unbatched and empty inputs, and refused configurations."""
from autograder.cases import ArraySpec, Case
from autograder.plugin import hide, parametrize_cases


def A(name, shape, dtype="float64", kind="randn"):
    return ArraySpec(name, tuple(shape), kind, dtype)


def kw(**values):
    return tuple(values.items())


def _out(size, k, s, p, d):
    return (size + 2 * p - d * (k - 1) - 1) // s + 1


# (N, C, H, W) or (C, H, W), kernel, params (ints or pairs in the same order), label
GEOMETRY = [
    ((2, 3, 6, 6), 3, {}, "basic"),
    ((2, 3, 6, 7), (2, 3), {}, "non-square kernel and input"),
    ((2, 2, 7, 7), 3, {"stride": 2}, "stride"),
    ((2, 2, 7, 8), 2, {"stride": (2, 3)}, "stride as a pair"),
    ((2, 2, 5, 5), 3, {"padding": 1}, "padding"),
    ((2, 2, 5, 5), 3, {"padding": (0, 2)}, "padding as a pair"),
    ((2, 2, 8, 8), 3, {"dilation": 2}, "dilation"),
    ((2, 2, 8, 9), 3, {"dilation": (1, 2)}, "dilation as a pair"),
    ((2, 3, 9, 10), (3, 2), {"stride": (2, 1), "padding": (1, 2), "dilation": (2, 1)}, "all parameters"),
    ((3, 6, 6), 3, {"padding": 1}, "unbatched input"),
    ((0, 3, 6, 6), 3, {}, "empty batch"),
    ((1, 1, 4, 4), 1, {}, "1x1 kernel"),
]


def _pairs(v):
    return v if isinstance(v, tuple) else (v, v)


def _geometry_cases():
    cases = []
    for i, (xs, k, params, label) in enumerate(GEOMETRY):
        kh, kw_ = _pairs(k)
        s, p, d = (_pairs(params.get(n, dflt)) for n, dflt in (("stride", 1), ("padding", 0), ("dilation", 1)))
        ho, wo = _out(xs[-2], kh, s[0], p[0], d[0]), _out(xs[-1], kw_, s[1], p[1], d[1])
        c = xs[-3]
        cols = ((xs[0],) if len(xs) == 4 else ()) + (c * kh * kw_, ho * wo)
        for dtype in ("float64", "float32"):
            cases.append(Case("im2col", (A("x", xs, dtype), k), kw(**params), seed=100 + i, label=f"{label} ({dtype})"))
            cases.append(Case("col2im", (A("cols", cols, dtype), tuple(xs[-2:]), k), kw(**params), seed=100 + i,
                              label=f"{label} ({dtype})"))
            if len(xs) == 4 or label == "unbatched input":
                cases.append(Case("conv2d_im2col", (A("x", xs, dtype), A("weight", (4, c, kh, kw_), dtype),
                                                    A("bias", (4,), dtype)), kw(**params), seed=100 + i,
                                  label=f"{label} ({dtype})"))
    cases.append(Case("im2col", (A("x", (1, 2, 4, 4), kind="arange"), 2), seed=150,
                      label="row order: channel, then kernel row, then kernel column"))
    cases.append(Case("conv2d_im2col", (A("x", (2, 3, 6, 6)), A("weight", (4, 3, 3, 3))), seed=151,
                      label="no bias"))
    cases.append(Case("conv2d_im2col", (A("x", (2, 3, 6, 6), "float32"), A("weight", (4, 3, 3, 3))), seed=152,
                      label="float32 input, float64 weight"))
    return cases


KERNEL = [
    ((1, 1, 3, 3), (4, 4), {}, "one channel"),
    ((3, 2, 2, 3), (4, 5), {}, "several channels, non-square"),
    ((2, 2, 3, 3), (5, 5), {"stride": 2}, "stride"),
    ((2, 2, 3, 3), (4, 4), {"padding": 1}, "padding"),
    ((2, 2, 3, 3), (6, 6), {"dilation": 2}, "dilation"),
    ((2, 3, 3, 2), (6, 5), {"stride": (2, 1), "padding": (1, 0), "dilation": (1, 2)}, "all parameters"),
    ((2, 2, 3, 3), 5, {}, "input size as an int"),
]


def _kernel_cases():
    cases = []
    for i, (ws, hw, params, label) in enumerate(KERNEL):
        for dtype in ("float64", "float32"):
            cases.append(Case("kernel_matrix", (A("weight", ws, dtype), hw), kw(**params), seed=200 + i,
                              label=f"{label} ({dtype})"))
    return cases


REFUSED = [
    Case("im2col", (A("x", (1, 2, 2, 2)), 3), label="kernel larger than the input"),
    Case("im2col", (A("x", (1, 2, 5, 5)), 2), kw(stride=0), label="stride 0"),
    Case("col2im", (A("cols", (1, 7, 16)), (5, 5), 2), label="rows not a multiple of the kernel size"),
    Case("col2im", (A("cols", (1, 8, 9)), (5, 5), 2), label="column count does not match the output size"),
    Case("conv2d_im2col", (A("x", (1, 3, 5, 5)), A("weight", (4, 2, 3, 3))), label="channels do not match"),
    Case("conv2d_im2col", (A("x", (1, 3, 2, 2)), A("weight", (4, 3, 3, 3))), label="kernel larger than the input"),
    Case("kernel_matrix", (A("weight", (2, 2, 3, 3)), (2, 2)), label="kernel larger than the input"),
]

def _coverage_cases():
    """Per-axis parameters of kernel_matrix whose two axes differ, with H_out != W_out."""
    cases = []
    for i, (ws, hw, params, label) in enumerate([
        ((2, 2, 2, 3), (5, 7), {"stride": (2, 1), "padding": (1, 0)}, "per-axis stride and padding"),
        ((2, 3, 3, 2), (8, 5), {"dilation": (1, 2), "padding": (0, 1)}, "per-axis dilation"),
    ]):
        for dtype in ("float64", "float32"):
            cases.append(Case("kernel_matrix", (A("weight", ws, dtype), hw), kw(**params), seed=260 + i,
                              label=f"{label} ({dtype})"))
    cases.append(Case("conv2d_im2col", (A("x", (0, 3, 6, 5)), A("weight", (4, 3, 3, 2))), seed=270,
                      label="empty batch without bias"))
    return cases


CASES = hide(_geometry_cases() + _kernel_cases() + _coverage_cases()
             + [Case(c.function, c.args, c.kwargs, seed=300 + i, expect="raises", label=c.label)
                for i, c in enumerate(REFUSED)])


@parametrize_cases(CASES)
def test_case(case, student):
    student.check(case)
