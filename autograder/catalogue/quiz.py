"""What a quiz option that a mistake gives tells the student, English and Chinese side by side."""

QUIZ_FEEDBACK: dict[str, dict[str, str]] = {
    "flipped-kernel": {
        "en": "You flipped the kernel; PyTorch computes cross-correlation, without flipping.",
        "zh": "你把卷积核翻转了；PyTorch 算的是互相关，不翻转卷积核。",
    },
    "missing-bias": {
        "en": "You forgot the bias: Conv2d has one bias per output channel unless bias=False.",
        "zh": "漏了偏置：除非 bias=False，Conv2d 每个输出通道都有一个偏置。",
    },
    "padding-ignored": {
        "en": "You left out the padding (or put all of it on one side); padding p adds p zeros before and p "
              "after.",
        "zh": "漏掉了填充（或者把填充全放在了一侧）；padding=p 是前面和后面各补 p 个零。",
    },
    "tf-same-padding": {
        "en": "You put the odd extra pad of 'same' on the wrong side: PyTorch adds it after (right/bottom).",
        "zh": "'same' 多出来的那一格补错了边：PyTorch 把它补在后面（右侧/下侧）。",
    },
    "stride-misapplied": {
        "en": "You left out the stride, as if it were 1; the stride is how far each window moves.",
        "zh": "漏掉了步长，当成了 1；步长是窗口每次移动的距离。",
    },
    "dilation-ignored": {
        "en": "You ignored the dilation; a dilated kernel spans d(k−1)+1 inputs.",
        "zh": "忽略了空洞（dilation）；带空洞的卷积核覆盖 d(k−1)+1 个位置。",
    },
    "groups-ignored": {
        "en": "You ignored groups: each group connects only C_in/groups inputs to C_out/groups outputs.",
        "zh": "忽略了分组：每组只把 C_in/groups 个输入通道连到 C_out/groups 个输出通道。",
    },
    "off-by-one-size": {
        "en": "Your answer is off by one: the size formula ends with \"+ 1\".",
        "zh": "答案差了 1：尺寸公式最后还要“+ 1”。",
    },
    "transpose-weight-layout": {
        "en": "You used Conv2d's weight layout; ConvTranspose2d stores (C_in, C_out/groups, kH, kW).",
        "zh": "用了 Conv2d 的权重布局；ConvTranspose2d 的权重是 (C_in, C_out/groups, kH, kW)。",
    },
    "output-padding-ignored": {
        "en": "You mishandled output_padding: it adds to one side of the output and must be below "
              "max(stride, dilation).",
        "zh": "output_padding 处理错了：它只加在输出的一侧，而且必须小于 max(stride, dilation)。",
    },
    "im2col-order": {
        "en": "Rows and columns are swapped: unfold gives (N, C·kh·kw, L), and the kernel matrix (outputs, "
              "inputs).",
        "zh": "行和列弄反了：unfold 的结果是 (N, C·kh·kw, L)，卷积矩阵是 (输出数, 输入数)。",
    },
    "ceil-mode-window": {
        "en": "With ceil_mode, a last window that would start in the right padding is dropped.",
        "zh": "ceil_mode 下，如果最后一个窗口会从右侧填充区开始，就要舍去它。",
    },
    "count-include-pad": {
        "en": "Average pooling divided by the wrong count.",
        "zh": "平均池化除以的个数不对。",
    },
    "wrong-dtype": {
        "en": "The result has the wrong dtype.",
        "zh": "结果的数据类型不对。",
    },
    "no-floor": {
        "en": "Sizes are whole numbers: the division in the formula is floored.",
        "zh": "尺寸一定是整数：公式里的除法要向下取整。",
    },
    "ceil-for-floor": {
        "en": "You rounded up; without ceil_mode the formula rounds down (floor).",
        "zh": "你向上取整了；不开 ceil_mode 时公式是向下取整。",
    },
    "effective-kernel-kd": {
        "en": "A dilated kernel spans d(k−1)+1 inputs, not k·d.",
        "zh": "带空洞的卷积核覆盖 d(k−1)+1 个位置，而不是 k·d 个。",
    },
    "pool-stride-one": {
        "en": "Pooling's stride defaults to the kernel size, not 1.",
        "zh": "池化层的步长默认等于核大小，而不是 1。",
    },
    "bias-per-input": {
        "en": "There is one bias per output channel, not per input channel.",
        "zh": "偏置是每个输出通道一个，不是每个输入通道一个。",
    },
    "rf-strides-ignored": {
        "en": "Each layer's growth is multiplied by the product of the strides of the layers before it.",
        "zh": "每一层带来的增量，要乘上它前面各层步长的乘积。",
    },
    "hw-swapped": {
        "en": "You swapped height and width: PyTorch writes the height first, in shapes (dim=2, then dim=3) "
              "and in pairs such as kernel_size=(kh, kw).",
        "zh": "高和宽弄反了：PyTorch 总是先写高再写宽，形状里是 dim=2 再 dim=3，成对的参数如 kernel_size=(kh, kw) 也是这样。",
    },
    "nhwc-layout": {
        "en": "You read the layout as NHWC; PyTorch's is NCHW (and (C_out, C_in, kh, kw) for a weight).",
        "zh": "把布局当成了 NHWC；PyTorch 用的是 NCHW（权重是 (C_out, C_in, kh, kw)）。",
    },
}
