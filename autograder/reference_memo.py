"""A bounded memory of torch's answers to small calls, shared by everything in one process.

Diagnosis asks torch what each known mistake would return on a case (a few hundred calls per
failing case, the same for every student), and shrinking and reproductions ask again on the same
public cases; the answers depend on the inputs alone. Only calls whose arrays are small are kept
(``SMALL_BYTES`` in all), least recently used first out past ``MAX_BYTES``. Answers are handed out
as copies: a caller may change its answer in place.
"""
from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from typing import Any, Callable

import numpy as np

from autograder import replay

SMALL_BYTES = 64 << 10          # a call's arrays, in all: larger calls are not kept
MAX_BYTES = 64 << 20            # the answers kept, in all


def small_call(args: tuple, kwargs: dict) -> bool:
    """Whether the arrays of a call are small enough to be worth keeping its answer."""
    total = 0
    for value in (*args, *kwargs.values()):
        if isinstance(value, np.ndarray):
            total += value.nbytes
    return total <= SMALL_BYTES


class AnswerMemo:
    """call key -> ("value", answer) or ("refused", torch's words), least recently used out first."""

    def __init__(self, max_bytes: int = MAX_BYTES):
        self.max_bytes = max_bytes
        self._answers: OrderedDict[str, tuple[str, Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def answer(self, function: str, args: tuple, kwargs: dict, compute: Callable[[], Any], *,
               refused: type[Exception], keep: bool = True) -> tuple[str, Any]:
        """("value", ``compute()``) or ("refused", its ``refused`` exception's message), kept
        when ``keep`` and the call is small; inside ``replay.recording()`` it is recorded too."""
        recording, keep = replay.active_recording(), keep and small_call(args, kwargs)
        key = replay.call_key(function, args, kwargs) if recording is not None or keep else ""
        found = self.get(key) if keep else None
        if found is None:
            try:
                found = ("value", compute())
            except refused as exc:
                found = ("refused", getattr(exc, "message", str(exc)))
            if keep:
                self.put(key, *found)
        if recording is not None:      # a copy: the caller may change its answer in place
            recording.calls[key] = (found[0], copy.deepcopy(found[1]))
        return found

    def get(self, key: str) -> tuple[str, Any] | None:
        with self._lock:
            found = self._answers.get(key)
            if found is None:
                return None
            self._answers.move_to_end(key)
        kind, value, _ = found
        return kind, copy.deepcopy(value)

    def put(self, key: str, kind: str, value: Any) -> None:
        size = _size(value) + len(key) + 64
        if size > self.max_bytes:
            return
        with self._lock:
            if key in self._answers:
                return
            self._answers[key] = (kind, copy.deepcopy(value), size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, _, dropped) = self._answers.popitem(last=False)
                self._bytes -= dropped


def _size(value: Any) -> int:
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, (tuple, list)):
        return sum(_size(v) for v in value) + 8 * len(value)
    if isinstance(value, dict):
        return sum(_size(v) for v in value.values()) + 16 * len(value)
    return 32
