"""a3_kernel_matrix: im2col / unfold order, col2im / fold, and the kernel matrix K."""
from . import FunctionLesson, Lesson

UNFOLD = r"""
## 1. im2col: every window becomes a column

`torch.nn.functional.unfold(x, kernel_size, ...)` cuts every window the convolution would see
out of the image and lays it out as one **column**. For `x` of shape `(N, C, H, W)` the result
has shape `(N, C·kH·kW, L)` with $L = H_\text{out} W_\text{out}$ windows. The order is fixed:

- **row** $r = (c \cdot k_H + u) \cdot k_W + v$: channel first, then kernel row $u$, then kernel column $v$;
- **column** $\ell = i \cdot W_\text{out} + j$: output pixels in row-major order.

**Worked example.** `x = np.arange(16).reshape(1, 1, 4, 4)`, 2×2 windows, stride 2:

```
x = [[ 0,  1,  2,  3],        unfold(x, 2, stride=2)[0] = [[ 0,  2,  8, 10],   # tap (0, 0)
     [ 4,  5,  6,  7],                                     [ 1,  3,  9, 11],   # tap (0, 1)
     [ 8,  9, 10, 11],                                     [ 4,  6, 12, 14],   # tap (1, 0)
     [12, 13, 14, 15]]                                     [ 5,  7, 13, 15]]   # tap (1, 1)
```

Column 0 is the top-left window `0 1 4 5`. Any other order of rows or columns still "contains the
right numbers" but no longer matches `unfold` (and later breaks `fold` and the weight reshape).
"""

UNFOLD_ZH = r"""
## 1. im2col：每个窗口变成一列

`torch.nn.functional.unfold(x, kernel_size, ...)` 把卷积会看到的每一个窗口从图像里切出来，排成一**列**。
`x` 的形状为 `(N, C, H, W)` 时，结果形状是 `(N, C·kH·kW, L)`，其中 $L = H_\text{out} W_\text{out}$ 是窗口个数。
顺序是固定的：

- **行** $r = (c \cdot k_H + u) \cdot k_W + v$：先按通道，再按卷积核的行 $u$，最后按列 $v$；
- **列** $\ell = i \cdot W_\text{out} + j$：输出像素按行优先排列。

**例子。** `x = np.arange(16).reshape(1, 1, 4, 4)`，2×2 窗口，步长 2：

```
x = [[ 0,  1,  2,  3],        unfold(x, 2, stride=2)[0] = [[ 0,  2,  8, 10],   # 抽头 (0, 0)
     [ 4,  5,  6,  7],                                     [ 1,  3,  9, 11],   # 抽头 (0, 1)
     [ 8,  9, 10, 11],                                     [ 4,  6, 12, 14],   # 抽头 (1, 0)
     [12, 13, 14, 15]]                                     [ 5,  7, 13, 15]]   # 抽头 (1, 1)
```

第 0 列是左上角的窗口 `0 1 4 5`。行或列换一种顺序，虽然“数都对”，却和 `unfold` 对不上，之后 `fold`
和权重的 reshape 也会跟着出错。
"""

MATMUL = r"""
## 2. Convolution = im2col + one matrix product, and back with col2im

Once the windows are columns, a convolution is a single matrix product. With the weight reshaped
to `W2 = weight.reshape(C_out, C_in*kH*kW)` (the same row order as unfold!):

```
cols = im2col(x, ...)            # (N, C_in*kH*kW, L)
out  = W2 @ cols                 # (N, C_out, L)
out  = out.reshape(N, C_out, H_out, W_out) + bias[:, None, None]
```

`col2im` (`torch.nn.functional.fold`) goes the other way: it puts every column back at its
window's place and **adds** where windows overlap. It is not the inverse of im2col: for
overlapping windows `fold(unfold(x))` is `x` times the number of windows that cover each pixel.
It is the *adjoint* (transpose) of im2col, which is what the backward pass needs (a4).
"""

MATMUL_ZH = r"""
## 2. 卷积 = im2col + 一次矩阵乘法；col2im 把它还回去

窗口变成列之后，卷积就只是一次矩阵乘法。把权重变形为 `W2 = weight.reshape(C_out, C_in*kH*kW)`
（行的顺序和 unfold 一致！）：

```
cols = im2col(x, ...)            # (N, C_in*kH*kW, L)
out  = W2 @ cols                 # (N, C_out, L)
out  = out.reshape(N, C_out, H_out, W_out) + bias[:, None, None]
```

`col2im`（即 `torch.nn.functional.fold`）方向相反：把每一列放回它所在窗口的位置，窗口重叠的地方**相加**。
它不是 im2col 的逆：窗口有重叠时，`fold(unfold(x))` 等于 `x` 乘上每个像素被窗口覆盖的次数。
它是 im2col 的*伴随*（转置），反向传播正需要它（见 a4）。
"""

