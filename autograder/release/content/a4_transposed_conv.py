"""a4_transposed_conv: transposed convolution as K^T, output_padding, checkerboards, backward."""
from . import FunctionLesson, Lesson

SCATTER = r"""
## 1. The transposed convolution scatters

A convolution **gathers**: each output is a weighted sum of one window of inputs. The transposed
convolution **scatters**: each input pixel, multiplied by the whole kernel, is added onto a window
of the output, and overlapping windows add up. For input channel $c$ (in group $g$):

$$\text{out}[n, o,\; h s_H - p_H + u d_H,\; w s_W - p_W + v d_W] \mathrel{+}= x[n, c, h, w]\; \text{weight}[c, o - g\,C_\text{out}/g, u, v]$$

Mind the weight layout of `ConvTranspose2d`: **`(C_in, C_out / groups, kH, kW)`**, input channels first.
The padding $p$ is *cropped* from the result (it undoes the padding of the matching convolution).

**Worked example (1-D).** `x = [1, 2]`, kernel `[1, 1, 1]`, stride 2: the output has
$(2-1)\cdot 2 + 3 = 5$ values; input 1 lands on positions 0–2, input 2 on positions 2–4:

```
  1 1 1
+     2 2 2
= 1 1 3 2 2
```

Loop over the $k_H k_W$ kernel taps (each tap is one strided slice of the output), never over pixels.
"""

SCATTER_ZH = r"""
## 1. 转置卷积是“散播”

卷积是**汇集**：每个输出是一个窗口里输入的加权和。转置卷积是**散播**：每个输入像素乘上整个卷积核，
加到输出的一个窗口上，窗口重叠处相加。对属于第 $g$ 组的输入通道 $c$：

$$\text{out}[n, o,\; h s_H - p_H + u d_H,\; w s_W - p_W + v d_W] \mathrel{+}= x[n, c, h, w]\; \text{weight}[c, o - g\,C_\text{out}/g, u, v]$$

注意 `ConvTranspose2d` 的权重布局是 **`(C_in, C_out / groups, kH, kW)`**，输入通道在前。
padding $p$ 是从结果上*裁掉*的（抵消对应卷积的填充）。

**例子（一维）。** `x = [1, 2]`，卷积核 `[1, 1, 1]`，步长 2：输出有 $(2-1)\cdot 2 + 3 = 5$ 个值；
输入 1 落在位置 0–2，输入 2 落在位置 2–4：

```
  1 1 1
+     2 2 2
= 1 1 3 2 2
```

对 $k_H k_W$ 个抽头循环（每个抽头对应输出上的一个带步长的切片），不要对像素循环。
"""

TRANSPOSE = r"""
## 2. Why "transposed": $K^\top$, and `output_padding`

In a3 you built the matrix $K$ of a convolution: $\mathrm{vec}(y) = K\,\mathrm{vec}(x)$. Its
transpose maps back from the output space to the input space, and that is exactly the transposed
convolution with the **same** weight tensor:

$$\mathrm{vec}(\text{conv\_transpose2d}(y, w)) = K^\top \mathrm{vec}(y).$$

(`w` is read as a conv2d weight `(C_out, C_in, ...)` by $K$, which is the `(C_in, C_out, ...)`
layout of the transposed convolution going the other way.) It is **not** the inverse of the
convolution: $K^\top K \ne I$.

A strided convolution maps several input sizes to one output size: with $k=3, s=2, p=1$ both
$H = 7$ and $H = 8$ give 4. Going back from 4, the transposed convolution gives 7 by default;
`output_padding = 1` adds one row at the bottom (one column at the right) to give 8. It must
be smaller than $\max(s, d)$. In `conv_transpose2d_matmul` build $K$ for the size you want to
reach, and zero-extend `x` when `output_padding` makes $K$ taller than the input.
"""

