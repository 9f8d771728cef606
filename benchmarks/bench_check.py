"""Speed of the grader itself.

1. `convgrade check` wall time on a correct a2 submission (a real subprocess; target < 5 s).
2. The grader's own cost per submission in one GradingSession on a1, where the student's compute
   is negligible: grade N copies of the a1 solution after one warm-up (target <= 0.3 s).

    python benchmarks/bench_check.py [--copies N]
"""
from __future__ import annotations

import argparse
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


def check_wall_time(repeats: int = 3) -> list[float]:
    path = ASSIGNMENTS["a2_conv2d"].solution_path().relative_to(ROOT)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "cli.py", "check", str(path)], cwd=ROOT, check=True,
                       capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def per_submission_cost(copies: int) -> list[float]:
    a1 = ASSIGNMENTS["a1_shapes"]
    code = a1.solution_path().read_text(encoding="utf-8")
    times = []
    with GradingSession(GradeOptions(visibility="all", device="cpu")) as session:
        session.grade(Submission("warm-up", a1.name, [Chunk(code, a1.filename)]), a1.name)
        for i in range(copies):
            start = time.perf_counter()
            result = session.grade(Submission(f"copy{i}", a1.name, [Chunk(code, a1.filename)]), a1.name)
            times.append(time.perf_counter() - start)
            assert result.score == result.max_score, result.reason
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    check = check_wall_time()
    print(f"convgrade check on the a2 solution: median {statistics.median(check):.2f} s "
          f"(min {min(check):.2f}, max {max(check):.2f}; target < 5 s)")
    cost = per_submission_cost(args.copies)
    print(f"grader cost per a1 submission in one session ({args.copies} copies): median "
          f"{statistics.median(cost):.3f} s (min {min(cost):.3f}, max {max(cost):.3f}; target <= 0.3 s)")


if __name__ == "__main__":
    main()
