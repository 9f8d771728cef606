"""Hidden tests of a2_conv2d: every parameter alone and in combination, both float dtypes,
unbatched and empty inputs, refused configurations, and large cases graded on speed."""
from autograder.cases import ArraySpec, Case
from autograder.plugin import hide, parametrize_cases


def A(name, shape, dtype="float64", kind="randn"):
    return ArraySpec(name, tuple(shape), kind, dtype)


def kw(**values):
    return tuple(values.items())


# (x shape, weight shape, with bias, kwargs, label): valid for conv2d_naive and conv2d alike
CONV = [
    ((2, 3, 7, 7), (4, 3, 3, 3), False, {}, "basic"),
    ((2, 3, 7, 7), (4, 3, 3, 3), True, {}, "bias"),
    ((2, 3, 6, 9), (2, 3, 2, 4), False, {}, "non-square kernel and input"),
    ((1, 2, 5, 5), (3, 2, 1, 1), True, {}, "1x1 kernel"),
    ((1, 2, 4, 4), (3, 2, 4, 4), False, {}, "kernel as large as the input"),
    ((2, 3, 9, 9), (4, 3, 3, 3), False, {"stride": 2}, "stride"),
    ((2, 3, 9, 10), (4, 3, 3, 3), False, {"stride": (1, 3)}, "stride as a pair"),
    ((2, 3, 6, 6), (4, 3, 3, 3), False, {"padding": 1}, "padding"),
    ((2, 3, 6, 6), (4, 3, 3, 3), False, {"padding": (0, 2)}, "padding as a pair"),
    ((2, 3, 9, 9), (4, 3, 3, 3), False, {"dilation": 2}, "dilation"),
    ((2, 3, 9, 9), (4, 3, 3, 3), False, {"dilation": (2, 1)}, "dilation as a pair"),
    ((2, 4, 6, 6), (6, 2, 3, 3), False, {"groups": 2}, "groups"),
    ((2, 4, 6, 6), (4, 1, 3, 3), True, {"groups": 4}, "depthwise"),
    ((2, 3, 6, 6), (4, 3, 3, 3), False, {"padding": "valid"}, "padding 'valid'"),
    ((2, 3, 6, 7), (4, 3, 3, 3), False, {"padding": "same"}, "padding 'same', odd kernel"),
    ((2, 3, 6, 7), (4, 3, 4, 2), False, {"padding": "same"}, "padding 'same', even kernel"),
    ((2, 3, 8, 8), (4, 3, 4, 4), False, {"padding": "same", "dilation": 3}, "padding 'same', even kernel, dilation"),
    ((2, 3, 11, 10), (6, 3, 3, 2), True, {"stride": 2, "padding": 1}, "stride and padding"),
    ((2, 6, 12, 11), (6, 3, 3, 3), True, {"stride": (2, 1), "padding": (2, 1), "dilation": 2, "groups": 2},
     "all parameters"),
    ((3, 7, 7), (4, 3, 3, 3), True, {"padding": 1}, "unbatched input"),
    ((0, 3, 7, 7), (4, 3, 3, 3), True, {}, "empty batch"),
]
CONV_REFUSED = [
    ((1, 3, 6, 6), (4, 2, 3, 3), {}, "channels do not match"),
    ((1, 4, 6, 6), (6, 2, 3, 3), {"groups": 3}, "groups do not divide the input channels"),
    ((1, 4, 6, 6), (3, 2, 3, 3), {"groups": 2}, "groups do not divide the output channels"),
    ((1, 3, 2, 2), (4, 3, 3, 3), {}, "kernel larger than the input"),
    ((1, 3, 6, 6), (4, 3, 3, 3), {"padding": "same", "stride": 2}, "padding 'same' with stride 2"),
    ((1, 3, 6, 6), (4, 3, 3, 3), {"stride": 0}, "stride 0"),
    ((1, 3, 6, 6), (4, 3, 3, 3), {"padding": -1}, "negative padding"),
    ((1, 3, 6, 6), (4, 3, 3, 3), {"padding": "full"}, "unknown padding string"),
]


def conv_cases(function, dtypes=("float64", "float32")):
    cases = []
    for i, (xs, ws, bias, params, label) in enumerate(CONV):
        for dtype in dtypes:
            args = (A("x", xs, dtype), A("weight", ws, dtype)) + ((A("bias", ws[:1], dtype),) if bias else ())
            cases.append(Case(function, args, kw(**params), seed=100 + i, label=f"{label} ({dtype})"))
    cases.append(Case(function, (A("x", (2, 3, 6, 6), "float32"), A("weight", (4, 3, 3, 3))), seed=150,
                      label="float32 input, float64 weight"))
    cases.append(Case(function, (A("x", (1, 2, 5, 5), kind="ints"), A("weight", (1, 2, 3, 3), kind="arange")),
                      seed=151, label="asymmetric kernel (cross-correlation, not convolution)"))
    for i, (xs, ws, params, label) in enumerate(CONV_REFUSED):
        cases.append(Case(function, (A("x", xs), A("weight", ws)), kw(**params), seed=200 + i,
                          expect="raises", label=label))
    return cases


