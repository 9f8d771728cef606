"""The table of SPEC.md's functions: the one place their facts are written.

Per function: its assignment, its parameters in order (name, default, kind), its family, how its
output size follows from its input, the dtype rule of its result, and the names of the parts of
a tuple result. Everything else (the assignments' function lists, the signatures diagnosis and
shrinking bind calls with, the family sets of the detectors, the part names of comparison texts)
is derived from ``FUNCTIONS`` here. Standard library only: cheap to import everywhere, the
student edition included.

Parameter kinds: ``array`` (a numpy array; default None: optional), ``int``, ``int-or-pair``
(an int or an (H, W) pair; ``strings`` lists the words also accepted, e.g. 'valid' / 'same'),
``bool``, ``str`` (one of ``strings``), ``shape`` (a tuple of ints), ``layers`` (a list of
(kernel_size, stride, dilation)).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class _Required:
    """The default of a parameter that has none."""

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()
PADDING_WORDS = ("valid", "same")
A1_FAMILIES = ("size", "shape", "formula")     # a1's functions: answers in ints, no arrays
PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


@dataclass(frozen=True)
class Param:
    """One parameter: name, default (REQUIRED where there is none), kind, accepted words, and
    for an array the layout SPEC fixes where it differs from PyTorch's usual one."""

    name: str
    default: Any = REQUIRED
    kind: str = "int-or-pair"
    strings: tuple[str, ...] = ()
    layout: str = ""

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


@dataclass(frozen=True)
class Function:
    """One SPEC function.

    family: size | shape | formula (a1) · conv | pool | unfold | matrix | transposed | backward |
    map (a2-a4). geometry: ``forward`` when an output size is floor((L + 2p - d(k-1) - 1)/s) + 1,
    ``transposed`` when it is (L-1)s - 2p + d(k-1) + output_padding + 1, "" otherwise.
    dtype: the result's dtype rule ("result_type(x, weight)", "x", "cols", "weight", "int").
    spatial_dims: spatial axes of its arrays (conv1d: 1; 2 where it takes no arrays).
    batched: the first array may carry a batch axis N (unbatched input accepted as torch does).
    """

    name: str
    assignment: str
    params: tuple[Param, ...]
    family: str
    geometry: str
    dtype: str
    returns: str = "array"
    parts: tuple[str, ...] = ()      # names of the parts of a tuple result, in order
    layout: str = ""                 # the output's layout where SPEC fixes one
    spatial_dims: int = 2
    batched: bool = False

    @property
    def signature(self) -> tuple[tuple[str, Any], ...]:
        """(name, default) in order; REQUIRED marks a parameter without a default."""
        return tuple((p.name, p.default) for p in self.params)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def takes_arrays(self) -> bool:
        return any(p.kind == "array" for p in self.params)

    @property
    def with_weight(self) -> bool:
        p = self.param("weight")
        return p is not None and p.kind == "array"

    @property
    def with_bias(self) -> bool:
        p = self.param("bias")
        return p is not None and p.kind == "array"

    @property
    def string_padding(self) -> bool:
        p = self.param("padding")
        return p is not None and bool(p.strings)


@dataclass(frozen=True)
class AssignmentSpec:
    """An assignment: its name, the student's module (``<module>.py``), its title, and the
    functions of earlier assignments its module asks the student to paste in."""

    name: str
    module: str
    title: str
    pasted: tuple[str, ...] = ()


ASSIGNMENT_SPECS: tuple[AssignmentSpec, ...] = (
    AssignmentSpec("a1_shapes", "shapes", "Output sizes and shapes"),
    AssignmentSpec("a2_conv2d", "conv2d", "Convolution from scratch"),
    AssignmentSpec("a3_kernel_matrix", "kernel_matrix", "Convolution as a matrix product"),
    AssignmentSpec("a4_transposed_conv", "transposed_conv",
                   "Transposed convolution and the backward pass", pasted=("kernel_matrix",)),
)


# ---------------------------------------------------------------- parameter shorthands


def _p(name: str, default: Any = REQUIRED, kind: str = "int-or-pair", strings: tuple = ()) -> Param:
    return Param(name, default, kind, strings)


def _a(name: str, default: Any = REQUIRED) -> Param:
    return Param(name, default, "array")


def _i(name: str, default: Any = REQUIRED) -> Param:
    return Param(name, default, "int")


_CONV_PARAMS = (_a("x"), _a("weight"), _a("bias", None), _p("stride", 1),
                _p("padding", 0, strings=PADDING_WORDS), _p("dilation", 1), _i("groups", 1))
_GEOMETRY = (_p("stride", 1), _p("padding", 0), _p("dilation", 1))


def _a1(name: str, params: tuple, family: str, geometry: str, returns: str = "int",
        parts: tuple = ()) -> Function:
    return Function(name, "a1_shapes", params, family, geometry, "int", returns, parts)