TRANSPOSE_ZH = r"""
## 2. 为什么叫“转置”：$K^\top$ 与 `output_padding`

在 a3 里你构造了卷积的矩阵 $K$：$\mathrm{vec}(y) = K\,\mathrm{vec}(x)$。它的转置把输出空间映射回输入空间，
而这恰好就是用**同一个**权重张量做的转置卷积：

$$\mathrm{vec}(\text{conv\_transpose2d}(y, w)) = K^\top \mathrm{vec}(y).$$

（$K$ 把 `w` 当作 conv2d 的权重 `(C_out, C_in, ...)` 来读，反过来看，正好是转置卷积的 `(C_in, C_out, ...)` 布局。）
它**不是**卷积的逆：$K^\top K \ne I$。

带步长的卷积会把几个不同的输入尺寸映射到同一个输出尺寸：$k=3, s=2, p=1$ 时，$H = 7$ 和 $H = 8$ 都得到 4。
从 4 往回走，转置卷积默认给出 7；`output_padding = 1` 在下边多加一行（右边多加一列），得到 8。
它必须小于 $\max(s, d)$。在 `conv_transpose2d_matmul` 里，按你想得到的尺寸构造 $K$；如果 `output_padding`
让 $K$ 比输入更高，就先把 `x` 用 0 扩展。
"""

CHECKERBOARD = r"""
## 3. Checkerboard artifacts

Scatter an all-ones image with an all-ones kernel and count how many taps land on each output
pixel. With $k = 3$, $s = 2$ (1-D, 4 inputs) the counts are

```
1 1 2 1 2 1 2 1 1
```

every other pixel gets twice as much; in 2-D the counts are the outer product of two such rows,
a checkerboard of 1, 2 and 4. This is the pattern that generators built from transposed
convolutions paint onto their images (Odena et al., *Deconvolution and Checkerboard Artifacts*, 2016).
When the stride divides the kernel size ($k = 4$, $s = 2$) every interior pixel gets the same count;
resize-then-convolve avoids the problem altogether.
"""

CHECKERBOARD_ZH = r"""
## 3. 棋盘格伪影

把一张全 1 的图像用全 1 的卷积核散播出去，数一数每个输出像素收到几个抽头。$k = 3$、$s = 2$（一维，4 个输入）时：

```
1 1 2 1 2 1 2 1 1
```

每隔一个像素就多收一倍；二维时是两行这样的计数的外积，成了由 1、2、4 组成的棋盘格。用转置卷积搭的生成器
画出来的图上常见的正是这种花纹（Odena 等，*Deconvolution and Checkerboard Artifacts*，2016）。
当步长能整除核大小时（$k = 4$，$s = 2$），内部每个像素的计数都一样；先放大再卷积则可以彻底避免这个问题。
"""

BACKWARD = r"""
## 4. The backward pass of conv2d

For $y = \text{conv2d}(x, w) + b$ and a loss with gradient $g = \partial L / \partial y$:

- $\partial L/\partial x = K^\top \mathrm{vec}(g)$: the **transposed convolution** of $g$ with the same
  weight (scatter each $g$ value back through the kernel; with a stride, add the `output_padding`
  that restores the size of $x$);
- $\partial L/\partial w[o, c, u, v] = \sum_{n,i,j} g[n, o, i, j]\; x_\text{pad}[n, c, i s + u d, j s + v d]$:
  a correlation of the input with the gradient (with im2col: `g2 @ cols.T`, summed over the batch);
- $\partial L/\partial b[o] = \sum_{n,i,j} g[n, o, i, j]$.

With groups, each group does this on its own block of channels. The test compares all three with
`torch.autograd`.
"""

