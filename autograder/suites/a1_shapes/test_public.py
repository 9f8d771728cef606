"""Public tests of a1_shapes: every input and expected value is shown when a test fails."""
from autograder.cases import Case
from autograder.plugin import parametrize_cases

C = Case

CASES = [
    C("conv_output_size", (7, 3), label="kernel 3"),
    C("conv_output_size", (7, 3), (("stride", 2), ("padding", 1)), label="stride 2, padding 1"),
    C("conv_output_size", (10, 3), (("dilation", 2),), label="dilation 2"),
    C("conv_output_size", (8, 3), (("stride", 2),), label="stride 2, the floor drops a remainder"),
    C("conv_output_size", (2, 5), expect="raises", label="kernel larger than the input"),
    C("conv_transpose_output_size", (5, 3), label="kernel 3"),
    C("conv_transpose_output_size", (4, 3), (("stride", 2), ("padding", 1), ("output_padding", 1)),
      label="stride 2, padding 1, output_padding 1"),
    C("conv_transpose_output_size", (4, 3), (("stride", 2), ("output_padding", 2)), expect="raises",
      label="output_padding not smaller than the stride"),
    C("pool_output_size", (6, 2), label="kernel 2 (stride defaults to the kernel)"),
    C("pool_output_size", (5, 2), (("ceil_mode", True),), label="ceil_mode"),
    C("pool_output_size", (8, 3), (("stride", 2), ("padding", 1)), label="stride 2, padding 1"),
    C("same_padding", (3,), label="kernel 3"),
    C("same_padding", (4,), label="even kernel 4"),
    C("same_padding", (3,), (("dilation", 2),), label="kernel 3, dilation 2"),
    C("conv2d_output_shape", ((1, 3, 32, 32), (8, 3, 3, 3)), label="3x3 kernel"),
    C("conv2d_output_shape", ((2, 4, 9, 9), (6, 2, 3, 3)), (("stride", 2), ("groups", 2)),
      label="stride 2, groups 2"),
    C("conv2d_output_shape", ((1, 3, 8, 8), (4, 2, 3, 3)), expect="raises", label="channels do not match"),
    C("conv_transpose2d_output_shape", ((1, 4, 5, 5), (4, 2, 3, 3)),
      (("stride", 2), ("padding", 1), ("output_padding", 1)), label="stride 2, padding 1, output_padding 1"),
    C("conv2d_num_params", (3, 8, 3), label="3 -> 8 channels, 3x3"),
    C("conv2d_num_params", (4, 8, 3), (("groups", 2), ("bias", False)), label="groups 2, no bias"),
    C("receptive_field", ([(3, 1, 1), (3, 1, 1)],), label="two 3x3 layers"),
    C("receptive_field", ([(3, 2, 1), (3, 2, 1)],), label="two layers with stride 2"),
]


@parametrize_cases(CASES)
def test_case(case, student):
    student.check(case)
