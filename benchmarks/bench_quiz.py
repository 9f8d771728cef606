"""Quizzes of 20 questions for 500 students in all six formats: wall time, one run.

    python benchmarks/bench_quiz.py [--students 500] [--questions 20] [--seed 1]

Prints the wall and CPU time of each stage (torch import and oracle start included) and the
total; the target on a 2-core machine is under 10 s wall. On a shared machine wall time is
inflated by the other processes' load: the CPU time (this process and its children, from
getrusage) is the figure to compare between runs, and the load average is printed beside it.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def cpu() -> float:
    """CPU seconds (user + system) of this process and its finished children."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=500)
    ap.add_argument("--questions", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lang", default="en")
    args = ap.parse_args()

    w0, c0 = time.perf_counter(), cpu()
    from question_bank import export
    from question_bank.quiz import make_quiz
    from question_bank.sampling import numbered_students
    from question_bank.torch_oracle import Oracle

    oracle = Oracle()
    w1, c1 = time.perf_counter(), cpu()
    quiz = make_quiz(args.seed, numbered_students(args.students), args.lang, count=args.questions, oracle=oracle)
    w2, c2 = time.perf_counter(), cpu()
    stages = {}
    with tempfile.TemporaryDirectory() as out:
        for fmt in export.FORMATS:
            ws, cs = time.perf_counter(), cpu()
            paths = export.write(fmt, quiz, out)
            stages[fmt] = (time.perf_counter() - ws, cpu() - cs, sum(Path(p).stat().st_size for p in paths))
    w3, c3 = time.perf_counter(), cpu()
    n = args.students * args.questions
    print(f"{args.students} students x {args.questions} questions = {n} questions, lang {args.lang}")
    print(f"  {'stage':<22} {'wall':>7} {'CPU':>7}")
    print(f"  {'import + oracle start':<22} {w1 - w0:6.2f}s {c1 - c0:6.2f}s")
    print(f"  {'make_quiz':<22} {w2 - w1:6.2f}s {c2 - c1:6.2f}s  ({oracle.calls} distinct torch runs, "
          f"{1e3 * (c2 - c1) / n:.2f} ms CPU per question)")
    for fmt, (wall, secs, size) in stages.items():
        print(f"  {'export ' + fmt:<22} {wall:6.2f}s {secs:6.2f}s  ({size / 1e6:.1f} MB)")
    print(f"  {'total':<22} {w3 - w0:6.2f}s {c3 - c0:6.2f}s  (target < 10 s wall)")
    if hasattr(os, "getloadavg"):
        print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (a shared machine inflates wall time)")


if __name__ == "__main__":
    main()
