"""a1_shapes: output sizes, ceil_mode, 'same' padding, parameters and the receptive field."""
from . import FunctionLesson, Lesson

SIZE_FORMULA = r"""
## 1. The output size of a convolution

A convolution slides a window of $k$ taps over an input of length $L$ (padded by $p$ on each
side), moving $s$ steps at a time. With dilation $d$ the taps are $d$ apart, so the window
covers $d(k-1)+1$ input positions (its *effective* size). The number of window positions is

$$L_\text{out} = \left\lfloor \frac{L + 2p - d(k-1) - 1}{s} \right\rfloor + 1 .$$

Read it as: the window's first tap can sit at $0, s, 2s, \dots$ as long as the last tap still
lands inside the padded input. In 2-D the same formula holds for height and width separately.

**Worked example.** $L = 32$, $k = 5$, $s = 2$, $p = 2$, $d = 1$:
$\lfloor (32 + 4 - 4 - 1)/2 \rfloor + 1 = \lfloor 15.5 \rfloor + 1 = 16$.
With $k = 3$, $d = 2$ the effective kernel is $2 \cdot 2 + 1 = 5$ wide (not $k \cdot d = 6$).

Two classic mistakes: forgetting the $+1$, and rounding up where the formula floors.
"""

SIZE_FORMULA_ZH = r"""
## 1. 卷积的输出尺寸

卷积就是让一个有 $k$ 个抽头的窗口在长度为 $L$ 的输入上滑动（两侧各补 $p$ 个零），每次移动 $s$ 步。
有空洞（dilation）$d$ 时，相邻抽头相隔 $d$，窗口实际覆盖 $d(k-1)+1$ 个位置，叫作*有效*核大小。
窗口能放的位置数就是输出长度：

$$L_\text{out} = \left\lfloor \frac{L + 2p - d(k-1) - 1}{s} \right\rfloor + 1 .$$

可以这样理解：窗口的第一个抽头依次放在 $0, s, 2s, \dots$，只要最后一个抽头还落在填充后的输入里就算一个位置。
二维时高和宽各用一次这个公式。

**算一个例子。** $L = 32$，$k = 5$，$s = 2$，$p = 2$，$d = 1$：
$\lfloor (32 + 4 - 4 - 1)/2 \rfloor + 1 = \lfloor 15.5 \rfloor + 1 = 16$。
若 $k = 3$、$d = 2$，有效核宽是 $2 \cdot 2 + 1 = 5$，而不是 $k \cdot d = 6$。

最常见的两个错误：漏掉 $+1$；该向下取整的地方向上取整了。
"""

POOL = r"""
## 2. Pooling and `ceil_mode`

Max and average pooling use the same window arithmetic, with `stride` defaulting to the kernel
size (`stride=None`), and `padding` at most half the kernel. With `ceil_mode=True` the floor
becomes a ceiling, so a last, partial window is kept... with one exception: **the last window
must start inside the input or the left padding**. A window that would start in the right
padding is dropped, so subtract 1 in that case (this can happen with $p = 0$ too).

**Worked example.** $L = 7$, $k = 2$, $s = 2$, $p = 0$: floor mode gives
$\lfloor 5/2 \rfloor + 1 = 3$; ceil mode gives $\lceil 2.5 \rceil + 1 = 4$. The 4th window starts
at $3 \cdot 2 = 6 < 7$, inside the input: keep it, the answer is 4.

$L = 5$, $k = 2$, $s = 2$, $p = 1$: ceil mode gives $\lceil 5/2 \rceil + 1 = 4$, but the 4th
window would start at $3 \cdot 2 = 6 \ge L + p = 6$, in the right padding: the answer is 3.
"""

