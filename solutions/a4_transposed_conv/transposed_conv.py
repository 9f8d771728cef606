"""Assignment a4: the transposed convolution, the backward pass of conv2d, and checkerboards.

``torch.nn.ConvTranspose2d`` is the adjoint of ``Conv2d``: where a convolution gathers a window of
inputs into one output, the transposed convolution scatters each input, weighted by the whole
kernel, onto a window of the output, and overlapping windows add up. Per dimension

    out = (size - 1)*s - 2p + d(k - 1) + output_padding + 1,

where ``output_padding`` (smaller than max(stride, dilation)) picks one of the input sizes that a
strided conv2d maps onto the same output size. The weight layout is (C_in, C_out/groups, kh, kw).

The same scatter-add is the gradient of conv2d with respect to its input, which is why
``conv2d_backward`` reuses it (col2im), and it is what makes the checkerboard artefacts of
upsampling layers: with a stride that does not divide the kernel size, some output pixels receive
more kernel taps than their neighbours (``checkerboard``).

Conventions (as in PyTorch): arrays are NCHW, unbatched (C, H, W) arrays are accepted;
``stride``, ``padding``, ``output_padding``, ``dilation`` and ``kernel_size`` are an int or a pair
(for_height, for_width). Only numpy and the standard library are used.
"""
import numpy as np


def _pair(value, name):
    """Return ``(a, b)`` from an int or a pair of ints; ValueError for anything else."""
    ### BEGIN SOLUTION
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value), int(value)
    if (isinstance(value, (tuple, list)) and len(value) == 2
            and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in value)):
        return int(value[0]), int(value[1])
    raise ValueError(f"{name} must be an int or a pair of ints (height, width), got {value!r}")
    ### END SOLUTION


def _geometry(kernel_size, stride, padding, dilation):
    """Check and normalize the four window parameters to pairs: k >= 1, s >= 1, p >= 0, d >= 1."""
    ### BEGIN SOLUTION
    k = _pair(kernel_size, "kernel_size")
    s = _pair(stride, "stride")
    p = _pair(padding, "padding")
    d = _pair(dilation, "dilation")
    if min(k) < 1:
        raise ValueError(f"kernel size must be at least 1 in each dimension, got {k}")
    if min(s) < 1:
        raise ValueError(f"stride must be at least 1 in each dimension, got {s}")
    if min(p) < 0:
        raise ValueError(f"padding must be non-negative, got {p}")
    if min(d) < 1:
        raise ValueError(f"dilation must be at least 1 in each dimension, got {d}")
    return k, s, p, d
    ### END SOLUTION


def _conv_out(size, k, s, p, d):
    """conv2d output size along one dimension: floor((size + 2p - d(k-1) - 1)/s) + 1."""
    ### BEGIN SOLUTION
    return (size + 2 * p - d * (k - 1) - 1) // s + 1
    ### END SOLUTION


def _transpose_out(size, k, s, p, op, d):
    """conv_transpose2d output size along one dimension: (size-1)s - 2p + d(k-1) + op + 1."""
    ### BEGIN SOLUTION
    return (size - 1) * s - 2 * p + d * (k - 1) + op + 1
    ### END SOLUTION


def _as_batch(x, name):
    """View a (C, H, W) array as (1, C, H, W); return it and whether it was unbatched."""
    ### BEGIN SOLUTION
    x = np.asarray(x)
    if x.ndim == 3:
        return x[None], True
    if x.ndim == 4:
        return x, False
    raise ValueError(f"{name} must be a 4-D array (N, C, H, W) or a 3-D array (C, H, W), "
                     f"got shape {x.shape}")
    ### END SOLUTION


def _check_groups(groups):
    """groups must be a positive int."""
    ### BEGIN SOLUTION
    if isinstance(groups, bool) or not isinstance(groups, (int, np.integer)) or groups < 1:
        raise ValueError(f"groups must be a positive int, got {groups!r}")
    return int(groups)
    ### END SOLUTION


