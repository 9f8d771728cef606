"""What each detector found, and where a raise pattern points, English and Chinese side by side.

``EVIDENCE``: one sentence per detector variant, keyed ``"id/variant"`` as in
``autograder.diagnosis.table`` (and ``autograder.diagnose.BUILT_IN``): which changed torch
call reproduces the student's output. ``RAISES_WHERE``: where a function raises, when a raise
pattern (``autograder.raise_pattern``) points to this mistake.
"""

EVIDENCE: dict[str, dict[str, str]] = {
    "flipped-kernel/rotated": {
        "en": "Your output equals torch's output for the same call with the kernel rotated by 180°.",
        "zh": "把卷积核旋转 180° 后，PyTorch 在同样的调用上得到的结果和你的完全一样。",
    },
    "flipped-kernel/grad-weight-rotated": {
        "en": "Your grad_weight equals torch's grad_weight rotated by 180°.",
        "zh": "你的 grad_weight 正好是 PyTorch 的 grad_weight 旋转 180°。",
    },
    "missing-bias/dropped": {
        "en": "Your output equals torch's output for the same call without the bias.",
        "zh": "去掉偏置后，PyTorch 在同样的调用上得到的结果和你的一样。",
    },
    "missing-bias/per-input-channel": {
        "en": "Your output equals torch's output with the bias added once per input channel.",
        "zh": "如果每个输入通道都加一次偏置，PyTorch 的结果就和你的一样。",
    },
    "missing-bias/last-axis": {
        "en": "Your output equals torch's output with the bias added along the width axis.",
        "zh": "如果偏置沿宽度维相加，PyTorch 的结果就和你的一样。",
    },
    "missing-bias/grad-per-image": {
        "en": "Your grad_bias equals torch's grad_bias per image: the sum over the batch is missing.",
        "zh": "你的 grad_bias 是每张图各自的 grad_bias：少了对 batch 维的求和。",
    },
    "padding-ignored/none": {
        "en": "Your output equals torch's output for the same call with padding=0.",
        "zh": "把 padding 设为 0 后，PyTorch 在同样的调用上得到的结果和你的一样。",
    },
    "padding-ignored/mode": {
        "en": "Your output equals torch's output with zero padding instead of the padding_mode asked for.",
        "zh": "把 padding_mode 换成零填充后，PyTorch 的结果和你的一样。",
    },
    "padding-ignored/before-only": {
        "en": "Your output equals torch's output when the padding is added only at the top and left.",
        "zh": "如果只在上边和左边填充，PyTorch 的结果就和你的一样。",
    },
    "padding-ignored/after-only": {
        "en": "Your output equals torch's output when the padding is added only at the bottom and right.",
        "zh": "如果只在下边和右边填充，PyTorch 的结果就和你的一样。",
    },
    "padding-ignored/double-before": {
        "en": "Your output equals torch's output when all the padding (2p) is added at the top and left.",
        "zh": "如果把全部填充（2p）都放在上边和左边，PyTorch 的结果就和你的一样。",
    },
    "padding-ignored/double-after": {
        "en": "Your output equals torch's output when all the padding (2p) is added at the bottom and right.",
        "zh": "如果把全部填充（2p）都放在下边和右边，PyTorch 的结果就和你的一样。",
    },
    "padding-ignored/crop-before": {
        "en": "Your output equals torch's unpadded output cropped on the bottom / right only.",
        "zh": "你的结果是 PyTorch 不带 padding 的输出只在下边/右边裁剪后的样子。",
    },
    "padding-ignored/crop-after": {
        "en": "Your output equals torch's unpadded output cropped on the top / left only.",
        "zh": "你的结果是 PyTorch 不带 padding 的输出只在上边/左边裁剪后的样子。",
    },
    "padding-ignored/size-only": {
        "en": "Your output has the padded size, but its values are torch's output without padding, followed "
              "by zeros: the padding is counted in the size but never added to the input.",
        "zh": "你的输出尺寸已经算上了填充，但数值是 PyTorch 不加填充时的输出，多出来的位置都是零：填充只算进了尺寸，却没有真正加到输入上。",
    },
    "padding-ignored/not-cropped": {
        "en": "Your grad_x equals torch's gradient with respect to the padded input: the padding border was "
              "never cropped off.",
        "zh": "你的 grad_x 等于 PyTorch 对填充后输入求的梯度：没有把填充的边框裁掉。",
    },
    "padding-ignored/one-side-size": {
        "en": "Your shape equals the formula with the padding counted once (L + p) instead of twice (L + 2p).",
        "zh": "你的形状等于把填充只算一次（L + p）而不是两次（L + 2p）时的公式结果。",
    },
    "tf-same-padding/extra-before": {
        "en": "Your output equals torch's output with the odd extra padding row/column at the top / left.",
        "zh": "如果把多出来的那一行/列填充放在上边/左边，PyTorch 的结果就和你的一样。",
    },
    "tf-same-padding/extra-dropped": {
        "en": "Your output equals torch's output with the odd extra padding left out.",
        "zh": "如果丢掉多出来的那一行/列填充，PyTorch 的结果就和你的一样。",
    },
    "tf-same-padding/extra-both": {
        "en": "Your output equals torch's output with the extra padding on both sides.",
        "zh": "如果两边都多填一格，PyTorch 的结果就和你的一样。",
    },
    "stride-misapplied/ignored": {
        "en": "Your output equals torch's output for the same call with stride=1.",
        "zh": "把 stride 设为 1 后，PyTorch 在同样的调用上得到的结果和你的一样。",
    },
    "stride-misapplied/pool-default": {
        "en": "Your output equals torch's output with stride=1, but stride=None means stride=kernel_size.",
        "zh": "你的结果等于 stride=1 时的输出，但 stride=None 的意思是 stride=kernel_size。",
    },
    "stride-misapplied/swapped": {
        "en": "Your output equals torch's output with the height and width strides swapped.",
        "zh": "把高和宽的步长对调后，PyTorch 的结果和你的一样。",
    },
    "stride-misapplied/height-only": {
        "en": "Your output equals torch's output with the stride applied to the height only.",
        "zh": "如果步长只用在高度方向上，PyTorch 的结果就和你的一样。",
    },
    "stride-misapplied/width-only": {
        "en": "Your output equals torch's output with the stride applied to the width only.",
        "zh": "如果步长只用在宽度方向上，PyTorch 的结果就和你的一样。",
    },
    "stride-misapplied/input-subsampled": {
        "en": "Your output equals torch's output when the input is subsampled first and the kernel then "
              "slides with stride 1.",
        "zh": "如果先对输入做下采样、再以步长 1 滑动卷积核，PyTorch 的结果就和你的一样。",
    },
    "stride-misapplied/offset": {
        "en": "Your output equals torch's stride-1 output sampled from position s−1 instead of 0.",
        "zh": "你的结果是 PyTorch 步长为 1 的输出从第 s−1 个位置（而不是第 0 个）开始取样。",
    },
    "stride-misapplied/twice": {
        "en": "Your output equals torch's output with the stride applied twice (stride s·s).",
        "zh": "把步长用了两次（步长变成 s·s）时，PyTorch 的结果和你的一样。",
    },
    "stride-misapplied/twice-resampled": {
        "en": "Your output equals torch's strided output subsampled by the stride a second time.",
        "zh": "你的结果是 PyTorch 带步长的输出再按步长抽样一次。",
    },
    "stride-misapplied/twice-zero-filled": {
        "en": "Your output equals torch's output with windows starting at i·s·s (stride applied twice), the "
              "rest left at zero.",
        "zh": "你的结果等于窗口从 i·s·s 开始（步长用了两次）时的输出，其余位置保持为零。",
    },
    "stride-misapplied/twice-size": {
        "en": "Your shape equals the formula with the division by the stride done twice.",
        "zh": "你的形状等于在公式里除了两次步长的结果。",
    },
    "stride-misapplied/own-stride": {
        "en": "Your answer multiplies each layer\"s span by its own stride too, not only by the strides of "
              "the layers before it.",
        "zh": "你的答案把每一层的跨度也乘上了这一层自己的步长，而不只是前面各层步长的乘积。",
    },
    "dilation-ignored/ignored": {
        "en": "Your output equals torch's output for the same call with dilation=1.",
        "zh": "把 dilation 设为 1 后，PyTorch 在同样的调用上得到的结果和你的一样。",
    },
    "dilation-ignored/window-only": {
        "en": "Your output has the right size but equals torch's output with an undilated kernel.",
        "zh": "你的输出尺寸是对的，但数值等于不带空洞的卷积核算出的结果。",
    },
    "dilation-ignored/size-kd": {
        "en": "Your output is torch's output cut to the size you get with an effective kernel of k·d.",
        "zh": "你的输出是 PyTorch 的输出截成“等效核为 k·d”时的尺寸。",
    },
    "dilation-ignored/shape-kd": {
        "en": "Your shape equals the formula with an effective kernel of k·d.",
        "zh": "你的形状等于把等效卷积核当成 k·d 时的公式结果。",
    },
    "dilation-ignored/rf-kd": {
        "en": "Your answer takes each dilated kernel to span k·d pixels instead of d·(k−1)+1.",
        "zh": "你的答案把每个空洞卷积核的跨度算成了 k·d，而不是 d·(k−1)+1。",
    },
    "dilation-ignored/taps-only": {
        "en": "Your output has the dilated size, but the kernel taps are placed without the dilation (i "
              "instead of i·d).",
        "zh": "你的输出尺寸考虑了 dilation，但卷积核各个位置的放置没有拉开间隔（用了 i 而不是 i·d）。",
    },
    "groups-ignored/first-group": {
        "en": "Your output equals torch's output when every output channel reads only the first group of "
              "input channels.",
        "zh": "如果每个输出通道都只读第一组输入通道，PyTorch 的结果就和你的一样。",
    },
    "groups-ignored/interleaved": {
        "en": "Your output equals torch's output when output channel o reads group o % groups.",
        "zh": "如果输出通道 o 读的是第 o % groups 组，PyTorch 的结果就和你的一样。",
    },
    "off-by-one-size/ceil-for-floor": {
        "en": "Your answer equals the formula with ceil instead of floor.",
        "zh": "你的答案等于把公式里的向下取整换成向上取整。",
    },
    "off-by-one-size/minus-one": {
        "en": "Your answer is torch's answer minus one.",
        "zh": "你的答案比 PyTorch 的少 1。",
    },
    "off-by-one-size/plus-one": {
        "en": "Your answer is torch's answer plus one.",
        "zh": "你的答案比 PyTorch 的多 1。",
    },
    "off-by-one-size/shape": {
        "en": "Your output is one row or column larger or smaller than torch's.",
        "zh": "你的输出比 PyTorch 的多或少一行/一列。",
    },
    "transpose-weight-layout/swapped": {
        "en": "Your output equals torch's output with the weight's first two axes swapped.",
        "zh": "把权重的前两个维度对调后，PyTorch 的结果和你的一样。",
    },
    "transpose-weight-layout/swapped-grouped": {
        "en": "Your output equals torch's output for the weight read as a Conv2d weight, (C_out, "
              "C_in/groups, ...), group by group.",
        "zh": "按组把权重当成 Conv2d 的 (C_out, C_in/groups, ...) 布局来读时，PyTorch 的结果和你的一样。",
    },
    "output-padding-ignored/ignored": {
        "en": "Your output equals torch's output for the same call with output_padding=0.",
        "zh": "把 output_padding 设为 0 后，PyTorch 在同样的调用上得到的结果和你的一样。",
    },
    "output-padding-ignored/wrong-side": {
        "en": "Your output equals torch's output with the output_padding added at the top / left.",
        "zh": "如果 output_padding 加在上边/左边，PyTorch 的结果就和你的一样。",
    },
    "output-padding-ignored/zeros-appended": {
        "en": "Your output equals torch's output without output_padding, followed by rows/columns of zeros.",
        "zh": "你的结果是 PyTorch 不带 output_padding 的输出后面再补几行/列 0。",
    },
    "output-padding-ignored/grad-x-short": {
        "en": "Your grad_x is the transposed convolution without the output_padding that brings it back to "
              "the input\"s size.",
        "zh": "你的 grad_x 是没有加 output_padding 的转置卷积结果，所以没有恢复到输入的尺寸。",
    },
    "output-padding-ignored/grad-x-zero-filled": {
        "en": "Your grad_x equals the transposed convolution without output_padding, filled up with zeros.",
        "zh": "你的 grad_x 等于没有加 output_padding 的转置卷积结果，多出来的位置都是零。",
    },
    "im2col-order/channel-last": {
        "en": "Your result matches unfold with rows ordered (kernel row, kernel column, channel) instead of "
              "(channel, kernel row, kernel column).",
        "zh": "你的结果对应行顺序为（核行, 核列, 通道）的 unfold，而不是（通道, 核行, 核列）。",
    },
    "im2col-order/kernel-transposed": {
        "en": "Your result matches unfold with the kernel columns running before the kernel rows.",
        "zh": "你的结果对应先按核列、再按核行排列的 unfold。",
    },
    "im2col-order/positions-transposed": {
        "en": "Your result matches unfold with the output positions enumerated column by column.",
        "zh": "你的结果对应按列优先枚举输出位置的 unfold。",
    },
    "im2col-order/matrix-columns": {
        "en": "Your matrix's columns follow the input in (row, column, channel) order instead of (channel, "
              "row, column).",
        "zh": "你的矩阵的列按（行, 列, 通道）顺序对应输入，而不是（通道, 行, 列）。",
    },
    "im2col-order/matrix-rows": {
        "en": "Your matrix's rows follow the output in (position, channel) order instead of (channel, "
              "position).",
        "zh": "你的矩阵的行按（位置, 通道）顺序对应输出，而不是（通道, 位置）。",
    },
    "ceil-mode-window/ceil-ignored": {
        "en": "Your output equals torch's output with ceil_mode=False.",
        "zh": "把 ceil_mode 设为 False 后，PyTorch 的结果和你的一样。",
    },
    "ceil-mode-window/rule-missing": {
        "en": "Your output has one window more than torch's: the last one starts in the padding.",
        "zh": "你的输出比 PyTorch 多一个窗口：最后那个窗口是从填充区里开始的。",
    },
    "count-include-pad/flag": {
        "en": "Your output equals torch's output with count_include_pad the other way round.",
        "zh": "把 count_include_pad 反过来后，PyTorch 的结果和你的一样。",
    },
    "count-include-pad/kernel-area": {
        "en": "Your output equals torch's output if every window were divided by kh·kw, also the last window"
              " that runs past the border.",
        "zh": "如果每个窗口（包括越过边界的最后一个）都除以 kh·kw，PyTorch 的结果就和你的一样。",
    },
    "wrong-dtype/values-match": {
        "en": "Your values match torch's, only the dtype differs.",
        "zh": "你的数值和 PyTorch 一致，只是 dtype 不同。",
    },
    "hw-swapped/output-transposed": {
        "en": "Your output equals torch's output with its height and width axes swapped.",
        "zh": "把 PyTorch 输出的高和宽两个轴对调后，就和你的结果一样。",
    },
    "hw-swapped/kernel-transposed": {
        "en": "Your output equals torch's output with each kernel transposed (weight[..., j, i] for "
              "weight[..., i, j]).",
        "zh": "把每个卷积核转置（用 weight[..., j, i] 代替 weight[..., i, j]）后，PyTorch 的结果和你的一样。",
    },
    "hw-swapped/padding-swapped": {
        "en": "Your output equals torch's output with the height and width padding swapped.",
        "zh": "把高和宽的填充对调后，PyTorch 的结果和你的一样。",
    },
    "hw-swapped/dilation-swapped": {
        "en": "Your output equals torch's output with the height and width dilation swapped.",
        "zh": "把高和宽的 dilation 对调后，PyTorch 的结果和你的一样。",
    },
    "hw-swapped/kernel-size-swapped": {
        "en": "Your output equals torch's output with the kernel\"s height and width swapped.",
        "zh": "把卷积核的高和宽对调后，PyTorch 的结果和你的一样。",
    },
    "hw-swapped/output-padding-swapped": {
        "en": "Your output equals torch's output with the height and width output_padding swapped.",
        "zh": "把高和宽的 output_padding 对调后，PyTorch 的结果和你的一样。",
    },
    "hw-swapped/input-hw-swapped": {
        "en": "Your matrix equals torch's for an input of size (W, H) instead of (H, W).",
        "zh": "你的矩阵等于输入尺寸按 (W, H) 而不是 (H, W) 计算时 PyTorch 的结果。",
    },
    "hw-swapped/output-size-swapped": {
        "en": "Your output equals torch's output with output_size read as (width, height).",
        "zh": "把 output_size 当成 (宽, 高) 时，PyTorch 的结果和你的一样。",
    },
    "hw-swapped/in-hw-swapped": {
        "en": "Your map equals torch's for an input of size (W, H) instead of (H, W).",
        "zh": "你的图等于输入尺寸按 (W, H) 而不是 (H, W) 计算时 PyTorch 的结果。",
    },
    "hw-swapped/sizes-swapped": {
        "en": "Your shape has the output height and width in the wrong order.",
        "zh": "你的形状里输出的高和宽顺序反了。",
    },
    "hw-swapped/shape-swapped": {
        "en": "Your output\"s shape is (..., W_out, H_out) instead of (..., H_out, W_out).",
        "zh": "你的输出形状是 (..., W_out, H_out)，而不是 (..., H_out, W_out)。",
    },
    "nhwc-layout/output-nhwc": {
        "en": "Your values are right but laid out channels-last: (N, H, W, C) instead of (N, C, H, W).",
        "zh": "你的数值是对的，但排成了通道在最后的 (N, H, W, C)，而不是 (N, C, H, W)。",
    },
    "nhwc-layout/input-nhwc": {
        "en": "Your output equals torch's output when the input is read as (N, H, W, C).",
        "zh": "把输入当成 (N, H, W, C) 来读时，PyTorch 的结果和你的一样。",
    },
    "nhwc-layout/weight-hwio": {
        "en": "Your output equals torch's output when the weight is read as (kH, kW, C_in, C_out).",
        "zh": "把权重当成 (kH, kW, C_in, C_out) 来读时，PyTorch 的结果和你的一样。",
    },
    "nhwc-layout/shape-input-nhwc": {
        "en": "Your shape equals the formula applied to the input shape read as (N, H, W, C).",
        "zh": "你的形状等于把输入形状当成 (N, H, W, C) 时的公式结果。",
    },
    "nhwc-layout/shape-output-nhwc": {
        "en": "Your shape is channels-last: (N, H_out, W_out, C_out).",
        "zh": "你的形状是通道在最后的 (N, H_out, W_out, C_out)。",
    },
}

RAISES_WHERE: dict[str, dict[str, str]] = {
    "off-by-one-size": {
        "en": "the output size formula does not divide evenly by the stride (floor and ceil of the size "
              "differ)",
        "zh": "输出尺寸公式不能被步长整除（尺寸的向下取整与向上取整不同）",
    },
    "padding-ignored": {
        "en": "the padding is above 0",
        "zh": "填充大于 0",
    },
    "stride-misapplied": {
        "en": "the stride is above 1",
        "zh": "步长大于 1",
    },
    "dilation-ignored": {
        "en": "the dilation is above 1",
        "zh": "空洞率大于 1",
    },
    "groups-ignored": {
        "en": "groups is above 1",
        "zh": "groups 大于 1",
    },
    "hw-swapped": {
        "en": "the input's height and width differ",
        "zh": "输入的高度和宽度不相等",
    },
}
