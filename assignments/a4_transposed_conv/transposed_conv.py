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
    # YOUR CODE HERE
    raise NotImplementedError


def _geometry(kernel_size, stride, padding, dilation):
    """Check and normalize the four window parameters to pairs: k >= 1, s >= 1, p >= 0, d >= 1."""
    # YOUR CODE HERE
    raise NotImplementedError


def _conv_out(size, k, s, p, d):
    """conv2d output size along one dimension: floor((size + 2p - d(k-1) - 1)/s) + 1."""
    # YOUR CODE HERE
    raise NotImplementedError


def _transpose_out(size, k, s, p, op, d):
    """conv_transpose2d output size along one dimension: (size-1)s - 2p + d(k-1) + op + 1."""
    # YOUR CODE HERE
    raise NotImplementedError


def _as_batch(x, name):
    """View a (C, H, W) array as (1, C, H, W); return it and whether it was unbatched."""
    # YOUR CODE HERE
    raise NotImplementedError


def _check_groups(groups):
    """groups must be a positive int."""
    # YOUR CODE HERE
    raise NotImplementedError


def _unfold(x, k, s, p, d, out_hw):
    """im2col: (N, C, H, W) -> (N, C*kh*kw, Ho*Wo), filled one kernel tap at a time.

    cols[n, (c, i, j), (oh, ow)] = x_padded[n, c, oh*sh + i*dh, ow*sw + j*dw]
    """
    # YOUR CODE HERE
    raise NotImplementedError


def _scatter_taps(cols, out_hw, s, p, d):
    """col2im, the adjoint of _unfold: scatter-add every kernel tap onto the output.

    cols: (N, G, kh, kw, C, Hin, Win); returns (N, G*C, Hout, Wout) with
        out[n, (g, c), h*sh - ph + i*dh, w*sw - pw + j*dw] += cols[n, g, i, j, c, h, w]
    (positions that fall outside [0, Hout) x [0, Wout) are dropped). One strided slice per tap:
    kh*kw vectorized additions, whatever the image size.
    """
    # YOUR CODE HERE
    raise NotImplementedError


def _check_transpose(x4, weight, bias, groups, k, s, p, op, d):
    """ValueError for every conv_transpose2d configuration PyTorch refuses; returns (Ho, Wo)."""
    # YOUR CODE HERE
    raise NotImplementedError


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
    # YOUR CODE HERE
    raise NotImplementedError


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
    # YOUR CODE HERE
    # Paste your own kernel_matrix from a3 (kernel_matrix.py) here.
    raise NotImplementedError
# ------------------------------------ end of the a3 paste ------------------------------------


def conv_transpose2d_matmul(x, weight, stride=1, padding=0, output_padding=0, dilation=1):
    """Transposed convolution (groups = 1, no bias) as the transpose of conv2d's kernel matrix.

    x: (N, C_in, H, W) or (C_in, H, W); weight: (C_in, C_out, kh, kw) (ConvTranspose2d layout).
    Returns (N, C_out, Ho, Wo) (or unbatched) in np.result_type(x, weight), Ho as in conv_transpose2d.
    The same weight read as a conv2d weight maps (C_out, Ho, Wo) images to (C_in, H', W') with
    H' = H + floor(oph / sh) >= H; with K = kernel_matrix(weight, (Ho, Wo), stride, padding, dilation),
        out.ravel() = K.T @ x'.ravel(),   x' = x zero-extended to (C_in, H', W').
    """
    # YOUR CODE HERE
    raise NotImplementedError


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
    # YOUR CODE HERE
    raise NotImplementedError


def checkerboard(in_hw, kernel_size, stride=1, padding=0):
    """How many kernel taps land on each output pixel of a transposed convolution.

    in_hw, kernel_size, stride, padding: ints or pairs. Returns an int64 array of shape (Ho, Wo),
    Ho = (H-1)sh - 2ph + kh, equal to conv_transpose2d(ones((1, 1, H, W)), ones((1, 1, kh, kw)),
    stride=stride, padding=padding)[0, 0]. The count factorizes over the two dimensions:
        count[y, x] = rows[y] * cols[x],  rows[y] = #{(h, i) : h*sh - ph + i = y, 0 <= h < H, 0 <= i < kh}
    so a stride that does not divide the kernel size gives the uneven (checkerboard) pattern.
    """
    # YOUR CODE HERE
    raise NotImplementedError