def _unfold(x, k, s, p, d, out_hw):
    """im2col: (N, C, H, W) -> (N, C*kh*kw, Ho*Wo), filled one kernel tap at a time.

    cols[n, (c, i, j), (oh, ow)] = x_padded[n, c, oh*sh + i*dh, ow*sw + j*dw]
    """
    ### BEGIN SOLUTION
    (kh, kw), (sh, sw), (ph, pw), (dh, dw), (oh, ow) = k, s, p, d, out_hw
    n, c = x.shape[:2]
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    cols = np.empty((n, c, kh, kw, oh, ow), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            cols[:, :, i, j] = xp[:, :, i * dh:i * dh + sh * (oh - 1) + 1:sh,
                                  j * dw:j * dw + sw * (ow - 1) + 1:sw]
    return cols.reshape(n, c * kh * kw, oh * ow)
    ### END SOLUTION


def _scatter_taps(cols, out_hw, s, p, d):
    """col2im, the adjoint of _unfold: scatter-add every kernel tap onto the output.

    cols: (N, G, kh, kw, C, Hin, Win); returns (N, G*C, Hout, Wout) with
        out[n, (g, c), h*sh - ph + i*dh, w*sw - pw + j*dw] += cols[n, g, i, j, c, h, w]
    (positions that fall outside [0, Hout) x [0, Wout) are dropped). One strided slice per tap:
    kh*kw vectorized additions, whatever the image size.
    """
    ### BEGIN SOLUTION
    n, g, kh, kw, c, hin, win = cols.shape
    (ho, wo), (sh, sw), (ph, pw), (dh, dw) = out_hw, s, p, d
    # a canvas that holds every tap, before cropping the padding away; output_padding may ask
    # for rows below the last tap (they stay zero)
    canvas = np.zeros((n, g, c,
                       max(sh * (hin - 1) + dh * (kh - 1) + 1, ph + ho),
                       max(sw * (win - 1) + dw * (kw - 1) + 1, pw + wo)), dtype=cols.dtype)
    for i in range(kh):
        for j in range(kw):
            canvas[..., i * dh:i * dh + sh * (hin - 1) + 1:sh,
                   j * dw:j * dw + sw * (win - 1) + 1:sw] += cols[:, :, i, j]
    return np.ascontiguousarray(canvas[..., ph:ph + ho, pw:pw + wo]).reshape(n, g * c, ho, wo)
    ### END SOLUTION


def _check_transpose(x4, weight, bias, groups, k, s, p, op, d):
    """ValueError for every conv_transpose2d configuration PyTorch refuses; returns (Ho, Wo)."""
    ### BEGIN SOLUTION
    n, c, h, w = x4.shape
    if weight.shape[0] == 0 or weight.shape[1] == 0:
        raise ValueError(f"weight (C_in, C_out/groups, kh, kw) must have at least one input and "
                         f"one output channel, got shape {weight.shape}")
    if weight.shape[0] % groups:
        raise ValueError(f"groups={groups} must divide the input channels "
                         f"(weight.shape[0] = {weight.shape[0]})")
    if c != weight.shape[0]:
        raise ValueError(f"x has {c} channels but the weight {weight.shape} expects "
                         f"{weight.shape[0]} (ConvTranspose2d weights are (C_in, C_out/groups, kh, kw))")
    if min(op) < 0:
        raise ValueError(f"output_padding must be non-negative, got {op}")
    for dim, name in ((0, "height"), (1, "width")):
        if op[dim] >= max(s[dim], d[dim]):
            raise ValueError(f"output_padding must be smaller than either stride or dilation: "
                             f"{name} has output_padding {op[dim]}, stride {s[dim]}, "
                             f"dilation {d[dim]}")
    if n > 0 and (h == 0 or w == 0):
        raise ValueError(f"x must have non-zero height and width, got shape {x4.shape}")
    ho = _transpose_out(h, k[0], s[0], p[0], op[0], d[0])
    wo = _transpose_out(w, k[1], s[1], p[1], op[1], d[1])
    if n > 0 and (ho < 1 or wo < 1):
        raise ValueError(f"the output size ({ho} x {wo}) is too small: the padding ({p}) crops "
                         f"more than the transposed convolution produces")
    c_out = weight.shape[1] * groups
    if bias is not None and np.shape(bias) != (c_out,):
        raise ValueError(f"bias must be a 1-D array with one value per output channel "
                         f"({c_out}), got shape {np.shape(bias)}")
    return max(ho, 0), max(wo, 0)
    ### END SOLUTION


def conv_transpose2d(x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """Transposed 2-D convolution, as ``torch.nn.functional.conv_transpose2d`` (scatter-add).

    x: (N, C_in, H, W) or (C_in, H, W); weight: (C_in, C_out/groups, kh, kw); bias: (C_out,) or None.
    Returns (N, C_out, Ho, Wo) (or unbatched) in np.result_type(x, weight), with
    Ho = (H-1)sh - 2ph + dh(kh-1) + oph + 1 (likewise Wo) and, for input channel c in group g,
        out[n, o, h*sh - ph + i*dh, w*sw - pw + j*dw] += x[n, c, h, w] * weight[c, o - g*C_out/groups, i, j]
    Computed as one matrix product per group (every tap of every input pixel at once) followed by a
    scatter-add of one strided slice per kernel tap.
    """
    ### BEGIN SOLUTION
    x4, unbatched = _as_batch(x, "x")
    weight = np.asarray(weight)
    if weight.ndim != 4:
        raise ValueError(f"weight must be a 4-D array (C_in, C_out/groups, kh, kw), "
                         f"got shape {weight.shape}")
    groups = _check_groups(groups)
    k, s, p, d = _geometry(weight.shape[2:], stride, padding, dilation)
    op = _pair(output_padding, "output_padding")
    ho, wo = _check_transpose(x4, weight, bias, groups, k, s, p, op, d)
    dtype = np.result_type(x4, weight)
    n, c_in, h, w = x4.shape
    cig, cog = c_in // groups, weight.shape[1]
    out = np.zeros((n, cog * groups, ho, wo), dtype=dtype)
    # taps[g, (i, j, o), c] = weight[g*cig + c, o, i, j]
    taps = (weight.astype(dtype, copy=False).reshape(groups, cig, cog, k[0] * k[1])
            .transpose(0, 3, 2, 1).reshape(groups, k[0] * k[1] * cog, cig))
    xs = x4.astype(dtype, copy=False).reshape(n, groups, cig, h * w)
    # a few images at a time, so that the columns (kh*kw*C_out values per input pixel) stay
    # small enough for the cache: same result, less memory, about twice as fast on large inputs
    per_image = k[0] * k[1] * cog * groups * h * w * dtype.itemsize
    chunk = max(1, (8 << 20) // max(per_image, 1))
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        # cols[n, g, i, j, o, h, w] = sum_c weight[c, o, i, j] x[n, c, h, w]: one matmul
        cols = (taps @ xs[start:stop]).reshape(stop - start, groups, k[0], k[1], cog, h, w)
        out[start:stop] = _scatter_taps(cols, (ho, wo), s, p, d)
    if bias is not None:
        out += np.asarray(bias).astype(dtype)[:, None, None]
    return out[0] if unbatched else out
    ### END SOLUTION


# ---------------------------------------------------------------------------------------------
# Pasted from assignment a3 (kernel_matrix.py): kernel_matrix, needed by conv_transpose2d_matmul.
# ---------------------------------------------------------------------------------------------
def kernel_matrix(weight, input_hw, stride=1, padding=0, dilation=1):
    """The matrix K of conv2d (no bias, groups = 1) on one image of size input_hw (from a3).

    weight: (C_out, C_in, kh, kw); input_hw: (H, W) or an int.
    Returns K of shape (C_out*Ho*Wo, C_in*H*W) in weight.dtype such that, for x of shape (C_in, H, W),
        conv2d(x, weight, stride, padding, dilation).ravel() == K @ x.ravel()
    K[(o, oh, ow), (c, oh*sh - ph + i*dh, ow*sw - pw + j*dw)] = weight[o, c, i, j] inside the image.
    """
    ### BEGIN SOLUTION
    weight = np.asarray(weight)
    if weight.ndim != 4:
        raise ValueError(f"weight must be a 4-D array (C_out, C_in, kh, kw), got shape {weight.shape}")
    h, w = _pair(input_hw, "input_hw")
    co, ci, kh, kw = weight.shape
    k, s, p, d = _geometry((kh, kw), stride, padding, dilation)
    oh, ow = _conv_out(h, kh, s[0], p[0], d[0]), _conv_out(w, kw, s[1], p[1], d[1])
    if h < 1 or w < 1 or co < 1 or oh < 1 or ow < 1:
        raise ValueError(f"no conv2d of a {(h, w)} image with weight {weight.shape}, "
                         f"stride {s}, padding {p}, dilation {d}")
    K = np.zeros((co, oh, ow, ci, h, w), dtype=weight.dtype)
    out_rows, out_cols = np.arange(oh), np.arange(ow)
    for i in range(kh):
        for j in range(kw):
            rows = out_rows * s[0] - p[0] + i * d[0]
            cols = out_cols * s[1] - p[1] + j * d[1]
            r_ok = (rows >= 0) & (rows < h)
            c_ok = (cols >= 0) & (cols < w)
            K[:, out_rows[r_ok, None], out_cols[None, c_ok], :, rows[r_ok, None], cols[None, c_ok]] \
                = weight[:, :, i, j]
    return K.reshape(co * oh * ow, ci * h * w)
    ### END SOLUTION
# ------------------------------------ end of the a3 paste ------------------------------------


def conv_transpose2d_matmul(x, weight, stride=1, padding=0, output_padding=0, dilation=1):
    """Transposed convolution (groups = 1, no bias) as the transpose of conv2d's kernel matrix.

    x: (N, C_in, H, W) or (C_in, H, W); weight: (C_in, C_out, kh, kw) (ConvTranspose2d layout).
    Returns (N, C_out, Ho, Wo) (or unbatched) in np.result_type(x, weight), Ho as in conv_transpose2d.
    The same weight read as a conv2d weight maps (C_out, Ho, Wo) images to (C_in, H', W') with
    H' = H + floor(oph / sh) >= H; with K = kernel_matrix(weight, (Ho, Wo), stride, padding, dilation),
        out.ravel() = K.T @ x'.ravel(),   x' = x zero-extended to (C_in, H', W').
    """
    ### BEGIN SOLUTION
    x4, unbatched = _as_batch(x, "x")
    weight = np.asarray(weight)
    if weight.ndim != 4:
        raise ValueError(f"weight must be a 4-D array (C_in, C_out, kh, kw), got shape {weight.shape}")
    k, s, p, d = _geometry(weight.shape[2:], stride, padding, dilation)
    op = _pair(output_padding, "output_padding")
    ho, wo = _check_transpose(x4, weight, None, 1, k, s, p, op, d)
    dtype = np.result_type(x4, weight)
    n, c_in, h, w = x4.shape
    c_out = weight.shape[1]
    if n == 0:
        out = np.zeros((0, c_out, ho, wo), dtype=dtype)
    else:
        K = kernel_matrix(weight, (ho, wo), s, p, d).astype(dtype, copy=False)
        h2, w2 = _conv_out(ho, k[0], s[0], p[0], d[0]), _conv_out(wo, k[1], s[1], p[1], d[1])
        x2 = np.zeros((n, c_in, h2, w2), dtype=dtype)
        x2[:, :, :h, :w] = x4
        # row-vector form of K.T @ vec(x') for every image at once
        out = (x2.reshape(n, -1) @ K).reshape(n, c_out, ho, wo)
    return out[0] if unbatched else out
    ### END SOLUTION


def conv2d_backward(grad_output, x, weight, stride=1, padding=0, dilation=1, groups=1):
    """Gradients of out = conv2d(x, weight, bias, stride, padding, dilation, groups).

    grad_output: (N, C_out, Ho, Wo); x: (N, C_in, H, W); weight: (C_out, C_in/groups, kh, kw)
    (or all unbatched: (C_out, Ho, Wo) and (C_in, H, W)). padding is an int or a pair.
    Returns (grad_x, grad_weight, grad_bias) shaped like x, weight and (C_out,), in
    np.result_type(x, weight). With cols = im2col(x) (N, C_in*kh*kw, L) split per group g:
        grad_weight_g = sum_n grad_output_g[n] @ cols_g[n].T
        grad_x        = col2im(weight_g.T @ grad_output_g[n])   (scatter-add of the taps)
        grad_bias     = grad_output summed over N, Ho, Wo
    Input rows and columns that no window reaches get a zero gradient.
    """
    ### BEGIN SOLUTION
    x4, unbatched = _as_batch(x, "x")
    g4 = np.asarray(grad_output)
    if g4.ndim != (3 if unbatched else 4):
        raise ValueError(f"grad_output must have as many dimensions as x ({3 if unbatched else 4}), "
                         f"got shape {g4.shape}")
    g4 = g4[None] if unbatched else g4
    weight = np.asarray(weight)
    if weight.ndim != 4:
        raise ValueError(f"weight must be a 4-D array (C_out, C_in/groups, kh, kw), "
                         f"got shape {weight.shape}")
    if isinstance(padding, str):
        raise ValueError(f"padding must be an int or a pair of ints here, got {padding!r}")
    groups = _check_groups(groups)
    k, s, p, d = _geometry(weight.shape[2:], stride, padding, dilation)
    n, c_in, h, w = x4.shape
    c_out, cig = weight.shape[:2]
    if c_out == 0 or c_out % groups:
        raise ValueError(f"groups={groups} must divide the output channels "
                         f"(weight.shape[0] = {c_out}), which must be at least 1")
    if c_in != cig * groups:
        raise ValueError(f"x has {c_in} channels but weight {weight.shape} with groups={groups} "
                         f"expects {cig * groups}")
    if n > 0 and c_in > 0 and (h == 0 or w == 0):
        raise ValueError(f"x must have non-zero height and width, got shape {x4.shape}")
    ho, wo = _conv_out(h, k[0], s[0], p[0], d[0]), _conv_out(w, k[1], s[1], p[1], d[1])
    if ho < 1 or wo < 1:
        raise ValueError(
            f"the dilated kernel ({d[0] * (k[0] - 1) + 1} x {d[1] * (k[1] - 1) + 1}) is larger "
            f"than the padded input ({h + 2 * p[0]} x {w + 2 * p[1]})")
    if g4.shape != (n, c_out, ho, wo):
        raise ValueError(f"grad_output has shape {g4.shape}, but the conv2d output has shape "
                         f"{(n, c_out, ho, wo)}")
    dtype = np.result_type(x4, weight)
    work = np.result_type(dtype, g4)
    cog = c_out // groups
    go = g4.astype(work, copy=False).reshape(n, groups, cog, ho * wo)
    wg = weight.astype(work, copy=False).reshape(groups, cog, cig * k[0] * k[1])

    grad_bias = g4.sum(axis=(0, 2, 3), dtype=work)
    cols = _unfold(x4.astype(work, copy=False), k, s, p, d, (ho, wo))
    cols = cols.reshape(n, groups, cig * k[0] * k[1], ho * wo)
    grad_weight = (go @ cols.transpose(0, 1, 3, 2)).sum(axis=0).reshape(weight.shape)
    # taps[g, (i, j, c), o] = weight[g*cog + o, c, i, j]
    taps = (wg.reshape(groups, cog, cig, k[0] * k[1]).transpose(0, 3, 2, 1)
            .reshape(groups, k[0] * k[1] * cig, cog))
    grad_cols = (taps @ go).reshape(n, groups, k[0], k[1], cig, ho, wo)
    grad_x = _scatter_taps(grad_cols, (h, w), s, p, d)
    grad_x = grad_x[0] if unbatched else grad_x
    return grad_x.astype(dtype, copy=False), grad_weight.astype(dtype, copy=False), \
        grad_bias.astype(dtype, copy=False)
    ### END SOLUTION


def checkerboard(in_hw, kernel_size, stride=1, padding=0):
    """How many kernel taps land on each output pixel of a transposed convolution.

    in_hw, kernel_size, stride, padding: ints or pairs. Returns an int64 array of shape (Ho, Wo),
    Ho = (H-1)sh - 2ph + kh, equal to conv_transpose2d(ones((1, 1, H, W)), ones((1, 1, kh, kw)),
    stride=stride, padding=padding)[0, 0]. The count factorizes over the two dimensions:
        count[y, x] = rows[y] * cols[x],  rows[y] = #{(h, i) : h*sh - ph + i = y, 0 <= h < H, 0 <= i < kh}
    so a stride that does not divide the kernel size gives the uneven (checkerboard) pattern.
    """
    ### BEGIN SOLUTION
    h, w = _pair(in_hw, "in_hw")
    if h < 1 or w < 1:
        raise ValueError(f"in_hw must be positive, got {(h, w)}")
    k, s, p, _ = _geometry(kernel_size, stride, padding, 1)
    ho, wo = _transpose_out(h, k[0], s[0], p[0], 0, 1), _transpose_out(w, k[1], s[1], p[1], 0, 1)
    if ho < 1 or wo < 1:
        raise ValueError(f"the output size ({ho} x {wo}) is too small: the padding ({p}) crops "
                         f"more than the transposed convolution produces")

    def counts(size, kk, ss, pp, out):
        hits = np.zeros(out, dtype=np.int64)
        for i in range(kk):                        # tap i of every input position at once
            pos = np.arange(size) * ss - pp + i
            hits[pos[(pos >= 0) & (pos < out)]] += 1   # distinct positions within one tap
        return hits

    return np.outer(counts(h, k[0], s[0], p[0], ho), counts(w, k[1], s[1], p[1], wo))
    ### END SOLUTION
