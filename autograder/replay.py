"""torch's answers recorded when the bundle is made, replayed by the student edition (no torch).

Every torch computation of the grader goes through ``reference.evaluate(function, args,
kwargs)``: the public references, the outputs of each catalogue mistake (diagnosis) and the
answers on the smaller cases the shrinker tries. ``recording()`` captures each such call, keyed
by a hash of its exact inputs; ``ReplayStore`` answers the same call from the data file, and a
call that was not foreseen gets no answer (``reference.evaluate`` then raises ``NotPrecomputed``, a
kind of refusal, so diagnosis and shrinking skip it) instead of a guess.

The data file (``autograder/precomputed/<assignment>.npz``, read with ``allow_pickle=False``):
``index`` is UTF-8 JSON ``{"version": SUITE_VERSION, "calls": {key: value}}``; ``blob`` holds the
raw bytes of every array a value refers to.
"""
from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import numpy as np

PRECOMPUTED_DIR = Path(__file__).resolve().parent / "precomputed"
_DTYPES = {"float64", "float32", "int64", "int32", "bool", "float16", "int16", "int8", "uint8"}


# ---------------------------------------------------------------------------------- keys


def call_key(function: str, args: tuple, kwargs: dict) -> str:
    """A hash of the call's exact inputs: function, argument values (arrays to the byte), kwargs."""
    h = hashlib.sha256(function.encode() + b"\0")
    _feed(h, tuple(args))
    _feed(h, {k: kwargs[k] for k in sorted(kwargs)})
    return h.hexdigest()[:32]


def _feed(h, value: Any) -> None:
    if isinstance(value, np.ndarray):
        arr = np.ascontiguousarray(value)
        h.update(b"A" + arr.dtype.str.encode() + repr(arr.shape).encode() + arr.tobytes())
    elif isinstance(value, dict):
        h.update(b"{")
        for k, v in value.items():
            h.update(str(k).encode() + b"=")
            _feed(h, v)
        h.update(b"}")
    elif isinstance(value, (tuple, list)):
        h.update(b"(" if isinstance(value, tuple) else b"[")
        for v in value:
            _feed(h, v)
            h.update(b",")
        h.update(b")")
    elif isinstance(value, (bool, np.bool_)):
        h.update(b"B" + str(bool(value)).encode())
    elif isinstance(value, (int, np.integer)):
        h.update(b"I" + str(int(value)).encode())
    elif isinstance(value, (float, np.floating)):
        h.update(b"F" + float(value).hex().encode())
    elif value is None:
        h.update(b"N")
    else:
        h.update(b"S" + type(value).__name__.encode() + b":" + str(value).encode())


# ---------------------------------------------------------------------------------- values


def _encode(value: Any, blob: bytearray) -> Any:
    if isinstance(value, np.ndarray):
        arr = np.ascontiguousarray(value)
        if arr.dtype.name not in _DTYPES:
            raise TypeError(f"cannot record an array of dtype {arr.dtype}")
        entry = {"t": "a", "dtype": arr.dtype.name, "shape": list(arr.shape), "off": len(blob)}
        blob += arr.tobytes()
        return entry
    if isinstance(value, tuple):
        return {"t": "T", "v": [_encode(v, blob) for v in value]}
    if isinstance(value, list):
        return {"t": "L", "v": [_encode(v, blob) for v in value]}
    if isinstance(value, (bool, np.bool_)):
        return {"t": "b", "v": bool(value)}
    if isinstance(value, (int, np.integer)):
        return {"t": "i", "v": int(value)}
    if isinstance(value, (float, np.floating)):
        return {"t": "f", "v": float(value).hex()}
    if value is None:
        return {"t": "n"}
    raise TypeError(f"cannot record a value of type {type(value).__name__}")


