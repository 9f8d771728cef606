"""Similarity report on a large class: N submissions (default 500) read, compared and written.

    python benchmarks/bench_similarity.py [--count 500] [--seed 0]

The class: the seven independent a2 solutions of the tests, each handed in many times under
random disguises (renamed, reordered, recommented, dead code added), so every submission is a
complete module of 150-250 lines. Prints the wall time of each stage and of the whole run
(and the CPU time, which other load on a shared machine does not inflate), and the same for a
tenth of the class, so the growth with N (all pairs are scored) shows as a ratio.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "similarity_cases"))

import disguise  # noqa: E402

from autograder.similarity import run_similarity, write_report  # noqa: E402
from autograder.submission import load_submissions  # noqa: E402


def make_class(root: Path, count: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    bases = sorted((ROOT / "tests" / "similarity_cases" / "a2_conv2d").glob("*_conv2d.py"))
    bases.append(ROOT / "examples" / "submissions" / "a2_conv2d" / "correct_conv2d.py")
    sources = [b.read_text(encoding="utf-8") for b in bases]
    for i in range(count):
        text = disguise.all_disguises(sources[i % len(sources)], rng)
        (root / f"student{i:04d}_conv2d.py").write_text(text, encoding="utf-8")


def timed(folder: Path, out: Path) -> dict[str, float]:
    c0 = time.process_time()
    t0 = time.perf_counter()
    subs = load_submissions(folder, "a2")
    t1 = time.perf_counter()
    report = run_similarity(subs, "a2")
    t2 = time.perf_counter()
    write_report(report, out)
    t3 = time.perf_counter()
    return {"submissions": len(subs), "pairs": len(report.pairs), "load_s": t1 - t0,
            "compare_s": t2 - t1, "write_s": t3 - t2, "total_s": t3 - t0, "cpu_s": time.process_time() - c0}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--count", type=int, default=500)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    from copydetect.utils import winnow  # noqa: F401  (its import, ~1-3 s, paid once, as in the CLI)

    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for n in (max(2, a.count // 10), a.count):
            folder = Path(tmp) / f"class{n}"
            folder.mkdir()
            make_class(folder, n, a.seed)
            results[n] = timed(folder, Path(tmp) / f"out{n}")
            r = results[n]
            print(f"{r['submissions']:5d} submissions, {r['pairs']:7d} pairs: load {r['load_s']:.1f} s, "
                  f"compare {r['compare_s']:.1f} s, write {r['write_s']:.1f} s, total {r['total_s']:.1f} s "
                  f"(CPU time of this process {r['cpu_s']:.1f} s)")
        small, large = results[max(2, a.count // 10)], results[a.count]
        print(f"{a.count} / {max(2, a.count // 10)} submissions: CPU time {large['cpu_s'] / small['cpu_s']:.1f}x, "
              f"wall time {large['total_s'] / small['total_s']:.1f}x, pairs {large['pairs'] / max(1, small['pairs']):.0f}x")


if __name__ == "__main__":
    main()
