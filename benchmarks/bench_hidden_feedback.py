"""Cost of the feedback on failures (public explanations and hidden reproductions), as a ratio.

Grades the same buggy submissions with feedback on and off, interleaved in one process (one
GradingSession each, both warmed up by a first submission), and prints the median wall time per
submission of each and their ratio. Also counts, for feedback on, the hidden failures that got a
public reproduction and those that said only what they cover.

    python benchmarks/bench_hidden_feedback.py [--rounds 2] [--sandbox bwrap]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.assignments import ASSIGNMENTS  # noqa: E402
from autograder.engine import GradeOptions, GradingSession  # noqa: E402
from autograder.sandbox import Limits  # noqa: E402
from autograder.submission import Chunk, Submission  # noqa: E402

REPRO = "The same function also fails on a public case"
BUGS = {
    "a1_shapes": ("\n_orig = conv_output_size\n"
                  "def conv_output_size(in_size, kernel_size, stride=1, padding=0, dilation=1):\n"
                  "    return _orig(in_size, kernel_size, stride, padding, 1 if stride > 1 else dilation)\n"),
    "a2_conv2d": (ROOT / "tests" / "hidden_bugs" / "ceil_index_conv.py").read_text(encoding="utf-8"),
}


def solution(assignment: str) -> str:
    text = ASSIGNMENTS[assignment].solution_path().read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--sandbox", default="auto")
    args = parser.parse_args()
    limits = Limits(call_timeout=5.0, cpu_seconds=600)
    sessions = {on: GradingSession(GradeOptions(visibility="all", device="cpu", sandbox=args.sandbox,
                                                limits=limits, feedback=on)) for on in (True, False)}
    times: dict[tuple[str, bool], list[float]] = {}
    shown = {"reproduced": 0, "covers only": 0}
    try:
        for round_ in range(args.rounds + 1):          # round 0 warms both sessions up
            for assignment, bug in BUGS.items():
                sub = Submission("bug", assignment, [Chunk(solution(assignment) + bug,
                                                           ASSIGNMENTS[assignment].filename)])
                for on in (True, False) if round_ % 2 else (False, True):
                    start = time.perf_counter()
                    result = sessions[on].grade(sub, assignment)
                    elapsed = time.perf_counter() - start
                    if round_:
                        times.setdefault((assignment, on), []).append(elapsed)
                    if on and round_ == 1:
                        for t in result.tests:
                            if t.hidden and t.score == 0:
                                shown["reproduced" if REPRO in t.output else "covers only"] += 1
    finally:
        for session in sessions.values():
            session.close()
    for assignment in BUGS:
        on = statistics.median(times[(assignment, True)])
        off = statistics.median(times[(assignment, False)])
        print(f"{assignment}: feedback on {on:.2f} s, off {off:.2f} s, ratio {on / off:.2f}")
    print(f"hidden failures: {shown['reproduced']} reproduced on public cases, "
          f"{shown['covers only']} saying only what they cover")


if __name__ == "__main__":
    main()
