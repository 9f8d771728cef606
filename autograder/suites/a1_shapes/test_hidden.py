"""Hidden tests of a1_shapes: every function, every parameter alone and in combination."""
from autograder.cases import Case
from autograder.plugin import hide, parametrize_cases


def _kw(**kw):
    return tuple(kw.items())


def _size_cases():
    cases = []
    for args, kw, label in [
        ((32, 3), {}, "basic"), ((32, 1), {}, "1x1 kernel"), ((5, 5), {}, "kernel equal to the input"),
        ((32, 3), {"stride": 2}, "stride"), ((33, 3), {"stride": 2}, "stride, odd size (floor)"),
        ((32, 3), {"padding": 1}, "padding"), ((32, 5), {"padding": 2, "stride": 2}, "stride and padding"),
        ((32, 3), {"dilation": 2}, "dilation"), ((32, 3), {"dilation": 3, "padding": 3}, "dilation and padding"),
        ((224, 7), {"stride": 2, "padding": 3}, "stride, padding (ResNet stem)"),
        ((31, 4), {"stride": 3, "padding": 2, "dilation": 2}, "all parameters"),
        ((1, 1), {}, "size 1"),
    ]:
        cases.append(Case("conv_output_size", args, _kw(**kw), label=label))
    for args, kw, label in [
        ((3, 5), {}, "kernel larger than the input"), ((5, 3), {"dilation": 3}, "dilated kernel too large"),
        ((8, 3), {"stride": 0}, "stride 0"), ((8, 3), {"padding": -1}, "negative padding"),
    ]:
        cases.append(Case("conv_output_size", args, _kw(**kw), expect="raises", label=label))
    for args, kw, label in [
        ((5, 3), {}, "basic"), ((5, 3), {"stride": 2}, "stride"), ((5, 3), {"padding": 1}, "padding"),
        ((5, 4), {"stride": 2, "padding": 1}, "stride and padding (2x upsampling)"),
        ((5, 3), {"stride": 2, "output_padding": 1}, "output_padding"),
        ((5, 3), {"dilation": 2}, "dilation"),
        ((5, 3), {"stride": 1, "dilation": 2, "output_padding": 1}, "output_padding below the dilation"),
        ((7, 5), {"stride": 3, "padding": 2, "output_padding": 2, "dilation": 2}, "all parameters"),
    ]:
        cases.append(Case("conv_transpose_output_size", args, _kw(**kw), label=label))
    for args, kw, label in [
        ((5, 3), {"stride": 2, "output_padding": 2}, "output_padding equal to the stride"),
        ((5, 3), {"output_padding": 1}, "output_padding with stride 1"),
        ((1, 3), {"padding": 3}, "non-positive output size"),
    ]:
        cases.append(Case("conv_transpose_output_size", args, _kw(**kw), expect="raises", label=label))
    for args, kw, label in [
        ((32, 2), {}, "basic"), ((33, 2), {}, "odd size (floor)"), ((32, 3), {"stride": 1}, "stride 1"),
        ((32, 3), {"stride": 2, "padding": 1}, "stride and padding"), ((32, 3), {"dilation": 2}, "dilation"),
        ((33, 2), {"ceil_mode": True}, "ceil_mode"), ((32, 2), {"ceil_mode": True}, "ceil_mode, exact fit"),
        ((5, 2), {"stride": 2, "padding": 1, "ceil_mode": True}, "ceil_mode, last window in the right padding"),
        ((6, 1), {"stride": 4, "ceil_mode": True}, "ceil_mode, last window past the input (no padding)"),
        ((10, 3), {"stride": 3, "padding": 1, "dilation": 2, "ceil_mode": True}, "all parameters"),
    ]:
        cases.append(Case("pool_output_size", args, _kw(**kw), label=label))
    for args, kw, label in [
        ((8, 2), {"padding": 2}, "padding above half the kernel"), ((1, 3), {}, "kernel larger than the input"),
    ]:
        cases.append(Case("pool_output_size", args, _kw(**kw), expect="raises", label=label))
    for args, kw, label in [
        ((1,), {}, "1x1 kernel"), ((5,), {}, "odd kernel"), ((2,), {}, "even kernel"), ((6,), {}, "even kernel 6"),
        ((4,), {"dilation": 2}, "even kernel, dilation"), ((4,), {"dilation": 3}, "even kernel, odd dilation"),
        ((3,), {"dilation": 3}, "odd kernel, dilation"),
    ]:
        cases.append(Case("same_padding", args, _kw(**kw), label=label))
    return cases


