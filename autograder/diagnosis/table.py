"""The table of detectors: which mistake (SPEC id and variant) is looked for in which function.

``MUTATIONS`` is ordered: when two mistakes give the same output on every case looked at, the
first wins. ``cell(function, misconception)`` says, for the coverage matrix, which detectors
look for a mistake in a function, or why that mistake cannot occur there.
"""
from __future__ import annotations

from typing import Any, Callable

from autograder.diagnosis.axis_mistakes import (grad_x_output_padding, input_nhwc, kernel_transposed,
                                                output_nhwc, output_transposed, padding_not_cropped,
                                                padding_size_only, param_swapped, shape_nhwc,
                                                shape_swapped, sizes_swapped, stride_resampled,
                                                stride_squared, stride_squared_zero_filled,
                                                weight_hwio)
from autograder.diagnosis.common import (CONV, POOL, SIGNATURES, TRANSPOSED, WITH_BIAS, WITH_WEIGHT,
                                         Mutation)
from autograder.diagnosis.conv_mistakes import (_one_side, _same_split, _stride_one_axis,
                                                _transposed_crop, bias_dropped, bias_last_axis,
                                                bias_per_input_channel, dilation_ignored,
                                                dilation_kd_size, dilation_window_only,
                                                flipped_grad_weight, flipped_kernel,
                                                grad_bias_per_image, groups_first_group,
                                                groups_interleaved, padding_mode_ignored,
                                                padding_none, pool_stride_default, size_ceil_for_floor,
                                                stride_ignored, stride_input_subsampled, stride_offset,
                                                stride_swapped, _plus)
from autograder.diagnosis.layout_mistakes import (_rows_order, ceil_mode_ignored, ceil_rule_missing,
                                                  count_include_pad_flipped, divide_by_kernel_area,
                                                  kernel_matrix_order, output_padding_ignored,
                                                  output_padding_wrong_side, output_padding_zeros,
                                                  positions_transposed, transposed_layout,
                                                  transposed_layout_grouped, transposed_taps_undilated)
from autograder.diagnosis.shape_mistakes import (conv_shape_rule, im2col_plus, kernel_matrix_plus, rf_kd,
                                                 rf_own_stride, shape_plus)
from autograder.spec import where

_A1_SIZE = set(where(family="size"))
_A1_SHAPE = set(where(family="shape"))
# col2im is left out of the geometry mistakes: any change of padding, stride or dilation changes
# the number of blocks, which the shape of cols fixes, so such code raises instead of returning.
_PAD = CONV | POOL | TRANSPOSED | {"im2col", "kernel_matrix", "checkerboard"} | _A1_SIZE | _A1_SHAPE
_STRIDE = CONV | POOL | TRANSPOSED | {"im2col", "kernel_matrix", "checkerboard", "receptive_field"} \
    | _A1_SIZE | _A1_SHAPE
_DIL = CONV | {"max_pool2d"} | TRANSPOSED | {"im2col", "kernel_matrix", "receptive_field",
                                            "same_padding"} | _A1_SIZE | _A1_SHAPE
_IM2COL = {"im2col", "col2im", "conv2d_im2col", "conv2d"}
_SPATIAL2 = (CONV - {"conv1d"}) | POOL | TRANSPOSED | {"col2im", "checkerboard"}
_WEIGHT2 = (CONV - {"conv1d"}) | TRANSPOSED | {"kernel_matrix", "conv2d_backward"}
_NHWC = CONV | POOL | TRANSPOSED | {"im2col", "kernel_matrix"}
_ARRAY_STRIDE = CONV | POOL | {"im2col"}
_ARRAY_SIZED = CONV | POOL | TRANSPOSED | {"checkerboard"}


def _m(mid: str, variant: str, functions: set[str], compute: Callable[[str, dict], Any]) -> Mutation:
    return Mutation(mid, variant, frozenset(functions), compute)


