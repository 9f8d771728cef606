"""Assignment a3: im2col, col2im and the kernel matrix of a convolution.

A 2-D convolution (PyTorch's cross-correlation) is a linear map of its input. This assignment
writes that map down in two ways:

* ``im2col`` copies every receptive field into one column (``torch.nn.functional.unfold``), so that
  the whole convolution becomes one matrix product ``weight.reshape(C_out, -1) @ cols``
  (``conv2d_im2col``); ``col2im`` is its adjoint (``torch.nn.functional.fold``): it adds every
  column back onto the pixels it came from, so overlapping windows add up.
* ``kernel_matrix`` builds the matrix ``K`` with ``conv2d(x).ravel() == K @ x.ravel()`` for one
  image. ``K`` is sparse and structured (a block matrix of doubly-Toeplitz blocks when the stride
  is 1); its transpose is the transposed convolution of assignment a4.

Conventions (as in PyTorch): arrays are NCHW; ``stride``, ``padding``, ``dilation`` and
``kernel_size`` are an int or a pair ``(for_height, for_width)``; padding is zeros. Per dimension
the number of window positions is ``out = floor((size + 2p - d(k-1) - 1) / s) + 1``.
Only numpy and the standard library are used.
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


def _out_size(size, k, s, p, d):
    """Number of window positions along one dimension: floor((size + 2p - d(k-1) - 1)/s) + 1."""
    ### BEGIN SOLUTION
    return (size + 2 * p - d * (k - 1) - 1) // s + 1
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


def _unfold(x, k, s, p, d, out_hw):
    """im2col without checks: (N, C, H, W) -> (N, C*kh*kw, Ho*Wo), filled one kernel tap at a time.

    cols[n, (c, i, j), (oh, ow)] = x_padded[n, c, oh*sh + i*dh, ow*sw + j*dw]
    """
    ### BEGIN SOLUTION
    (kh, kw), (sh, sw), (ph, pw), (dh, dw), (oh, ow) = k, s, p, d, out_hw
    n, c = x.shape[:2]
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    cols = np.empty((n, c, kh, kw, oh, ow), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            # every output position sees, through tap (i, j), one strided slice of the input
            cols[:, :, i, j] = xp[:, :, i * dh:i * dh + sh * (oh - 1) + 1:sh,
                                  j * dw:j * dw + sw * (ow - 1) + 1:sw]
    return cols.reshape(n, c * kh * kw, oh * ow)
    ### END SOLUTION


def im2col(x, kernel_size, stride=1, padding=0, dilation=1):
    """Unfold sliding windows into columns, exactly as ``torch.nn.functional.unfold``.

    x: (N, C, H, W) or unbatched (C, H, W).
    Returns (N, C*kh*kw, L) (or (C*kh*kw, L)) in x.dtype, L = Ho*Wo, with
        cols[n, c*kh*kw + i*kw + j, oh*Wo + ow] = x_pad[n, c, oh*sh + i*dh, ow*sw + j*dw]
    (rows ordered by channel, then kernel row, then kernel column; columns row-major over the
    output positions), Ho = floor((H + 2ph - dh(kh-1) - 1)/sh) + 1, likewise Wo.
    """
    ### BEGIN SOLUTION
    x4, unbatched = _as_batch(x, "x")
    k, s, p, d = _geometry(kernel_size, stride, padding, dilation)
    n, c, h, w = x4.shape
    if c == 0 or h == 0 or w == 0:
        raise ValueError(f"x must have non-zero channels, height and width, got shape {x4.shape}")
    oh, ow = _out_size(h, k[0], s[0], p[0], d[0]), _out_size(w, k[1], s[1], p[1], d[1])
    if oh < 1 or ow < 1:
        raise ValueError(
            f"the dilated kernel ({d[0] * (k[0] - 1) + 1} x {d[1] * (k[1] - 1) + 1}) is larger "
            f"than the padded input ({h + 2 * p[0]} x {w + 2 * p[1]}): no window fits")
    cols = _unfold(x4, k, s, p, d, (oh, ow))
    return cols[0] if unbatched else cols
    ### END SOLUTION


def col2im(cols, output_size, kernel_size, stride=1, padding=0, dilation=1):
    """Fold columns back into an image, adding overlaps, exactly as ``torch.nn.functional.fold``.

    cols: (N, C*kh*kw, L) or unbatched (C*kh*kw, L); output_size: (H, W) or an int.
    Returns (N, C, H, W) (or (C, H, W)) in cols.dtype, the adjoint of im2col:
        out[n, c, oh*sh - ph + i*dh, ow*sw - pw + j*dw] += cols[n, c*kh*kw + i*kw + j, oh*Wo + ow]
    (contributions that land in the padding are dropped). L must equal Ho*Wo computed from
    (H, W) as in im2col, and the row count must be a multiple of kh*kw.
    """
    ### BEGIN SOLUTION
    cols = np.asarray(cols)
    if cols.ndim not in (2, 3):
        raise ValueError(f"cols must be a 3-D array (N, C*kh*kw, L) or a 2-D array (C*kh*kw, L), "
                         f"got shape {cols.shape}")
    unbatched = cols.ndim == 2
    cols3 = cols[None] if unbatched else cols
    (h, w) = _pair(output_size, "output_size")
    k, s, p, d = _geometry(kernel_size, stride, padding, dilation)
    n, rows, length = cols3.shape
    if rows == 0 or length == 0:
        raise ValueError(f"cols must have non-zero rows and columns, got shape {cols3.shape}")
    if rows % (k[0] * k[1]):
        raise ValueError(f"cols has {rows} rows, which is not a multiple of "
                         f"kh*kw = {k[0]}*{k[1]} = {k[0] * k[1]}")
    oh, ow = _out_size(h, k[0], s[0], p[0], d[0]), _out_size(w, k[1], s[1], p[1], d[1])
    if oh < 1 or ow < 1 or oh * ow != length:
        raise ValueError(
            f"output_size={(h, w)} with kernel_size={k}, stride={s}, padding={p}, dilation={d} "
            f"gives {max(oh, 0)} x {max(ow, 0)} = {max(oh, 0) * max(ow, 0)} window positions, "
            f"but cols has L = {length} columns")
    c = rows // (k[0] * k[1])
    blocks = cols3.reshape(n, c, k[0], k[1], oh, ow)
    out = np.zeros((n, c, h + 2 * p[0], w + 2 * p[1]), dtype=cols.dtype)
    for i in range(k[0]):
        for j in range(k[1]):
            out[:, :, i * d[0]:i * d[0] + s[0] * (oh - 1) + 1:s[0],
                j * d[1]:j * d[1] + s[1] * (ow - 1) + 1:s[1]] += blocks[:, :, i, j]
    out = out[:, :, p[0]:p[0] + h, p[1]:p[1] + w]
    return out[0] if unbatched else out
    ### END SOLUTION


def _check_conv(x_shape, weight, bias, k_s_p_d):
    """ValueError for the conv2d configurations PyTorch refuses (groups = 1); returns (Ho, Wo).

    x_shape: (N, C_in, H, W); weight: (C_out, C_in, kh, kw); k_s_p_d: the checked pairs.
    """
    ### BEGIN SOLUTION
    k, s, p, d = k_s_p_d
    n, c, h, w = x_shape
    if weight.shape[0] == 0:
        raise ValueError(f"weight must have at least one output channel, got shape {weight.shape}")
    if c != weight.shape[1]:
        raise ValueError(f"weight of shape {weight.shape} expects {weight.shape[1]} input channels, "
                         f"but x has {c} channels (x shape {x_shape})")
    if n > 0 and c > 0 and (h == 0 or w == 0):
        raise ValueError(f"x must have non-zero height and width, got shape {x_shape}")
    oh, ow = _out_size(h, k[0], s[0], p[0], d[0]), _out_size(w, k[1], s[1], p[1], d[1])
    if oh < 1 or ow < 1:
        raise ValueError(
            f"the dilated kernel ({d[0] * (k[0] - 1) + 1} x {d[1] * (k[1] - 1) + 1}) is larger "
            f"than the padded input ({h + 2 * p[0]} x {w + 2 * p[1]})")
    if bias is not None and np.shape(bias) != (weight.shape[0],):
        raise ValueError(f"bias must be a 1-D array with one value per output channel "
                         f"({weight.shape[0]}), got shape {np.shape(bias)}")
    return oh, ow
    ### END SOLUTION


def conv2d_im2col(x, weight, bias=None, stride=1, padding=0, dilation=1):
    """conv2d (cross-correlation, groups = 1) as im2col followed by one matrix product.

    x: (N, C_in, H, W) or (C_in, H, W); weight: (C_out, C_in, kh, kw); bias: (C_out,) or None.
    Returns (N, C_out, Ho, Wo) (or unbatched) in np.result_type(x, weight):
        out[n] = weight.reshape(C_out, C_in*kh*kw) @ im2col(x)[n] (+ bias[:, None]), reshaped.
    """
    ### BEGIN SOLUTION
    x4, unbatched = _as_batch(x, "x")
    weight = np.asarray(weight)
    if weight.ndim != 4:
        raise ValueError(f"weight must be a 4-D array (C_out, C_in, kh, kw), got shape {weight.shape}")
    geometry = _geometry(weight.shape[2:], stride, padding, dilation)
    oh, ow = _check_conv(x4.shape, weight, bias, geometry)
    dtype = np.result_type(x4, weight)
    cols = _unfold(x4.astype(dtype, copy=False), *geometry, (oh, ow))   # (N, C_in*kh*kw, L)
    out = weight.reshape(weight.shape[0], -1).astype(dtype, copy=False) @ cols  # (N, C_out, L)
    if bias is not None:
        out += np.asarray(bias).astype(dtype)[:, None]
    out = out.reshape(x4.shape[0], weight.shape[0], oh, ow)
    return out[0] if unbatched else out
    ### END SOLUTION


def kernel_matrix(weight, input_hw, stride=1, padding=0, dilation=1):
    """The matrix K of conv2d (no bias, groups = 1) on one image of size input_hw.

    weight: (C_out, C_in, kh, kw); input_hw: (H, W) or an int.
    Returns K of shape (C_out*Ho*Wo, C_in*H*W) in weight.dtype such that, for x of shape (C_in, H, W),
        conv2d(x, weight, stride, padding, dilation).ravel() == K @ x.ravel()
    Entry by entry: K[(o, oh, ow), (c, oh*sh - ph + i*dh, ow*sw - pw + j*dw)] = weight[o, c, i, j]
    wherever that input position lies inside the image (taps on the zero padding contribute nothing).
    """
    ### BEGIN SOLUTION
    weight = np.asarray(weight)
    if weight.ndim != 4:
        raise ValueError(f"weight must be a 4-D array (C_out, C_in, kh, kw), got shape {weight.shape}")
    h, w = _pair(input_hw, "input_hw")
    if h < 1 or w < 1:
        raise ValueError(f"input_hw must be positive, got {(h, w)}")
    co, ci, kh, kw = weight.shape
    k, s, p, d = _geometry((kh, kw), stride, padding, dilation)
    oh, ow = _check_conv((1, ci, h, w), weight, None, (k, s, p, d))
    K = np.zeros((co, oh, ow, ci, h, w), dtype=weight.dtype)
    out_rows, out_cols = np.arange(oh), np.arange(ow)
    for i in range(kh):
        for j in range(kw):
            rows = out_rows * s[0] - p[0] + i * d[0]      # input row seen by each output row
            cols = out_cols * s[1] - p[1] + j * d[1]      # input column seen by each output column
            r_ok = (rows >= 0) & (rows < h)
            c_ok = (cols >= 0) & (cols < w)
            # advanced indices (broadcast to (#rows, #cols)) come first in the indexed view:
            # K[:, oh, ow, :, ih, iw] has shape (#rows, #cols, C_out, C_in)
            K[:, out_rows[r_ok, None], out_cols[None, c_ok], :, rows[r_ok, None], cols[None, c_ok]] \
                = weight[:, :, i, j]
    return K.reshape(co * oh * ow, ci * h * w)
    ### END SOLUTION
