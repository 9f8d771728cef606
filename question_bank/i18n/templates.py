"""Each question type's texts, English and Chinese side by side: title, prompt, worked solution and
the type's own words. Placeholders are filled from the template's ``values(params)``; the Chinese
terms are those of ``autograder.glossary``."""

TEMPLATES: dict = {
    "conv_output_size": {
        "en": {
            "title": "Conv output size (one dimension)",
            "prompt": "The layer `{layer}` is applied to an input of shape (1, {C}, {H}, {W}). What is the "
                      "size of the output along {axis} (dim={dim})?",
            "solution": "Along {axis}: L = {L}, k = {k}, s = {s}, p = {p}, d = {d}.\n"
                        "out = floor((L + 2p − d(k−1) − 1) / s) + 1 = floor(({L} + {two_p} − {dk} − 1) / {s}) + 1 = floor({num} / {s}) + 1 = {q} + 1 = {out}.",
        },
        "zh": {
            "title": "卷积输出尺寸（单个维度）",
            "prompt": "把 `{layer}` 作用在形状为 (1, {C}, {H}, {W}) 的输入上，输出在 {axis} 方向（dim={dim}）的大小是多少？",
            "solution": "{axis} 方向：L = {L}，k = {k}，s = {s}，p = {p}，d = {d}。\n"
                        "输出 = floor((L + 2p − d(k−1) − 1) / s) + 1 = floor(({L} + {two_p} − {dk} − 1) / {s}) + 1 = floor({num} / {s}) + 1 = {q} + 1 = {out}。",
        },
    },
    "conv2d_shape": {
        "en": {
            "title": "Conv2d output shape",
            "prompt": "What is the shape of the output of `{layer}` on an input of shape ({N}, {Cin}, {H}, "
                      "{W})?",
            "solution": "Batch and channels: N = {N}, C_out = {Cout}.\n"
                        "H_out = floor(({H} + 2·{ph} − {dh}·({kh}−1) − 1) / {sh}) + 1 = floor({numh} / {sh}) + 1 = {Ho}.\n"
                        "W_out = floor(({W} + 2·{pw} − {dw}·({kw}−1) − 1) / {sw}) + 1 = floor({numw} / {sw}) + 1 = {Wo}.\n"
                        "Shape: ({N}, {Cout}, {Ho}, {Wo}).",
        },
        "zh": {
            "title": "Conv2d 输出形状",
            "prompt": "`{layer}` 作用在形状为 ({N}, {Cin}, {H}, {W}) 的输入上，输出的形状是什么？",
            "solution": "批大小和通道数：N = {N}，C_out = {Cout}。\n"
                        "H_out = floor(({H} + 2·{ph} − {dh}·({kh}−1) − 1) / {sh}) + 1 = floor({numh} / {sh}) + 1 = {Ho}。\n"
                        "W_out = floor(({W} + 2·{pw} − {dw}·({kw}−1) − 1) / {sw}) + 1 = floor({numw} / {sw}) + 1 = {Wo}。\n"
                        "形状：({N}, {Cout}, {Ho}, {Wo})。",
        },
    },
    "transposed_output_size": {
        "en": {
            "title": "Transposed conv output size",
            "prompt": "The layer `{layer}` is applied to an input of height {L}. What is the output height?",
            "solution": "out = (L − 1)·s − 2p + d(k−1) + output_padding + 1 = {a} − {two_p} + {dk} + {op} + "
                        "1 = {out}.",
        },
        "zh": {
            "title": "转置卷积输出尺寸",
            "prompt": "输入高度为 {L}，经过 `{layer}` 之后，输出高度是多少？",
            "solution": "输出 = (L − 1)·s − 2p + d(k−1) + output_padding + 1 = {a} − {two_p} + {dk} + {op} + 1 = {out}。",
        },
    },
    "output_padding": {
        "en": {
            "title": "output_padding that recovers the size",
            "prompt": "`{conv}` turns a length-{L} input into length {Lout}. Its transpose `{tconv}` (same "
                      "kernel, stride, padding, dilation) should give length {L} back. Which output_padding "
                      "does that?",
            "solution": "Without output_padding the transpose gives (L_out − 1)·s − 2p + d(k−1) + 1 = ({Lout} − 1)·{s} − 2·{p} + {d}·({k}−1) + 1 = {base}.\n"
                        "output_padding = {L} − {base} = {op}, which is (L + 2p − d(k−1) − 1) mod s = {num} mod {s}: what the floor of the forward conv dropped.",
        },
        "zh": {
            "title": "恢复原尺寸的 output_padding",
            "prompt": "`{conv}` 把长度 {L} 的输入变成长度 {Lout}。想让它的转置 `{tconv}`（卷积核、步长、填充、空洞都相同）把长度还原成 {L}，output_padding 应该取多少？",
            "solution": "不加 output_padding 时，转置卷积输出 (L_out − 1)·s − 2p + d(k−1) + 1 = ({Lout} − 1)·{s} − 2·{p} + {d}·({k}−1) + 1 = {base}。\n"
                        "所以 output_padding = {L} − {base} = {op}，也就是 (L + 2p − d(k−1) − 1) mod s = {num} mod {s}：正是前向卷积向下取整时丢掉的那部分。",
        },
    },
    "pool_output_size": {
        "en": {
            "title": "Pooling output size",
            "prompt": "`{layer}` is applied to an input of shape (1, {C}, {L}, {L}). What is the output "
                      "height?",
            "solution": "stride = {s} (stride=None means the kernel size). (L + 2p − (k−1) − 1) / s = ({L} + {two_p} − {k1} − 1) / {s} = {num} / {s}.\n"
                        "ceil_mode={ceil_mode}: {rounding}, {q}; plus 1: {raw}.{ceil_note} Output height: {out}.",
            "rounded_down": "rounded down (floor)",
            "rounded_up": "rounded up (ceil)",
            "ceil_drop": " The last window would start at {last_start} ≥ L + p = {limit}, inside the right "
                         "padding, so it is dropped: {raw} − 1.",
            "ceil_keep": "",
        },
        "zh": {
            "title": "池化输出尺寸",
            "prompt": "`{layer}` 作用在形状为 (1, {C}, {L}, {L}) 的输入上，输出高度是多少？",
            "solution": "步长 = {s}（stride=None 表示等于核大小）。(L + 2p − (k−1) − 1) / s = ({L} + {two_p} − {k1} − 1) / {s} = {num} / {s}。\n"
                        "ceil_mode={ceil_mode}：{rounding}得 {q}，加 1 得 {raw}。{ceil_note}输出高度：{out}。",
            "rounded_down": "向下取整",
            "rounded_up": "向上取整",
            "ceil_drop": "最后一个窗口的起点 {last_start} ≥ L + p = {limit}，落在右侧填充区里，要舍去：{raw} − 1。",
            "ceil_keep": "",
        },
    },
    "same_padding": {
        "en": {
            "title": "'same' padding",
            "prompt": "`{layer}` pads its input so that the output keeps the input's length. How many zeros "
                      "does PyTorch add (before, after)?",
            "solution": "Total padding = d(k−1) = {d}·{k1} = {total}. before = floor({total} / 2) = "
                        "{before}; after = {total} − {before} = {after} (PyTorch puts the odd extra after).",
        },
        "zh": {
            "title": "'same' 填充",
            "prompt": "`{layer}` 会填充输入，使输出长度与输入相同。PyTorch 在前面和后面分别补多少个零（前, 后）？",
            "solution": "总填充 = d(k−1) = {d}·{k1} = {total}。前 = floor({total} / 2) = {before}；后 = {total} − {before} = {after}（奇数时多出的一格补在后面）。",
        },
    },
    "effective_kernel": {
        "en": {
            "title": "Effective kernel size",
            "prompt": "A kernel of size {k} with dilation {d} (as in `{layer}`): how many input positions "
                      "does one window span?",
            "solution": "The {k} taps are {d} apart, leaving {gaps} holes between neighbours: d(k−1) + 1 = "
                        "{d}·{k1} + 1 = {out}.",
        },
        "zh": {
            "title": "有效卷积核大小",
            "prompt": "大小为 {k}、空洞为 {d} 的卷积核（如 `{layer}`），一个窗口从头到尾覆盖多少个输入位置？",
            "solution": "{k} 个抽头彼此相隔 {d}，相邻两个之间空出 {gaps} 格：d(k−1) + 1 = {d}·{k1} + 1 = {out}。",
        },
    },
    "param_count": {
        "en": {
            "title": "Parameter count",
            "prompt": "How many learnable parameters does `{layer}` have?",
            "solution": "Weights: C_out · (C_in/groups) · kh · kw = {Cout} · {per} · {kh} · {kw} = "
                        "{weights}. Biases: {biases}. Total: {out}.",
        },
        "zh": {
            "title": "参数个数",
            "prompt": "`{layer}` 有多少个可学习参数？",
            "solution": "权重：C_out · (C_in/groups) · kh · kw = {Cout} · {per} · {kh} · {kw} = {weights}。偏置：{biases}。合计：{out}。",
        },
    },
    "transpose_weight_shape": {
        "en": {
            "title": "ConvTranspose2d weight shape",
            "prompt": "What is the shape of the weight of `{layer}`?",
            "solution": "ConvTranspose2d stores (C_in, C_out/groups, kH, kW) = ({Cin}, {Cout}/{g}, {kh}, "
                        "{kw}) = ({Cin}, {per}, {kh}, {kw}).",
        },
        "zh": {
            "title": "ConvTranspose2d 的权重形状",
            "prompt": "`{layer}` 的权重形状是什么？",
            "solution": "ConvTranspose2d 的权重是 (C_in, C_out/groups, kH, kW) = ({Cin}, {Cout}/{g}, {kh}, {kw}) = ({Cin}, {per}, {kh}, {kw})。",
        },
    },
    "unfold_shape": {
        "en": {
            "title": "im2col (unfold) shape",
            "prompt": "x has shape ({N}, {C}, {H}, {W}). What is the shape of `{call}`?",
            "solution": "Rows: C·kh·kw = {C}·{kh}·{kw} = {rows}. Windows: H_out·W_out with H_out = "
                        "floor(({H} + 2·{p} − {d}·({kh}−1) − 1)/{s}) + 1 = {Ho}, W_out = floor(({W} + 2·{p} "
                        "− {d}·({kw}−1) − 1)/{s}) + 1 = {Wo}, so L = {cols}. Shape: ({N}, {rows}, {cols}).",
        },
        "zh": {
            "title": "im2col（unfold）的形状",
            "prompt": "x 的形状是 ({N}, {C}, {H}, {W})。`{call}` 的形状是什么？",
            "solution": "行数：C·kh·kw = {C}·{kh}·{kw} = {rows}。窗口数 L = H_out·W_out，其中 H_out = floor(({H} + 2·{p} − {d}·({kh}−1) − 1)/{s}) + 1 = {Ho}，W_out = floor(({W} + 2·{p} − {d}·({kw}−1) − 1)/{s}) + 1 = {Wo}，所以 L = {cols}。形状：({N}, {rows}, {cols})。",
        },
    },
    "kernel_matrix_shape": {
        "en": {
            "title": "Kernel matrix shape",
            "prompt": "For `{layer}` on one image x of shape ({Cin}, {H}, {W}), the kernel matrix K "
                      "satisfies conv2d(x).ravel() == K @ x.ravel(). What is the shape of K?",
            "solution": "Output: H_out = floor(({H} + 2·{p} − ({k}−1) − 1)/{s}) + 1 = {Ho}, W_out = {Wo}; "
                        "rows = C_out·H_out·W_out = {Cout}·{Ho}·{Wo} = {rows}. Columns = C_in·H·W = "
                        "{Cin}·{H}·{W} = {cols} (padding is not part of x). Shape: ({rows}, {cols}).",
        },
        "zh": {
            "title": "卷积矩阵的形状",
            "prompt": "对单张形状为 ({Cin}, {H}, {W}) 的图像 x，`{layer}` 的卷积矩阵 K 满足 conv2d(x).ravel() == K @ x.ravel()。K 的形状是什么？",
            "solution": "输出：H_out = floor(({H} + 2·{p} − ({k}−1) − 1)/{s}) + 1 = {Ho}，W_out = {Wo}；行数 = C_out·H_out·W_out = {Cout}·{Ho}·{Wo} = {rows}。列数 = C_in·H·W = {Cin}·{H}·{W} = {cols}（填充不属于 x）。形状：({rows}, {cols})。",
        },
    },
    "receptive_field": {
        "en": {
            "title": "Receptive field",
            "prompt": "A stack of {n} one-dimensional convolutions, first layer first:\n"
                      "{stack}\n"
                      "One output unit of the last layer depends on a stretch of the input. How long is that stretch, from its first input position to its last one (holes left by dilation included)?",
            "solution": "RF = 1 + Σ d_l(k_l − 1) · (product of the strides before layer l) = 1 + {terms} = "
                        "{out}: the side of the input region one output unit depends on.",
        },
        "zh": {
            "title": "感受野",
            "prompt": "下面是 {n} 层一维卷积，从第一层开始：\n"
                      "{stack}\n"
                      "最后一层的一个输出单元依赖输入上的一段区域。这段区域从第一个到最后一个输入位置有多长（空洞留下的空隙也算在内）？",
            "solution": "感受野 = 1 + Σ d_l(k_l − 1) ·（第 l 层之前各层步长的乘积）= 1 + {terms} = {out}，也就是一个输出单元所依赖的输入区域的边长。",
        },
    },
    "macs": {
        "en": {
            "title": "Multiply-accumulates",
            "prompt": "How many multiply-accumulate operations does `{layer}` perform on one input of shape "
                      "(1, {Cin}, {H}, {H})?",
            "solution": "H_out = W_out = floor(({H} + 2·{p} − {k})/{s}) + 1 = {Ho}. Each output value needs "
                        "(C_in/groups)·k·k = {per}·{k}·{k} products. MACs = "
                        "C_out·H_out·W_out·(C_in/groups)·k² = {Cout}·{Ho}·{Ho}·{per}·{k}·{k} = {out}.",
        },
        "zh": {
            "title": "乘加次数",
            "prompt": "`{layer}` 处理一个形状为 (1, {Cin}, {H}, {H}) 的输入，要做多少次乘加运算？",
            "solution": "H_out = W_out = floor(({H} + 2·{p} − {k})/{s}) + 1 = {Ho}。每个输出值需要 (C_in/groups)·k·k = {per}·{k}·{k} 次乘法。乘加次数 = C_out·H_out·W_out·(C_in/groups)·k² = {Cout}·{Ho}·{Ho}·{per}·{k}·{k} = {out}。",
        },
    },
    "accepts": {
        "en": {
            "title": "Does PyTorch accept this layer?",
            "prompt": "Exactly one of these layers makes PyTorch raise an error when it runs on an input of "
                      "shape {shape}. Which one?",
            "solution": "{why} The other three run fine.",
            "groups": "groups={g} must divide out_channels={cout}.",
            "dilation": "The dilated kernel spans d(k−1)+1 = {eff} positions, more than the padded input {H}"
                        " + 2·{p}.",
            "output_padding": "output_padding={op} must be smaller than max(stride, dilation) = {s}.",
            "same_stride": "padding='same' is refused with stride {s} > 1.",
            "pool_padding": "Pooling padding {p} is more than half the kernel size {k}.",
            "accepted": {
                "effective-kernel-kd": "This layer runs: a kernel of {k} with dilation {d} spans d(k−1)+1 = "
                                       "{eff} positions, which fit in the padded input {H} + 2·{p} = "
                                       "{padded} (k·d = {kd} would not).",
                "padding-ignored": "This layer runs: the kernel {k} is larger than the input {H}, but "
                                   "padding {p} on both sides makes it {padded} long, enough for the kernel.",
                "tf-same-padding": "This layer runs: padding='same' works with an even kernel at stride 1; "
                                   "PyTorch pads {total} zeros in total, {before} before and {after} after "
                                   "(the odd extra after).",
                "output-padding-ignored": "This layer runs: output_padding must be smaller than max(stride, "
                                          "dilation) = max({s}, {d}) = {m}, and {op} is.",
            },
        },
        "zh": {
            "title": "PyTorch 接受这一层吗？",
            "prompt": "在形状为 {shape} 的输入上运行时，下面只有一层会让 PyTorch 报错。是哪一层？",
            "solution": "{why}其余三层都能正常运行。",
            "groups": "groups={g} 必须整除 out_channels={cout}。",
            "dilation": "带空洞的卷积核覆盖 d(k−1)+1 = {eff} 个位置，超过了填充后的输入长度 {H} + 2·{p}。",
            "output_padding": "output_padding={op} 必须小于 max(stride, dilation) = {s}。",
            "same_stride": "stride 为 {s}（大于 1）时不能用 padding='same'。",
            "pool_padding": "池化的填充 {p} 超过了核大小 {k} 的一半。",
            "accepted": {
                "effective-kernel-kd": "这一层能运行：大小为 {k}、空洞为 {d} 的卷积核覆盖 d(k−1)+1 = {eff} 个位置，放得进填充后的输入（{H} + 2·{p} = {padded}）；按 k·d = {kd} 算才会放不下。",
                "padding-ignored": "这一层能运行：卷积核 {k} 比输入 {H} 大，但前面和后面各补 {p} 个零之后长度是 {padded}，放得下卷积核。",
                "tf-same-padding": "这一层能运行：步长为 1 时，偶数大小的卷积核也能用 padding='same'；PyTorch 一共补 {total} 个零，前面 {before} 个、后面 {after} 个（多出的一个补在后面）。",
                "output-padding-ignored": "这一层能运行：output_padding 只要小于 max(stride, dilation) = max({s}, {d}) = {m}，而 {op} 满足这个条件。",
            },
        },
    },
    "chain": {
        "en": {
            "title": "A stack of layers",
            "prompt": "An input of shape (1, {C}, {H}, {H}) goes through:\n"
                      "{stack}\n"
                      "Give the height after each of the {n} layers, in order, joined by x (e.g. 16x8x4).",
            "solution": "{steps}",
            "step": "`{code}`: {before} → {after}",
        },
        "zh": {
            "title": "多层堆叠",
            "prompt": "形状为 (1, {C}, {H}, {H}) 的输入依次经过：\n{stack}\n请按顺序写出每一层（共 {n} 层）之后的高度，用 x 连起来（例如 16x8x4）。",
            "solution": "{steps}",
            "step": "`{code}`：{before} → {after}",
        },
    },
}
