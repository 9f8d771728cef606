"""English texts of the misconception catalogue (see ``autograder.catalogue``)."""

# (title, what you did, what torch does, what to check)
EXPLANATIONS = {
    "flipped-kernel": (
        "Kernel rotated by 180°",
        "Your code rotates the kernel by 180° before sliding it, as in the textbook definition of "
        "convolution.",
        "PyTorch's conv layers compute cross-correlation: weight[i, j] multiplies the input pixel "
        "at offset (i, j) from the window's top-left corner, with no flip.",
        "Index the weight as weight[..., i, j], not weight[..., kh-1-i, kw-1-j], and remove any "
        "np.flip or [::-1] on the kernel.",
    ),
    "missing-bias": (
        "Bias missing or added in the wrong place",
        "Your output is what you get without the bias, or with the bias added along the wrong "
        "axis or more than once.",
        "PyTorch adds bias[o] exactly once to every position of output channel o.",
        "Add the bias after all the sums, reshaped to (C_out, 1, 1) so it broadcasts over the "
        "channel axis, and only when bias is not None.",
    ),
    "padding-ignored": (
        "Padding missing or on one side",
        "Your code does not pad the input the way the padding argument asks: no padding at all, "
        "or padding on one side only.",
        "PyTorch adds padding[0] rows at the top AND the bottom and padding[1] columns on the "
        "left AND the right (zeros unless padding_mode says otherwise) before sliding the kernel.",
        "Pad both sides of each spatial axis, e.g. np.pad(x, ((0,0), (0,0), (ph,ph), (pw,pw))), "
        "and use the padded size in the output-size formula.",
    ),
    "tf-same-padding": (
        "'same' padding split the wrong way",
        "When the total padding d·(k−1) of 'same' is odd, your code puts the extra row or column "
        "on the wrong side (or drops it).",
        "PyTorch pads total // 2 before and the rest (one more) after, i.e. the extra goes to the "
        "bottom / right.",
        "Compute total = dilation·(kernel_size−1), then before = total // 2 and after = "
        "total − before for each axis.",
    ),
    "stride-misapplied": (
        "Stride applied wrongly",
        "Your code uses the stride in the wrong way: ignored, swapped between height and width, "
        "applied to one axis only, or windows that start at the wrong place.",
        "PyTorch starts output window (i, j) at input row i·stride[0] and column j·stride[1] of "
        "the padded input, counting from 0. For pooling, stride=None means stride = kernel_size.",
        "Check the start of each window (i*sh, j*sw), that sh goes with the height and sw with "
        "the width, and the output size floor((H + 2p − d(k−1) − 1) / s) + 1.",
    ),
    "dilation-ignored": (
        "Dilation ignored",
        "Your code ignores dilation, in the positions the kernel reads or in the output size.",
        "With dilation d, PyTorch reads the input at offsets 0, d, 2d, … inside each window, and "
        "the window spans d·(k−1)+1 pixels (not k·d).",
        "Read x at i*stride + a*dilation for kernel tap a, and use d·(k−1)+1 as the effective "
        "kernel size in the output-size formula.",
    ),
    "groups-ignored": (
        "Groups ignored or channels split wrongly",
        "Your code ignores groups, or connects an output channel to the wrong group of input "
        "channels.",
        "With groups g, PyTorch splits the input channels into g consecutive blocks of C_in/g; "
        "output channel o belongs to block o // (C_out/g) and sees only that block.",
        "Loop over the groups, slice x[:, g*C_in/g:(g+1)*C_in/g] and weight[g*C_out/g:(g+1)*C_out/g], "
        "and concatenate the results along the channel axis.",
    ),
    "off-by-one-size": (
        "Output size off by one",
        "Your output size is one more or one less than PyTorch's: a ceil where the formula "
        "floors, or a missing '+ 1'.",
        "PyTorch's output size is floor((L + 2p − d(k−1) − 1) / s) + 1 (transposed: "
        "(L−1)s − 2p + d(k−1) + output_padding + 1).",
        "Work the formula by hand for a tiny case (L=3, k=2, s=1 gives 2) and compare it with "
        "your code, especially the floor division and the final + 1.",
    ),
    "transpose-weight-layout": (
        "Transposed-convolution weight read in the wrong layout",
        "Your code reads the ConvTranspose2d weight as (C_out, C_in, kH, kW), like a Conv2d weight.",
        "ConvTranspose2d stores its weight as (C_in, C_out/groups, kH, kW): weight[c, o] connects "
        "input channel c to output channel o.",
        "Use weight.shape[1] * groups as the number of output channels and index weight[c, o], "
        "not weight[o, c].",
    ),
    "output-padding-ignored": (
        "output_padding missing or on the wrong side",
        "Your code does not add output_padding, or adds it at the top / left, or adds empty rows.",
        "PyTorch makes the output output_padding rows / columns larger at the bottom / right; "
        "those rows still receive kernel contributions and the bias.",
        "Add output_padding to the output size, scatter into a buffer that already includes it, "
        "and crop `padding` from each side only afterwards.",
    ),
    "im2col-order": (
        "im2col rows or columns in another order",
        "Your im2col / col2im lays out the rows or columns in a different order than "
        "torch.nn.functional.unfold.",
        "unfold puts one row per (channel, kernel row, kernel column), channel slowest, and one "
        "column per output position in row-major order (left to right, then top to bottom).",
        "Build rows in the order c*kh*kw + i*kw + j and columns in the order oh_index*W_out + "
        "ow_index; reshape in C order, not with a transpose in between.",
    ),
    "ceil-mode-window": (
        "ceil_mode rule for the last window",
        "With ceil_mode=True your code ignores ceil_mode, or keeps a last window that starts in "
        "the right padding.",
        "PyTorch rounds the output size up, but drops the last window when it would start "
        "beyond the input plus the left padding.",
        "Use ceil((L + 2p − d(k−1) − 1) / s) + 1 and subtract 1 when (out−1)·s ≥ L + p.",
    ),
    "count-include-pad": (
        "Average pooling divides by the wrong count",
        "Your average divides by a different number of elements than PyTorch's.",
        "With count_include_pad=True, PyTorch divides by the window size clipped to the padded "
        "input; with False, by the number of real (non-padding) input pixels in the window.",
        "Compute the divisor per window from the window's clipped extent and the "
        "count_include_pad flag, not always kh·kw.",
    ),
    "wrong-dtype": (
        "Result in the wrong dtype",
        "Your values are right, but the array has another dtype.",
        "The result should have dtype np.result_type(x, weight) (pooling and im2col: x.dtype).",
        "Create buffers with dtype=np.result_type(x, weight) (e.g. np.zeros(..., dtype=...)), "
        "and avoid accidental casts such as np.zeros(shape) which is always float64.",
    ),
    "hw-swapped": (
        "Height and width swapped",
        "Your code mixes up the height and the width: in the output size, in the order of the "
        "output's axes, in the kernel's taps, or in a per-axis parameter read as (width, height).",
        "PyTorch's arrays are (..., H, W): axis -2 is the height (rows), axis -1 the width "
        "(columns). Every pair argument is (height, width): stride[0], padding[0], dilation[0] "
        "and kernel_size[0] go with the rows.",
        "Test with a non-square input and kernel (e.g. H=5, W=7, kernel 2×3, stride (1, 2)): "
        "index x[..., row, col] and weight[..., i, j] with the row first, and unpack pairs as "
        "sh, sw = stride.",
    ),
    "nhwc-layout": (
        "Array read in another layout (NHWC / HWIO)",
        "Your code reads the input or the weight in another memory layout than PyTorch's: "
        "channels last (N, H, W, C) instead of (N, C, H, W), or a weight as (kH, kW, C_in, C_out) "
        "instead of (C_out, C_in, kH, kW), or it returns channels last.",
        "PyTorch keeps channels before the spatial axes: x is (N, C, H, W), a conv weight "
        "(C_out, C_in/groups, kH, kW), and the result is (N, C_out, H_out, W_out).",
        "Unpack shapes as N, C, H, W = x.shape and C_out, C_in, kh, kw = weight.shape; drop any "
        "transpose(0, 2, 3, 1) copied from TensorFlow code.",
    ),
    "no-floor": (
        "Output size not rounded down",
        "You left the output size as a fraction.",
        "PyTorch rounds the division down (floor) before adding 1.",
        "Apply floor to (L + 2p − d(k−1) − 1) / s.",
    ),
    "ceil-for-floor": (
        "Rounded up instead of down",
        "You rounded the division up.",
        "PyTorch rounds down unless ceil_mode=True in pooling.",
        "Use floor division: (L + 2p − d(k−1) − 1) // s + 1.",
    ),
    "effective-kernel-kd": (
        "Effective kernel taken as k·d",
        "You took the dilated kernel's span as k·d.",
        "A kernel of size k with dilation d spans d·(k−1)+1 input pixels.",
        "Count the gaps: k taps have k−1 gaps of d pixels each, plus 1.",
    ),
    "pool-stride-one": (
        "Pooling stride taken as 1",
        "You used stride 1 for pooling when no stride was given.",
        "In PyTorch's pooling, stride=None means stride = kernel_size.",
        "Set stride to kernel_size when it is not given.",
    ),
    "bias-per-input": (
        "One bias per input channel",
        "You counted one bias per input channel.",
        "A conv layer has one bias per output channel.",
        "Count out_channels bias values.",
    ),
    "rf-strides-ignored": (
        "Receptive field without the strides",
        "You summed the kernel spans without multiplying by the strides of the earlier layers.",
        "Each layer adds d·(k−1) times the product of all earlier strides.",
        "Keep a running product of strides ('jump') and multiply each layer's span by it.",
    ),
}

