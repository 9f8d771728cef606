"""The coverage matrix: for every SPEC function and code misconception, its detectors, or why the
mistake cannot occur there. ``render()`` writes docs/misconception-matrix.md (a test keeps the
committed file equal to it: ``python -m autograder.diagnosis.matrix > docs/misconception-matrix.md``).
"""
from __future__ import annotations

from autograder import catalogue
from autograder.diagnosis.common import SIGNATURES
from autograder.diagnosis.table import mutations_for
from autograder.spec import A1_FAMILIES, FUNCTIONS

CODE_IDS = catalogue.CODE_IDS     # the misconceptions the diagnosis looks for in code
SCALAR = {n for n, f in FUNCTIONS.items() if f.family in A1_FAMILIES}      # a1: answers in ints
_NO_SHAPES = {n for n, f in FUNCTIONS.items() if f.family in ("size", "formula")}
ONE_AXIS = {"conv_output_size", "conv_transpose_output_size", "pool_output_size", "same_padding",
            "conv1d", "receptive_field"}

_BLOCKS = "any change of it changes the number of blocks, which cols fixes: such code raises"

# Why a mistake cannot occur in a function (no detector needed); first matching rule wins.
_REASONS: tuple[tuple[str, set[str] | None, str], ...] = (
    ("wrong-dtype", SCALAR, "returns ints, not an array"),
    ("wrong-dtype", None, ""),                                   # every array function: the dtype check
    ("flipped-kernel", None, "no kernel values"),
    ("missing-bias", None, "no bias"),
    ("transpose-weight-layout", None, "no transposed-conv weight"),
    ("count-include-pad", None, "no average over windows"),
    ("ceil-mode-window", None, "no ceil_mode"),
    ("im2col-order", None, "no im2col layout"),
    ("tf-same-padding", None, "'same' not accepted here"),
    ("output-padding-ignored", None, "no output_padding"),
    ("hw-swapped", ONE_AXIS, "one spatial axis"),
    ("hw-swapped", {"conv2d_num_params"}, "kh·kw is the same either way"),
    ("hw-swapped", {"conv2d_backward"}, "the gradients take their inputs' shapes; a swap there raises"),
    ("nhwc-layout", _NO_SHAPES, "no array or shape argument"),
    ("nhwc-layout", {"col2im"}, "the input is a column matrix, not an image"),
    ("nhwc-layout", {"checkerboard"}, "no array argument"),
    ("nhwc-layout", {"conv2d_backward"}, "a layout mix-up between the three arrays raises on shapes"),
    ("padding-ignored", {"col2im"}, _BLOCKS),
    ("stride-misapplied", {"col2im"}, _BLOCKS),
    ("dilation-ignored", {"col2im"}, _BLOCKS),
    ("groups-ignored", {"conv2d_output_shape"}, "groups do not change the output shape"),
    ("groups-ignored", {"conv2d_backward"}, "the weight's shape fixes the groups; ignoring them raises"),
    ("groups-ignored", None, "no groups"),
    ("padding-ignored", None, "no padding"),
    ("stride-misapplied", {"conv2d_backward"}, "grad_output's shape fixes the stride; a wrong one raises"),
    ("stride-misapplied", None, "no stride"),
    ("dilation-ignored", {"conv2d_backward"}, "grad_output's shape fixes the dilation; a wrong one raises"),
    ("dilation-ignored", None, "no dilation"),
    ("off-by-one-size", {"same_padding"}, "returns padding amounts, not a size"),
    ("off-by-one-size", {"conv2d_num_params"}, "counts parameters, not a size"),
    ("off-by-one-size", {"col2im"}, "output_size is given"),
    ("off-by-one-size", {"conv2d_backward"}, "the gradients take their inputs' shapes"),
)


def cell(function: str, misconception: str) -> list[str] | str:
    """The detectors (variants) of ``misconception`` in ``function``, or why it cannot occur."""
    variants = [m.variant for m in mutations_for(function) if m.misconception == misconception]
    if misconception == "wrong-dtype" and function not in SCALAR:
        variants = ["values-match"]               # diagnose's dtype check, before any mutation
    if variants:
        return list(dict.fromkeys(variants))
    for mid, functions, reason in _REASONS:
        if mid == misconception and (functions is None or function in functions) and reason:
            return reason
    return ""


def render() -> str:
    """The matrix as Markdown: one row per function, one column per misconception."""
    lines = [
        "# Misconception coverage matrix",
        "",
        "Generated from `autograder/diagnosis/table.py` by `python -m autograder.diagnosis.matrix`;",
        "a test fails when this file is out of date. Each cell lists the variants of the mistake",
        "that the diagnosis looks for in that function (each a mutated torch computation, see",
        "`autograder/diagnosis/`), or, in italics after `—`, why the mistake cannot occur there.",
        "`values-match` is the dtype check that runs before any mutation.",
        "",
    ]
    for mid in CODE_IDS:
        lines.append(f"## `{mid}`")
        lines.append("")
        lines.append("| function | detectors |")
        lines.append("| --- | --- |")
        for function in SIGNATURES:
            found = cell(function, mid)
            text = ", ".join(f"`{v}`" for v in found) if isinstance(found, list) else f"— *{found}*"
            lines.append(f"| `{function}` | {text} |")
        lines.append("")
    lines.append("## Summary (functions × misconceptions)")
    lines.append("")
    lines.append("`n` = number of detectors, `—` = cannot occur.")
    lines.append("")
    lines.append("| function | " + " | ".join(CODE_IDS) + " |")
    lines.append("| --- |" + " --- |" * len(CODE_IDS))
    for function in SIGNATURES:
        cells = [cell(function, mid) for mid in CODE_IDS]
        lines.append(f"| `{function}` | " + " | ".join(str(len(c)) if isinstance(c, list) else "—"
                                                      for c in cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
