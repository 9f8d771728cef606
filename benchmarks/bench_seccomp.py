"""Cost of the seccomp filter: worker start, numpy work and system-call-heavy work, with and
without the filter, in the bwrap sandbox.

    python benchmarks/bench_seccomp.py [--repeat 5]

The two variants alternate within one process, so the load of a shared machine hits both
alike; each figure is the median of the repetitions. Prints a Markdown table with the ratio
filter / no filter.
"""
import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from autograder.sandbox import Limits, Worker, resolve_sandbox  # noqa: E402

CODE = SimpleNamespace(origin="bench.py", first_line=1, code='''
import os
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

def conv():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((8, 16, 64, 64), dtype=np.float32)
    w = rng.standard_normal((16, 16, 3, 3), dtype=np.float32)
    win = sliding_window_view(np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1))), (3, 3), axis=(2, 3))
    return float(np.einsum("nchwij,ocij->nohw", win, w, optimize=True).sum())

def syscalls():
    for _ in range(20000):
        os.stat("/tmp")
    return 1
''')


def measure(kind) -> dict:
    t0 = time.perf_counter()
    with Worker([CODE], "bench", sandbox=kind, limits=Limits(call_timeout=60)) as w:
        assert w.start().ok
        started = time.perf_counter() - t0
        out = {"start": started}
        for name in ("conv", "syscalls"):
            call = w.call(name)
            assert call.ok, call.detail
            out[name] = call.elapsed
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    kind = resolve_sandbox("bwrap")
    kinds = {"filter": kind, "no filter": dataclasses.replace(kind, seccomp=None)}
    runs = {name: [] for name in kinds}
    for _ in range(args.repeat):
        for name, k in kinds.items():
            runs[name].append(measure(k))
    print("| what | filter | no filter | ratio |\n| --- | --- | --- | --- |")
    for what in ("start", "conv", "syscalls"):
        a = statistics.median(r[what] for r in runs["filter"])
        b = statistics.median(r[what] for r in runs["no filter"])
        print(f"| {what} | {a * 1000:.1f} ms | {b * 1000:.1f} ms | {a / b:.2f}× |")


if __name__ == "__main__":
    main()
