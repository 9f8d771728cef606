"""Scores of all pairs and the matching regions of a pair.

score(a, b) = |F_a ∩ F_b| / max(min(|F_a|, |F_b|), MIN_FINGERPRINTS)

F_x is the set of x's fingerprints left after boilerplate and common-code removal. Dividing by
the smaller set makes code added to a copy (dead code, extra helpers) not hide it; the floor
keeps a submission with almost no code of its own from scoring high on a few shared lines.
Common code: a fingerprint found in more than ``common_limit(n)`` submissions is what everyone
writes (the output-size formula, the padding call) and is no evidence of copying.
"""
from __future__ import annotations

import numpy as np

from autograder.similarity.fingerprint import K, WINDOW, Fingerprints

MIN_FINGERPRINTS = 24


def common_limit(n: int) -> int:
    """How many submissions may share a fingerprint before it counts as common code."""
    return max(10, n // 10)


def common_hashes(fps: list[Fingerprints], limit: int) -> np.ndarray:
    """Hashes found in more than ``limit`` of the documents."""
    if not fps:
        return np.empty(0, dtype=np.int64)
    values, counts = np.unique(np.concatenate([f.hashes for f in fps]), return_counts=True)
    return values[counts > limit]


def shared_counts(fps: list[Fingerprints], block: int = 4096) -> np.ndarray:
    """(n, n) matrix of the number of fingerprints each pair of documents shares."""
    n = len(fps)
    sizes = [len(f.hashes) for f in fps]
    if n == 0 or sum(sizes) == 0:
        return np.zeros((n, n), dtype=np.int64)
    all_h = np.concatenate([f.hashes for f in fps])
    doc = np.repeat(np.arange(n), sizes)
    values, inverse, counts = np.unique(all_h, return_inverse=True, return_counts=True)
    shared = counts[inverse] > 1                       # a hash in one document matches nothing
    column = np.cumsum(counts > 1)[inverse[shared]] - 1
    doc = doc[shared]
    width = int(column.max()) + 1 if len(column) else 0
    out = np.zeros((n, n), dtype=np.float64)
    order = np.argsort(column, kind="stable")
    column, doc = column[order], doc[order]
    for start in range(0, width, block):
        lo, hi = np.searchsorted(column, [start, start + block])
        dense = np.zeros((n, min(block, width - start)), dtype=np.float32)
        dense[doc[lo:hi], column[lo:hi] - start] = 1.0
        out += dense @ dense.T
    return np.rint(out).astype(np.int64)


def scores(fps: list[Fingerprints], shared: np.ndarray) -> np.ndarray:
    """(n, n) scores in [0, 1] from the shared counts (formula in the module docstring)."""
    sizes = np.array([len(f.hashes) for f in fps], dtype=np.float64)
    denominator = np.maximum(np.minimum.outer(sizes, sizes), MIN_FINGERPRINTS)
    return np.clip(shared / denominator, 0.0, 1.0)


def regions(a: Fingerprints, b: Fingerprints, a_units: list[int], b_units: list[int],
            k: int = K, window: int = WINDOW) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Matching regions as token ranges ((a_first, a_last), (b_first, b_last)), in a's order.

    Shared fingerprints are chained while both sides move forward by about the same step and
    stay inside the same unit (function); each chain covers its k-grams on both sides.
    """
    common, ia, ib = np.intersect1d(a.hashes, b.hashes, assume_unique=True, return_indices=True)
    if len(common) == 0:
        return []
    pa, pb = a.positions[ia], b.positions[ib]
    order = np.argsort(pa, kind="stable")
    pa, pb = pa[order].tolist(), pb[order].tolist()
    gap = k + window
    chains: list[list[int]] = [[pa[0], pa[0], pb[0], pb[0]]]
    for x, y in zip(pa[1:], pb[1:]):
        c = chains[-1]
        step_a, step_b = x - c[1], y - c[3]
        if (0 < step_a <= gap and 0 < step_b <= gap + k and a_units[x] == a_units[c[1]]
                and b_units[y] == b_units[c[3]]):
            c[1], c[3] = x, y
        else:
            chains.append([x, x, y, y])
    last_a, last_b = len(a_units) - 1, len(b_units) - 1
    return [((a0, min(a1 + k - 1, last_a)), (b0, min(b1 + k - 1, last_b))) for a0, a1, b0, b1 in chains]
