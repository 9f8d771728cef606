"""The answers, from torch itself: real layers run on tiny real CPU tensors.

Never meta tensors: they accept layers that real tensors refuse (DESIGN.md §3). Each result is
cached per configuration inside one ``Oracle`` (no module-level state), so a quiz of 500 students
pays for each distinct configuration once. Every method returns ``(value, record)``; the record
says which torch call produced the value and goes into the key.
"""
from __future__ import annotations

import warnings
from contextlib import contextmanager
from typing import Callable


class Refused(Exception):
    """Torch refused the configuration; the message is torch's own."""


class Oracle:
    def __init__(self) -> None:
        import torch  # imported here: `convgrade --help` stays fast
        import torch.nn.functional as F

        self.torch = torch
        self.F = F
        self.version = torch.__version__.split("+")[0]
        self._cache: dict[tuple, tuple] = {}
        self.calls = 0
        self._depth = 0
        self._nn = _NoInitNN(torch)
        self._layers: dict[str, object] = {}

    # -- plumbing -------------------------------------------------------------------------
    @contextmanager
    def session(self):
        """Torch set up for many tiny runs, restored on exit; re-entrant. ``make_quiz`` holds one
        around a whole quiz, so the settings are switched twice per quiz, not twice per run:
        one thread (a thread pool costs 10-50x the work itself), no autograd, no oneDNN (it builds
        a primitive per new shape, ~0.2 ms; the native kernels do not), warnings silenced (e.g.
        'same' with an even kernel: a note, not an error)."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        torch, mkldnn = self.torch, self.torch.backends.mkldnn
        threads, onednn = torch.get_num_threads(), mkldnn.enabled
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.set_num_threads(1)
            mkldnn.enabled = False
            self._depth = 1
            try:
                yield self
            finally:
                self._depth = 0
                mkldnn.enabled = onednn
                torch.set_num_threads(threads)

    def _cached(self, key: tuple, compute: Callable[[], object], call: str):
        hit = self._cache.get(key)
        if hit is None:
            if not self._depth:                  # a single run outside make_quiz's session
                with self.session():
                    return self._cached(key, compute, call)
            self.calls += 1
            try:
                hit = (compute(), None)
            except (RuntimeError, ValueError) as exc:
                hit = (None, str(exc).splitlines()[0][:200])
            self._cache[key] = hit
        value, error = hit
        record = {"by": "torch", "torch": self.version, "call": call,
                  "result": list(value) if isinstance(value, tuple) else value}
        if error is not None:
            record["refused"] = error
            raise Refused(error)
        return value, record

    def _layer(self, code: str):
        """The layer a template wrote as code, built once per distinct code (construction is
        deterministic; only shapes and errors are read, never values). A constructor's refusal
        is kept too and raised again."""
        hit = self._layers.get(code)
        if hit is None:
            try:
                hit = eval(code, {"nn": self._nn})  # our own generated code, never user input
            except (RuntimeError, ValueError) as exc:
                hit = exc
            self._layers[code] = hit
        if isinstance(hit, Exception):
            raise hit.with_traceback(None)
        return hit

    def _zeros(self, *shape):
        return self.torch.zeros(*shape, dtype=self.torch.float32)

    # -- sizes and shapes -----------------------------------------------------------------
    def conv2d_shape(self, x_shape, w_shape, stride, padding, dilation, groups=1):
        x_shape, w_shape = tuple(x_shape), tuple(w_shape)
        stride, padding, dilation = _pair(stride), _pair(padding), _pair(dilation)
        call = (f"F.conv2d(zeros{x_shape}, zeros{w_shape}, stride={stride}, padding={_show(padding)}, "
                f"dilation={dilation}, groups={groups}).shape")
        return self._cached(
            ("conv2d", x_shape, w_shape, stride, padding, dilation, groups),
            lambda: tuple(self.F.conv2d(self._zeros(*x_shape), self._zeros(*w_shape), stride=stride,
                                        padding=padding, dilation=dilation, groups=groups).shape),
            call)

    def conv_transpose1d_size(self, L, k, s, p, op, d):
        call = (f"F.conv_transpose1d(zeros(1, 1, {L}), zeros(1, 1, {k}), stride={s}, padding={p}, "
                f"output_padding={op}, dilation={d}).shape[-1]")
        return self._cached(
            ("convT1d", L, k, s, p, op, d),
            lambda: int(self.F.conv_transpose1d(self._zeros(1, 1, L), self._zeros(1, 1, k), stride=s,
                                                padding=p, output_padding=op, dilation=d).shape[-1]),
            call)

    def conv1d_size(self, L, k, s, p, d):
        call = f"F.conv1d(zeros(1, 1, {L}), zeros(1, 1, {k}), stride={s}, padding={p}, dilation={d}).shape[-1]"
        return self._cached(
            ("conv1d", L, k, s, p, d),
            lambda: int(self.F.conv1d(self._zeros(1, 1, L), self._zeros(1, 1, k), stride=s,
                                      padding=p, dilation=d).shape[-1]),
            call)

    def max_pool1d_size(self, L, k, s, p, d, ceil_mode):
        call = (f"F.max_pool1d(zeros(1, 1, {L}), {k}, stride={s}, padding={p}, dilation={d}, "
                f"ceil_mode={ceil_mode}).shape[-1]")
        return self._cached(
            ("pool1d", L, k, s, p, d, ceil_mode),
            lambda: int(self.F.max_pool1d(self._zeros(1, 1, L), k, stride=s if s is not None else k,
                                          padding=p, dilation=d, ceil_mode=ceil_mode).shape[-1]),
            call)

    def same_padding(self, k, d):
        """(before, after) read off a real padding='same' conv1d: a one-hot kernel on its first tap
        copies x[i − before] to y[i]; on its last tap, x[i − before + d(k−1)]."""
        L = d * (k - 1) + 8
        call = (f"F.conv1d(arange(1, {L + 1}), one-hot kernel of size {k}, padding='same', dilation={d}): "
                f"index of the first nonzero output, and {L - 1} minus the last")

        def compute():
            x = self.torch.arange(1, L + 1, dtype=self.torch.float64).reshape(1, 1, L)
            first = self.torch.zeros(1, 1, k, dtype=self.torch.float64)
            first[..., 0] = 1
            last = self.torch.zeros(1, 1, k, dtype=self.torch.float64)
            last[..., -1] = 1
            y0 = self.F.conv1d(x, first, padding="same", dilation=d).flatten()
            y1 = self.F.conv1d(x, last, padding="same", dilation=d).flatten()
            before = int(self.torch.nonzero(y0)[0])
            after = L - 1 - int(self.torch.nonzero(y1)[-1])
            return (before, after)

        return self._cached(("same", k, d), compute, call)

    def effective_kernel(self, k, d):
        """L − L_out + 1 of a real conv1d with no padding and stride 1."""
        L = d * (k - 1) + 5
        value, record = self.conv1d_size(L, k, 1, 0, d)
        record = dict(record, call=f"{L} - {record['call']} + 1", result=L - value + 1)
        return L - value + 1, record

    def conv2d_params(self, cin, cout, kh, kw, groups, bias):
        call = f"sum(p.numel() for p in nn.Conv2d({cin}, {cout}, ({kh}, {kw}), groups={groups}, bias={bias}).parameters())"
        return self._cached(
            ("params", cin, cout, kh, kw, groups, bias),
            lambda: int(sum(p.numel() for p in self._nn.Conv2d(
                cin, cout, (kh, kw), groups=groups, bias=bias).parameters())),
            call)

    def conv_transpose2d_weight(self, cin, cout, kh, kw, groups):
        call = f"nn.ConvTranspose2d({cin}, {cout}, ({kh}, {kw}), groups={groups}).weight.shape"
        return self._cached(
            ("convT_w", cin, cout, kh, kw, groups),
            lambda: tuple(self._nn.ConvTranspose2d(cin, cout, (kh, kw), groups=groups).weight.shape),
            call)

    def unfold_shape(self, x_shape, kernel, dilation, padding, stride):
        x_shape = tuple(x_shape)
        kernel, dilation, padding, stride = map(_pair, (kernel, dilation, padding, stride))
        call = (f"F.unfold(zeros{x_shape}, kernel_size={kernel}, dilation={dilation}, padding={padding}, "
                f"stride={stride}).shape")
        return self._cached(
            ("unfold", x_shape, kernel, dilation, padding, stride),
            lambda: tuple(self.F.unfold(self._zeros(*x_shape), kernel, dilation=dilation,
                                        padding=padding, stride=stride).shape),
            call)

    def kernel_matrix_shape(self, x_shape, w_shape, stride, padding, dilation):
        """K maps x.ravel() to y.ravel(): (y.numel(), x.numel()) of one real conv2d."""
        x_shape, w_shape = tuple(x_shape), tuple(w_shape)
        stride, padding, dilation = map(_pair, (stride, padding, dilation))
        call = (f"y = F.conv2d(x = zeros{x_shape}, zeros{w_shape}, stride={stride}, padding={padding}, "
                f"dilation={dilation}); (y.numel(), x.numel())")

        def compute():
            x = self._zeros(*x_shape)
            y = self.F.conv2d(x.unsqueeze(0), self._zeros(*w_shape), stride=stride, padding=padding,
                              dilation=dilation)
            return (int(y.numel()), int(x.numel()))

        return self._cached(("kmat", x_shape, w_shape, stride, padding, dilation), compute, call)

    def receptive_field(self, layers):
        """Width of the input region that reaches output unit 0 of a stack of real conv1d with
        all-ones kernels: the span of the nonzero gradient."""
        layers = tuple(tuple(int(v) for v in layer) for layer in layers)
        L = 1
        for k, s, d in reversed(layers):
            L = (L - 1) * s + d * (k - 1) + 1
        L += 16  # more input than unit 0 needs: torch, not this bound, tells the span
        call = (f"x = zeros(1, 1, {L}, requires_grad=True); stack of F.conv1d with ones kernels "
                f"(k, s, d) = {list(layers)}; span of nonzero x.grad of output[..., 0]")

        def compute():
            with self.torch.enable_grad():
                x = self.torch.zeros(1, 1, L, dtype=self.torch.float64, requires_grad=True)
                y = x
                for k, s, d in layers:
                    y = self.F.conv1d(y + 1.0, self.torch.ones(1, 1, k, dtype=self.torch.float64),
                                      stride=s, dilation=d)
                y[..., 0].sum().backward()
                nz = self.torch.nonzero(x.grad.flatten())
                return int(nz[-1] - nz[0] + 1)

        return self._cached(("rf", layers), compute, call)

    def conv2d_macs(self, x_shape, w_shape, stride, padding, groups):
        """torch's own count (torch.utils.flop_counter.conv_flop_count, 2 FLOPs per MAC) on the
        output shape of a real conv2d."""
        x_shape, w_shape = tuple(x_shape), tuple(w_shape)
        stride, padding = _pair(stride), _pair(padding)
        call = (f"conv_flop_count(x, w, F.conv2d(zeros{x_shape}, zeros{w_shape}, stride={stride}, "
                f"padding={padding}, groups={groups}).shape) // 2")

        def compute():
            from torch.utils.flop_counter import conv_flop_count
            y = self.F.conv2d(self._zeros(*x_shape), self._zeros(*w_shape), stride=stride,
                              padding=padding, groups=groups)
            return int(conv_flop_count(list(x_shape), list(w_shape), list(y.shape))) // 2

        return self._cached(("macs", x_shape, w_shape, stride, padding, groups), compute, call)

    def run_layer(self, x_shape, layer_code: str):
        """Run one layer written as code (``nn.Conv2d(6, 4, 3, groups=2)``) on zeros(x_shape);
        the output shape, or Refused with torch's message."""
        x_shape = tuple(x_shape)
        call = f"{layer_code}(zeros{x_shape}).shape"

        def compute():
            return tuple(self._layer(layer_code)(self._zeros(*x_shape)).shape)

        return self._cached(("layer", x_shape, layer_code), compute, call)

    def run_stack(self, x_shape, layer_codes):
        """Sizes after each layer of an nn.Sequential run on zeros(x_shape)."""
        x_shape, layer_codes = tuple(x_shape), tuple(layer_codes)
        call = f"shapes after each layer of nn.Sequential({', '.join(layer_codes)})(zeros{x_shape})"

        def compute():
            y = self._zeros(*x_shape)
            shapes = []
            for code in layer_codes:
                y = self._layer(code)(y)
                shapes.append(tuple(y.shape))
            return tuple(shapes)

        value, record = self._cached(("stack", x_shape, layer_codes), compute, call)
        record["result"] = [list(s) for s in value]
        return value, record


class _NoInitNN:
    """``nn`` for the layers the oracle builds: for the convolutions, a subclass whose only change
    is ``reset_parameters`` doing nothing, so the parameters stay ``torch.empty``. The same real
    CPU layer otherwise (constructor checks, parameter shapes, forward); the random
    initialisation costs more than running a tiny tensor through the layer, and the values are
    never read, only shapes and errors. (``torch.nn.utils.skip_init`` does the same through the
    meta device, which is slower and imports sympy.)"""

    CONVS = ("Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d")

    def __init__(self, torch) -> None:
        self._torch = torch
        for name in self.CONVS:
            base = getattr(torch.nn, name)
            setattr(self, name, type(name, (base,), {"reset_parameters": _no_init, "__module__": __name__}))

    def __getattr__(self, name):
        return getattr(self._torch.nn, name)


def _no_init(self) -> None:
    """Parameters left as allocated (torch.empty): only their shapes are read."""


def _pair(v):
    if isinstance(v, str):
        return v
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def _show(v):
    return repr(v) if isinstance(v, str) else v
