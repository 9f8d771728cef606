"""Known student mistakes as mutated configurations, each computed by torch.

The detectors live in ``autograder.diagnosis`` (one module per family of mistakes, the ordered
table in ``autograder.diagnosis.table``); this module keeps the names other modules import.
"""
from __future__ import annotations

from autograder.diagnosis.common import (CONV, POOL, SIGNATURES, TRANSPOSED, WITH_BIAS, WITH_WEIGHT,
                                         Mutation, Params, ShapeOnly, Skip, bind, compose, ref, tup,
                                         untup)
from autograder.diagnosis.table import MUTATIONS, mutations_for

__all__ = ["CONV", "POOL", "SIGNATURES", "TRANSPOSED", "WITH_BIAS", "WITH_WEIGHT", "MUTATIONS",
           "Mutation", "Params", "ShapeOnly", "Skip", "bind", "compose", "mutations_for", "ref",
           "tup", "untup"]
