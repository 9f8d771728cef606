"""The four assignments: their module files and the functions SPEC.md fixes for each."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Assignment:
    name: str                 # e.g. "a2_conv2d"
    module: str               # e.g. "conv2d" (the student's file is conv2d.py)
    title: str
    functions: tuple[str, ...]

    @property
    def filename(self) -> str:
        return f"{self.module}.py"

    def solution_path(self, root: Path = REPO_ROOT) -> Path:
        return root / "solutions" / self.name / self.filename

    def suite_dir(self) -> Path:
        return Path(__file__).resolve().parent / "suites" / self.name


ASSIGNMENTS: dict[str, Assignment] = {
    a.name: a
    for a in (
        Assignment(
            "a1_shapes", "shapes", "Output sizes and shapes",
            ("conv_output_size", "conv_transpose_output_size", "pool_output_size", "same_padding",
             "conv2d_output_shape", "conv_transpose2d_output_shape", "conv2d_num_params",
             "receptive_field"),
        ),
        Assignment(
            "a2_conv2d", "conv2d", "Convolution from scratch",
            ("conv2d_naive", "conv2d", "conv1d", "max_pool2d", "avg_pool2d"),
        ),
        Assignment(
            "a3_kernel_matrix", "kernel_matrix", "Convolution as a matrix product",
            ("im2col", "col2im", "conv2d_im2col", "kernel_matrix"),
        ),
        Assignment(
            "a4_transposed_conv", "transposed_conv", "Transposed convolution and the backward pass",
            ("conv_transpose2d", "conv_transpose2d_matmul", "conv2d_backward", "checkerboard"),
        ),
    )
}

MODULE_TO_ASSIGNMENT = {a.module: a.name for a in ASSIGNMENTS.values()}


class UnknownAssignment(ValueError):
    pass


def get_assignment(name: str) -> Assignment:
    """Look an assignment up by its name ("a2_conv2d"), its short name ("a2") or its module ("conv2d")."""
    if name in ASSIGNMENTS:
        return ASSIGNMENTS[name]
    if name in MODULE_TO_ASSIGNMENT:
        return ASSIGNMENTS[MODULE_TO_ASSIGNMENT[name]]
    for a in ASSIGNMENTS.values():
        if a.name.split("_", 1)[0] == name:
            return a
    known = ", ".join(ASSIGNMENTS)
    raise UnknownAssignment(f"unknown assignment {name!r}; known assignments: {known}")
