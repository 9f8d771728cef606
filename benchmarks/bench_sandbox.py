"""Cost of the sandbox: worker start, a small call, a 16 MiB array there and back.

    python benchmarks/bench_sandbox.py [--repeat 7]

bwrap and none alternate within one process so that the load of a shared machine hits both
alike; each figure is the median of the repetitions. Prints a Markdown table with the ratio
bwrap / none.
"""
import argparse
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from autograder.sandbox import Limits, Worker, resolve_sandbox  # noqa: E402

CODE = SimpleNamespace(code="def echo(x):\n    return x\n", origin="echo.py", first_line=1)


def measure(kind, repeat_calls: int) -> dict:
    small = np.arange(9.0).reshape(3, 3)
    big = np.ones(16 << 20 >> 3)                     # 16 MiB of float64
    t0 = time.perf_counter()
    with Worker([CODE], "echo", sandbox=kind, limits=Limits(call_timeout=30)) as w:
        assert w.start().ok
        started = time.perf_counter() - t0
        smalls, bigs = [], []
        for _ in range(repeat_calls):
            t = time.perf_counter()
            w.call("echo", (small,))
            smalls.append(time.perf_counter() - t)
        for _ in range(3):
            t = time.perf_counter()
            r = w.call("echo", (big,))
            bigs.append(time.perf_counter() - t)
            assert r.ok and r.value.nbytes == big.nbytes
    return {"start": started, "small": statistics.median(smalls), "big": statistics.median(bigs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    kinds = {name: resolve_sandbox(name) for name in ("bwrap", "none")}
    runs = {name: [] for name in kinds}
    for _ in range(args.repeat):
        for name, kind in kinds.items():
            runs[name].append(measure(kind, 50))
    rows = [("worker start (load included)", "start", 1e3, "ms"),
            ("small call round trip (3x3 float64)", "small", 1e3, "ms"),
            ("16 MiB array there and back", "big", 1e3, "ms")]
    print("| measure | bwrap | none | bwrap / none |")
    print("| --- | ---: | ---: | ---: |")
    for label, key, scale, unit in rows:
        b = statistics.median(r[key] for r in runs["bwrap"])
        n = statistics.median(r[key] for r in runs["none"])
        print(f"| {label} | {b * scale:.2f} {unit} | {n * scale:.2f} {unit} | {b / n:.2f} |")


if __name__ == "__main__":
    main()