def _decode(entry: Any, blob: np.ndarray) -> Any:
    kind = entry["t"]
    if kind == "a":
        dtype = np.dtype(entry["dtype"])
        shape = tuple(int(s) for s in entry["shape"])
        count = int(np.prod(shape, dtype=np.int64))
        start = int(entry["off"])
        data = blob[start:start + count * dtype.itemsize]
        return np.frombuffer(data.tobytes(), dtype=dtype, count=count).reshape(shape).copy()
    if kind == "T":
        return tuple(_decode(v, blob) for v in entry["v"])
    if kind == "L":
        return [_decode(v, blob) for v in entry["v"]]
    if kind == "b":
        return bool(entry["v"])
    if kind == "i":
        return int(entry["v"])
    if kind == "f":
        return float.fromhex(entry["v"])
    if kind == "n":
        return None
    raise ValueError(f"unknown recorded value kind {kind!r}")


# ---------------------------------------------------------------------------------- recording


@dataclass
class Recording:
    """Calls seen while recording: key -> ("value", value) or ("refused", torch's message)."""

    calls: dict[str, tuple[str, Any]] = field(default_factory=dict)

    def save(self, path: Path, version: str) -> int:
        """Write the data file; returns its size in bytes."""
        blob = bytearray()
        index = {}
        for key in sorted(self.calls):
            kind, value = self.calls[key]
            index[key] = {"refused": value} if kind == "refused" else {"value": _encode(value, blob)}
        text = json.dumps({"version": version, "calls": index}, sort_keys=True, separators=(",", ":"))
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            np.savez_compressed(fh, index=np.frombuffer(text.encode(), dtype=np.uint8),
                                blob=np.frombuffer(bytes(blob), dtype=np.uint8))
        return path.stat().st_size


_RECORDING: ContextVar[Recording | None] = ContextVar("convgrade_recording", default=None)


@contextmanager
def recording() -> Iterator[Recording]:
    """Within the block, every ``reference.evaluate`` call in this context is recorded."""
    rec = Recording()
    token = _RECORDING.set(rec)
    try:
        yield rec
    finally:
        _RECORDING.reset(token)


def active_recording() -> Recording | None:
    return _RECORDING.get()


def deadline_after(seconds: float) -> float:
    """``time.monotonic() + seconds``; no deadline at all while recording, so that the recording
    holds the whole (call-bounded) search of the shrinker and the diagnosis, whatever the load,
    and a student's run, however fast or slow, asks for nothing it lacks."""
    import time

    return float("inf") if _RECORDING.get() is not None else time.monotonic() + seconds


# ---------------------------------------------------------------------------------- replay


class ReplayStore:
    """The recorded answers of one assignment's public checks."""

    def __init__(self, path: Path):
        with np.load(path, allow_pickle=False) as data:
            index = json.loads(data["index"].tobytes().decode("utf-8"))
            self.blob = data["blob"]
        self.version = str(index.get("version", ""))
        self.calls: dict[str, dict] = index["calls"]

    def answer(self, key: str) -> tuple[str, Any]:
        """("value", value) or ("refused", torch's message) for a recorded call."""
        entry = self.calls[key]
        if "refused" in entry:
            return "refused", str(entry["refused"])
        return "value", _decode(entry["value"], self.blob)


class ReplayStores:
    """Every assignment's store, loaded on first use; a call is looked up in each."""

    def __init__(self, folder: Path = PRECOMPUTED_DIR):
        self.folder = folder
        self._stores: list[ReplayStore] | None = None
        self.misses = 0                    # calls asked for that were not recorded

    def stores(self) -> list[ReplayStore]:
        if self._stores is None:
            self._stores = [ReplayStore(p) for p in sorted(self.folder.glob("*.npz"))]
        return self._stores

    def answer(self, function: str, args: tuple, kwargs: dict) -> tuple[str, Any] | None:
        """The recorded answer of this exact call, or None when it was not foreseen."""
        key = call_key(function, args, kwargs)
        for store in self.stores():
            if key in store.calls:
                return store.answer(key)
        self.misses += 1
        return None
