"""English texts. Placeholders are filled from each template's ``values(params)``."""

COMMON = {
    "quiz_title": "Convolution shapes quiz",
    "key_title": "Answer key",
    "student": "Student",
    "seed": "Seed",
    "seed_line": "Seed: {seed}.",
    "question": "Question {n}",
    "answer": "Answer",
    "solution": "Worked solution",
    "verified": "Checked with torch {torch}: {call}",
    "correct": "Correct.",
    "hint_numeric": "Answer with a whole number.",
    "hint_shape": "Enter a shape as whole numbers joined by x, e.g. 1x16x32x32.",
    "hint_multichoice": "Choose one letter.",
    "name_sheet": "Name: ____________________",
    "option_misconception": "Mistake: {mid}",
}

TEMPLATES = {
    "conv_output_size": {
        "title": "Conv output size (one dimension)",
        "prompt": "The layer `{layer}` is applied to an input of shape (1, {C}, {H}, {W}). "
                  "What is the size of the output along {axis} (dim={dim})?",
        "solution": "Along {axis}: L = {L}, k = {k}, s = {s}, p = {p}, d = {d}.\n"
                    "out = floor((L + 2p − d(k−1) − 1) / s) + 1 = floor(({L} + {two_p} − {dk} − 1) / {s}) + 1 "
                    "= floor({num} / {s}) + 1 = {q} + 1 = {out}.",
    },
    "conv2d_shape": {
        "title": "Conv2d output shape",
        "prompt": "What is the shape of the output of `{layer}` on an input of shape ({N}, {Cin}, {H}, {W})?",
        "solution": "Batch and channels: N = {N}, C_out = {Cout}.\n"
                    "H_out = floor(({H} + 2·{ph} − {dh}·({kh}−1) − 1) / {sh}) + 1 = floor({numh} / {sh}) + 1 = {Ho}.\n"
                    "W_out = floor(({W} + 2·{pw} − {dw}·({kw}−1) − 1) / {sw}) + 1 = floor({numw} / {sw}) + 1 = {Wo}.\n"
                    "Shape: ({N}, {Cout}, {Ho}, {Wo}).",
    },
    "transposed_output_size": {
        "title": "Transposed conv output size",
        "prompt": "The layer `{layer}` is applied to an input of height {L}. What is the output height?",
        "solution": "out = (L − 1)·s − 2p + d(k−1) + output_padding + 1 = {a} − {two_p} + {dk} + {op} + 1 = {out}.",
    },
    "output_padding": {
        "title": "output_padding that recovers the size",
        "prompt": "`{conv}` turns a length-{L} input into length {Lout}. Its transpose `{tconv}` "
                  "(same kernel, stride, padding, dilation) should give length {L} back. Which output_padding does that?",
        "solution": "Without output_padding the transpose gives (L_out − 1)·s − 2p + d(k−1) + 1 = "
                    "({Lout} − 1)·{s} − 2·{p} + {d}·({k}−1) + 1 = {base}.\n"
                    "output_padding = {L} − {base} = {op}, which is (L + 2p − d(k−1) − 1) mod s = {num} mod {s}: "
                    "what the floor of the forward conv dropped.",
    },
    "pool_output_size": {
        "title": "Pooling output size",
        "prompt": "`{layer}` is applied to an input of shape (1, {C}, {L}, {L}). What is the output height?",
        "solution": "stride = {s} (stride=None means the kernel size). "
                    "(L + 2p − (k−1) − 1) / s = ({L} + {two_p} − {k1} − 1) / {s} = {num} / {s}.\n"
                    "ceil_mode={ceil_mode}: {rounding}, {q}; plus 1: {raw}.{ceil_note} Output height: {out}.",
        "rounded_down": "rounded down (floor)",
        "rounded_up": "rounded up (ceil)",
        "ceil_drop": " The last window would start at {last_start} ≥ L + p = {limit}, inside the right padding, so it is dropped: {raw} − 1.",
        "ceil_keep": "",
    },
    "same_padding": {
        "title": "'same' padding",
        "prompt": "`{layer}` pads its input so that the output keeps the input's length. "
                  "How many zeros does PyTorch add (before, after)?",
        "solution": "Total padding = d(k−1) = {d}·{k1} = {total}. before = floor({total} / 2) = {before}; "
                    "after = {total} − {before} = {after} (PyTorch puts the odd extra after).",
    },
    "effective_kernel": {
        "title": "Effective kernel size",
        "prompt": "A kernel of size {k} with dilation {d} (as in `{layer}`): how many input positions does one window span?",
        "solution": "The {k} taps are {d} apart, leaving {gaps} holes between neighbours: d(k−1) + 1 = {d}·{k1} + 1 = {out}.",
    },
    "param_count": {
        "title": "Parameter count",
        "prompt": "How many learnable parameters does `{layer}` have?",
        "solution": "Weights: C_out · (C_in/groups) · kh · kw = {Cout} · {per} · {kh} · {kw} = {weights}. "
                    "Biases: {biases}. Total: {out}.",
    },
    "transpose_weight_shape": {
        "title": "ConvTranspose2d weight shape",
        "prompt": "What is the shape of the weight of `{layer}`?",
        "solution": "ConvTranspose2d stores (C_in, C_out/groups, kH, kW) = ({Cin}, {Cout}/{g}, {kh}, {kw}) = "
                    "({Cin}, {per}, {kh}, {kw}).",
    },
    "unfold_shape": {
        "title": "im2col (unfold) shape",
        "prompt": "x has shape ({N}, {C}, {H}, {W}). What is the shape of `{call}`?",
        "solution": "Rows: C·kh·kw = {C}·{kh}·{kw} = {rows}. Windows: H_out·W_out with "
                    "H_out = floor(({H} + 2·{p} − {d}·({kh}−1) − 1)/{s}) + 1 = {Ho}, "
                    "W_out = floor(({W} + 2·{p} − {d}·({kw}−1) − 1)/{s}) + 1 = {Wo}, so L = {cols}. "
                    "Shape: ({N}, {rows}, {cols}).",
    },
    "kernel_matrix_shape": {
        "title": "Kernel matrix shape",
        "prompt": "For `{layer}` on one image x of shape ({Cin}, {H}, {W}), the kernel matrix K satisfies "
                  "conv2d(x).ravel() == K @ x.ravel(). What is the shape of K?",
        "solution": "Output: H_out = floor(({H} + 2·{p} − ({k}−1) − 1)/{s}) + 1 = {Ho}, W_out = {Wo}; "
                    "rows = C_out·H_out·W_out = {Cout}·{Ho}·{Wo} = {rows}. "
                    "Columns = C_in·H·W = {Cin}·{H}·{W} = {cols} (padding is not part of x). Shape: ({rows}, {cols}).",
    },
    "receptive_field": {
        "title": "Receptive field",
        "prompt": "A stack of {n} one-dimensional convolutions, first layer first:\n{stack}\n"
                  "One output unit of the last layer depends on a stretch of the input. How long is that "
                  "stretch, from its first input position to its last one (holes left by dilation included)?",
        "solution": "RF = 1 + Σ d_l(k_l − 1) · (product of the strides before layer l) = 1 + {terms} = {out}: "
                    "the side of the input region one output unit depends on.",
    },
    "macs": {
        "title": "Multiply-accumulates",
        "prompt": "How many multiply-accumulate operations does `{layer}` perform on one input of shape (1, {Cin}, {H}, {H})?",
        "solution": "H_out = W_out = floor(({H} + 2·{p} − {k})/{s}) + 1 = {Ho}. Each output value needs "
                    "(C_in/groups)·k·k = {per}·{k}·{k} products. MACs = C_out·H_out·W_out·(C_in/groups)·k² = "
                    "{Cout}·{Ho}·{Ho}·{per}·{k}·{k} = {out}.",
    },
    "accepts": {
        "title": "Does PyTorch accept this layer?",
        "prompt": "Exactly one of these layers makes PyTorch raise an error when it runs on an input of shape {shape}. Which one?",
        "solution": "{why} The other three run fine.",
        "groups": "groups={g} must divide out_channels={cout}.",
        "dilation": "The dilated kernel spans d(k−1)+1 = {eff} positions, more than the padded input {H} + 2·{p}.",
        "output_padding": "output_padding={op} must be smaller than max(stride, dilation) = {s}.",
        "same_stride": "padding='same' is refused with stride {s} > 1.",
        "pool_padding": "Pooling padding {p} is more than half the kernel size {k}.",
        "accepted": {
            "effective-kernel-kd": "This layer runs: a kernel of {k} with dilation {d} spans d(k−1)+1 = {eff} positions, "
                                   "which fit in the padded input {H} + 2·{p} = {padded} (k·d = {kd} would not).",
            "padding-ignored": "This layer runs: the kernel {k} is larger than the input {H}, but padding {p} on both "
                               "sides makes it {padded} long, enough for the kernel.",
            "tf-same-padding": "This layer runs: padding='same' works with an even kernel at stride 1; PyTorch pads "
                               "{total} zeros in total, {before} before and {after} after (the odd extra after).",
            "output-padding-ignored": "This layer runs: output_padding must be smaller than max(stride, dilation) = "
                                      "max({s}, {d}) = {m}, and {op} is.",
        },
    },
    "chain": {
        "title": "A stack of layers",
        "prompt": "An input of shape (1, {C}, {H}, {H}) goes through:\n{stack}\n"
                  "Give the height after each of the {n} layers, in order, joined by x (e.g. 16x8x4).",
        "solution": "{steps}",
        "step": "`{code}`: {before} → {after}",
    },
}