POOL_ZH = r"""
## 2. 池化与 `ceil_mode`

最大池化和平均池化的窗口算法与卷积完全一样，只是 `stride` 默认等于核大小（`stride=None`），
而且 `padding` 不能超过核大小的一半。`ceil_mode=True` 时把向下取整换成向上取整，于是末尾那个不完整的
窗口也会保留——但有一个例外：**最后一个窗口的起点必须落在输入内部或左侧的填充里**。
如果它要从右侧填充处开始，就把它去掉，也就是结果再减 1（即使 $p = 0$ 也可能发生）。

**例子。** $L = 7$，$k = 2$，$s = 2$，$p = 0$：向下取整得 $\lfloor 5/2 \rfloor + 1 = 3$；
向上取整得 $\lceil 2.5 \rceil + 1 = 4$。第 4 个窗口从 $3 \cdot 2 = 6 < 7$ 开始，在输入之内，保留，答案是 4。

$L = 5$，$k = 2$，$s = 2$，$p = 1$：向上取整得 $\lceil 5/2 \rceil + 1 = 4$，可第 4 个窗口要从
$3 \cdot 2 = 6 \ge L + p = 6$ 开始，已经落在右侧填充里，所以答案是 3。
"""

SAME_TRANSPOSE = r"""
## 3. `padding='same'` and the transposed convolution

`padding='same'` (stride 1 only) keeps $L_\text{out} = L$: the total padding must be $d(k-1)$.
When that is odd, PyTorch puts the extra zero **after** the input (right / bottom):
$k = 4, d = 1$ gives total 3, split as (1, 2). TensorFlow-style code that puts it first is off by one pixel.

A transposed convolution runs the size formula backwards:

$$L_\text{out} = (L-1)s - 2p + d(k-1) + \text{output\_padding} + 1 .$$

Several input sizes of a strided convolution map to the same output size (with $k=3, s=2, p=1$
both 7 and 8 become 4), so the transposed convolution needs `output_padding`
($0 \le$ `output_padding` $< \max(s, d)$) to say which one you want back.
Example: $L = 4$, $k = 4$, $s = 2$, $p = 1$: $3 \cdot 2 - 2 + 3 + 0 + 1 = 8$, the usual 2× upsampling layer.
Its weight has the layout `(C_in, C_out / groups, kH, kW)`: input channels first.
"""

SAME_TRANSPOSE_ZH = r"""
## 3. `padding='same'` 与转置卷积

`padding='same'`（只能配 stride 1）要让 $L_\text{out} = L$，所以填充总数必须是 $d(k-1)$。
总数为奇数时，PyTorch 把多出来的那个零补在输入**后面**（右边 / 下边）：$k = 4, d = 1$ 时总数为 3，
分成 (1, 2)。照 TensorFlow 的习惯把它放在前面，结果就会错开一个像素。

转置卷积把尺寸公式倒过来用：

$$L_\text{out} = (L-1)s - 2p + d(k-1) + \text{output\_padding} + 1 .$$

带步长的卷积会把好几个输入尺寸映射到同一个输出尺寸（$k=3, s=2, p=1$ 时 7 和 8 都变成 4），
所以转置卷积需要 `output_padding`（$0 \le$ `output_padding` $< \max(s, d)$）来指明要还原成哪一个。
例如 $L = 4$，$k = 4$，$s = 2$，$p = 1$：$3 \cdot 2 - 2 + 3 + 0 + 1 = 8$，这就是常见的 2 倍上采样层。
它的权重布局是 `(C_in, C_out / groups, kH, kW)`：输入通道在前。
"""

PARAMS_RF = r"""
## 4. Parameters and the receptive field

`Conv2d(C_in, C_out, k, groups=g)` has one kernel of $\frac{C_\text{in}}{g} k_h k_w$ weights per
output channel, plus one bias per **output** channel:
$C_\text{out} \cdot \frac{C_\text{in}}{g} k_h k_w + C_\text{out}$.
`Conv2d(64, 128, 3)`: $128 \cdot 64 \cdot 9 + 128 = 73\,856$; with `groups=4`: $128 \cdot 16 \cdot 9 + 128 = 18\,560$.

The **receptive field** of a stack of layers is the side of the input region one final output
unit depends on. Going through the layers from the first, each layer adds $(k-1)\,d$ times the
product of the strides *before* it (the "jump" between neighbouring units at that depth):

$$r = 1 + \sum_{l} (k_l - 1)\, d_l \prod_{j < l} s_j .$$

Three 3×3 convolutions with stride 1: $1 + 2 + 2 + 2 = 7$. Layers $(7, s=2), (3, s=2), (3, s=1)$:
$1 + 6 + 2\cdot 2 + 2 \cdot 4 = 19$. Summing $(k-1)d$ without the strides gives 11, far too small.
"""

