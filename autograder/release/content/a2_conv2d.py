"""a2_conv2d: cross-correlation, padding modes, stride, dilation, groups, pooling."""
from . import FunctionLesson, Lesson

XCORR = r"""
## 1. What `conv2d` computes: a cross-correlation

Despite its name, `torch.nn.functional.conv2d` does **not** flip the kernel. For a batch of
images `x` of shape `(N, C_in, H, W)` and a weight of shape `(C_out, C_in, kH, kW)`:

$$y[n, o, i, j] = b[o] + \sum_{c}\sum_{u}\sum_{v} x_\text{pad}[n, c,\; i s_H + u d_H,\; j s_W + v d_W]\; w[o, c, u, v]$$

Each output channel $o$ has its own kernel over **all** input channels, and one bias $b[o]$.

**Worked example** (one channel, no padding, stride 1):

```
x = [[1, 2, 3],      w = [[0, 1],      y = [[10, 13],
     [4, 5, 6],           [2, 0]]           [19, 22]]
     [7, 8, 9]]
```

$y[0,0] = 1\cdot 2 + 2 \cdot 4 = 10$: the kernel lies on the top-left 2×2 patch as it is.
A textbook convolution would rotate `w` by 180° first and give $y[0,0] = 2\cdot 2 + 1 \cdot 4 = 8$:
that is the *flipped kernel* mistake.
"""

XCORR_ZH = r"""
## 1. `conv2d` 算的其实是互相关

名字叫卷积，但 `torch.nn.functional.conv2d` **不会**翻转卷积核。输入是一批形状为 `(N, C_in, H, W)`
的图像 `x`，权重形状为 `(C_out, C_in, kH, kW)`，则

$$y[n, o, i, j] = b[o] + \sum_{c}\sum_{u}\sum_{v} x_\text{pad}[n, c,\; i s_H + u d_H,\; j s_W + v d_W]\; w[o, c, u, v]$$

每个输出通道 $o$ 都有自己的一个卷积核，覆盖**全部**输入通道，再加上一个偏置 $b[o]$。

**算一个例子**（单通道，不填充，步长 1）：

```
x = [[1, 2, 3],      w = [[0, 1],      y = [[10, 13],
     [4, 5, 6],           [2, 0]]           [19, 22]]
     [7, 8, 9]]
```

$y[0,0] = 1\cdot 2 + 2 \cdot 4 = 10$：卷积核原样盖在左上角 2×2 的小块上。
教科书里的“真”卷积会先把 `w` 旋转 180°，得到 $y[0,0] = 2\cdot 2 + 1 \cdot 4 = 8$——这就是“翻转卷积核”的错误。
"""

PADDING = r"""
## 2. Padding, stride and dilation

- **padding** adds rows and columns around the image before the window slides. `padding=1`
  pads one on every side; a pair `(ph, pw)` pads height and width differently; `'valid'` means 0;
  `'same'` pads $d(k-1)$ in total so that the output is as large as the input, the odd extra
  one on the bottom/right (stride 1 only).
- **padding_mode** says what the border holds. For the row `1 2 3 4` padded by 2:

| mode | padded row |
| --- | --- |
| `zeros` | `0 0 1 2 3 4 0 0` |
| `reflect` | `3 2 1 2 3 4 3 2` (mirror, the edge not repeated) |
| `replicate` | `1 1 1 2 3 4 4 4` (repeat the edge) |
| `circular` | `3 4 1 2 3 4 1 2` (wrap around) |

  `np.pad` knows all four (`constant`, `reflect`, `edge`, `wrap`).
- **stride** $s$ moves the window $s$ pixels at a time: output pixel $i$ starts at input row $i s$.
- **dilation** $d$ spreads the taps $d$ apart: tap $u$ reads row $i s + u d$.

Output size per axis, as in a1: $\lfloor (H + p_\text{top} + p_\text{bottom} - d(k-1) - 1)/s \rfloor + 1$.
"""

