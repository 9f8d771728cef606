"""Question templates, one module per type, in the order a quiz asks them.

Each module has NAME, KIND, ``sample(rng, oracle) -> Draw`` (raises ``Redraw`` when the draw
would not teach) and ``values(params) -> dict`` (the numbers its texts are written with).
"""
from __future__ import annotations

from . import (accepts, chain, conv2d_shape, conv_output_size, effective_kernel, kernel_matrix_shape,
               macs, output_padding, param_count, pool_output_size, receptive_field, same_padding,
               transpose_weight_shape, transposed_output_size, unfold_shape)

TEMPLATES = [conv_output_size, conv2d_shape, transposed_output_size, output_padding, pool_output_size,
             same_padding, effective_kernel, param_count, transpose_weight_shape, unfold_shape,
             kernel_matrix_shape, receptive_field, macs, accepts, chain]
BY_NAME = {t.NAME: t for t in TEMPLATES}


def get(name: str):
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown question type {name!r}; known: {', '.join(BY_NAME)}") from None
