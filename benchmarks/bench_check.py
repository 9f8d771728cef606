"""Speed of the grader itself.

1. `convgrade check` wall time on a correct a2 submission (a real subprocess; target < 5 s).
2. The grader's own cost per submission in one GradingSession on a1, where the student's compute
   is negligible: grade copies of the a1 solution after a warm-up (target <= 0.3 s). Wall time
   and the grader process's CPU time (time.process_time; the workers' CPU is not in it) are
   printed per submission, with the load average, because these machines are shared.

Variants (--variants) are GradeOptions switches compared in one run, interleaved in blocks of
--block submissions so that a change in the machine's load hits all of them alike:

    python benchmarks/bench_check.py [--copies N] [--variants before,cold,warm,both] [--block 5] [--no-check]

before: a worker booted per submission and pytest.main per submission; cold: the same worker
boot, pytest collecting the suite once (collect_once); warm: the next worker booted ahead of
time (warm_worker), pytest.main per submission; both: warm worker and collect_once.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.assignments import ASSIGNMENTS  # noqa: E402
from autograder.engine import GradeOptions, GradingSession  # noqa: E402
from autograder.submission import Chunk, Submission  # noqa: E402

VARIANTS = {
    "before": {"warm_worker": False, "collect_once": False},    # as graded before these switches
    "cold": {"warm_worker": False},
    "warm": {"warm_worker": True, "collect_once": False},
    "both": {"warm_worker": True, "collect_once": True},        # the defaults in a batch
}


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def check_wall_time(repeats: int = 3) -> list[float]:
    path = ASSIGNMENTS["a2_conv2d"].solution_path().relative_to(ROOT)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "cli.py", "check", str(path)], cwd=ROOT, check=True,
                       capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def per_submission_cost(copies: int, variants: list[str], block: int) -> dict[str, list[tuple[float, float]]]:
    """{variant: [(wall, cpu) per submission]}, the variants' sessions open side by side."""
    a1 = ASSIGNMENTS["a1_shapes"]
    code = a1.solution_path().read_text(encoding="utf-8")

    def submission(name: str) -> Submission:
        return Submission(name, a1.name, [Chunk(code, a1.filename)])

    sessions = {v: GradingSession(GradeOptions(visibility="all", device="cpu", **VARIANTS[v]))
                for v in variants}
    costs: dict[str, list[tuple[float, float]]] = {v: [] for v in variants}
    try:
        for v, session in sessions.items():        # torch reference, suite import, first worker
            for i in range(2):
                session.grade(submission(f"warm-up{i}"), a1.name)
        done = 0
        while done < copies:
            n = min(block, copies - done)
            for v, session in sessions.items():
                for i in range(n):
                    wall, cpu = time.perf_counter(), time.process_time()
                    result = session.grade(submission(f"copy{done + i}"), a1.name)
                    costs[v].append((time.perf_counter() - wall, time.process_time() - cpu))
                    assert result.score == result.max_score, result.reason
            done += n
    finally:
        for session in sessions.values():
            session.close()
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--variants", default="before,both",
                        help=f"comma-separated, from {', '.join(VARIANTS)}")
    parser.add_argument("--block", type=int, default=5)
    parser.add_argument("--no-check", action="store_true", help="skip the `convgrade check` timing")
    args = parser.parse_args()
    variants = [v for v in args.variants.split(",") if v]
    if not args.no_check:
        print(load())
        check = check_wall_time()
        print(f"convgrade check on the a2 solution: median {statistics.median(check):.2f} s "
              f"(min {min(check):.2f}, max {max(check):.2f}; target < 5 s)")
    print(load())
    costs = per_submission_cost(args.copies, variants, args.block)
    for v in variants:
        walls = [w for w, _ in costs[v]]
        cpus = [c for _, c in costs[v]]
        print(f"{v:>6}: grader cost per a1 submission ({len(walls)} copies): wall median "
              f"{statistics.median(walls):.3f} s (min {min(walls):.3f}, max {max(walls):.3f}), "
              f"grader CPU median {statistics.median(cpus):.3f} s; target <= 0.3 s")
    print(load())


if __name__ == "__main__":
    main()