BACKWARD_ZH = r"""
## 4. conv2d 的反向传播

设 $y = \text{conv2d}(x, w) + b$，损失对 $y$ 的梯度为 $g = \partial L / \partial y$：

- $\partial L/\partial x = K^\top \mathrm{vec}(g)$：用同一个权重对 $g$ 做**转置卷积**（把每个 $g$ 值沿卷积核散播回去；
  有步长时，加上能恢复 $x$ 尺寸的 `output_padding`）；
- $\partial L/\partial w[o, c, u, v] = \sum_{n,i,j} g[n, o, i, j]\; x_\text{pad}[n, c, i s + u d, j s + v d]$：
  输入与梯度的互相关（用 im2col 写就是 `g2 @ cols.T`，再对 batch 求和）；
- $\partial L/\partial b[o] = \sum_{n,i,j} g[n, o, i, j]$。

有分组时，每一组在自己那块通道上各算各的。测试会把这三项都和 `torch.autograd` 对比。
"""

PASTE = {
    "en": "### Paste your `kernel_matrix` from a3\n\nEach module is self-contained: copy the body of "
          "your own `kernel_matrix` (and any helper it calls) from `kernel_matrix.py` into this cell. "
          "`conv_transpose2d_matmul` below uses it.",
    "zh": "### 把 a3 里你自己写的 `kernel_matrix` 粘贴过来\n\n每个模块都必须独立运行：把你在 `kernel_matrix.py` "
          "里写的 `kernel_matrix` 函数体（以及它调用的辅助函数）复制到这个单元格。下面的 "
          "`conv_transpose2d_matmul` 会用到它。",
}

FUNCTIONS = (
    FunctionLesson(
        "conv_transpose2d",
        {"en": "`torch.nn.functional.conv_transpose2d` by scatter-add (section 1), with stride, padding, "
               "`output_padding`, groups, dilation and bias.",
         "zh": "用散播相加实现 `torch.nn.functional.conv_transpose2d`（第 1 节），支持步长、填充、`output_padding`、分组、空洞和偏置。"},
        '''\
rng = np.random.default_rng(0)
configs = [  # input shape, weight shape (C_in, C_out/groups, kH, kW), other arguments
    ((2, 3, 4, 4), (3, 2, 3, 3), dict()),
    ((1, 2, 4, 5), (2, 3, 3, 3), dict(stride=2, padding=1, output_padding=1)),
    ((1, 4, 3, 3), (4, 3, 3, 3), dict(groups=2)),
    ((3, 4, 4), (3, 2, 2, 3), dict(stride=(2, 1), dilation=2)),
]
for x_shape, w_shape, kwargs in configs:
    x = rng.standard_normal(x_shape)
    weight = rng.standard_normal(w_shape)
    bias = rng.standard_normal(w_shape[1] * kwargs.get("groups", 1))
    got = conv_transpose2d(x, weight, bias, **kwargs)
    want = F.conv_transpose2d(torch.tensor(x), torch.tensor(weight), torch.tensor(bias), **kwargs).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-9, err_msg=f"conv_transpose2d with {kwargs}")''',
        4,
    ),
    FunctionLesson(
        "conv_transpose2d_matmul",
        {"en": "The same transposed convolution (groups = 1, no bias) computed as $K^\\top \\mathrm{vec}(x)$ "
               "with your `kernel_matrix` (section 2).",
         "zh": "用你的 `kernel_matrix` 以 $K^\\top \\mathrm{vec}(x)$ 的方式计算同一个转置卷积（groups = 1，无偏置，第 2 节）。"},
        '''\
rng = np.random.default_rng(1)
configs = [  # input shape, weight shape (C_in, C_out, kH, kW), other arguments
    ((1, 2, 3, 3), (2, 3, 3, 3), dict()),
    ((2, 2, 4, 3), (2, 2, 3, 3), dict(stride=2, padding=1, output_padding=1)),
    ((3, 3, 3), (3, 2, 2, 2), dict(stride=2, dilation=2)),
]
for x_shape, w_shape, kwargs in configs:
    x = rng.standard_normal(x_shape)
    weight = rng.standard_normal(w_shape)
    got = conv_transpose2d_matmul(x, weight, **kwargs)
    want = F.conv_transpose2d(torch.tensor(x), torch.tensor(weight), **kwargs).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-9, err_msg=f"conv_transpose2d_matmul with {kwargs}")''',
        3,
    ),
    FunctionLesson(
        "conv2d_backward",
        {"en": "The gradients of `conv2d` with respect to its input, weight and bias (section 4).",
         "zh": "`conv2d` 对输入、权重和偏置的梯度（第 4 节）。"},
        '''\
rng = np.random.default_rng(2)
configs = [  # input shape, weight shape, other arguments
    ((2, 3, 5, 5), (4, 3, 3, 3), dict()),
    ((1, 2, 7, 6), (3, 2, 3, 3), dict(stride=2, padding=1)),
    ((1, 4, 7, 7), (4, 2, 3, 3), dict(padding=2, dilation=2, groups=2)),
]
for x_shape, w_shape, kwargs in configs:
    x = rng.standard_normal(x_shape)
    weight = rng.standard_normal(w_shape)
    x_t = torch.tensor(x, requires_grad=True)
    w_t = torch.tensor(weight, requires_grad=True)
    b_t = torch.zeros(w_shape[0], requires_grad=True)
    y = F.conv2d(x_t, w_t, b_t, **kwargs)
    grad_output = rng.standard_normal(tuple(y.shape))
    y.backward(torch.tensor(grad_output))
    grad_x, grad_weight, grad_bias = conv2d_backward(grad_output, x, weight, **kwargs)
    for name, got, want in [("grad_x", grad_x, x_t.grad), ("grad_weight", grad_weight, w_t.grad),
                            ("grad_bias", grad_bias, b_t.grad)]:
        np.testing.assert_allclose(got, want.numpy(), rtol=1e-7, atol=1e-9, err_msg=f"{name} with {kwargs}")''',
        3,
    ),
    FunctionLesson(
        "checkerboard",
        {"en": "How many kernel taps land on each output pixel of a transposed convolution (section 3).",
         "zh": "转置卷积的每个输出像素上落了多少个卷积核抽头（第 3 节）。"},
        '''\
configs = [  # in_hw, kernel_size, stride, padding
    ((4, 4), 3, 2, 0),
    ((4, 4), 4, 2, 1),
    ((3, 5), 3, 1, 1),
]
for in_hw, k, s, p in configs:
    got = checkerboard(in_hw, k, stride=s, padding=p)
    want = F.conv_transpose2d(torch.ones(1, 1, *in_hw), torch.ones(1, 1, k, k), stride=s, padding=p)[0, 0]
    np.testing.assert_array_equal(got, want.numpy().astype(int),
                                  err_msg=f"checkerboard({in_hw}, {k}, stride={s}, padding={p})")''',
        3,
    ),
)