KMATRIX = r"""
## 3. The kernel matrix: $\mathrm{vec}(y) = K\, \mathrm{vec}(x)$

A convolution without bias is linear in its input, so for a fixed weight and input size there is a
matrix $K$ with $\mathrm{vec}(y) = K\,\mathrm{vec}(x)$, where vec flattens in C order
(`x.ravel()` of one image of shape `(C_in, H, W)`). $K$ has one row per output value and one
column per input value: shape `(C_out·H_out·W_out, C_in·H·W)`, and

$$K[(o, i, j),\ (c,\ i s_H - p_H + u d_H,\ j s_W - p_W + v d_W)] = w[o, c, u, v]$$

for every tap that lands inside the image (taps on the padding read zeros, so they simply have no column).

**Worked example.** One channel, a 3×3 input, a 2×2 kernel `[[a, b], [c, d]]`, stride 1:
the output is 2×2 and

```
K = [[a, b, 0, c, d, 0, 0, 0, 0],    # y[0, 0]
     [0, a, b, 0, c, d, 0, 0, 0],    # y[0, 1]
     [0, 0, 0, a, b, 0, c, d, 0],    # y[1, 0]
     [0, 0, 0, 0, a, b, 0, c, d]]    # y[1, 1]
```

Each row is the kernel laid over the flattened image, shifted by one window; $K$ is mostly zeros
(a *doubly block Toeplitz* matrix). Never use it to compute a real convolution: it exists to show
what a convolution **is**, and its transpose $K^\top$ is the transposed convolution of a4.
"""

KMATRIX_ZH = r"""
## 3. 卷积矩阵：$\mathrm{vec}(y) = K\, \mathrm{vec}(x)$

不带偏置的卷积对输入是线性的。所以权重和输入尺寸固定时，一定存在矩阵 $K$ 使
$\mathrm{vec}(y) = K\,\mathrm{vec}(x)$，这里 vec 按 C 顺序展平（即对形状为 `(C_in, H, W)` 的单张图做 `x.ravel()`）。
$K$ 每个输出值占一行、每个输入值占一列，形状为 `(C_out·H_out·W_out, C_in·H·W)`，并且

$$K[(o, i, j),\ (c,\ i s_H - p_H + u d_H,\ j s_W - p_W + v d_W)] = w[o, c, u, v]$$

对所有落在图像内部的抽头成立（落在填充上的抽头读到的是 0，所以在 $K$ 里根本没有对应的列）。

**例子。** 单通道，3×3 输入，2×2 卷积核 `[[a, b], [c, d]]`，步长 1，输出是 2×2：

```
K = [[a, b, 0, c, d, 0, 0, 0, 0],    # y[0, 0]
     [0, a, b, 0, c, d, 0, 0, 0],    # y[0, 1]
     [0, 0, 0, a, b, 0, c, d, 0],    # y[1, 0]
     [0, 0, 0, 0, a, b, 0, c, d]]    # y[1, 1]
```

每一行都是把卷积核铺在展平后的图像上，逐行平移一个窗口；$K$ 绝大部分是 0（一种*双重分块 Toeplitz* 矩阵）。
别真拿它来算卷积：它的意义在于说明卷积**是什么**，而它的转置 $K^\top$ 正是 a4 里的转置卷积。
"""