PARAMS_RF_ZH = r"""
## 4. 参数个数与感受野

`Conv2d(C_in, C_out, k, groups=g)` 对每个输出通道有一个含 $\frac{C_\text{in}}{g} k_h k_w$ 个权重的卷积核，
另外每个**输出**通道有一个偏置：$C_\text{out} \cdot \frac{C_\text{in}}{g} k_h k_w + C_\text{out}$。
`Conv2d(64, 128, 3)`：$128 \cdot 64 \cdot 9 + 128 = 73\,856$；加上 `groups=4`：$128 \cdot 16 \cdot 9 + 128 = 18\,560$。

一叠卷积层的**感受野**，指最后一层的一个输出单元所依赖的输入区域的边长。从第一层往后看，每一层贡献
$(k-1)\,d$ 乘以它*之前*所有层步长的乘积（也就是这一深度上相邻单元之间在输入上的间距）：

$$r = 1 + \sum_{l} (k_l - 1)\, d_l \prod_{j < l} s_j .$$

三个步长为 1 的 3×3 卷积：$1 + 2 + 2 + 2 = 7$。层 $(7, s=2), (3, s=2), (3, s=1)$：
$1 + 6 + 2\cdot 2 + 2 \cdot 4 = 19$。如果忘了乘步长，只把 $(k-1)d$ 加起来，会得到 11，小了很多。
"""

