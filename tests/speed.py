"""How much slower this machine runs now than an idle one: wall-clock bounds in tests scale by it.

A fixed reference workload (a numpy loop over 3x3 windows and a pure-Python loop, the two kinds
of work a grading run does) is timed once per test process; ``slowdown()`` is the median of a few
timings over ``IDLE_SECONDS``, its median on an idle machine, and never below 1. A test that
asserts "this took under N seconds" asserts ``deadline(N)`` instead: the bound an idle machine
meets, stretched on a machine busy with other work. Sandbox Limits are not scaled here: what a
timeout means to a submission is the grader's business, not the test's.
"""
from __future__ import annotations

import functools
import statistics
import time

import numpy as np

IDLE_SECONDS = 0.020    # workload() on an idle x86-64 core (CPython 3.11; the fastest of 200 runs)
REPEATS = 5


def workload() -> float:
    """The reference work: about 20 ms on an idle machine."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((8, 34, 34))
    w = rng.standard_normal((8, 3, 3))
    total = 0.0
    for i in range(32):
        for j in range(32):
            total += float(np.sum(x[:, i:i + 3, j:j + 3] * w))
    n = 0
    for k in range(200_000):
        n += k * k % 7
    return total + n


def measure(repeats: int = REPEATS) -> float:
    """Median wall-clock seconds of ``workload()`` over ``repeats`` runs, now."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        workload()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@functools.lru_cache(maxsize=None)
def slowdown() -> float:
    """max(1, measured / idle): how many times slower than idle this machine runs; measured once."""
    return max(1.0, measure() / IDLE_SECONDS)


def deadline(seconds: float) -> float:
    """``seconds`` (a bound an idle machine meets) scaled by this machine's slowdown."""
    return seconds * slowdown()
