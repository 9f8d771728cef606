"""Public tests of a3_kernel_matrix: every input and expected value is shown when a test fails."""
from autograder.cases import ArraySpec, Case
from autograder.plugin import parametrize_cases


def A(name, *shape, kind="arange", dtype="float64"):
    return ArraySpec(name, shape, kind, dtype)


def kw(**values):
    return tuple(values.items())


CASES = [
    Case("im2col", (A("x", 1, 1, 3, 3), 2), seed=1, label="2x2 windows"),
    Case("im2col", (A("x", 1, 2, 4, 4), 2), kw(stride=2, padding=1), seed=2, label="stride 2, padding 1"),
    Case("col2im", (A("cols", 1, 4, 4), (3, 3), 2), seed=3, label="2x2 windows"),
    Case("col2im", (A("cols", 1, 8, 9, kind="ints"), (4, 4), 2), kw(stride=2, padding=1), seed=4,
         label="stride 2, padding 1"),
    Case("conv2d_im2col", (A("x", 1, 2, 4, 4, kind="ints"), A("weight", 3, 2, 3, 3, kind="ints"),
                           A("bias", 3, kind="ints")), kw(padding=1), seed=5, label="bias, padding 1"),
    Case("kernel_matrix", (A("weight", 1, 1, 2, 2, kind="ints"), (3, 3)), seed=6, label="one channel, 3x3 image"),
    Case("kernel_matrix", (A("weight", 2, 1, 2, 2, kind="ints"), (3, 3)), kw(stride=1, padding=1), seed=7,
         label="two output channels, padding 1"),
    Case("im2col", (A("x", 1, 1, 2, 2), 3), seed=8, expect="raises", label="kernel larger than the input"),
]


@parametrize_cases(CASES)
def test_case(case, student):
    student.check(case)
