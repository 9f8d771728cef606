"""Batch throughput: many copies of the a1 (or a2) solution, workers=1 against workers=2.

    python benchmarks/bench_batch.py [--assignment a1] [--copies 12] [--workers 1 2]

Prints, per worker count, the wall time of the whole batch, submissions per minute and the grader
cost per submission (wall time x workers / submissions, start-up included). Each run uses a fresh
output folder, so nothing comes from the journal.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autograder.assignments import get_assignment  # noqa: E402
from autograder.batch import BatchOptions, run_batch  # noqa: E402
from autograder.engine import GradeOptions  # noqa: E402
from autograder.release.markers import strip_markers  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--assignment", default="a1")
    p.add_argument("--copies", type=int, default=12)
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    a = p.parse_args()
    assignment = get_assignment(a.assignment)
    source = strip_markers(assignment.solution_path().read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        subs = Path(tmp) / "subs"
        subs.mkdir()
        for i in range(a.copies):
            (subs / f"student{i:03d}_{assignment.filename}").write_text(source, encoding="utf-8")
        print(f"{assignment.name}: {a.copies} copies of the solution")
        for workers in a.workers:
            options = BatchOptions(assignment=assignment.name, workers=workers, progress=False,
                                   grade=GradeOptions(visibility="all"))
            start = time.perf_counter()
            report = run_batch([subs], Path(tmp) / f"out{workers}", options)
            wall = time.perf_counter() - start
            assert report.graded == a.copies
            print(f"workers={workers}: {wall:6.1f} s, {60 * a.copies / wall:6.1f} submissions/min, "
                  f"{wall * workers / a.copies:5.2f} grader-s per submission")


if __name__ == "__main__":
    main()