def _shape_cases():
    cases = []
    conv = "conv2d_output_shape"
    for args, kw, label in [
        (((8, 3, 32, 32), (16, 3, 3, 3)), {}, "basic"),
        (((3, 32, 32), (16, 3, 3, 3)), {}, "unbatched input"),
        (((0, 3, 8, 8), (4, 3, 3, 3)), {}, "empty batch"),
        (((2, 3, 20, 30), (4, 3, 3, 5)), {}, "non-square kernel and input"),
        (((2, 3, 20, 30), (4, 3, 3, 3)), {"stride": (2, 3)}, "stride as a pair"),
        (((2, 3, 20, 30), (4, 3, 3, 3)), {"padding": (1, 2)}, "padding as a pair"),
        (((2, 3, 20, 30), (4, 3, 3, 3)), {"dilation": (2, 1)}, "dilation as a pair"),
        (((2, 8, 16, 16), (8, 1, 3, 3)), {"groups": 8}, "depthwise"),
        (((2, 6, 16, 16), (9, 2, 3, 3)), {"groups": 3, "stride": 2, "padding": 1, "dilation": 2}, "all parameters"),
    ]:
        cases.append(Case(conv, args, _kw(**kw), label=label))
    for args, kw, label in [
        (((2, 3, 8, 8), (4, 4, 3, 3)), {}, "channels do not match"),
        (((2, 6, 8, 8), (3, 3, 3, 3)), {"groups": 2}, "groups do not divide the output channels"),
        (((2, 3, 2, 2), (4, 3, 3, 3)), {}, "kernel larger than the input"),
        (((2, 3, 8), (4, 3, 3, 3)), {}, "input with 2 dimensions per image"),
    ]:
        cases.append(Case(conv, args, _kw(**kw), expect="raises", label=label))
    tconv = "conv_transpose2d_output_shape"
    for args, kw, label in [
        (((2, 4, 5, 5), (4, 3, 3, 3)), {}, "basic"),
        (((4, 5, 5), (4, 3, 3, 3)), {"stride": 2}, "unbatched, stride"),
        (((2, 4, 5, 7), (4, 3, 4, 4)), {"stride": 2, "padding": 1}, "2x upsampling"),
        (((2, 4, 5, 5), (4, 3, 3, 3)), {"stride": (2, 3), "output_padding": (1, 2)}, "output_padding as a pair"),
        (((2, 4, 5, 5), (4, 2, 3, 3)), {"groups": 2}, "groups (weight holds C_out / groups)"),
        (((2, 4, 5, 5), (4, 3, 3, 3)), {"dilation": 2, "stride": 2, "padding": 1, "output_padding": 1},
         "all parameters"),
        (((2, 4, 5, 6), (4, 3, 3, 2)), {"stride": 2, "padding": (2, 1), "dilation": (1, 2)},
         "per-axis padding and dilation, padding >= kernel - 1"),
        (((1, 2, 4, 4), (2, 3, 2, 3)), {"padding": (0, 1), "dilation": (2, 1)}, "non-square kernel"),
    ]:
        cases.append(Case(tconv, args, _kw(**kw), label=label))
    for args, kw, label in [
        (((2, 4, 5, 5), (3, 3, 3, 3)), {}, "channels do not match (weight is C_in first)"),
        (((2, 4, 5, 5), (4, 3, 3, 3)), {"stride": 2, "output_padding": 2}, "output_padding too large"),
    ]:
        cases.append(Case(tconv, args, _kw(**kw), expect="raises", label=label))
    return cases


def _count_cases():
    cases = []
    for args, kw, label in [
        ((3, 64, 3), {}, "basic"), ((3, 64, 3), {"bias": False}, "no bias"), ((64, 128, 1), {}, "1x1"),
        ((32, 32, 3), {"groups": 32}, "depthwise"), ((8, 16, 3), {"groups": 4, "bias": False}, "groups, no bias"),
        ((3, 8, (3, 5)), {}, "non-square kernel"),
    ]:
        cases.append(Case("conv2d_num_params", args, _kw(**kw), label=label))
    cases.append(Case("conv2d_num_params", (6, 8, 3), _kw(groups=4), expect="raises",
                      label="groups do not divide the input channels"))
    for layers, label in [
        ([(3, 1, 1)], "one layer"), ([], "no layer"), ([(3, 1, 1)] * 3, "three stride-1 layers"),
        ([(7, 2, 1), (3, 2, 1), (3, 1, 1)], "strided stem"), ([(3, 1, 1), (3, 1, 2), (3, 1, 4)], "dilations"),
        ([(2, 2, 1)] * 4, "stride-2 pyramid"), ([(5, 3, 2), (3, 2, 3), (1, 1, 1)], "all parameters"),
    ]:
        cases.append(Case("receptive_field", (layers,), label=label))
    return cases


CASES = hide(_size_cases() + _shape_cases() + _count_cases())


@parametrize_cases(CASES)
def test_case(case, student):
    student.check(case)
