"""The student edition (no torch) against the instructor's `check`, on the same correct a2 submission.

    python benchmarks/bench_student_check.py [--repeats 7]

1. Builds the student bundle (`release --bundle`) and times `pip install` of its wheel into a
   fresh virtual environment (its dependencies from the configured package index or pip's cache;
   target under 15 s).
2. Runs `convgrade check conv2d.py` of that venv and `python cli.py check conv2d.py` of this
   repository alternately, --repeats times each, and prints both medians and their ratio
   (target: the student edition under 1 s median). Interleaving makes a change in the machine's
   load hit both alike; the load average is printed too.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.assignments import ASSIGNMENTS  # noqa: E402
from autograder.release.markers import strip_markers  # noqa: E402


def _timed(args: list, cwd: Path) -> float:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    start = time.perf_counter()
    subprocess.run([str(a) for a in args], cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--repeats", type=int, default=7)
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        subprocess.run([sys.executable, "cli.py", "release", "--bundle", str(tmp / "student.zip")], cwd=ROOT,
                       check=True, capture_output=True)
        print(f"release --bundle: {time.perf_counter() - start:.1f} s")
        with zipfile.ZipFile(tmp / "student.zip") as archive:
            archive.extractall(tmp)
        wheel = next((tmp / "convgrade-student" / "wheels").glob("*.whl"))
        print(f"student wheel: {wheel.stat().st_size / 1024:.0f} KiB")
        subprocess.run([sys.executable, "-m", "venv", str(tmp / "venv")], check=True)
        install = _timed([tmp / "venv" / "bin" / "python", "-m", "pip", "install", "--quiet",
                          "--disable-pip-version-check", wheel], tmp)
        print(f"pip install of the wheel into a fresh venv: {install:.1f} s (target < 15 s)")

        a2 = ASSIGNMENTS["a2_conv2d"]
        submission = tmp / a2.filename
        submission.write_text(strip_markers(a2.solution_path().read_text(encoding="utf-8")), encoding="utf-8")
        student, teacher = [], []
        for _ in range(a.repeats):
            student.append(_timed([tmp / "venv" / "bin" / "convgrade", "check", submission], tmp))
            teacher.append(_timed([sys.executable, ROOT / "cli.py", "check", submission], tmp))
        s, t = statistics.median(student), statistics.median(teacher)
        one, five, _ = os.getloadavg()
        print(f"check, student edition: median {s:.2f} s (min {min(student):.2f}) (target < 1 s)")
        print(f"check, instructor's:    median {t:.2f} s (min {min(teacher):.2f})")
        print(f"ratio instructor / student: {t / s:.2f}x  (load average {one:.1f} {five:.1f})")


if __name__ == "__main__":
    main()