# one sentence per detector variant "id/variant": which changed torch call reproduces the output
EVIDENCE = {
    "flipped-kernel/rotated": "Your output equals torch's output for the same call with the kernel rotated by 180°.",
    "flipped-kernel/grad-weight-rotated": "Your grad_weight equals torch's grad_weight rotated by 180°.",
    "missing-bias/dropped": "Your output equals torch's output for the same call without the bias.",
    "missing-bias/per-input-channel": "Your output equals torch's output with the bias added once per input channel.",
    "missing-bias/last-axis": "Your output equals torch's output with the bias added along the width axis.",
    "missing-bias/grad-per-image": "Your grad_bias equals torch's grad_bias per image: the sum over the batch is missing.",
    "padding-ignored/none": "Your output equals torch's output for the same call with padding=0.",
    "padding-ignored/mode": "Your output equals torch's output with zero padding instead of the padding_mode asked for.",
    "padding-ignored/before-only": "Your output equals torch's output when the padding is added only at the top and left.",
    "padding-ignored/after-only": "Your output equals torch's output when the padding is added only at the bottom and right.",
    "padding-ignored/double-before": "Your output equals torch's output when all the padding (2p) is added at the top and left.",
    "padding-ignored/double-after": "Your output equals torch's output when all the padding (2p) is added at the bottom and right.",
    "padding-ignored/crop-before": "Your output equals torch's unpadded output cropped on the bottom / right only.",
    "padding-ignored/crop-after": "Your output equals torch's unpadded output cropped on the top / left only.",
    "tf-same-padding/extra-before": "Your output equals torch's output with the odd extra padding row/column at the top / left.",
    "tf-same-padding/extra-dropped": "Your output equals torch's output with the odd extra padding left out.",
    "tf-same-padding/extra-both": "Your output equals torch's output with the extra padding on both sides.",
    "stride-misapplied/ignored": "Your output equals torch's output for the same call with stride=1.",
    "stride-misapplied/pool-default": "Your output equals torch's output with stride=1, but stride=None means stride=kernel_size.",
    "stride-misapplied/swapped": "Your output equals torch's output with the height and width strides swapped.",
    "stride-misapplied/height-only": "Your output equals torch's output with the stride applied to the height only.",
    "stride-misapplied/width-only": "Your output equals torch's output with the stride applied to the width only.",
    "stride-misapplied/input-subsampled": "Your output equals torch's output when the input is subsampled first and the kernel then slides with stride 1.",
    "stride-misapplied/offset": "Your output equals torch's stride-1 output sampled from position s−1 instead of 0.",
    "dilation-ignored/ignored": "Your output equals torch's output for the same call with dilation=1.",
    "dilation-ignored/window-only": "Your output has the right size but equals torch's output with an undilated kernel.",
    "dilation-ignored/size-kd": "Your output is torch's output cut to the size you get with an effective kernel of k·d.",
    "groups-ignored/first-group": "Your output equals torch's output when every output channel reads only the first group of input channels.",
    "groups-ignored/interleaved": "Your output equals torch's output when output channel o reads group o % groups.",
    "off-by-one-size/ceil-for-floor": "Your answer equals the formula with ceil instead of floor.",
    "off-by-one-size/minus-one": "Your answer is torch's answer minus one.",
    "off-by-one-size/plus-one": "Your answer is torch's answer plus one.",
    "off-by-one-size/shape": "Your output is one row or column larger or smaller than torch's.",
    "transpose-weight-layout/swapped": "Your output equals torch's output with the weight's first two axes swapped.",
    "output-padding-ignored/ignored": "Your output equals torch's output for the same call with output_padding=0.",
    "output-padding-ignored/wrong-side": "Your output equals torch's output with the output_padding added at the top / left.",
    "output-padding-ignored/zeros-appended": "Your output equals torch's output without output_padding, followed by rows/columns of zeros.",
    "im2col-order/channel-last": "Your result matches unfold with rows ordered (kernel row, kernel column, channel) instead of (channel, kernel row, kernel column).",
    "im2col-order/kernel-transposed": "Your result matches unfold with the kernel columns running before the kernel rows.",
    "im2col-order/positions-transposed": "Your result matches unfold with the output positions enumerated column by column.",
    "im2col-order/matrix-columns": "Your matrix's columns follow the input in (row, column, channel) order instead of (channel, row, column).",
    "im2col-order/matrix-rows": "Your matrix's rows follow the output in (position, channel) order instead of (channel, position).",
    "ceil-mode-window/ceil-ignored": "Your output equals torch's output with ceil_mode=False.",
    "ceil-mode-window/rule-missing": "Your output has one window more than torch's: the last one starts in the padding.",
    "count-include-pad/flag": "Your output equals torch's output with count_include_pad the other way round.",
    "count-include-pad/kernel-area": "Your output equals torch's output if every window were divided by kh·kw, also the last window that runs past the border.",
    "wrong-dtype/values-match": "Your values match torch's, only the dtype differs.",
    "padding-ignored/size-only": "Your output has the padded size, but its values are torch's output without padding, followed by zeros: the padding is counted in the size but never added to the input.",
    "padding-ignored/not-cropped": "Your grad_x equals torch's gradient with respect to the padded input: the padding border was never cropped off.",
    "padding-ignored/one-side-size": "Your shape equals the formula with the padding counted once (L + p) instead of twice (L + 2p).",
    "stride-misapplied/twice": "Your output equals torch's output with the stride applied twice (stride s·s).",
    "stride-misapplied/twice-resampled": "Your output equals torch's strided output subsampled by the stride a second time.",
    "stride-misapplied/twice-zero-filled": "Your output equals torch's output with windows starting at i·s·s (stride applied twice), the rest left at zero.",
    "stride-misapplied/twice-size": "Your shape equals the formula with the division by the stride done twice.",
    "stride-misapplied/own-stride": "Your answer multiplies each layer\"s span by its own stride too, not only by the strides of the layers before it.",
    "dilation-ignored/shape-kd": "Your shape equals the formula with an effective kernel of k·d.",
    "dilation-ignored/rf-kd": "Your answer takes each dilated kernel to span k·d pixels instead of d·(k−1)+1.",
    "output-padding-ignored/grad-x-short": "Your grad_x is the transposed convolution without the output_padding that brings it back to the input\"s size.",
    "output-padding-ignored/grad-x-zero-filled": "Your grad_x equals the transposed convolution without output_padding, filled up with zeros.",
    "hw-swapped/output-transposed": "Your output equals torch's output with its height and width axes swapped.",
    "hw-swapped/kernel-transposed": "Your output equals torch's output with each kernel transposed (weight[..., j, i] for weight[..., i, j]).",
    "hw-swapped/padding-swapped": "Your output equals torch's output with the height and width padding swapped.",
    "hw-swapped/dilation-swapped": "Your output equals torch's output with the height and width dilation swapped.",
    "hw-swapped/kernel-size-swapped": "Your output equals torch's output with the kernel\"s height and width swapped.",
    "hw-swapped/output-padding-swapped": "Your output equals torch's output with the height and width output_padding swapped.",
    "hw-swapped/input-hw-swapped": "Your matrix equals torch's for an input of size (W, H) instead of (H, W).",
    "hw-swapped/output-size-swapped": "Your output equals torch's output with output_size read as (width, height).",
    "hw-swapped/in-hw-swapped": "Your map equals torch's for an input of size (W, H) instead of (H, W).",
    "hw-swapped/sizes-swapped": "Your shape has the output height and width in the wrong order.",
    "hw-swapped/shape-swapped": "Your output\"s shape is (..., W_out, H_out) instead of (..., H_out, W_out).",
    "nhwc-layout/output-nhwc": "Your values are right but laid out channels-last: (N, H, W, C) instead of (N, C, H, W).",
    "nhwc-layout/input-nhwc": "Your output equals torch's output when the input is read as (N, H, W, C).",
    "nhwc-layout/weight-hwio": "Your output equals torch's output when the weight is read as (kH, kW, C_in, C_out).",
    "nhwc-layout/shape-input-nhwc": "Your shape equals the formula applied to the input shape read as (N, H, W, C).",
    "nhwc-layout/shape-output-nhwc": "Your shape is channels-last: (N, H_out, W_out, C_out).",
    "transpose-weight-layout/swapped-grouped": "Your output equals torch's output for the weight read as a Conv2d weight, (C_out, C_in/groups, ...), group by group.",
    "dilation-ignored/taps-only": "Your output has the dilated size, but the kernel taps are placed without the dilation (i instead of i·d).",
}