PADDING_ZH = r"""
## 2. 填充、步长与空洞

- **padding**：窗口滑动之前，在图像四周补上若干行和列。`padding=1` 表示每边补一个；一对 `(ph, pw)`
  表示高和宽分别补；`'valid'` 即不补；`'same'` 总共补 $d(k-1)$，使输出和输入一样大，奇数时多的那个补在
  下边/右边（只允许 stride 1）。
- **padding_mode**：边框里放什么。把一行 `1 2 3 4` 两边各补 2 个：

| 模式 | 补完之后 |
| --- | --- |
| `zeros` | `0 0 1 2 3 4 0 0` |
| `reflect` | `3 2 1 2 3 4 3 2`（镜像，不重复边缘） |
| `replicate` | `1 1 1 2 3 4 4 4`（重复边缘值） |
| `circular` | `3 4 1 2 3 4 1 2`（首尾相接） |

  这四种 `np.pad` 都支持（`constant`、`reflect`、`edge`、`wrap`）。
- **stride**（步长）$s$：窗口每次移动 $s$ 个像素，第 $i$ 个输出从输入的第 $i s$ 行开始。
- **dilation**（空洞）$d$：相邻抽头相隔 $d$，第 $u$ 个抽头读第 $i s + u d$ 行。

每个维度的输出尺寸和 a1 一样：$\lfloor (H + p_\text{上} + p_\text{下} - d(k-1) - 1)/s \rfloor + 1$。
"""

GROUPS = r"""
## 3. Groups

With `groups=g` the input channels are split into $g$ consecutive blocks of $C_\text{in}/g$, the
output channels into $g$ blocks of $C_\text{out}/g$, and block $k$ of the output only sees
block $k$ of the input. The weight therefore has shape `(C_out, C_in / g, kH, kW)`.

Example: `C_in = 4`, `C_out = 6`, `groups = 2`: output channels 0, 1, 2 read input channels
0, 1; output channels 3, 4, 5 read input channels 2, 3. With `groups = C_in` every channel is
filtered on its own (a *depthwise* convolution, as in MobileNet).
"""

GROUPS_ZH = r"""
## 3. 分组卷积（groups）

`groups=g` 时，输入通道按顺序分成 $g$ 块，每块 $C_\text{in}/g$ 个；输出通道也分成 $g$ 块，每块
$C_\text{out}/g$ 个；输出的第 $k$ 块只看输入的第 $k$ 块。所以权重形状是 `(C_out, C_in / g, kH, kW)`。

例：`C_in = 4`，`C_out = 6`，`groups = 2`：输出通道 0、1、2 读输入通道 0、1；输出通道 3、4、5 读输入通道 2、3。
`groups = C_in` 时每个通道单独滤波，这就是 MobileNet 里的*逐通道*（depthwise）卷积。
"""

VECTORIZE = r"""
## 4. From loops to one matrix product

`conv2d_naive` may loop over everything: it is graded on small inputs only. `conv2d` is also
graded on large inputs (such as a 512×512 image) against a time limit of roughly 20× the
reference, so it must not loop over output pixels. One good plan (im2col):

1. pad the input once;
2. for each kernel tap $(u, v)$, take the strided slice
   `x_pad[:, :, u*dH : u*dH + sH*(H_out-1) + 1 : sH, v*dW : ... : sW]`: the value of that tap for
   **every** output pixel at once, and stack these slices into a column buffer;
3. one `np.einsum` / `@` of the buffer with the weight reshaped to `(C_out, C_in*kH*kW)`.

A Python loop over the $k_H k_W$ taps is fine; a loop over the $H_\text{out} W_\text{out}$ output
pixels is not. `np.lib.stride_tricks.sliding_window_view` is another good tool.
`conv1d` is a `conv2d` with a height of 1: reshape, call `conv2d`, reshape back.
"""

VECTORIZE_ZH = r"""
## 4. 从循环到一次矩阵乘法

`conv2d_naive` 可以把所有东西都写成循环：它只用小输入评分。`conv2d` 还要在大输入（比如 512×512 的图像）上
评分，时间限制大约是参考实现的 20 倍，所以不能对输出像素做循环。一个好办法（im2col）：

1. 先一次性补好零；
2. 对每个卷积核抽头 $(u, v)$，取出带步长的切片
   `x_pad[:, :, u*dH : u*dH + sH*(H_out-1) + 1 : sH, v*dW : ... : sW]`——它一次给出这个抽头在**所有**输出
   像素上的取值，把这些切片叠成一个列缓冲区；
3. 用一次 `np.einsum` 或 `@`，把缓冲区和变形成 `(C_out, C_in*kH*kW)` 的权重相乘。

对 $k_H k_W$ 个抽头用 Python 循环没问题；对 $H_\text{out} W_\text{out}$ 个输出像素循环就太慢了。
`np.lib.stride_tricks.sliding_window_view` 也很好用。
`conv1d` 就是高度为 1 的 `conv2d`：变形、调用 `conv2d`、再变回来。
"""