def padding_mode_cases():
    cases = []
    for i, mode in enumerate(("zeros", "reflect", "replicate", "circular")):
        cases.append(Case("conv2d", (A("x", (2, 3, 6, 7)), A("weight", (4, 3, 3, 3)), A("bias", (4,))),
                          kw(padding=(1, 2), padding_mode=mode), seed=300 + i, label=f"padding_mode '{mode}'"))
    cases.append(Case("conv2d", (A("x", (2, 3, 6, 7)), A("weight", (4, 3, 3, 3))),
                      kw(padding="same", padding_mode="reflect"), seed=310, label="'same' with padding_mode 'reflect'"))
    cases.append(Case("conv2d", (A("x", (2, 4, 8, 8), "float32"), A("weight", (4, 2, 3, 3), "float32")),
                      kw(padding=2, padding_mode="circular", stride=2, groups=2), seed=311,
                      label="padding_mode 'circular' with stride and groups"))
    return cases


def speed_cases():
    return [
        Case("conv2d", (A("x", (8, 16, 64, 64), "float32"), A("weight", (16, 16, 3, 3), "float32"),
                        A("bias", (16,), "float32")), kw(padding=1), seed=400, expect="speed", weight=3,
             large=True, label="large batch (8,16,64,64), 3x3 -> 16 channels: speed"),
        Case("conv2d", (A("x", (1, 3, 512, 512), "float32"), A("weight", (8, 3, 3, 3), "float32")),
             kw(padding=1), seed=401, expect="speed", weight=3, large=True,
             label="wide image (1,3,512,512), 3x3 -> 8 channels: speed"),
    ]


CONV1D = [
    ((2, 3, 10), (4, 3, 3), True, {}, "basic"),
    ((2, 3, 11), (4, 3, 3), False, {"stride": 2, "padding": 1}, "stride and padding"),
    ((2, 3, 11), (4, 3, 3), False, {"dilation": 2}, "dilation"),
    ((2, 4, 10), (6, 2, 3), True, {"groups": 2}, "groups"),
    ((2, 3, 10), (4, 3, 4), False, {"padding": "same"}, "padding 'same', even kernel"),
    ((3, 10), (4, 3, 3), True, {}, "unbatched input"),
    ((0, 3, 10), (4, 3, 3), False, {}, "empty batch"),
]


def conv1d_cases():
    cases = []
    for i, (xs, ws, bias, params, label) in enumerate(CONV1D):
        for dtype in ("float64", "float32"):
            args = (A("x", xs, dtype), A("weight", ws, dtype)) + ((A("bias", ws[:1], dtype),) if bias else ())
            cases.append(Case("conv1d", args, kw(**params), seed=500 + i, label=f"{label} ({dtype})"))
    cases.append(Case("conv1d", (A("x", (1, 3, 2)), A("weight", (4, 3, 3))), seed=520, expect="raises",
                      label="kernel larger than the input"))
    cases.append(Case("conv1d", (A("x", (1, 3, 8)), A("weight", (4, 2, 3))), seed=521, expect="raises",
                      label="channels do not match"))
    return cases


POOL = [
    ((2, 3, 8, 8), 2, {}, "2x2 windows (stride defaults to the kernel)"),
    ((2, 3, 9, 9), 3, {"stride": 2}, "stride"),
    ((2, 3, 9, 8), (3, 2), {"stride": (2, 1)}, "non-square kernel and stride"),
    ((2, 3, 8, 8), 3, {"stride": 2, "padding": 1}, "padding"),
    ((2, 3, 9, 9), 2, {"ceil_mode": True}, "ceil_mode"),
    ((2, 3, 5, 5), 2, {"stride": 2, "padding": 1, "ceil_mode": True}, "ceil_mode, last window in the padding"),
    ((2, 3, 10, 10), 3, {"stride": 3, "padding": 1, "ceil_mode": True}, "ceil_mode with padding"),
    ((3, 8, 8), 2, {}, "unbatched input"),
    ((0, 3, 8, 8), 2, {}, "empty batch"),
]


