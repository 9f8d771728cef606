"""Winnowed fingerprints of a normalized token stream (copydetect's winnowing).

A k-gram is ``k`` consecutive tokens; its hash is a polynomial over the tokens' CRC-32 values,
modulo 2**53 so that copydetect's float window buffer holds it exactly. The hashes are stable
from run to run (unlike Python's ``hash``), so a report can be reproduced. Winnowing
(Schleimer, Wilkerson, Aiken 2003) keeps the smallest hash of every window of ``window``
k-grams: any match of at least ``k + window - 1`` tokens shares a fingerprint.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

K = 12          # tokens per k-gram: shorter matches are noise (one call with its arguments)
WINDOW = 6      # every common run of K + WINDOW - 1 = 17 tokens is found
_MASK = np.uint64((1 << 53) - 1)
_BASE = np.uint64(1_000_003)


@dataclass
class Fingerprints:
    """Selected k-gram hashes of one document and the token position of each (first seen)."""

    hashes: np.ndarray      # int64, sorted, unique
    positions: np.ndarray   # int64, token index where the k-gram of hashes[i] starts


def token_ids(texts: list[str], cache: dict[str, int]) -> np.ndarray:
    """CRC-32 of each token text (cached across documents)."""
    out = np.empty(len(texts), dtype=np.uint64)
    for i, text in enumerate(texts):
        value = cache.get(text)
        if value is None:
            value = cache[text] = zlib.crc32(text.encode("utf-8")) + 1
        out[i] = value
    return out


def kgram_hashes(ids: np.ndarray, k: int = K) -> np.ndarray:
    """Hash of every k-gram of ``ids`` (length ``len(ids) - k + 1``, empty when shorter)."""
    n = len(ids) - k + 1
    if n <= 0:
        return np.empty(0, dtype=np.int64)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(k):
            h = h * _BASE + ids[i:i + n]
    return (h & _MASK).astype(np.int64)


def fingerprint(ids: np.ndarray, k: int = K, window: int = WINDOW) -> Fingerprints:
    """Winnowed fingerprints of a token-id sequence."""
    hashes = kgram_hashes(ids, k)
    if len(hashes) == 0:
        return Fingerprints(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
    from copydetect.utils import winnow  # lazily: copydetect's package imports matplotlib

    selected, idx = winnow(hashes, min(window, len(hashes)), remove_duplicates=True)
    return Fingerprints(np.asarray(selected, dtype=np.int64), np.asarray(idx, dtype=np.int64))


def all_hashes(ids: np.ndarray, k: int = K) -> np.ndarray:
    """Every k-gram hash, unique (for boilerplate: a student's window may pick any of them)."""
    return np.unique(kgram_hashes(ids, k))


def without(fp: Fingerprints, removed: np.ndarray) -> Fingerprints:
    """``fp`` less the hashes in ``removed`` (boilerplate, or code common to most submissions)."""
    if len(removed) == 0 or len(fp.hashes) == 0:
        return fp
    keep = ~np.isin(fp.hashes, removed, assume_unique=False)
    return Fingerprints(fp.hashes[keep], fp.positions[keep])