POOLING = r"""
## 5. Pooling

`max_pool2d` and `avg_pool2d` slide a window over each channel separately (no weights) and take
the maximum or the mean. `stride` defaults to the kernel size. Max pooling pads with $-\infty$
(a padded value never wins); average pooling pads with zeros, and `count_include_pad` says whether
those zeros count in the divisor. In the top-left 3×3 window with `padding=1`, 4 pixels are real:
the sum is divided by 9 when `count_include_pad=True`, by 4 when it is `False`.
With `ceil_mode=True` a partial last window is kept (a1's rule); average pooling then divides by the
part of the window that lies inside the padded input.
"""

POOLING_ZH = r"""
## 5. 池化

`max_pool2d` 和 `avg_pool2d` 在每个通道上单独滑动窗口（没有权重），取最大值或平均值，`stride` 默认等于
核大小。最大池化用 $-\infty$ 补边（补出来的值永远不会被选中）；平均池化用 0 补边，`count_include_pad`
决定这些 0 算不算进分母。`padding=1` 时左上角 3×3 的窗口里只有 4 个真实像素：`count_include_pad=True`
时总和除以 9，为 `False` 时除以 4。
`ceil_mode=True` 时保留末尾不完整的窗口（规则见 a1）；这时平均池化只除以窗口落在填充后输入之内的那部分大小。
"""

_CONV_TEST = '''\
rng = np.random.default_rng({seed})
configs = [  # input shape, weight shape, keyword arguments
{configs}
]
for x_shape, w_shape, kwargs in configs:
    x = rng.standard_normal(x_shape)
    weight = rng.standard_normal(w_shape)
    bias = rng.standard_normal(w_shape[0])
    got = {function}(x, weight, bias, **kwargs)
    want = F.{torch_function}(torch.tensor(x), torch.tensor(weight), torch.tensor(bias), **kwargs).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-9, err_msg=f"{function} with {{kwargs}}")'''

_NAIVE_CONFIGS = '''\
    ((2, 3, 6, 6), (4, 3, 3, 3), dict()),
    ((2, 3, 6, 6), (4, 3, 3, 3), dict(stride=2, padding=1)),
    ((1, 2, 7, 7), (3, 2, 3, 3), dict(padding=2, dilation=2)),
    ((1, 2, 5, 8), (2, 2, 2, 3), dict(stride=(2, 1), padding=(0, 1))),
    ((1, 4, 5, 5), (6, 2, 3, 3), dict(groups=2)),'''

_CONV2D_TEST = _CONV_TEST.format(seed=1, function="conv2d", torch_function="conv2d", configs='''\
    ((2, 3, 8, 8), (4, 3, 3, 3), dict(stride=2, padding=1)),
    ((1, 2, 7, 9), (3, 2, 3, 3), dict(padding="same", dilation=2)),
    ((1, 4, 6, 6), (4, 1, 3, 3), dict(groups=4)),
    ((3, 6, 6), (2, 3, 2, 2), dict()),''') + '''

for mode, pad in [("reflect", 1), ("circular", (1, 2))]:
    x = rng.standard_normal((1, 2, 6, 7))
    weight = rng.standard_normal((3, 2, 3, 3))
    got = conv2d(x, weight, padding=pad, padding_mode=mode)
    ph, pw = (pad, pad) if isinstance(pad, int) else pad
    padded = F.pad(torch.tensor(x), (pw, pw, ph, ph), mode=mode)
    want = F.conv2d(padded, torch.tensor(weight)).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-9, err_msg=f"conv2d with padding_mode={mode!r}")'''

_CONV1D_TEST = _CONV_TEST.format(seed=2, function="conv1d", torch_function="conv1d", configs='''\
    ((2, 3, 10), (4, 3, 3), dict()),
    ((2, 3, 10), (4, 3, 3), dict(stride=2, padding=1)),
    ((1, 2, 12), (2, 2, 4), dict(padding="same", dilation=2)),
    ((1, 3, 9), (6, 1, 3), dict(groups=3)),''')