def pool_cases():
    cases = []
    for i, (xs, k, params, label) in enumerate(POOL):
        for dtype in ("float64", "float32"):
            for fn in ("max_pool2d", "avg_pool2d"):
                cases.append(Case(fn, (A("x", xs, dtype), k), kw(**params), seed=600 + i, label=f"{label} ({dtype})"))
    cases += [
        Case("max_pool2d", (A("x", (2, 3, 9, 9)), 3), kw(dilation=2), seed=630, label="dilation"),
        Case("max_pool2d", (A("x", (2, 3, 10, 10)), 3), kw(stride=2, padding=1, dilation=2, ceil_mode=True),
             seed=631, label="all parameters"),
        Case("max_pool2d", (A("x", (2, 3, 6, 6)) , 2), kw(padding=1), seed=632,
             label="negative inputs with padding (padding is -inf, not 0)"),
        Case("avg_pool2d", (A("x", (2, 3, 8, 8)), 3), kw(stride=2, padding=1, count_include_pad=False), seed=640,
             label="count_include_pad=False"),
        Case("avg_pool2d", (A("x", (2, 3, 7, 7)), 3), kw(stride=2, padding=1, ceil_mode=True,
                                                       count_include_pad=False), seed=641,
             label="ceil_mode with count_include_pad=False"),
        Case("avg_pool2d", (A("x", (2, 3, 7, 7)), 3), kw(stride=2, padding=1, ceil_mode=True), seed=642,
             label="ceil_mode with count_include_pad=True"),
        Case("max_pool2d", (A("x", (1, 3, 8, 8)), 2), kw(padding=2), seed=650, expect="raises",
             label="padding above half the kernel"),
        Case("avg_pool2d", (A("x", (1, 3, 8, 8)), 2), kw(padding=2), seed=651, expect="raises",
             label="padding above half the kernel"),
        Case("max_pool2d", (A("x", (1, 3, 2, 2)), 3), seed=652, expect="raises", label="kernel larger than the input"),
    ]
    return cases


def coverage_cases():
    """What real student code gets wrong: float32 in the naive loops, per-axis parameters whose
    two axes differ (with H_out != W_out), N = 0 with and without bias, unbatched input."""
    cases = []
    for i, (xs, ws, bias, params, label) in enumerate([
        ((2, 3, 6, 9), (2, 3, 2, 4), True, {"stride": (2, 1), "padding": (1, 0)}, "non-square, per-axis stride and padding"),
        ((1, 2, 9, 7), (3, 2, 3, 2), False, {"dilation": (2, 1), "padding": (0, 1)}, "per-axis dilation"),
        ((3, 6, 8), (4, 3, 3, 3), True, {"padding": 1, "stride": (1, 2)}, "unbatched input"),
        ((0, 3, 7, 6), (4, 3, 3, 2), False, {}, "empty batch without bias"),
    ]):
        for dtype in ("float32", "float64"):
            args = (A("x", xs, dtype), A("weight", ws, dtype)) + ((A("bias", ws[:1], dtype),) if bias else ())
            for fn in ("conv2d_naive", "conv2d"):
                cases.append(Case(fn, args, kw(**params), seed=700 + i, label=f"{label} ({dtype})"))
    cases.append(Case("conv2d_naive", (A("x", (2, 3, 7, 7), "float32"), A("weight", (4, 3, 3, 3), "float32"),
                                       A("bias", (4,), "float32")), seed=710, label="basic (float32)"))
    cases.append(Case("conv2d_naive", (A("x", (0, 3, 7, 7)), A("weight", (4, 3, 3, 3)), A("bias", (4,))),
                      seed=711, label="empty batch with bias"))
    cases.append(Case("conv1d", (A("x", (0, 3, 10)), A("weight", (4, 3, 3)), A("bias", (4,))), seed=712,
                      label="empty batch with bias"))
    for fn in ("max_pool2d", "avg_pool2d"):
        cases.append(Case(fn, (A("x", (2, 3, 7, 8)), (3, 2)), kw(stride=(2, 1), padding=(1, 0)), seed=720,
                          label="per-axis kernel, stride and padding"))
        cases.append(Case(fn, (A("x", (2, 3, 7, 8), "float32"), (2, 3)), kw(stride=(1, 2), padding=(0, 1)),
                          seed=721, label="per-axis padding (float32)"))
    cases.append(Case("max_pool2d", (A("x", (2, 3, 9, 8)), 3), kw(dilation=(2, 1), padding=(1, 0)), seed=722,
                      label="per-axis dilation"))
    return cases


CASES = hide(conv_cases("conv2d_naive", ("float64",)) + conv_cases("conv2d") + padding_mode_cases()
             + speed_cases() + conv1d_cases() + pool_cases() + coverage_cases())


@parametrize_cases(CASES)
def test_case(case, student):
    student.check(case)