FUNCTIONS = (
    FunctionLesson(
        "im2col",
        {"en": "`torch.nn.functional.unfold`: every window as a column, in unfold's order (section 1).",
         "zh": "即 `torch.nn.functional.unfold`：把每个窗口排成一列，顺序与 unfold 一致（第 1 节）。"},
        '''\
rng = np.random.default_rng(0)
configs = [  # input shape, kernel_size, other arguments
    ((2, 3, 5, 6), 3, dict()),
    ((1, 2, 6, 7), (2, 3), dict(stride=2, padding=1)),
    ((1, 2, 7, 7), 3, dict(padding=1, dilation=2)),
]
for x_shape, k, kwargs in configs:
    x = rng.standard_normal(x_shape)
    got = im2col(x, k, **kwargs)
    want = F.unfold(torch.tensor(x), k, **kwargs).numpy()
    np.testing.assert_allclose(got, want, err_msg=f"im2col with kernel_size={k}, {kwargs}")''',
        3,
    ),
    FunctionLesson(
        "col2im",
        {"en": "`torch.nn.functional.fold`: columns back into images, overlaps added (section 2).",
         "zh": "即 `torch.nn.functional.fold`：把列放回图像，重叠处相加（第 2 节）。"},
        '''\
rng = np.random.default_rng(1)
configs = [  # channels, output_size, kernel_size, other arguments
    (2, (5, 6), 3, dict()),
    (3, (6, 6), 2, dict(stride=2)),
    (2, (7, 5), (3, 2), dict(padding=1, dilation=2)),
]
for c, size, k, kwargs in configs:
    kh, kw = (k, k) if isinstance(k, int) else k
    windows = F.unfold(torch.zeros(1, c, *size), k, **kwargs).shape[-1]   # L
    cols = rng.standard_normal((2, c * kh * kw, windows))
    got = col2im(cols, size, k, **kwargs)
    want = F.fold(torch.tensor(cols), size, k, **kwargs).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-9,
                               err_msg=f"col2im to {size} with kernel_size={k}, {kwargs}")''',
        3,
    ),
    FunctionLesson(
        "conv2d_im2col",
        {"en": "`conv2d` (groups = 1) as `im2col` followed by one matrix product (section 2).",
         "zh": "用 `im2col` 加一次矩阵乘法实现 `conv2d`（groups = 1，第 2 节）。"},
        '''\
rng = np.random.default_rng(2)
configs = [  # input shape, weight shape, other arguments
    ((2, 3, 6, 6), (4, 3, 3, 3), dict()),
    ((1, 2, 7, 8), (3, 2, 3, 2), dict(stride=2, padding=1)),
    ((3, 7, 7), (2, 3, 3, 3), dict(padding=2, dilation=2)),
]
for x_shape, w_shape, kwargs in configs:
    x = rng.standard_normal(x_shape)
    weight = rng.standard_normal(w_shape)
    bias = rng.standard_normal(w_shape[0])
    got = conv2d_im2col(x, weight, bias, **kwargs)
    want = F.conv2d(torch.tensor(x), torch.tensor(weight), torch.tensor(bias), **kwargs).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-9, err_msg=f"conv2d_im2col with {kwargs}")''',
        3,
    ),
    FunctionLesson(
        "kernel_matrix",
        {"en": "The matrix $K$ of section 3, for one image of size `input_hw`.",
         "zh": "第 3 节里的矩阵 $K$，对应一张尺寸为 `input_hw` 的图像。"},
        '''\
rng = np.random.default_rng(3)
configs = [  # weight shape, input_hw, other arguments
    ((2, 3, 3, 3), (6, 5), dict()),
    ((3, 2, 3, 3), (7, 6), dict(stride=2, padding=1)),
    ((2, 2, 2, 3), (6, 7), dict(padding=1, dilation=2)),
]
for w_shape, (h, w), kwargs in configs:
    weight = rng.standard_normal(w_shape)
    x = rng.standard_normal((w_shape[1], h, w))
    K = kernel_matrix(weight, (h, w), **kwargs)
    want = F.conv2d(torch.tensor(x), torch.tensor(weight), **kwargs).numpy().ravel()
    assert K.shape == (want.size, x.size), f"kernel_matrix: shape {K.shape}, expected {(want.size, x.size)}"
    np.testing.assert_allclose(K @ x.ravel(), want, rtol=1e-7, atol=1e-9, err_msg=f"K @ x.ravel() with {kwargs}")''',
        3,
    ),
)

LESSON = Lesson(
    assignment="a3_kernel_matrix",
    title={"en": "Convolution as a matrix product", "zh": "把卷积写成矩阵乘法"},
    summary={
        "en": "A convolution is a linear map, so it is a matrix. This assignment builds that view twice: "
              "as im2col (every window becomes a column, then one matrix product, the way fast "
              "libraries compute convolutions) and as the kernel matrix $K$ with "
              "$\\mathrm{vec}(y) = K\\,\\mathrm{vec}(x)$, whose transpose is the subject of a4.",
        "zh": "卷积是线性映射，所以它就是一个矩阵。这次作业从两个角度把它写出来：一是 im2col（每个窗口变成一列，"
              "再做一次矩阵乘法，高效的深度学习库就是这样算卷积的）；二是满足 $\\mathrm{vec}(y) = K\\,\\mathrm{vec}(x)$ "
              "的卷积矩阵 $K$，它的转置就是 a4 的主题。",
    },
    sections=(
        {"en": UNFOLD, "zh": UNFOLD_ZH},
        {"en": MATMUL, "zh": MATMUL_ZH},
        {"en": KMATRIX, "zh": KMATRIX_ZH},
    ),
    functions=FUNCTIONS,
)