MUTATIONS: tuple[Mutation, ...] = (
    _m("flipped-kernel", "rotated", WITH_WEIGHT, flipped_kernel),
    _m("flipped-kernel", "grad-weight-rotated", {"conv2d_backward"}, flipped_grad_weight),
    _m("transpose-weight-layout", "swapped", TRANSPOSED | {"conv2d_backward",
                                                         "conv_transpose2d_output_shape"},
       transposed_layout),
    _m("transpose-weight-layout", "swapped-grouped", {"conv_transpose2d"}, transposed_layout_grouped),
    _m("missing-bias", "dropped", WITH_BIAS | {"conv2d_num_params"}, bias_dropped),
    _m("missing-bias", "per-input-channel", WITH_BIAS | {"conv2d_num_params"}, bias_per_input_channel),
    _m("missing-bias", "last-axis", WITH_BIAS, bias_last_axis),
    _m("missing-bias", "grad-per-image", {"conv2d_backward"}, grad_bias_per_image),
    _m("tf-same-padding", "extra-before", {"conv2d", "conv2d_naive", "conv1d", "same_padding"},
       _same_split("extra-before")),
    _m("tf-same-padding", "extra-dropped", {"conv2d", "conv2d_naive", "conv1d", "same_padding"},
       _same_split("extra-dropped")),
    _m("tf-same-padding", "extra-both", {"conv2d", "conv2d_naive", "conv1d", "same_padding"},
       _same_split("extra-both")),
    _m("output-padding-ignored", "ignored", TRANSPOSED | {"conv_transpose_output_size",
                                                        "conv_transpose2d_output_shape"},
       output_padding_ignored),
    _m("output-padding-ignored", "wrong-side", TRANSPOSED, output_padding_wrong_side),
    _m("output-padding-ignored", "zeros-appended", TRANSPOSED, output_padding_zeros),
    _m("output-padding-ignored", "grad-x-short", {"conv2d_backward"}, grad_x_output_padding(False)),
    _m("output-padding-ignored", "grad-x-zero-filled", {"conv2d_backward"}, grad_x_output_padding(True)),
    _m("ceil-mode-window", "ceil-ignored", POOL | {"pool_output_size"}, ceil_mode_ignored),
    _m("ceil-mode-window", "rule-missing", POOL | {"pool_output_size"}, ceil_rule_missing),
    _m("count-include-pad", "flag", {"avg_pool2d"}, count_include_pad_flipped),
    _m("count-include-pad", "kernel-area", {"avg_pool2d"}, divide_by_kernel_area),
    _m("dilation-ignored", "ignored", _DIL, dilation_ignored),
    _m("dilation-ignored", "window-only", CONV | {"max_pool2d"}, dilation_window_only),
    _m("dilation-ignored", "size-kd", CONV | {"max_pool2d", "conv_output_size", "pool_output_size"},
       dilation_kd_size),
    _m("dilation-ignored", "taps-only", TRANSPOSED, transposed_taps_undilated),
    _m("dilation-ignored", "shape-kd", {"conv2d_output_shape"}, conv_shape_rule("kd")),
    _m("dilation-ignored", "rf-kd", {"receptive_field"}, rf_kd),
    _m("padding-ignored", "none", _PAD, padding_none),
    _m("padding-ignored", "mode", {"conv2d"}, padding_mode_ignored),
    _m("padding-ignored", "size-only", CONV | POOL | {"im2col"}, padding_size_only),
    _m("padding-ignored", "not-cropped", {"conv2d_backward"}, padding_not_cropped),
    _m("padding-ignored", "before-only", CONV | {"im2col", "conv_output_size", "conv2d_output_shape"},
       _one_side("before", 1)),
    _m("padding-ignored", "one-side-size", {"conv2d_output_shape"}, conv_shape_rule("one-side-padding")),
    _m("padding-ignored", "after-only", CONV | {"im2col"}, _one_side("after", 1)),
    _m("padding-ignored", "double-before", CONV | {"im2col"}, _one_side("before", 2)),
    _m("padding-ignored", "double-after", CONV | {"im2col"}, _one_side("after", 2)),
    _m("padding-ignored", "crop-before", TRANSPOSED, _transposed_crop("before")),
    _m("padding-ignored", "crop-after", TRANSPOSED, _transposed_crop("after")),
    _m("groups-ignored", "first-group", {"conv2d", "conv2d_naive", "conv1d", "conv_transpose2d",
                                         "conv2d_num_params", "conv_transpose2d_output_shape"},
       groups_first_group),
    _m("groups-ignored", "interleaved", {"conv2d", "conv2d_naive", "conv1d"}, groups_interleaved),
    _m("hw-swapped", "output-transposed", _SPATIAL2, output_transposed),
    _m("hw-swapped", "kernel-transposed", _WEIGHT2, kernel_transposed),
    _m("hw-swapped", "padding-swapped", _PAD - _A1_SIZE - {"conv1d"}, param_swapped("padding")),
    _m("hw-swapped", "dilation-swapped", _DIL - _A1_SIZE - {"conv1d", "receptive_field", "same_padding"},
       param_swapped("dilation")),
    _m("hw-swapped", "kernel-size-swapped", POOL | {"im2col", "checkerboard"},
       param_swapped("kernel_size")),
    _m("hw-swapped", "output-padding-swapped", TRANSPOSED | {"conv_transpose2d_output_shape"},
       param_swapped("output_padding")),
    _m("hw-swapped", "input-hw-swapped", {"kernel_matrix"}, param_swapped("input_hw")),
    _m("hw-swapped", "output-size-swapped", {"col2im"}, param_swapped("output_size")),
    _m("hw-swapped", "in-hw-swapped", {"checkerboard"}, param_swapped("in_hw")),
    _m("hw-swapped", "sizes-swapped", _A1_SHAPE, sizes_swapped),
    _m("hw-swapped", "shape-swapped", _SPATIAL2, shape_swapped),
    _m("nhwc-layout", "output-nhwc", _NHWC - {"kernel_matrix"}, output_nhwc),
    _m("nhwc-layout", "input-nhwc", _NHWC - {"kernel_matrix"}, input_nhwc),
    _m("nhwc-layout", "weight-hwio", (CONV - {"conv1d"}) | {"kernel_matrix"}, weight_hwio),
    _m("nhwc-layout", "shape-input-nhwc", _A1_SHAPE, shape_nhwc("input")),
    _m("nhwc-layout", "shape-output-nhwc", _A1_SHAPE, shape_nhwc("output")),
    _m("stride-misapplied", "ignored", _STRIDE, stride_ignored),
    _m("stride-misapplied", "pool-default", POOL | {"pool_output_size"}, pool_stride_default),
    _m("stride-misapplied", "swapped", _STRIDE - _A1_SIZE - {"conv1d", "receptive_field"}, stride_swapped),
    _m("stride-misapplied", "height-only", _STRIDE - _A1_SIZE - {"conv1d", "receptive_field"}, _stride_one_axis(0)),
    _m("stride-misapplied", "width-only", _STRIDE - _A1_SIZE - {"conv1d", "receptive_field"}, _stride_one_axis(1)),
    _m("stride-misapplied", "input-subsampled", CONV, stride_input_subsampled),
    _m("stride-misapplied", "offset", CONV | POOL, stride_offset),
    _m("stride-misapplied", "twice", _STRIDE - {"conv2d_output_shape", "conv_transpose2d_output_shape"},
       stride_squared),
    _m("stride-misapplied", "twice-resampled", _ARRAY_STRIDE, stride_resampled),
    _m("stride-misapplied", "twice-zero-filled", _ARRAY_STRIDE, stride_squared_zero_filled),
    _m("stride-misapplied", "twice-size", {"conv2d_output_shape"}, conv_shape_rule("stride-twice")),
    _m("stride-misapplied", "own-stride", {"receptive_field"}, rf_own_stride),
    _m("im2col-order", "channel-last", _IM2COL, _rows_order("channel-last")),
    _m("im2col-order", "kernel-transposed", _IM2COL, _rows_order("kernel-transposed")),
    _m("im2col-order", "positions-transposed", _IM2COL, positions_transposed),
    _m("im2col-order", "matrix-columns", {"kernel_matrix"}, kernel_matrix_order("columns")),
    _m("im2col-order", "matrix-rows", {"kernel_matrix"}, kernel_matrix_order("rows")),
    _m("off-by-one-size", "ceil-for-floor", {"conv_output_size"}, size_ceil_for_floor),
    _m("off-by-one-size", "minus-one", _A1_SIZE | {"receptive_field"}, _plus(-1)),
    _m("off-by-one-size", "plus-one", _A1_SIZE | {"receptive_field"}, _plus(+1)),
    _m("off-by-one-size", "ceil-for-floor", {"conv2d_output_shape"}, conv_shape_rule("ceil")),
    _m("off-by-one-size", "plus-one", _A1_SHAPE | _ARRAY_SIZED, shape_plus(+1)),
    _m("off-by-one-size", "minus-one", _A1_SHAPE | _ARRAY_SIZED, shape_plus(-1)),
    _m("off-by-one-size", "plus-one", {"kernel_matrix"}, kernel_matrix_plus(+1)),
    _m("off-by-one-size", "minus-one", {"kernel_matrix"}, kernel_matrix_plus(-1)),
    _m("off-by-one-size", "plus-one", {"im2col"}, im2col_plus(+1)),
    _m("off-by-one-size", "minus-one", {"im2col"}, im2col_plus(-1)),
)


def mutations_for(function: str) -> list[Mutation]:
    return [m for m in MUTATIONS if function in m.functions]
