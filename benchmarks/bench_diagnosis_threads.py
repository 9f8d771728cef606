"""Cost of one diagnosis: torch on one thread (what diagnose does) vs torch's default thread pool.

The detectors run hundreds of tiny convolutions per diagnosis; on a shared machine a thread
pool waits far longer than the arithmetic takes. Both variants run interleaved in one process
on the same failing outputs (a kernel-flip and an unknown mistake); prints the ratio.

    python benchmarks/bench_diagnosis_threads.py [--rounds 3]
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from autograder.cases import ArraySpec as A
from autograder.cases import Case, materialize
from autograder.diagnose import _diagnose, diagnose
from autograder.reference import evaluate


def _cases():
    case = Case("conv2d", (A("x", (2, 3, 9, 8)), A("weight", (4, 3, 3, 2)), A("bias", (4,))),
                kwargs=(("padding", 1), ("stride", 2)), seed=5)
    args, kwargs = materialize(case)
    flipped = evaluate("conv2d", (args[0], np.ascontiguousarray(args[1][..., ::-1, ::-1]), args[2]), kwargs)
    unknown = evaluate("conv2d", args, kwargs) * 1.5 + 0.25
    return [(case, flipped), (case, unknown)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    one = pool = 0.0
    for _ in range(rounds):
        for case, got in _cases():
            start = time.perf_counter()
            diagnose(case, got, "en")
            one += time.perf_counter() - start
            start = time.perf_counter()
            _diagnose(case, got, "en", None)          # torch's default threads
            pool += time.perf_counter() - start
    print(f"torch threads by default: {torch.get_num_threads()}")
    print(f"one thread: {one:.2f} s, default pool: {pool:.2f} s, ratio pool/one: {pool / one:.1f}x")


if __name__ == "__main__":
    main()