FUNCTIONS = (
    FunctionLesson(
        "conv_output_size",
        {"en": "The output length of a convolution along one dimension (section 1). All arguments are ints.",
         "zh": "卷积在一个维度上的输出长度（见第 1 节），参数都是整数。"},
        '''\
cases = [  # in_size, kernel_size, stride, padding, dilation
    (7, 3, 1, 0, 1),
    (32, 5, 2, 2, 1),
    (10, 3, 3, 2, 2),
]
for L, k, s, p, d in cases:
    got = conv_output_size(L, k, stride=s, padding=p, dilation=d)
    want = F.conv1d(torch.zeros(1, 1, L), torch.zeros(1, 1, k), stride=s, padding=p, dilation=d).shape[-1]
    assert got == want, f"conv_output_size{(L, k, s, p, d)}: got {got}, torch gives {want}"''',
        3,
    ),
    FunctionLesson(
        "conv_transpose_output_size",
        {"en": "The output length of a transposed convolution along one dimension (section 3).",
         "zh": "转置卷积在一个维度上的输出长度（见第 3 节）。"},
        '''\
cases = [  # in_size, kernel_size, stride, padding, output_padding, dilation
    (5, 3, 1, 0, 0, 1),
    (4, 4, 2, 1, 0, 1),
    (4, 3, 2, 1, 1, 1),
    (3, 3, 3, 0, 2, 2),
]
for L, k, s, p, op, d in cases:
    got = conv_transpose_output_size(L, k, stride=s, padding=p, output_padding=op, dilation=d)
    want = F.conv_transpose1d(torch.zeros(1, 1, L), torch.zeros(1, 1, k), stride=s, padding=p,
                              output_padding=op, dilation=d).shape[-1]
    assert got == want, f"conv_transpose_output_size{(L, k, s, p, op, d)}: got {got}, torch gives {want}"''',
        4,
    ),
    FunctionLesson(
        "pool_output_size",
        {"en": "The output length of max pooling along one dimension, `ceil_mode` rule included (section 2).",
         "zh": "最大池化在一个维度上的输出长度，包括 `ceil_mode` 的规则（见第 2 节）。"},
        '''\
cases = [  # in_size, kernel_size, stride, padding, dilation, ceil_mode
    (8, 2, None, 0, 1, False),
    (7, 2, 2, 0, 1, True),
    (5, 2, 2, 1, 1, True),
    (9, 3, 2, 1, 2, False),
]
for L, k, s, p, d, ceil in cases:
    got = pool_output_size(L, k, stride=s, padding=p, dilation=d, ceil_mode=ceil)
    want = F.max_pool1d(torch.zeros(1, 1, L), k, stride=s, padding=p, dilation=d, ceil_mode=ceil).shape[-1]
    assert got == want, f"pool_output_size{(L, k, s, p, d, ceil)}: got {got}, torch gives {want}"''',
        4,
    ),
    FunctionLesson(
        "same_padding",
        {"en": "The (before, after) padding that `padding='same'` applies (section 3).",
         "zh": "`padding='same'` 实际填充的 (前, 后) 数量（见第 3 节）。"},
        '''\
rng = np.random.default_rng(0)
x = torch.tensor(rng.standard_normal((1, 1, 9)))
for k, d in [(3, 1), (4, 1), (2, 3), (5, 2)]:
    before, after = same_padding(k, dilation=d)
    w = torch.tensor(rng.standard_normal((1, 1, k)))
    want = F.conv1d(x, w, padding="same", dilation=d)
    got = F.conv1d(F.pad(x, (before, after)), w, dilation=d)   # your padding, then a 'valid' conv
    assert got.shape == want.shape, f"same_padding({k}, dilation={d}) = {(before, after)}: wrong total"
    np.testing.assert_allclose(got.numpy(), want.numpy(), err_msg=f"same_padding({k}, dilation={d})")''',
        4,
    ),
    FunctionLesson(
        "conv2d_output_shape",
        {"en": "The full output shape of `conv2d` (4-D or unbatched 3-D), with a `ValueError` for any "
               "configuration torch refuses.",
         "zh": "`conv2d` 的完整输出形状（4 维，或不带 batch 的 3 维）；torch 不接受的配置要抛出 `ValueError`。"},
        '''\
cases = [  # input_shape, weight_shape, other arguments
    ((1, 3, 32, 32), (8, 3, 3, 3), dict(padding=1)),
    ((2, 4, 15, 20), (6, 2, 3, 5), dict(stride=2, padding=(1, 2), groups=2)),
    ((3, 9, 9), (4, 3, 3, 3), dict(dilation=2)),
]
for input_shape, weight_shape, kwargs in cases:
    got = conv2d_output_shape(input_shape, weight_shape, **kwargs)
    want = tuple(F.conv2d(torch.zeros(input_shape), torch.zeros(weight_shape), **kwargs).shape)
    assert tuple(got) == want, f"conv2d_output_shape{(input_shape, weight_shape)} {kwargs}: got {got}, torch gives {want}"

try:  # 3 input channels, but the weight expects 2
    conv2d_output_shape((1, 3, 8, 8), (4, 2, 3, 3))
except ValueError:
    pass
else:
    raise AssertionError("conv2d_output_shape((1, 3, 8, 8), (4, 2, 3, 3)) should raise ValueError")''',
        4,
    ),
    FunctionLesson(
        "conv_transpose2d_output_shape",
        {"en": "The full output shape of `conv_transpose2d`; remember the weight layout "
               "`(C_in, C_out / groups, kH, kW)`.",
         "zh": "`conv_transpose2d` 的完整输出形状；注意权重布局是 `(C_in, C_out / groups, kH, kW)`。"},
        '''\
cases = [  # input_shape, weight_shape, other arguments
    ((1, 8, 4, 4), (8, 3, 4, 4), dict(stride=2, padding=1)),
    ((2, 4, 5, 6), (4, 2, 3, 3), dict(stride=2, padding=1, output_padding=1, groups=2)),
    ((6, 3, 3), (6, 1, 3, 3), dict(stride=3, output_padding=(1, 2))),
]
for input_shape, weight_shape, kwargs in cases:
    got = conv_transpose2d_output_shape(input_shape, weight_shape, **kwargs)
    want = tuple(F.conv_transpose2d(torch.zeros(input_shape), torch.zeros(weight_shape), **kwargs).shape)
    assert tuple(got) == want, f"conv_transpose2d_output_shape{(input_shape, weight_shape)} {kwargs}: got {got}, torch gives {want}"''',
        3,
    ),
    FunctionLesson(
        "conv2d_num_params",
        {"en": "How many parameters `torch.nn.Conv2d` has (section 4).",
         "zh": "`torch.nn.Conv2d` 有多少个参数（见第 4 节）。"},
        '''\
cases = [  # in_channels, out_channels, kernel_size, groups, bias
    (3, 64, 3, 1, True),
    (64, 128, (3, 1), 4, False),
    (32, 32, 5, 32, True),
]
for c_in, c_out, k, g, bias in cases:
    got = conv2d_num_params(c_in, c_out, k, groups=g, bias=bias)
    layer = torch.nn.Conv2d(c_in, c_out, k, groups=g, bias=bias)
    want = sum(p.numel() for p in layer.parameters())
    assert got == want, f"conv2d_num_params{(c_in, c_out, k, g, bias)}: got {got}, torch counts {want}"''',
        3,
    ),
    FunctionLesson(
        "receptive_field",
        {"en": "The receptive field of a stack of layers `[(kernel_size, stride, dilation), ...]` (section 4).",
         "zh": "一叠层 `[(kernel_size, stride, dilation), ...]` 的感受野（见第 4 节）。"},
        '''\
def torch_receptive_field(layers, size=200):
    """Which inputs move the centre output unit? Ask autograd, then measure their span."""
    x = torch.zeros(1, 1, size, requires_grad=True)
    y = x
    for k, s, d in layers:
        y = F.conv1d(y, torch.ones(1, 1, k), stride=s, dilation=d)
    y[0, 0, y.shape[-1] // 2].backward()
    seen = torch.nonzero(x.grad[0, 0]).flatten()
    return int(seen.max() - seen.min() + 1)

cases = [
    [(3, 1, 1), (3, 1, 1), (3, 1, 1)],
    [(7, 2, 1), (3, 2, 1), (3, 1, 1)],
    [(3, 1, 1), (3, 1, 2), (3, 1, 4)],
]
for layers in cases:
    got = receptive_field(layers)
    want = torch_receptive_field(layers)
    assert got == want, f"receptive_field({layers}): got {got}, torch gives {want}"''',
        3,
    ),
)

LESSON = Lesson(
    assignment="a1_shapes",
    title={"en": "Output sizes and shapes", "zh": "输出尺寸与形状"},
    summary={
        "en": "Before computing a single convolution, know what shape comes out. This assignment "
              "works out the size formulas of convolution, transposed convolution and pooling, "
              "PyTorch's `ceil_mode` and `'same'` rules, the number of parameters of a layer, and "
              "the receptive field of a stack of layers. Every answer is checked against PyTorch.",
        "zh": "在真正算卷积之前，先要知道输出是什么形状。这次作业推导卷积、转置卷积和池化的尺寸公式，"
              "弄清 PyTorch 中 `ceil_mode` 和 `'same'` 的规则，数一数一层有多少参数，再算出一叠卷积层的感受野。"
              "每个答案都会和 PyTorch 对照。",
    },
    sections=(
        {"en": SIZE_FORMULA, "zh": SIZE_FORMULA_ZH},
        {"en": POOL, "zh": POOL_ZH},
        {"en": SAME_TRANSPOSE, "zh": SAME_TRANSPOSE_ZH},
        {"en": PARAMS_RF, "zh": PARAMS_RF_ZH},
    ),
    functions=FUNCTIONS,
)
