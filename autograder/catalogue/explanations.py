"""The misconceptions' names and explanations, English and Chinese side by side.

Per SPEC id, in SPEC's order: (name, what the student did, what torch does, what to check).
"""

EXPLANATIONS: dict[str, dict[str, tuple[str, str, str, str]]] = {
    "flipped-kernel": {
        "en": (
            "Kernel rotated by 180°",
            "Your code rotates the kernel by 180° before sliding it, as in the textbook definition of "
            "convolution.",
            "PyTorch's conv layers compute cross-correlation: weight[i, j] multiplies the input pixel at "
            "offset (i, j) from the window's top-left corner, with no flip.",
            "Index the weight as weight[..., i, j], not weight[..., kh-1-i, kw-1-j], and remove any np.flip "
            "or [::-1] on the kernel.",
        ),
        "zh": (
            "卷积核被旋转了 180°",
            "你的代码先把卷积核旋转 180° 再滑动，这是教科书里“真正的卷积”。",
            "PyTorch 的卷积层算的是互相关：weight[i, j] 乘的是窗口左上角往下 i 行、往右 j 列的那个像素，卷积核不翻转。",
            "直接用 weight[..., i, j] 取权重，不要写成 weight[..., kh-1-i, kw-1-j]，也去掉对卷积核的 np.flip 或 [::-1]。",
        ),
    },
    "missing-bias": {
        "en": (
            "Bias missing or added in the wrong place",
            "Your output is what you get without the bias, or with the bias added along the wrong axis or "
            "more than once.",
            "PyTorch adds bias[o] exactly once to every position of output channel o.",
            "Add the bias after all the sums, reshaped to (C_out, 1, 1) so it broadcasts over the channel "
            "axis, and only when bias is not None.",
        ),
        "zh": (
            "偏置漏加或加错了位置",
            "你的结果相当于没加偏置，或者偏置加在了错误的维度上、被加了不止一次。",
            "PyTorch 在输出通道 o 的每个位置上只加一次 bias[o]。",
            "在所有求和完成之后再加偏置，先 reshape 成 (C_out, 1, 1) 让它沿通道维广播；bias 为 None 时不加。",
        ),
    },
    "padding-ignored": {
        "en": (
            "Padding missing or on one side",
            "Your code does not pad the input the way the padding argument asks: no padding at all, or "
            "padding on one side only.",
            "PyTorch adds padding[0] rows at the top AND the bottom and padding[1] columns on the left AND "
            "the right (zeros unless padding_mode says otherwise) before sliding the kernel.",
            "Pad both sides of each spatial axis, e.g. np.pad(x, ((0,0), (0,0), (ph,ph), (pw,pw))), and use "
            "the padded size in the output-size formula.",
        ),
        "zh": (
            "没有填充，或只填充了一侧",
            "你的代码没有按 padding 参数填充输入：要么完全没填充，要么只填了一边。",
            "PyTorch 在上下两边各补 padding[0] 行、左右两边各补 padding[1] 列（默认补 0，除非 padding_mode 另有规定），然后才滑动卷积核。",
            "每个空间维度的两边都要填充，例如 np.pad(x, ((0,0), (0,0), (ph,ph), (pw,pw)))，并在输出尺寸公式里用填充后的大小。",
        ),
    },
    "tf-same-padding": {
        "en": (
            "'same' padding split the wrong way",
            "When the total padding d·(k−1) of 'same' is odd, your code puts the extra row or column on the "
            "wrong side (or drops it).",
            "PyTorch pads total // 2 before and the rest (one more) after, i.e. the extra goes to the bottom"
            " / right.",
            "Compute total = dilation·(kernel_size−1), then before = total // 2 and after = total − before "
            "for each axis.",
        ),
        "zh": (
            "'same' 填充的多余一格放错了边",
            "当 'same' 需要的总填充 d·(k−1) 是奇数时，你把多出来的那一行或一列放到了错误的一侧（或者干脆丢掉了）。",
            "PyTorch 在前面补 total // 2，剩下的（多一格）补在后面，也就是多出来的放在下边和右边。",
            "先算 total = dilation·(kernel_size−1)，再让每个维度 before = total // 2、after = total − before。",
        ),
    },
    "stride-misapplied": {
        "en": (
            "Stride applied wrongly",
            "Your code uses the stride in the wrong way: ignored, swapped between height and width, applied "
            "to one axis only, or windows that start at the wrong place.",
            "PyTorch starts output window (i, j) at input row i·stride[0] and column j·stride[1] of the "
            "padded input, counting from 0. For pooling, stride=None means stride = kernel_size.",
            "Check the start of each window (i*sh, j*sw), that sh goes with the height and sw with the "
            "width, and the output size floor((H + 2p − d(k−1) − 1) / s) + 1.",
        ),
        "zh": (
            "步长用错了",
            "你的代码没有正确使用 stride：被忽略了、高和宽用反了、只用在一个维度上，或者窗口起点不对。",
            "PyTorch 的第 (i, j) 个输出窗口从填充后输入的第 i·stride[0] 行、第 j·stride[1] 列开始，从 0 数起。池化时 stride=None 表示 stride 等于 kernel_size。",
            "检查每个窗口的起点 (i*sh, j*sw)，确认 sh 对应高、sw 对应宽，并核对输出尺寸 floor((H + 2p − d(k−1) − 1) / s) + 1。",
        ),
    },
    "dilation-ignored": {
        "en": (
            "Dilation ignored",
            "Your code ignores dilation, in the positions the kernel reads or in the output size.",
            "With dilation d, PyTorch reads the input at offsets 0, d, 2d, … inside each window, and the "
            "window spans d·(k−1)+1 pixels (not k·d).",
            "Read x at i*stride + a*dilation for kernel tap a, and use d·(k−1)+1 as the effective kernel "
            "size in the output-size formula.",
        ),
        "zh": (
            "忽略了空洞（dilation）",
            "你的代码忽略了 dilation：要么卷积核读取的位置没有拉开，要么输出尺寸没有考虑它。",
            "dilation 为 d 时，PyTorch 在每个窗口里按 0, d, 2d, … 的间隔取像素，窗口覆盖 d·(k−1)+1 个像素（不是 k·d）。",
            "第 a 个卷积核位置应读取 x 的 i*stride + a*dilation，输出尺寸公式里的等效核大小用 d·(k−1)+1。",
        ),
    },
    "groups-ignored": {
        "en": (
            "Groups ignored or channels split wrongly",
            "Your code ignores groups, or connects an output channel to the wrong group of input channels.",
            "With groups g, PyTorch splits the input channels into g consecutive blocks of C_in/g; output "
            "channel o belongs to block o // (C_out/g) and sees only that block.",
            "Loop over the groups, slice x[:, g*C_in/g:(g+1)*C_in/g] and weight[g*C_out/g:(g+1)*C_out/g], "
            "and concatenate the results along the channel axis.",
        ),
        "zh": (
            "忽略了分组，或通道分组分错了",
            "你的代码忽略了 groups，或者把输出通道连到了错误的那组输入通道上。",
            "groups 为 g 时，PyTorch 把输入通道按顺序切成 g 段，每段 C_in/g 个；输出通道 o 属于第 o // (C_out/g) 组，只看这一段输入。",
            "对每一组分别切出 x[:, g*C_in/g:(g+1)*C_in/g] 和 weight[g*C_out/g:(g+1)*C_out/g] 计算，再沿通道维拼接起来。",
        ),
    },
    "off-by-one-size": {
        "en": (
            "Output size off by one",
            "Your output size is one more or one less than PyTorch's: a ceil where the formula floors, or a "
            "missing '+ 1'.",
            "PyTorch's output size is floor((L + 2p − d(k−1) − 1) / s) + 1 (transposed: (L−1)s − 2p + d(k−1)"
            " + output_padding + 1).",
            "Work the formula by hand for a tiny case (L=3, k=2, s=1 gives 2) and compare it with your code,"
            " especially the floor division and the final + 1.",
        ),
        "zh": (
            "输出尺寸差了一",
            "你的输出尺寸比 PyTorch 的多一或少一：公式里该向下取整的地方用了向上取整，或者漏了“+ 1”。",
            "PyTorch 的输出尺寸是 floor((L + 2p − d(k−1) − 1) / s) + 1（转置卷积是 (L−1)s − 2p + d(k−1) + output_padding + 1）。",
            "拿一个小例子手算一遍（L=3, k=2, s=1 应得 2），和你的代码对照，尤其是整除和最后的 + 1。",
        ),
    },
    "transpose-weight-layout": {
        "en": (
            "Transposed-convolution weight read in the wrong layout",
            "Your code reads the ConvTranspose2d weight as (C_out, C_in, kH, kW), like a Conv2d weight.",
            "ConvTranspose2d stores its weight as (C_in, C_out/groups, kH, kW): weight[c, o] connects input "
            "channel c to output channel o.",
            "Use weight.shape[1] * groups as the number of output channels and index weight[c, o], not "
            "weight[o, c].",
        ),
        "zh": (
            "转置卷积的权重布局读错了",
            "你把 ConvTranspose2d 的权重当成了 (C_out, C_in, kH, kW)，也就是 Conv2d 的布局。",
            "ConvTranspose2d 的权重形状是 (C_in, C_out/groups, kH, kW)：weight[c, o] 连接输入通道 c 和输出通道 o。",
            "输出通道数用 weight.shape[1] * groups，取权重时写 weight[c, o]，不要写成 weight[o, c]。",
        ),
    },
    "output-padding-ignored": {
        "en": (
            "output_padding missing or on the wrong side",
            "Your code does not add output_padding, or adds it at the top / left, or adds empty rows.",
            "PyTorch makes the output output_padding rows / columns larger at the bottom / right; those rows"
            " still receive kernel contributions and the bias.",
            "Add output_padding to the output size, scatter into a buffer that already includes it, and crop"
            " `padding` from each side only afterwards.",
        ),
        "zh": (
            "output_padding 没加或加错了边",
            "你的代码没有加上 output_padding，或者把它加在了上边/左边，或者只补了几行空的 0。",
            "PyTorch 让输出在下边和右边多出 output_padding 行/列，这些位置同样会收到卷积核的贡献和偏置。",
            "输出尺寸要加上 output_padding；先在已包含它的缓冲区里累加，最后再从两边各裁掉 padding。",
        ),
    },
    "im2col-order": {
        "en": (
            "im2col rows or columns in another order",
            "Your im2col / col2im lays out the rows or columns in a different order than "
            "torch.nn.functional.unfold.",
            "unfold puts one row per (channel, kernel row, kernel column), channel slowest, and one column "
            "per output position in row-major order (left to right, then top to bottom).",
            "Build rows in the order c*kh*kw + i*kw + j and columns in the order oh_index*W_out + ow_index; "
            "reshape in C order, not with a transpose in between.",
        ),
        "zh": (
            "im2col 的行或列顺序不对",
            "你的 im2col / col2im 排列行或列的顺序和 torch.nn.functional.unfold 不一样。",
            "unfold 每一行对应一个（通道, 核行, 核列），通道变化最慢；每一列对应一个输出位置，按行优先（先从左到右，再从上到下）排列。",
            "行按 c*kh*kw + i*kw + j 排，列按 输出行号*W_out + 输出列号 排；用 C 顺序 reshape，中间不要插入转置。",
        ),
    },
    "ceil-mode-window": {
        "en": (
            "ceil_mode rule for the last window",
            "With ceil_mode=True your code ignores ceil_mode, or keeps a last window that starts in the "
            "right padding.",
            "PyTorch rounds the output size up, but drops the last window when it would start beyond the "
            "input plus the left padding.",
            "Use ceil((L + 2p − d(k−1) − 1) / s) + 1 and subtract 1 when (out−1)·s ≥ L + p.",
        ),
        "zh": (
            "ceil_mode 下最后一个窗口的规则",
            "ceil_mode=True 时，你的代码要么没理会 ceil_mode，要么保留了一个从右侧填充里才开始的最后窗口。",
            "PyTorch 把输出尺寸向上取整，但如果最后一个窗口的起点超出了“输入 + 左侧填充”的范围，就把它去掉。",
            "用 ceil((L + 2p − d(k−1) − 1) / s) + 1，再在 (out−1)·s ≥ L + p 时减 1。",
        ),
    },
    "count-include-pad": {
        "en": (
            "Average pooling divides by the wrong count",
            "Your average divides by a different number of elements than PyTorch's.",
            "With count_include_pad=True, PyTorch divides by the window size clipped to the padded input; "
            "with False, by the number of real (non-padding) input pixels in the window.",
            "Compute the divisor per window from the window's clipped extent and the count_include_pad flag,"
            " not always kh·kw.",
        ),
        "zh": (
            "平均池化的除数不对",
            "你求平均时除以的元素个数和 PyTorch 不一样。",
            "count_include_pad=True 时，PyTorch 除以截到填充后输入范围内的窗口大小；为 False 时，只除以窗口里真实（非填充）像素的个数。",
            "根据每个窗口实际覆盖的范围和 count_include_pad 计算除数，不要总是除以 kh·kw。",
        ),
    },
    "wrong-dtype": {
        "en": (
            "Result in the wrong dtype",
            "Your values are right, but the array has another dtype.",
            "The result should have dtype np.result_type(x, weight) (pooling and im2col: x.dtype).",
            "Create buffers with dtype=np.result_type(x, weight) (e.g. np.zeros(..., dtype=...)), and avoid "
            "accidental casts such as np.zeros(shape) which is always float64.",
        ),
        "zh": (
            "结果的 dtype 不对",
            "你的数值是对的，但数组的 dtype 不对。",
            "结果的 dtype 应该是 np.result_type(x, weight)（池化和 im2col 是 x.dtype）。",
            "创建缓冲区时指定 dtype=np.result_type(x, weight)；注意 np.zeros(shape) 默认总是 float64。",
        ),
    },
    "hw-swapped": {
        "en": (
            "Height and width swapped",
            "Your code mixes up the height and the width: in the output size, in the order of the output's "
            "axes, in the kernel's taps, or in a per-axis parameter read as (width, height).",
            "PyTorch's arrays are (..., H, W): axis -2 is the height (rows), axis -1 the width (columns). "
            "Every pair argument is (height, width): stride[0], padding[0], dilation[0] and kernel_size[0] "
            "go with the rows.",
            "Test with a non-square input and kernel (e.g. H=5, W=7, kernel 2×3, stride (1, 2)): index "
            "x[..., row, col] and weight[..., i, j] with the row first, and unpack pairs as sh, sw = stride.",
        ),
        "zh": (
            "高和宽弄反了",
            "你的代码把高和宽弄混了：可能在输出尺寸里，可能在输出数组的轴顺序里，可能在读取卷积核的位置上，也可能把按维度给的参数当成了 (宽, 高)。",
            "PyTorch 的数组是 (..., H, W)：倒数第二个轴是高（行），最后一个轴是宽（列）。所有成对的参数都是 (高, 宽)：stride[0]、padding[0]、dilation[0] 和 kernel_size[0] 都对应行方向。",
            "用高宽不相等的输入和卷积核来测试（比如 H=5、W=7，卷积核 2×3，stride (1, 2)）：按 x[..., 行, 列]、weight[..., i, j] 的顺序索引，先行后列，并用 sh, sw = stride 这样拆开参数。",
        ),
    },
    "nhwc-layout": {
        "en": (
            "Array read in another layout (NHWC / HWIO)",
            "Your code reads the input or the weight in another memory layout than PyTorch's: channels last "
            "(N, H, W, C) instead of (N, C, H, W), or a weight as (kH, kW, C_in, C_out) instead of (C_out, "
            "C_in, kH, kW), or it returns channels last.",
            "PyTorch keeps channels before the spatial axes: x is (N, C, H, W), a conv weight (C_out, "
            "C_in/groups, kH, kW), and the result is (N, C_out, H_out, W_out).",
            "Unpack shapes as N, C, H, W = x.shape and C_out, C_in, kh, kw = weight.shape; drop any "
            "transpose(0, 2, 3, 1) copied from TensorFlow code.",
        ),
        "zh": (
            "按另一种布局读取数组（NHWC / HWIO）",
            "你的代码没有按 PyTorch 的内存布局读取输入或权重：把输入当成通道在最后的 (N, H, W, C)，而不是 (N, C, H, W)；或者把权重当成 (kH, kW, C_in, C_out)，而不是 (C_out, C_in, kH, kW)；又或者返回了通道在最后的结果。",
            "PyTorch 把通道放在空间维度前面：x 是 (N, C, H, W)，卷积权重是 (C_out, C_in/groups, kH, kW)，结果是 (N, C_out, H_out, W_out)。",
            "用 N, C, H, W = x.shape 和 C_out, C_in, kh, kw = weight.shape 来拆形状；删掉从 TensorFlow 代码里抄来的 transpose(0, 2, 3, 1)。",
        ),
    },
    "no-floor": {
        "en": (
            "Output size not rounded down",
            "You left the output size as a fraction.",
            "PyTorch rounds the division down (floor) before adding 1.",
            "Apply floor to (L + 2p − d(k−1) − 1) / s.",
        ),
        "zh": (
            "输出尺寸没有向下取整",
            "你把输出尺寸留成了小数。",
            "PyTorch 先对除法结果向下取整，再加 1。",
            "对 (L + 2p − d(k−1) − 1) / s 向下取整。",
        ),
    },
    "ceil-for-floor": {
        "en": (
            "Rounded up instead of down",
            "You rounded the division up.",
            "PyTorch rounds down unless ceil_mode=True in pooling.",
            "Use floor division: (L + 2p − d(k−1) − 1) // s + 1.",
        ),
        "zh": (
            "该向下取整却向上取整了",
            "你对除法结果向上取整了。",
            "除非池化里设置了 ceil_mode=True，PyTorch 都是向下取整。",
            "用整除：(L + 2p − d(k−1) − 1) // s + 1。",
        ),
    },
    "effective-kernel-kd": {
        "en": (
            "Effective kernel taken as k·d",
            "You took the dilated kernel's span as k·d.",
            "A kernel of size k with dilation d spans d·(k−1)+1 input pixels.",
            "Count the gaps: k taps have k−1 gaps of d pixels each, plus 1.",
        ),
        "zh": (
            "把等效核大小算成了 k·d",
            "你把空洞卷积核覆盖的范围算成了 k·d。",
            "大小为 k、dilation 为 d 的卷积核覆盖 d·(k−1)+1 个输入像素。",
            "数一数间隔：k 个点之间有 k−1 个间隔，每个间隔 d 个像素，再加 1。",
        ),
    },
    "pool-stride-one": {
        "en": (
            "Pooling stride taken as 1",
            "You used stride 1 for pooling when no stride was given.",
            "In PyTorch's pooling, stride=None means stride = kernel_size.",
            "Set stride to kernel_size when it is not given.",
        ),
        "zh": (
            "池化步长当成了 1",
            "没有给 stride 时，你在池化里用了步长 1。",
            "PyTorch 的池化中 stride=None 表示 stride 等于 kernel_size。",
            "没有给 stride 时，把它设为 kernel_size。",
        ),
    },
    "bias-per-input": {
        "en": (
            "One bias per input channel",
            "You counted one bias per input channel.",
            "A conv layer has one bias per output channel.",
            "Count out_channels bias values.",
        ),
        "zh": (
            "按输入通道数计了偏置",
            "你给每个输入通道都算了一个偏置。",
            "卷积层的偏置个数等于输出通道数。",
            "偏置参数按 out_channels 个来数。",
        ),
    },
    "rf-strides-ignored": {
        "en": (
            "Receptive field without the strides",
            "You summed the kernel spans without multiplying by the strides of the earlier layers.",
            "Each layer adds d·(k−1) times the product of all earlier strides.",
            "Keep a running product of strides ('jump') and multiply each layer's span by it.",
        ),
        "zh": (
            "感受野没有乘上步长",
            "你直接把各层卷积核的跨度相加，没有乘上前面各层步长的乘积。",
            "每一层贡献 d·(k−1) 乘以它之前所有层步长的乘积。",
            "维护一个步长的累乘（“跳距”），每层的跨度都乘上它。",
        ),
    },
}
