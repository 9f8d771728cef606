"""Public tests of a4_transposed_conv: every input and expected value is shown when a test fails."""
from autograder.cases import ArraySpec, Case
from autograder.plugin import parametrize_cases


def A(name, *shape, kind="ints", dtype="float64"):
    return ArraySpec(name, shape, kind, dtype)


def kw(**values):
    return tuple(values.items())


CASES = [
    Case("conv_transpose2d", (A("x", 1, 1, 2, 2), A("weight", 1, 1, 2, 2)), seed=1, label="one channel"),
    Case("conv_transpose2d", (A("x", 1, 2, 3, 3), A("weight", 2, 3, 3, 3), A("bias", 3)),
         kw(stride=2, padding=1, output_padding=1), seed=2, label="bias, stride 2, padding 1, output_padding 1"),
    Case("conv_transpose2d", (A("x", 1, 4, 2, 2), A("weight", 4, 1, 2, 2)), kw(groups=2), seed=3, label="groups 2"),
    Case("conv_transpose2d", (A("x", 1, 2, 3, 3), A("weight", 2, 1, 3, 3)), kw(stride=2, output_padding=2),
         seed=4, expect="raises", label="output_padding not smaller than the stride"),
    Case("conv_transpose2d_matmul", (A("x", 1, 1, 2, 2), A("weight", 1, 2, 2, 2)), kw(stride=2), seed=5,
         label="stride 2"),
    Case("conv2d_backward", (A("grad_output", 1, 2, 2, 2), A("x", 1, 1, 3, 3), A("weight", 2, 1, 2, 2)),
         seed=6, label="one input channel"),
    Case("conv2d_backward", (A("grad_output", 1, 2, 2, 2), A("x", 1, 2, 4, 4), A("weight", 2, 2, 3, 3)),
         kw(stride=2, padding=1), seed=7, label="stride 2, padding 1"),
    Case("checkerboard", ((3, 3), 3), kw(stride=2), seed=8, label="kernel 3, stride 2"),
    Case("checkerboard", ((3, 3), 4), kw(stride=2, padding=1), seed=9, label="kernel 4, stride 2, padding 1"),
]


@parametrize_cases(CASES)
def test_case(case, student):
    student.check(case)