_TABLE: tuple[Function, ...] = (
    # a1_shapes: one dimension in ints; full shapes with int-or-pair hyper-parameters
    _a1("conv_output_size", (_i("in_size"), _i("kernel_size"), _i("stride", 1), _i("padding", 0),
                             _i("dilation", 1)), "size", "forward"),
    _a1("conv_transpose_output_size", (_i("in_size"), _i("kernel_size"), _i("stride", 1),
                                       _i("padding", 0), _i("output_padding", 0), _i("dilation", 1)),
        "size", "transposed"),
    _a1("pool_output_size", (_i("in_size"), _i("kernel_size"), _i("stride", None), _i("padding", 0),
                             _i("dilation", 1), Param("ceil_mode", False, "bool")), "size", "forward"),
    _a1("same_padding", (_i("kernel_size"), _i("dilation", 1)), "formula", "",
        returns="tuple[int, int]", parts=("before", "after")),
    _a1("conv2d_output_shape", (Param("input_shape", kind="shape"), Param("weight_shape", kind="shape"),
                                *_GEOMETRY, _i("groups", 1)), "shape", "forward", returns="tuple"),
    _a1("conv_transpose2d_output_shape",
        (Param("input_shape", kind="shape"), Param("weight_shape", kind="shape"), _p("stride", 1),
         _p("padding", 0), _p("output_padding", 0), _i("groups", 1), _p("dilation", 1)),
        "shape", "transposed", returns="tuple"),
    _a1("conv2d_num_params", (_i("in_channels"), _i("out_channels"), _p("kernel_size"), _i("groups", 1),
                              Param("bias", True, "bool")), "formula", ""),
    _a1("receptive_field", (Param("layers", kind="layers"),), "formula", ""),
    # a2_conv2d
    Function("conv2d_naive", "a2_conv2d", _CONV_PARAMS, "conv", "forward", "result_type(x, weight)",
             batched=True),
    Function("conv2d", "a2_conv2d",
             _CONV_PARAMS + (Param("padding_mode", "zeros", "str", PADDING_MODES),), "conv", "forward",
             "result_type(x, weight)", batched=True),
    Function("conv1d", "a2_conv2d", _CONV_PARAMS, "conv", "forward", "result_type(x, weight)",
             spatial_dims=1, batched=True),
    Function("max_pool2d", "a2_conv2d",
             (_a("x"), _p("kernel_size"), _p("stride", None), _p("padding", 0), _p("dilation", 1),
              Param("ceil_mode", False, "bool")), "pool", "forward", "x", batched=True),
    Function("avg_pool2d", "a2_conv2d",
             (_a("x"), _p("kernel_size"), _p("stride", None), _p("padding", 0),
              Param("ceil_mode", False, "bool"), Param("count_include_pad", True, "bool")),
             "pool", "forward", "x", batched=True),
    # a3_kernel_matrix
    Function("im2col", "a3_kernel_matrix", (_a("x"), _p("kernel_size"), *_GEOMETRY), "unfold",
             "forward", "x", layout="(N, C*kh*kw, L)", batched=True),
    Function("col2im", "a3_kernel_matrix",
             (_a("cols"), _p("output_size"), _p("kernel_size"), *_GEOMETRY), "unfold", "forward",
             "cols", batched=True),
    Function("conv2d_im2col", "a3_kernel_matrix", (_a("x"), _a("weight"), _a("bias", None), *_GEOMETRY),
             "conv", "forward", "result_type(x, weight)", batched=True),
    Function("kernel_matrix", "a3_kernel_matrix", (_a("weight"), _p("input_hw"), *_GEOMETRY),
             "matrix", "forward", "weight", layout="(C_out*H_out*W_out, C_in*H*W)"),
    # a4_transposed_conv
    Function("conv_transpose2d", "a4_transposed_conv",
             (_a("x"), Param("weight", kind="array", layout="(C_in, C_out/groups, kH, kW)"),
              _a("bias", None), _p("stride", 1), _p("padding", 0), _p("output_padding", 0),
              _i("groups", 1), _p("dilation", 1)),
             "transposed", "transposed", "result_type(x, weight)", batched=True),
    Function("conv_transpose2d_matmul", "a4_transposed_conv",
             (_a("x"), _a("weight"), _p("stride", 1), _p("padding", 0), _p("output_padding", 0),
              _p("dilation", 1)), "transposed", "transposed", "result_type(x, weight)", batched=True),
    Function("conv2d_backward", "a4_transposed_conv",
             (_a("grad_output"), _a("x"), _a("weight"), *_GEOMETRY, _i("groups", 1)), "backward",
             "forward", "result_type(x, weight)", returns="tuple",
             parts=("grad_x", "grad_weight", "grad_bias"), batched=True),
    Function("checkerboard", "a4_transposed_conv",
             (_p("in_hw"), _p("kernel_size"), _p("stride", 1), _p("padding", 0)), "map", "transposed",
             "int"),
)

FUNCTIONS: dict[str, Function] = {f.name: f for f in _TABLE}
ASSIGNMENT_NAMES: tuple[str, ...] = tuple(a.name for a in ASSIGNMENT_SPECS)


def functions_of(assignment: str) -> tuple[str, ...]:
    """The SPEC functions an assignment grades, in SPEC's order."""
    return tuple(f.name for f in _TABLE if f.assignment == assignment)


def where(**facts: Any) -> frozenset[str]:
    """The functions whose fields or properties equal ``facts`` (``where(family="conv")``)."""
    return frozenset(f.name for f in _TABLE
                     if all(getattr(f, key) == value for key, value in facts.items()))


def spatial_dims(function: str) -> int:
    """Number of spatial axes of the function's arrays (conv1d: 1)."""
    return FUNCTIONS[function].spatial_dims
