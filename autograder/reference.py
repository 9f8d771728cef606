"""Ground truth from PyTorch for every function of SPEC.md.

``evaluate(function, args, kwargs)`` runs torch in float64 on real CPU (or CUDA) tensors and
returns plain numpy / python values in the dtype SPEC fixes. Where torch refuses a
configuration it raises ``ReferenceRefused`` with torch's own words. The a1 answers come from
the shapes of real layers run on tiny tensors (never meta tensors, which accept layers that real
tensors refuse). torch is imported lazily, so importing this module is cheap.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from autograder import replay
from autograder.cases import Case, materialize
from autograder.edition import EDITION
from autograder.reference_memo import AnswerMemo


class ReferenceRefused(Exception):
    """Torch refuses this configuration; the student's function must raise ValueError."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotPrecomputed(ReferenceRefused):
    """Student edition: this exact call was not recorded when the bundle was made. A refusal to
    diagnosis and shrinking (they skip it); an error wherever a test needs the answer."""


# The student edition's recorded answers (package data, loaded on first use); torch's answers to
# small calls, kept for this process (reference_memo).
_REPLAY = replay.ReplayStores() if EDITION == "student" else None
_MEMO = AnswerMemo()


def replay_misses() -> int:
    """How many calls the student edition could not answer in this process (0 elsewhere)."""
    return _REPLAY.misses if _REPLAY is not None else 0


def resolve_device(device: str) -> str:
    """'auto' means CUDA when torch sees a GPU, else CPU; 'cuda' without a GPU falls back to CPU."""
    if device == "cpu":
        return "cpu"
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def evaluate(function: str, args: tuple, kwargs: dict, device: str = "cpu") -> Any:
    """The torch float64 answer of ``function(*args, **kwargs)``, cast as SPEC says.

    In the student edition the answer is the one recorded when the bundle was made
    (NotPrecomputed for a call nobody foresaw); inside ``replay.recording()`` it is recorded."""
    if function not in _FUNCTIONS:
        raise KeyError(f"no reference for function {function!r}")
    if _REPLAY is not None:
        answer = _REPLAY.answer(function, args, kwargs)
        if answer is None:
            raise NotPrecomputed(f"not precomputed for the student edition: {function}")
        kind, value = answer
        if kind == "refused":
            raise ReferenceRefused(value)
        return value
    kind, value = _MEMO.answer(function, args, kwargs, lambda: _compute(function, args, kwargs, device),
                               refused=ReferenceRefused, keep=device == "cpu")
    if kind == "refused":
        raise ReferenceRefused(value)
    return value


def _compute(function: str, args: tuple, kwargs: dict, device: str) -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _FUNCTIONS[function](_Ctx(resolve_device(device)), *args, **kwargs)
    except ReferenceRefused:
        raise
    except (RuntimeError, ValueError, TypeError, IndexError, OverflowError) as exc:
        raise ReferenceRefused(_first_line(exc)) from None


def evaluate_case(case: Case, device: str = "cpu") -> Any:
    """``evaluate`` on a case's materialized arguments."""
    args, kwargs = materialize(case)
    return evaluate(case.function, args, kwargs, device=device)


# ---------------------------------------------------------------- helpers


@dataclass(frozen=True)
class _Ctx:
    device: str

    def t(self, a: Any):
        """A float64 tensor on the context's device (None stays None)."""
        import torch

        if a is None:
            return None
        arr = np.asarray(a)
        if arr.dtype.kind not in "fiub":
            raise TypeError(f"expected a numeric array, got dtype {arr.dtype}")
        return torch.from_numpy(np.ascontiguousarray(arr, dtype=np.float64)).to(self.device)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _np(tensor, dtype) -> np.ndarray:
    return tensor.detach().cpu().numpy().astype(dtype, copy=False)


def _out_dtype(*arrays: Any) -> np.dtype:
    return np.result_type(*[np.asarray(a).dtype for a in arrays])


def _no_strings(**values: Any) -> None:
    """Only a2's conv functions take 'valid' / 'same' (SPEC); elsewhere a string is refused."""
    for name, value in values.items():
        if isinstance(value, str):
            raise ReferenceRefused(f"{name}={value!r} is not accepted by this function")


