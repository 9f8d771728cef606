"""Quizzes of 20 questions for 500 students in all six formats: wall time, one run.

    python benchmarks/bench_quiz.py [--students 500] [--questions 20] [--seed 1]

Prints the time of each stage (torch import and oracle start included) and the total; the
target on a 2-core machine is under 10 s.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=500)
    ap.add_argument("--questions", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lang", default="en")
    args = ap.parse_args()

    t0, c0 = time.perf_counter(), time.process_time()
    from question_bank import export
    from question_bank.quiz import make_quiz
    from question_bank.sampling import numbered_students
    from question_bank.torch_oracle import Oracle

    oracle = Oracle()
    t1 = time.perf_counter()
    quiz = make_quiz(args.seed, numbered_students(args.students), args.lang, count=args.questions, oracle=oracle)
    t2 = time.perf_counter()
    stages = {}
    with tempfile.TemporaryDirectory() as out:
        for fmt in export.FORMATS:
            s = time.perf_counter()
            paths = export.write(fmt, quiz, out)
            stages[fmt] = (time.perf_counter() - s, sum(Path(p).stat().st_size for p in paths))
    t3 = time.perf_counter()
    n = args.students * args.questions
    print(f"{args.students} students x {args.questions} questions = {n} questions, lang {args.lang}")
    print(f"  import + oracle start  {t1 - t0:6.2f} s")
    print(f"  make_quiz              {t2 - t1:6.2f} s  ({oracle.calls} distinct torch runs, "
          f"{1e3 * (t2 - t1) / n:.2f} ms per question)")
    for fmt, (secs, size) in stages.items():
        print(f"  export {fmt:<15} {secs:6.2f} s  ({size / 1e6:.1f} MB)")
    print(f"  total                  {t3 - t0:6.2f} s wall, {time.process_time() - c0:.2f} s CPU (target < 10 s wall)")
    if hasattr(os, "getloadavg"):
        print(f"  load average           {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (a shared machine inflates wall time)")


if __name__ == "__main__":
    main()
