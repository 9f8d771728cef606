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
    # YOUR CODE HERE
    raise NotImplementedError


def _geometry(kernel_size, stride, padding, dilation):
    """Check and normalize the four window parameters to pairs: k >= 1, s >= 1, p >= 0, d >= 1."""
    # YOUR CODE HERE
    raise NotImplementedError


def _out_size(size, k, s, p, d):
    """Number of window positions along one dimension: floor((size + 2p - d(k-1) - 1)/s) + 1."""
    # YOUR CODE HERE
    raise NotImplementedError


def _as_batch(x, name):
    """View a (C, H, W) array as (1, C, H, W); return it and whether it was unbatched."""
    # YOUR CODE HERE
    raise NotImplementedError


def _unfold(x, k, s, p, d, out_hw):
    """im2col without checks: (N, C, H, W) -> (N, C*kh*kw, Ho*Wo), filled one kernel tap at a time.

    cols[n, (c, i, j), (oh, ow)] = x_padded[n, c, oh*sh + i*dh, ow*sw + j*dw]
    """
    # YOUR CODE HERE
    raise NotImplementedError


def im2col(x, kernel_size, stride=1, padding=0, dilation=1):
    """Unfold sliding windows into columns, exactly as ``torch.nn.functional.unfold``.

    x: (N, C, H, W) or unbatched (C, H, W).
    Returns (N, C*kh*kw, L) (or (C*kh*kw, L)) in x.dtype, L = Ho*Wo, with
        cols[n, c*kh*kw + i*kw + j, oh*Wo + ow] = x_pad[n, c, oh*sh + i*dh, ow*sw + j*dw]
    (rows ordered by channel, then kernel row, then kernel column; columns row-major over the
    output positions), Ho = floor((H + 2ph - dh(kh-1) - 1)/sh) + 1, likewise Wo.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def col2im(cols, output_size, kernel_size, stride=1, padding=0, dilation=1):
    """Fold columns back into an image, adding overlaps, exactly as ``torch.nn.functional.fold``.

    cols: (N, C*kh*kw, L) or unbatched (C*kh*kw, L); output_size: (H, W) or an int.
    Returns (N, C, H, W) (or (C, H, W)) in cols.dtype, the adjoint of im2col:
        out[n, c, oh*sh - ph + i*dh, ow*sw - pw + j*dw] += cols[n, c*kh*kw + i*kw + j, oh*Wo + ow]
    (contributions that land in the padding are dropped). L must equal Ho*Wo computed from
    (H, W) as in im2col, and the row count must be a multiple of kh*kw.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def _check_conv(x_shape, weight, bias, k_s_p_d):
    """ValueError for the conv2d configurations PyTorch refuses (groups = 1); returns (Ho, Wo).

    x_shape: (N, C_in, H, W); weight: (C_out, C_in, kh, kw); k_s_p_d: the checked pairs.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def conv2d_im2col(x, weight, bias=None, stride=1, padding=0, dilation=1):
    """conv2d (cross-correlation, groups = 1) as im2col followed by one matrix product.

    x: (N, C_in, H, W) or (C_in, H, W); weight: (C_out, C_in, kh, kw); bias: (C_out,) or None.
    Returns (N, C_out, Ho, Wo) (or unbatched) in np.result_type(x, weight):
        out[n] = weight.reshape(C_out, C_in*kh*kw) @ im2col(x)[n] (+ bias[:, None]), reshaped.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def kernel_matrix(weight, input_hw, stride=1, padding=0, dilation=1):
    """The matrix K of conv2d (no bias, groups = 1) on one image of size input_hw.

    weight: (C_out, C_in, kh, kw); input_hw: (H, W) or an int.
    Returns K of shape (C_out*Ho*Wo, C_in*H*W) in weight.dtype such that, for x of shape (C_in, H, W),
        conv2d(x, weight, stride, padding, dilation).ravel() == K @ x.ravel()
    Entry by entry: K[(o, oh, ow), (c, oh*sh - ph + i*dh, ow*sw - pw + j*dw)] = weight[o, c, i, j]
    wherever that input position lies inside the image (taps on the zero padding contribute nothing).
    """
    # YOUR CODE HERE
    raise NotImplementedError