LESSON = Lesson(
    assignment="a4_transposed_conv",
    title={"en": "Transposed convolution and the backward pass",
           "zh": "转置卷积与反向传播"},
    summary={
        "en": "The transposed convolution of decoders and GANs is the transpose $K^\\top$ of a3's kernel "
              "matrix. Here you implement it twice (scatter-add, then $K^\\top$), meet `output_padding` "
              "and the checkerboard artifacts of upsampling layers, and discover that the same operation "
              "is the gradient of `conv2d` with respect to its input.",
        "zh": "解码器和 GAN 里用到的转置卷积，就是 a3 中卷积矩阵的转置 $K^\\top$。这次你要用两种方法实现它"
              "（散播相加，以及 $K^\\top$），认识 `output_padding` 和上采样层的棋盘格伪影，"
              "并发现同一个运算正是 `conv2d` 对输入的梯度。",
    },
    sections=(
        {"en": SCATTER, "zh": SCATTER_ZH},
        {"en": TRANSPOSE, "zh": TRANSPOSE_ZH},
        {"en": CHECKERBOARD, "zh": CHECKERBOARD_ZH},
        {"en": BACKWARD, "zh": BACKWARD_ZH},
    ),
    functions=FUNCTIONS,
    helpers={"kernel_matrix": PASTE},
    stub_notes={"kernel_matrix": "# Paste your own kernel_matrix from a3 (kernel_matrix.py) here."},
)