# the feedback of a quiz option that this mistake gives
QUIZ_FEEDBACK = {
    "flipped-kernel": "You flipped the kernel; PyTorch computes cross-correlation, without flipping.",
    "missing-bias": "You forgot the bias: Conv2d has one bias per output channel unless bias=False.",
    "padding-ignored": "You left out the padding (or put all of it on one side); padding p adds p zeros before and p after.",
    "tf-same-padding": "You put the odd extra pad of 'same' on the wrong side: PyTorch adds it after (right/bottom).",
    "stride-misapplied": "You left out the stride, as if it were 1; the stride is how far each window moves.",
    "dilation-ignored": "You ignored the dilation; a dilated kernel spans d(k−1)+1 inputs.",
    "groups-ignored": "You ignored groups: each group connects only C_in/groups inputs to C_out/groups outputs.",
    "off-by-one-size": "Your answer is off by one: the size formula ends with \"+ 1\".",
    "transpose-weight-layout": "You used Conv2d's weight layout; ConvTranspose2d stores (C_in, C_out/groups, kH, kW).",
    "output-padding-ignored": "You mishandled output_padding: it adds to one side of the output and must be below max(stride, dilation).",
    "im2col-order": "Rows and columns are swapped: unfold gives (N, C·kh·kw, L), and the kernel matrix (outputs, inputs).",
    "ceil-mode-window": "With ceil_mode, a last window that would start in the right padding is dropped.",
    "count-include-pad": "Average pooling divided by the wrong count.",
    "wrong-dtype": "The result has the wrong dtype.",
    "no-floor": "Sizes are whole numbers: the division in the formula is floored.",
    "ceil-for-floor": "You rounded up; without ceil_mode the formula rounds down (floor).",
    "effective-kernel-kd": "A dilated kernel spans d(k−1)+1 inputs, not k·d.",
    "pool-stride-one": "Pooling's stride defaults to the kernel size, not 1.",
    "bias-per-input": "There is one bias per output channel, not per input channel.",
    "rf-strides-ignored": "Each layer's growth is multiplied by the product of the strides of the layers before it.",
    "hw-swapped": "You swapped height and width: PyTorch writes the height first, in shapes (dim=2, then dim=3) and in pairs such as kernel_size=(kh, kw).",
    "nhwc-layout": "You read the layout as NHWC; PyTorch's is NCHW (and (C_out, C_in, kh, kw) for a weight).",
}

# where a function raises, when a raise pattern points to this mistake
RAISES_WHERE = {
    "off-by-one-size": "the output size formula does not divide evenly by the stride (floor and ceil of the size differ)",
    "padding-ignored": "the padding is above 0",
    "stride-misapplied": "the stride is above 1",
    "dilation-ignored": "the dilation is above 1",
    "groups-ignored": "groups is above 1",
    "hw-swapped": "the input's height and width differ",
}
