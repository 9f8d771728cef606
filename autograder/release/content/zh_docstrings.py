"""The contracts of the graded functions in Chinese: the docstrings of the zh notebooks.

One entry per function, first line then body; formulas stay as they are in the English
docstring (code, not prose). Terms as in ``autograder.glossary``.
"""

DOCSTRINGS: dict[str, dict[str, str]] = {
    "a1_shapes": {
        "conv_output_size": """卷积沿一个轴的输出长度（输入都是 int，返回 int）。

        out = floor((in_size + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1

    有效卷积核 dilation*(kernel_size - 1) + 1 比填充后的输入还大，或者某个参数超出范围
    （in_size、kernel_size、stride、dilation 至少为 1；padding 至少为 0）时，抛出 ValueError。""",
        "conv_transpose_output_size": """转置卷积沿一个轴的输出长度（输入都是 int，返回 int）。

        out = (in_size - 1)*stride - 2*padding + dilation*(kernel_size - 1) + output_padding + 1

    output_padding 必须小于 max(stride, dilation)；结果至少为 1。""",
        "pool_output_size": """MaxPool2d 沿一个轴的输出长度（输入都是 int，返回 int）；stride 为 None 表示等于 kernel_size。

        out = floor_or_ceil((in_size + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1
        ceil_mode: if (out - 1)*stride >= in_size + padding, out -= 1
                   （最后一个窗口的起点必须落在输入内部或左侧的填充里）

    padding 最多为 kernel_size // 2；结果至少为 1。""",
        "same_padding": """padding='same' 沿一个轴实际填充的 (前, 后) 数量，与 torch 的做法一致。

    total = dilation*(kernel_size - 1); before = total // 2; after = total - before
    （奇数时多出的那一个放在后面：右边 / 下边）。""",
        "conv2d_output_shape": """torch.nn.functional.conv2d(x, weight, ...) 的输出形状，返回 tuple。

    input_shape 为 (N, C_in, H, W) 或 (C_in, H, W)；weight_shape 为 (C_out, C_in/groups, kH, kW)。
    返回 (N, C_out, H_out, W_out)（不带批维度时为 (C_out, H_out, W_out)），每个轴上
        out = floor((L + 2p - d*(k - 1) - 1) / s) + 1。
    stride、padding、dilation：int 或一对 int。要求 C_in == weight_shape[1]*groups，且 C_out
    能被 groups 整除。""",
        "conv_transpose2d_output_shape": """torch.nn.functional.conv_transpose2d(x, weight, ...) 的输出形状，返回 tuple。

    input_shape 为 (N, C_in, H, W) 或 (C_in, H, W)；weight_shape 为 (C_in, C_out/groups, kH, kW)
    （ConvTranspose2d 的权重布局）。返回 (N, C_out, H_out, W_out)（或 (C_out, H_out, W_out)），
    C_out = weight_shape[1]*groups，每个轴上
        out = (L - 1)*s - 2p + d*(k - 1) + output_padding + 1,  output_padding < max(s, d)。""",
        "conv2d_num_params": """torch.nn.Conv2d(in_channels, out_channels, kernel_size, groups=groups, bias=bias) 的可学习参数个数。

        weight: out_channels * (in_channels / groups) * kH * kW;   bias: out_channels（有偏置时）

    kernel_size：int 或一对 int。groups 必须同时整除输入和输出通道数。""",
        "receptive_field": """一叠层中，一个输出单元能看到的输入区域的边长（感受野）。

    layers：[(kernel_size, stride, dilation), ...]，第一层在前。记跳距
    j_i = s_1 * ... * s_{i-1}（j_1 = 1），则

        r = 1 + sum_i d_i * (k_i - 1) * j_i""",
    },
    "a2_conv2d": {
        "conv2d_naive": """用显式循环实现的二维卷积（互相关），与 torch.nn.functional.conv2d 一致。

    x 为 (N, C_in, H, W) 或 (C_in, H, W)；weight 为 (C_out, C_in/groups, kH, kW)；bias 为 (C_out,) 或 None。
    返回 (N, C_out, H_out, W_out)（不带批维度时为 (C_out, H_out, W_out)），dtype 为
    np.result_type(x, weight)，其中

        y[n, o, i, j] = bias[o] + sum_{c,u,v} x_pad[n, g*C_g + c, i*sH + u*dH, j*sW + v*dW] * weight[o, c, u, v]
        H_out = floor((H + pad_top + pad_bottom - dH*(kH - 1) - 1) / sH) + 1   （W_out 同理）

    padding：int、一对 int、'valid' 或 'same'。""",
        "conv2d": """向量化的二维卷积，与 torch.nn.functional.conv2d / torch.nn.Conv2d 一致。

    x 为 (N, C_in, H, W) 或 (C_in, H, W)；weight 为 (C_out, C_in/groups, kH, kW)；bias 为 (C_out,) 或 None。
    返回 (N, C_out, H_out, W_out)（不带批维度时为 (C_out, H_out, W_out)），dtype 为
    np.result_type(x, weight)；公式与 conv2d_naive 相同。

    padding：int、一对 int、'valid' 或 'same'。padding_mode：'zeros'、'reflect'（镜像，不重复边缘；
    填充量 < 尺寸）、'replicate'（重复边缘）或 'circular'（循环；填充量 <= 尺寸），
    与 torch.nn.Conv2d(padding_mode=...) 相同。

    方法（im2col）：对卷积核的每个抽头 (u, v)，把带步长的切片
    x_pad[:, :, u*dH : ... : sH, v*dW : ... : sW] 复制进形状为
    (N, groups, C_g*kH*kW, H_out*W_out) 的列缓冲区，再对每张图像、每个分组与形状为
    (groups, C_out/groups, C_g*kH*kW) 的权重做一次矩阵乘法。图像分块处理，使缓冲区大约保持在
    _COLUMN_BUDGET 个元素。""",
        "conv1d": """一维卷积，与 torch.nn.functional.conv1d 一致，借助高度为 1 的 conv2d 实现。

    x 为 (N, C_in, L) 或 (C_in, L)；weight 为 (C_out, C_in/groups, K)；bias 为 (C_out,) 或 None。
    返回 (N, C_out, L_out)（不带批维度时为 (C_out, L_out)），dtype 为 np.result_type(x, weight)：

        y[n, o, i] = bias[o] + sum_{c,u} x_pad[n, g*C_g + c, i*s + u*d] * weight[o, c, u]
        L_out = floor((L + 2p - d*(K - 1) - 1) / s) + 1

    stride、dilation：int（或只有一个元素的 tuple）；padding：int、'valid' 或 'same'。""",
        "max_pool2d": """二维最大池化，与 torch.nn.functional.max_pool2d 一致。

    x 为 (N, C, H, W) 或 (C, H, W) -> (N, C, H_out, W_out)（不带批维度时为 (C, H_out, W_out)），dtype 为 x.dtype：

        y[n, c, i, j] = max_{u,v} x_pad[n, c, i*sH + u*dH, j*sW + v*dW]      （填充值为 -inf）
        H_out = floor((H + 2pH - dH*(kH - 1) - 1 + (sH - 1 if ceil_mode else 0)) / sH) + 1，
                ceil_mode 下若最后一个窗口会从下方填充处开始，再减 1。

    stride 为 None 表示 stride = kernel_size；填充最多为卷积核大小的一半。""",
        "avg_pool2d": """二维平均池化，与 torch.nn.functional.avg_pool2d 一致。

    x 为 (N, C, H, W) 或 (C, H, W) -> (N, C, H_out, W_out)（不带批维度时为 (C, H_out, W_out)），dtype 为 x.dtype；
    输出尺寸与 dilation 为 1 的 max_pool2d 相同。每个输出是窗口内元素之和（填充算作 0）除以

        count_include_pad=True：  窗口被裁剪到填充后输入之内的大小
                                 （ceil_mode 下伸出下方 / 右方填充的窗口
                                 只计算它落在填充后输入之内的部分）；
        count_include_pad=False： 窗口里真实输入像素的个数。

    每个轴上，对输出 i：start = i*s - p，end = min(start + k, L + p)；
    裁剪后的个数为 min(end, L) - max(start, 0)；除数是两个轴上个数的乘积。""",
    },
    "a3_kernel_matrix": {
        "im2col": """把滑动窗口展开成列，与 ``torch.nn.functional.unfold`` 完全一致。

    x：(N, C, H, W) 或不带批维度的 (C, H, W)。
    返回 (N, C*kh*kw, L)（或 (C*kh*kw, L)），dtype 为 x.dtype，L = Ho*Wo，其中
        cols[n, c*kh*kw + i*kw + j, oh*Wo + ow] = x_pad[n, c, oh*sh + i*dh, ow*sw + j*dw]
    （行先按通道、再按卷积核的行、再按卷积核的列排序；列按输出位置逐行排列），
    Ho = floor((H + 2ph - dh(kh-1) - 1)/sh) + 1，Wo 同理。""",
        "col2im": """把列折回图像，重叠处相加，与 ``torch.nn.functional.fold`` 完全一致。

    cols：(N, C*kh*kw, L) 或不带批维度的 (C*kh*kw, L)；output_size：(H, W) 或一个 int。
    返回 (N, C, H, W)（或 (C, H, W)），dtype 为 cols.dtype，是 im2col 的伴随：
        out[n, c, oh*sh - ph + i*dh, ow*sw - pw + j*dw] += cols[n, c*kh*kw + i*kw + j, oh*Wo + ow]
    （落在填充里的贡献丢弃）。L 必须等于按 im2col 的方式由 (H, W) 算出的 Ho*Wo，
    行数必须是 kh*kw 的倍数。""",
        "conv2d_im2col": """conv2d（互相关，groups = 1）：先 im2col，再做一次矩阵乘法。

    x：(N, C_in, H, W) 或 (C_in, H, W)；weight：(C_out, C_in, kh, kw)；bias：(C_out,) 或 None。
    返回 (N, C_out, Ho, Wo)（或不带批维度），dtype 为 np.result_type(x, weight)：
        out[n] = weight.reshape(C_out, C_in*kh*kw) @ im2col(x)[n] (+ bias[:, None])，再改变形状。""",
        "kernel_matrix": """conv2d（无偏置，groups = 1）作用在大小为 input_hw 的单张图像上时的矩阵 K。

    weight：(C_out, C_in, kh, kw)；input_hw：(H, W) 或一个 int。
    返回形状为 (C_out*Ho*Wo, C_in*H*W)、dtype 为 weight.dtype 的 K，使得对形状为 (C_in, H, W) 的 x，
        conv2d(x, weight, stride, padding, dilation).ravel() == K @ x.ravel()
    逐个元素：只要该输入位置落在图像内部，就有
    K[(o, oh, ow), (c, oh*sh - ph + i*dh, ow*sw - pw + j*dw)] = weight[o, c, i, j]
    （落在零填充上的抽头没有贡献）。""",
    },
    "a4_transposed_conv": {
        "conv_transpose2d": """二维转置卷积，与 ``torch.nn.functional.conv_transpose2d`` 一致（散播相加）。

    x：(N, C_in, H, W) 或 (C_in, H, W)；weight：(C_in, C_out/groups, kh, kw)；bias：(C_out,) 或 None。
    返回 (N, C_out, Ho, Wo)（或不带批维度），dtype 为 np.result_type(x, weight)，其中
    Ho = (H-1)sh - 2ph + dh(kh-1) + oph + 1（Wo 同理），对分组 g 中的输入通道 c，
        out[n, o, h*sh - ph + i*dh, w*sw - pw + j*dw] += x[n, c, h, w] * weight[c, o - g*C_out/groups, i, j]
    计算方法：每个分组做一次矩阵乘法（一次算出每个输入像素的所有抽头），
    再对卷积核的每个抽头散播相加一个带步长的切片。""",
        "kernel_matrix": """conv2d（无偏置，groups = 1）作用在大小为 input_hw 的单张图像上时的矩阵 K（来自 a3）。

    weight：(C_out, C_in, kh, kw)；input_hw：(H, W) 或一个 int。
    返回形状为 (C_out*Ho*Wo, C_in*H*W)、dtype 为 weight.dtype 的 K，使得对形状为 (C_in, H, W) 的 x，
        conv2d(x, weight, stride, padding, dilation).ravel() == K @ x.ravel()
    在图像内部，K[(o, oh, ow), (c, oh*sh - ph + i*dh, ow*sw - pw + j*dw)] = weight[o, c, i, j]。""",
        "conv_transpose2d_matmul": """用 conv2d 卷积矩阵的转置实现转置卷积（groups = 1，无偏置）。

    x：(N, C_in, H, W) 或 (C_in, H, W)；weight：(C_in, C_out, kh, kw)（ConvTranspose2d 的布局）。
    返回 (N, C_out, Ho, Wo)（或不带批维度），dtype 为 np.result_type(x, weight)，Ho 同 conv_transpose2d。
    把同一个权重当作 conv2d 的权重时，它把 (C_out, Ho, Wo) 的图像映射为 (C_in, H', W')，
    H' = H + floor(oph / sh) >= H；记 K = kernel_matrix(weight, (Ho, Wo), stride, padding, dilation)，
        out.ravel() = K.T @ x'.ravel()，  x' 是把 x 用零扩展到 (C_in, H', W') 的结果。""",
        "conv2d_backward": """out = conv2d(x, weight, bias, stride, padding, dilation, groups) 的梯度。

    grad_output：(N, C_out, Ho, Wo)；x：(N, C_in, H, W)；weight：(C_out, C_in/groups, kh, kw)
    （或全部不带批维度：(C_out, Ho, Wo) 和 (C_in, H, W)）。padding 为 int 或一对 int。
    返回 (grad_x, grad_weight, grad_bias)，形状分别与 x、weight 和 (C_out,) 相同，dtype 为
    np.result_type(x, weight)。记 cols = im2col(x)，形状 (N, C_in*kh*kw, L)，按分组 g 切开：
        grad_weight_g = sum_n grad_output_g[n] @ cols_g[n].T
        grad_x        = col2im(weight_g.T @ grad_output_g[n])   （各抽头散播相加）
        grad_bias     = grad_output 在 N、Ho、Wo 上求和
    没有任何窗口覆盖到的输入行和列，梯度为零。""",
        "checkerboard": """转置卷积的每个输出像素上落了多少个卷积核抽头。

    in_hw、kernel_size、stride、padding：int 或一对 int。返回形状为 (Ho, Wo) 的 int64 数组，
    Ho = (H-1)sh - 2ph + kh，等于 conv_transpose2d(ones((1, 1, H, W)), ones((1, 1, kh, kw)),
    stride=stride, padding=padding)[0, 0]。计数可以按两个维度分解：
        count[y, x] = rows[y] * cols[x],  rows[y] = #{(h, i) : h*sh - ph + i = y, 0 <= h < H, 0 <= i < kh}
    所以步长不能整除卷积核大小时，会出现不均匀的（棋盘格）图案。""",
    },
}

