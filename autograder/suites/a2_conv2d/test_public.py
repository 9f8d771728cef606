"""Public tests of a2_conv2d: every input and expected value is shown when a test fails."""
from autograder.cases import ArraySpec, Case
from autograder.plugin import parametrize_cases


def x(*shape, kind="ints", dtype="float64"):
    return ArraySpec("x", shape, kind, dtype)


def w(*shape, kind="ints", dtype="float64"):
    return ArraySpec("weight", shape, kind, dtype)


def b(n):
    return ArraySpec("bias", (n,), "ints")


def kw(**values):
    return tuple(values.items())


CASES = []
for fn in ("conv2d_naive", "conv2d"):
    CASES += [
        Case(fn, (x(1, 1, 4, 4), w(1, 1, 3, 3)), seed=1, label="one channel, 3x3 kernel"),
        Case(fn, (x(1, 2, 5, 5), w(3, 2, 3, 3), b(3)), kw(stride=2, padding=1), seed=2,
             label="bias, stride 2, padding 1"),
        Case(fn, (x(1, 4, 5, 5), w(4, 2, 2, 2)), kw(groups=2), seed=3, label="groups 2"),
        Case(fn, (x(1, 1, 5, 5), w(1, 1, 3, 3)), kw(padding="same", dilation=2), seed=4,
             label="padding 'same', dilation 2"),
        Case(fn, (x(1, 3, 4, 4), w(1, 2, 2, 2)), seed=5, expect="raises", label="channels do not match"),
    ]
CASES += [
    Case("conv2d", (x(1, 1, 4, 4), w(1, 1, 3, 3)), kw(padding=1, padding_mode="reflect"), seed=6,
         label="padding_mode 'reflect'"),
    Case("conv2d", (x(1, 2, 6, 6, kind="randn", dtype="float32"), w(2, 2, 3, 3, kind="randn", dtype="float32")),
         seed=7, label="float32"),
    Case("conv1d", (x(1, 2, 8), w(3, 2, 3), b(3)), kw(stride=2, padding=1), seed=8, label="stride 2, padding 1"),
    Case("max_pool2d", (x(1, 1, 4, 4, kind="arange"), 2), seed=9, label="2x2 windows"),
    Case("max_pool2d", (x(1, 1, 5, 5), 2), kw(ceil_mode=True), seed=10, label="ceil_mode"),
    Case("avg_pool2d", (x(1, 1, 4, 4), 2), seed=11, label="2x2 windows"),
    Case("avg_pool2d", (x(1, 1, 4, 4), 3), kw(stride=1, padding=1, count_include_pad=False), seed=12,
         label="padding 1, count_include_pad=False"),
]


@parametrize_cases(CASES)
def test_case(case, student):
    student.check(case)