_MAX_POOL_TEST = '''\
rng = np.random.default_rng(3)
configs = [
    dict(kernel_size=2),
    dict(kernel_size=3, stride=2, padding=1),
    dict(kernel_size=3, stride=2, ceil_mode=True),
    dict(kernel_size=2, stride=1, dilation=2),
]
for kwargs in configs:
    x = rng.standard_normal((2, 3, 7, 7))
    got = max_pool2d(x, **kwargs)
    want = F.max_pool2d(torch.tensor(x), **kwargs).numpy()
    np.testing.assert_allclose(got, want, err_msg=f"max_pool2d with {kwargs}")'''

_AVG_POOL_TEST = '''\
rng = np.random.default_rng(4)
configs = [
    dict(kernel_size=2),
    dict(kernel_size=3, stride=2, padding=1),
    dict(kernel_size=3, stride=2, padding=1, count_include_pad=False),
    dict(kernel_size=3, stride=2, padding=1, ceil_mode=True),
]
for kwargs in configs:
    x = rng.standard_normal((2, 3, 8, 8))
    got = avg_pool2d(x, **kwargs)
    want = F.avg_pool2d(torch.tensor(x), **kwargs).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-9, err_msg=f"avg_pool2d with {kwargs}")'''

FUNCTIONS = (
    FunctionLesson(
        "conv2d_naive",
        {"en": "The definition of section 1 written as plain loops: padding, stride, dilation, groups and "
               "bias included. Make it correct first; speed does not matter here.",
         "zh": "把第 1 节的定义直接写成循环：要支持填充、步长、空洞、分组和偏置。先求正确，这里不在乎速度。"},
        _CONV_TEST.format(seed=0, function="conv2d_naive", torch_function="conv2d", configs=_NAIVE_CONFIGS),
        5,
    ),
    FunctionLesson(
        "conv2d",
        {"en": "The same result, vectorized (section 4), plus `padding_mode` (section 2).",
         "zh": "同样的结果，但要向量化（第 4 节），并支持 `padding_mode`（第 2 节）。"},
        _CONV2D_TEST,
        6,
    ),
    FunctionLesson(
        "conv1d",
        {"en": "A 1-D convolution on `(N, C, L)` inputs, by way of your `conv2d`.",
         "zh": "对 `(N, C, L)` 输入做一维卷积，借助你写好的 `conv2d` 来实现。"},
        _CONV1D_TEST,
        4,
    ),
    FunctionLesson(
        "max_pool2d",
        {"en": "Max pooling with padding, dilation and `ceil_mode` (section 5).",
         "zh": "最大池化，支持填充、空洞和 `ceil_mode`（第 5 节）。"},
        _MAX_POOL_TEST,
        4,
    ),
    FunctionLesson(
        "avg_pool2d",
        {"en": "Average pooling with `count_include_pad` and `ceil_mode` (section 5).",
         "zh": "平均池化，支持 `count_include_pad` 和 `ceil_mode`（第 5 节）。"},
        _AVG_POOL_TEST,
        4,
    ),
)

LESSON = Lesson(
    assignment="a2_conv2d",
    title={"en": "Convolution from scratch", "zh": "从零实现卷积"},
    summary={
        "en": "Write the forward pass of `torch.nn.functional.conv2d` in numpy: first as loops that "
              "follow the definition, then vectorized, with every option PyTorch has (padding modes, "
              "stride, dilation, groups), and finish with `conv1d` and the two pooling layers.",
        "zh": "用 numpy 写出 `torch.nn.functional.conv2d` 的前向计算：先照定义写成循环，再改成向量化版本，"
              "支持 PyTorch 的全部选项（填充模式、步长、空洞、分组），最后完成 `conv1d` 和两种池化层。",
    },
    sections=(
        {"en": XCORR, "zh": XCORR_ZH},
        {"en": PADDING, "zh": PADDING_ZH},
        {"en": GROUPS, "zh": GROUPS_ZH},
        {"en": VECTORIZE, "zh": VECTORIZE_ZH},
        {"en": POOLING, "zh": POOLING_ZH},
    ),
    functions=FUNCTIONS,
)