MODULES: dict[str, str] = {
    "a1_shapes": """作业 a1：卷积层的输出尺寸、形状和参数个数。

写卷积之前，先要知道它输出什么。对长度为 L 的一个空间轴，卷积核大小 k、步长 s、两侧填充 p、
空洞 d：

    有效卷积核大小            d*(k - 1) + 1
    Conv2d 输出               floor((L + 2p - d*(k - 1) - 1) / s) + 1
    ConvTranspose2d 输出      (L - 1)*s - 2p + d*(k - 1) + output_padding + 1，
                              其中 0 <= output_padding < max(s, d)
    MaxPool2d 输出            同 Conv2d（步长默认等于 k）；ceil_mode 下向下取整变成向上取整，
                              但最后一个窗口必须从输入内部或左侧填充里开始，且填充最多为 k // 2
    padding='same'            总填充 d*(k - 1)，奇数时多出的一个放在右边 / 下边

PyTorch 的布局：输入 (N, C, H, W) 或不带批维度的 (C, H, W)；Conv2d 权重
(C_out, C_in / groups, kH, kW)；ConvTranspose2d 权重 (C_in, C_out / groups, kH, kW)。

PyTorch 拒绝的每一种配置（卷积核比填充后的输入大、输出尺寸不为正、通道数不匹配、分组数不能整除
通道数、尺寸或填充为负、步长或空洞小于 1……）都要抛出 ValueError，并在消息里说明哪里不对。
是否合法按一批只有一张图像来判断：空批（N = 0）给出 N = 0 的同样形状，一张图像会被拒绝的配置
空批也拒绝。只能使用标准库（和 numpy）。""",
    "a2_conv2d": """作业 a2：用 numpy 从零实现卷积和池化。

你要实现 ``torch.nn.functional.conv2d``、``conv1d``、``max_pool2d`` 和 ``avg_pool2d`` 的前向计算。
数组使用 PyTorch 的布局：

    x       (N, C_in, H, W)            或不带批维度的 (C_in, H, W)
    weight  (C_out, C_in / groups, kH, kW)
    bias    (C_out,) 或 None
    result  (N, C_out, H_out, W_out)   或不带批维度的 (C_out, H_out, W_out)

PyTorch 计算的是互相关（卷积核不翻转）：

    y[n, o, i, j] = bias[o] + sum_{c, u, v} x_pad[n, g*C_g + c, i*sH + u*dH, j*sW + v*dW] * weight[o, c, u, v]

其中 g = o // (C_out / groups) 是输出通道 o 所在的分组，C_g = C_in / groups；每个轴上的输出尺寸为

    H_out = floor((H + pad_top + pad_bottom - dH*(kH - 1) - 1) / sH) + 1。

``stride``、``padding`` 和 ``dilation`` 是一个 int（两个轴相同）或一对 (高, 宽)。卷积函数还接受
``padding='valid'``（不填充）和 ``padding='same'``（输出和输入一样大；每个轴总填充
dilation*(k - 1)，奇数时多出的一个放在下边 / 右边；只能配步长 1）。结果的 dtype 为
``np.result_type(x, weight)``；池化保持 ``x.dtype``。PyTorch 拒绝的每一种配置都要抛出 ``ValueError``
并说明哪里不对；是否合法按一批只有一张图像来判断，空批（N = 0）给出形状正确的空结果。

只能使用 numpy 和标准库。""",
    "a3_kernel_matrix": """作业 a3：im2col、col2im 和卷积矩阵。

二维卷积（PyTorch 的互相关）是输入的线性映射。本作业用两种方式把这个映射写出来：

* ``im2col`` 把每个感受野复制成一列（``torch.nn.functional.unfold``），于是整个卷积变成一次矩阵乘法
  ``weight.reshape(C_out, -1) @ cols``（``conv2d_im2col``）；``col2im`` 是它的伴随
  （``torch.nn.functional.fold``）：把每一列加回它来自的像素上，重叠的窗口相加。
* ``kernel_matrix`` 对单张图像构造矩阵 ``K``，使 ``conv2d(x).ravel() == K @ x.ravel()``。``K`` 稀疏而有结构
  （步长为 1 时是由双重 Toeplitz 块组成的分块矩阵）；它的转置就是作业 a4 的转置卷积。

约定（与 PyTorch 相同）：数组为 NCHW；``stride``、``padding``、``dilation`` 和 ``kernel_size`` 是一个 int
或一对 ``(高, 宽)``；用零填充。每个维度上窗口位置的个数为
``out = floor((size + 2p - d(k-1) - 1) / s) + 1``。只使用 numpy 和标准库。""",
    "a4_transposed_conv": """作业 a4：转置卷积、conv2d 的反向传播和棋盘格。

``torch.nn.ConvTranspose2d`` 是 ``Conv2d`` 的伴随：卷积把一个窗口的输入汇集成一个输出，转置卷积则把
每个输入乘上整个卷积核，散播到输出的一个窗口上，重叠的窗口相加。每个维度上

    out = (size - 1)*s - 2p + d(k - 1) + output_padding + 1，

其中 ``output_padding``（小于 max(stride, dilation)）在带步长的 conv2d 会映射到同一输出尺寸的几个
输入尺寸中选出一个。权重布局为 (C_in, C_out/groups, kh, kw)。

同样的散播相加也是 conv2d 对输入的梯度，所以 ``conv2d_backward`` 复用它（col2im）；它还造成了上采样层的
棋盘格伪影：步长不能整除卷积核大小时，有些输出像素比相邻像素收到更多的卷积核抽头（``checkerboard``）。

约定（与 PyTorch 相同）：数组为 NCHW，也接受不带批维度的 (C, H, W)；``stride``、``padding``、
``output_padding``、``dilation`` 和 ``kernel_size`` 是一个 int 或一对 (高, 宽)。只使用 numpy 和标准库。""",
}