def _int(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
        raise TypeError(f"expected an int, got {type(v).__name__}")
    return int(v)


def _zeros(shape, ctx: _Ctx):
    import torch

    return torch.zeros(tuple(_int(s) for s in shape), dtype=torch.float64, device=ctx.device)


# ---------------------------------------------------------------- a1_shapes


def _conv_output_size(ctx, in_size, kernel_size, stride=1, padding=0, dilation=1):
    import torch.nn.functional as F

    x, w = _zeros((1, 1, in_size), ctx), _zeros((1, 1, kernel_size), ctx)
    return int(F.conv1d(x, w, stride=_int(stride), padding=_int(padding), dilation=_int(dilation)).shape[-1])


def _conv_transpose_output_size(ctx, in_size, kernel_size, stride=1, padding=0, output_padding=0,
                                dilation=1):
    import torch.nn.functional as F

    x, w = _zeros((1, 1, in_size), ctx), _zeros((1, 1, kernel_size), ctx)
    y = F.conv_transpose1d(x, w, stride=_int(stride), padding=_int(padding),
                           output_padding=_int(output_padding), dilation=_int(dilation))
    return int(y.shape[-1])


def _pool_output_size(ctx, in_size, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    import torch.nn.functional as F

    x = _zeros((1, 1, in_size), ctx)
    y = F.max_pool1d(x, _int(kernel_size), stride=None if stride is None else _int(stride),
                     padding=_int(padding), dilation=_int(dilation), ceil_mode=bool(ceil_mode))
    return int(y.shape[-1])


def _same_padding(ctx, kernel_size, dilation=1):
    """Read torch's 'same' padding off a real conv: leading / trailing zeros of a shifted ramp."""
    import torch
    import torch.nn.functional as F

    k, d = _int(kernel_size), _int(dilation)
    length = d * (k - 1) + 2
    x = torch.arange(1, length + 1, dtype=torch.float64, device=ctx.device).reshape(1, 1, length)
    first, last = _zeros((1, 1, k), ctx), _zeros((1, 1, k), ctx)
    first[0, 0, 0] = 1.0
    last[0, 0, -1] = 1.0
    lead = F.conv1d(x, first, padding="same", dilation=d)[0, 0]
    trail = F.conv1d(x, last, padding="same", dilation=d)[0, 0]
    before = int((lead == 0).nonzero().numel())
    after = int((trail == 0).nonzero().numel())
    return (before, after)


def _conv2d_output_shape(ctx, input_shape, weight_shape, stride=1, padding=0, dilation=1, groups=1):
    import torch.nn.functional as F

    _no_strings(padding=padding)
    shape = tuple(input_shape)
    x = _zeros(((min(_int(shape[0]), 1),) + shape[1:]) if len(shape) == 4 else shape, ctx)
    y = F.conv2d(x, _zeros(weight_shape, ctx), stride=_pair(stride), padding=_pair(padding),
                 dilation=_pair(dilation), groups=_int(groups))
    out = tuple(int(s) for s in y.shape)
    return (int(shape[0]),) + out[1:] if len(shape) == 4 else out


def _conv_transpose2d_output_shape(ctx, input_shape, weight_shape, stride=1, padding=0,
                                   output_padding=0, groups=1, dilation=1):
    import torch.nn.functional as F

    _no_strings(padding=padding)
    shape = tuple(input_shape)
    x = _zeros(((min(_int(shape[0]), 1),) + shape[1:]) if len(shape) == 4 else shape, ctx)
    y = F.conv_transpose2d(x, _zeros(weight_shape, ctx), stride=_pair(stride), padding=_pair(padding),
                           output_padding=_pair(output_padding), groups=_int(groups),
                           dilation=_pair(dilation))
    out = tuple(int(s) for s in y.shape)
    return (int(shape[0]),) + out[1:] if len(shape) == 4 else out


def _conv2d_num_params(ctx, in_channels, out_channels, kernel_size, groups=1, bias=True):
    import torch

    # a real CPU layer (allocated, not initialized: no random numbers drawn)
    layer = torch.nn.utils.skip_init(torch.nn.Conv2d, _int(in_channels), _int(out_channels),
                                     _pair(kernel_size), groups=_int(groups), bias=bool(bias))
    return int(sum(p.numel() for p in layer.parameters()))


def _receptive_field(ctx, layers):
    """Stack real 1-D convs of ones and measure the input span one final output unit depends on."""
    import torch
    import torch.nn.functional as F

    layers = [tuple(_int(v) for v in layer) for layer in layers]
    for k, s, d in layers:
        if k < 1 or s < 1 or d < 1:
            raise ReferenceRefused(f"kernel size, stride and dilation must be positive, got {(k, s, d)}")
    span, jump = 1, 1
    for k, s, d in layers:       # only to size the probe input; the answer is measured below
        span += d * (k - 1) * jump
        jump *= s
    x = torch.ones((1, 1, span), dtype=torch.float64, requires_grad=True)
    y = x
    for k, s, d in layers:
        y = F.conv1d(y, torch.ones((1, 1, k), dtype=torch.float64), stride=s, dilation=d)
    y[0, 0, 0].backward()
    touched = (x.grad[0, 0] != 0).nonzero().flatten()
    return int(touched.max() - touched.min() + 1)


# ---------------------------------------------------------------- a2_conv2d


def _pair(v: Any):
    if isinstance(v, str):
        return v
    if isinstance(v, (tuple, list)):
        if len(v) != 2:
            raise ReferenceRefused(f"expected an int or a pair, got {tuple(v)!r}")
        return tuple(_int(e) for e in v)
    return _int(v)


def _conv2d(ctx, x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros"):
    import torch
    import torch.nn.functional as F

    dtype = _out_dtype(x, weight)
    xt, wt, bt = ctx.t(x), ctx.t(weight), ctx.t(bias)
    if padding_mode == "zeros":
        y = F.conv2d(xt, wt, bt, stride=_pair(stride), padding=_pair(padding), dilation=_pair(dilation),
                     groups=_int(groups))
        return _np(y, dtype)
    if wt.dim() != 4:
        raise ReferenceRefused(f"weight must be 4-D, got {wt.dim()}-D")
    layer = torch.nn.Conv2d(wt.shape[1] * _int(groups), wt.shape[0], tuple(wt.shape[2:]),
                            stride=_pair(stride), padding=_pair(padding), dilation=_pair(dilation),
                            groups=_int(groups), bias=bt is not None, padding_mode=padding_mode,
                            dtype=torch.float64, device=ctx.device)
    with torch.no_grad():
        layer.weight.copy_(wt)
        if bt is not None:
            layer.bias.copy_(bt)
        return _np(layer(xt), dtype)


def _conv1d(ctx, x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    import torch.nn.functional as F

    y = F.conv1d(ctx.t(x), ctx.t(weight), ctx.t(bias), stride=_one(stride), padding=_one(padding),
                 dilation=_one(dilation), groups=_int(groups))
    return _np(y, _out_dtype(x, weight))


def _one(v: Any):
    if isinstance(v, str):
        return v
    if isinstance(v, (tuple, list)):
        if len(v) != 1:
            raise ReferenceRefused(f"expected an int, got {tuple(v)!r}")
        return (_int(v[0]),)
    return _int(v)


def _max_pool2d(ctx, x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    import torch.nn.functional as F

    _no_strings(padding=padding)
    y = F.max_pool2d(ctx.t(x), _pair(kernel_size), stride=None if stride is None else _pair(stride),
                     padding=_pair(padding), dilation=_pair(dilation), ceil_mode=bool(ceil_mode))
    return _np(y, np.asarray(x).dtype)


def _avg_pool2d(ctx, x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    import torch.nn.functional as F

    _no_strings(padding=padding)
    y = F.avg_pool2d(ctx.t(x), _pair(kernel_size), stride=None if stride is None else _pair(stride),
                     padding=_pair(padding), ceil_mode=bool(ceil_mode),
                     count_include_pad=bool(count_include_pad))
    return _np(y, np.asarray(x).dtype)


# ---------------------------------------------------------------- a3_kernel_matrix


def _im2col(ctx, x, kernel_size, stride=1, padding=0, dilation=1):
    import torch.nn.functional as F

    _no_strings(padding=padding)
    y = F.unfold(ctx.t(x), _pair(kernel_size), dilation=_pair(dilation), padding=_pair(padding),
                 stride=_pair(stride))
    return _np(y, np.asarray(x).dtype)


def _col2im(ctx, cols, output_size, kernel_size, stride=1, padding=0, dilation=1):
    import torch.nn.functional as F

    _no_strings(padding=padding)
    y = F.fold(ctx.t(cols), _pair(output_size), _pair(kernel_size), dilation=_pair(dilation),
               padding=_pair(padding), stride=_pair(stride))
    return _np(y, np.asarray(cols).dtype)


def _conv2d_im2col(ctx, x, weight, bias=None, stride=1, padding=0, dilation=1):
    import torch.nn.functional as F

    _no_strings(padding=padding)
    y = F.conv2d(ctx.t(x), ctx.t(weight), ctx.t(bias), stride=_pair(stride), padding=_pair(padding),
                 dilation=_pair(dilation))
    return _np(y, _out_dtype(x, weight))


def _kernel_matrix(ctx, weight, input_hw, stride=1, padding=0, dilation=1):
    """K from torch's conv of every basis image: column j is conv2d(e_j)."""
    import torch
    import torch.nn.functional as F

    _no_strings(padding=padding)
    wt = ctx.t(weight)
    if wt.dim() != 4:
        raise ReferenceRefused(f"weight must be 4-D, got {wt.dim()}-D")
    h, w = _pair(input_hw) if not isinstance(input_hw, int) else (_int(input_hw),) * 2
    c_in = wt.shape[1]
    m = c_in * h * w
    basis = torch.eye(m, dtype=torch.float64, device=ctx.device).reshape(m, c_in, h, w)
    y = F.conv2d(basis, wt, stride=_pair(stride), padding=_pair(padding), dilation=_pair(dilation))
    return _np(y.reshape(m, -1).T.contiguous(), np.asarray(weight).dtype)


# ---------------------------------------------------------------- a4_transposed_conv


def _conv_transpose2d(ctx, x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                      dilation=1):
    import torch.nn.functional as F

    _no_strings(padding=padding)
    y = F.conv_transpose2d(ctx.t(x), ctx.t(weight), ctx.t(bias), stride=_pair(stride),
                           padding=_pair(padding), output_padding=_pair(output_padding),
                           groups=_int(groups), dilation=_pair(dilation))
    return _np(y, _out_dtype(x, weight))


def _conv_transpose2d_matmul(ctx, x, weight, stride=1, padding=0, output_padding=0, dilation=1):
    return _conv_transpose2d(ctx, x, weight, None, stride, padding, output_padding, 1, dilation)


def _conv2d_backward(ctx, grad_output, x, weight, stride=1, padding=0, dilation=1, groups=1):
    import torch
    import torch.nn.functional as F

    _no_strings(padding=padding)
    dtype = _out_dtype(x, weight)
    xt = ctx.t(x).requires_grad_(True)
    wt = ctx.t(weight).requires_grad_(True)
    if wt.dim() != 4:
        raise ReferenceRefused(f"weight must be 4-D, got {wt.dim()}-D")
    bt = torch.zeros(wt.shape[0], dtype=torch.float64, device=ctx.device, requires_grad=True)
    y = F.conv2d(xt, wt, bt, stride=_pair(stride), padding=_pair(padding), dilation=_pair(dilation),
                 groups=_int(groups))
    go = ctx.t(grad_output)
    if tuple(go.shape) != tuple(y.shape):
        raise ReferenceRefused(f"grad_output has shape {tuple(go.shape)}, the conv output has "
                               f"shape {tuple(y.shape)}")
    y.backward(go)
    return (_np(xt.grad, dtype), _np(wt.grad, dtype), _np(bt.grad, dtype))


def _checkerboard(ctx, in_hw, kernel_size, stride=1, padding=0):
    import torch
    import torch.nn.functional as F

    _no_strings(padding=padding)
    h, w = _pair(in_hw) if not isinstance(in_hw, int) else (_int(in_hw),) * 2
    k = _pair(kernel_size)
    kh, kw = k if isinstance(k, tuple) else (k, k)
    x = torch.ones((1, 1, h, w), dtype=torch.float64, device=ctx.device)
    weight = torch.ones((1, 1, kh, kw), dtype=torch.float64, device=ctx.device)
    y = F.conv_transpose2d(x, weight, stride=_pair(stride), padding=_pair(padding))
    return np.rint(_np(y[0, 0], np.float64)).astype(np.int64)


_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "conv_output_size": _conv_output_size,
    "conv_transpose_output_size": _conv_transpose_output_size,
    "pool_output_size": _pool_output_size,
    "same_padding": _same_padding,
    "conv2d_output_shape": _conv2d_output_shape,
    "conv_transpose2d_output_shape": _conv_transpose2d_output_shape,
    "conv2d_num_params": _conv2d_num_params,
    "receptive_field": _receptive_field,
    "conv2d_naive": _conv2d,
    "conv2d": _conv2d,
    "conv1d": _conv1d,
    "max_pool2d": _max_pool2d,
    "avg_pool2d": _avg_pool2d,
    "im2col": _im2col,
    "col2im": _col2im,
    "conv2d_im2col": _conv2d_im2col,
    "kernel_matrix": _kernel_matrix,
    "conv_transpose2d": _conv_transpose2d,
    "conv_transpose2d_matmul": _conv_transpose2d_matmul,
    "conv2d_backward": _conv2d_backward,
    "checkerboard": _checkerboard,
}

FUNCTIONS = tuple(_FUNCTIONS)
