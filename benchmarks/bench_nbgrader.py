"""convgrade versus `nbgrader autograde` on the same notebooks, in one run.

    python benchmarks/bench_nbgrader.py --count 100 --nbgrader-count 100

Exports the nbgrader course of the assignment (default a2_conv2d), generates it, fills COUNT
submitted notebooks with the reference solution, and times

- `convgrade grade COURSE/submitted` (one grader process, as the CLI runs it), with the part
  of each submission's time spent inside the student's own functions measured separately;
- `nbgrader autograde` on the first NBGRADER_COUNT of the same notebooks (their hidden-test
  cells grade through convgrade's engine, one kernel per notebook).

When NBGRADER_COUNT is smaller than COUNT, nbgrader's total for COUNT is projected from its
measured per-notebook time and printed as such.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(args: list[str], cwd: Path) -> float:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def solved_notebook(course: Path, assignment, notebook: str) -> dict:
    """The released notebook with every solution cell answered from the source."""
    from autograder.release.markers import strip_markers

    source = json.loads((course / "source" / assignment.name / notebook).read_text())
    answers = {c["metadata"]["nbgrader"]["grade_id"]: strip_markers("".join(c["source"]))
               for c in source["cells"] if c["metadata"].get("nbgrader", {}).get("solution")}
    released = json.loads((course / "release" / assignment.name / notebook).read_text())
    for cell in released["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution"):
            cell["source"] = answers[meta["grade_id"]]
    return released


def fill(course: Path, assignment: str, notebook: str, nb: dict, count: int) -> None:
    for i in range(count):
        folder = course / "submitted" / f"s{i:03d}" / assignment
        folder.mkdir(parents=True, exist_ok=True)
        (folder / notebook).write_text(json.dumps(nb))


def convgrade_only(folder: Path, assignment: str) -> None:
    """Child mode: grade FOLDER as `convgrade grade` does; print per-submission timings."""
    from autograder.batch import grade_paths
    from autograder.engine import GradeOptions
    from autograder.sandbox.runner import Worker

    student = {"seconds": 0.0}
    call = Worker.call

    def timed(self, *args, **kwargs):     # instrumentation only: adds up the student's compute
        result = call(self, *args, **kwargs)
        if self.preferred_slot == 0:
            student["seconds"] += result.worker_elapsed
        return result

    Worker.call = timed
    rows = []

    def record(name, result):
        rows.append({"name": name, "seconds": result.execution_time, "student": student["seconds"],
                     "score": result.score, "max_score": result.max_score})
        student["seconds"] = 0.0

    grade_paths([folder], assignment, GradeOptions(visibility="all"), on_result=record)
    print(json.dumps(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="a2_conv2d")
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--nbgrader-count", type=int, default=None)
    parser.add_argument("--convgrade-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    if args.convgrade_only:
        return convgrade_only(args.convgrade_only, args.assignment)
    from autograder.assignments import get_assignment
    from autograder.release.notebooks import notebook_name

    assignment = get_assignment(args.assignment)
    notebook = notebook_name(assignment, "en")
    nb_count = min(args.nbgrader_count or args.count, args.count)
    work = Path(tempfile.mkdtemp(prefix="convgrade-bench-"))
    try:
        course = work / "course"
        run([sys.executable, str(REPO / "cli.py"), "export", "nbgrader", "--out", str(course),
             "--assignment", assignment.name], cwd=work)
        run([str(BIN / "nbgrader"), "generate_assignment", assignment.name], cwd=course)
        nb = solved_notebook(course, assignment, notebook)
        nb_course = work / "nbgrader-course"
        shutil.copytree(course, nb_course)
        fill(course, assignment.name, notebook, nb, args.count)
        fill(nb_course, assignment.name, notebook, nb, nb_count)

        start = time.perf_counter()
        child = subprocess.run([sys.executable, __file__, "--assignment", assignment.name,
                                "--convgrade-only", str(course / "submitted")],
                               capture_output=True, text=True, check=True)
        ours_total = time.perf_counter() - start
        rows = json.loads(child.stdout.strip().splitlines()[-1])
        theirs = run([str(BIN / "nbgrader"), "autograde", assignment.name], cwd=nb_course)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    later = rows[1:] or rows
    overhead = sorted(r["seconds"] - r["student"] for r in later)
    median = overhead[len(overhead) // 2]
    mean = sum(overhead) / len(overhead)
    full = sum(r["score"] == r["max_score"] for r in rows)
    projected = theirs / nb_count * args.count
    print(f"assignment {assignment.name}; {args.count} notebooks of the reference solution")
    print(f"convgrade grade: {ours_total:.1f} s total for {len(rows)} notebooks "
          f"({full} at full score); first {rows[0]['seconds']:.1f} s (torch, references, speed yardstick)")
    print(f"  per later submission: {sum(r['seconds'] for r in later) / len(later):.2f} s, of which the "
          f"student's own compute {sum(r['student'] for r in later) / len(later):.2f} s; "
          f"grader cost beyond it: median {median:.3f} s, mean {mean:.3f} s (target <= 0.3 s)")
    label = "measured" if nb_count == args.count else f"measured on {nb_count}, projected to {args.count}"
    print(f"nbgrader autograde: {theirs:.1f} s for {nb_count} notebooks "
          f"({theirs / nb_count:.1f} s each); {projected:.1f} s for {args.count} ({label})")
    print(f"ratio nbgrader / convgrade on {args.count}: {projected / ours_total:.1f}x (target >= 5x)")


if __name__ == "__main__":
    main()
