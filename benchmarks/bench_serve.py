"""Load on `convgrade serve` (loopback only, bounded): many a2 submissions from many students
posted within a minute, with 1 and then 2 grading processes, each run on a fresh database.

    python benchmarks/bench_serve.py [--students 100] [--per-student 3] [--window 60]
                                     [--workers 1 2] [--max-wait 900]

The cooldown is set to window / per-student / 2, so that the schedule fits it with room for delays. Prints, per worker
count: requests answered 202 / 429 / other, time to public feedback (graded_at - submitted_at, from
the server's own record) p50 / p95, the grading throughput once grading started with the median
engine time per submission (results.json's execution_time), and the peak
resident memory of the server process and of its grading processes. Submissions not graded
within --max-wait after the last post are counted and left out of the percentiles.

Then, once the burst's queue has drained, the steady phase (--steady N, 0 to skip): N more
submissions from other students, posted one at a time at the rate the graders keep up with
(every 1.25 x median grading time / workers), and their time to feedback p50 / p95: what a
student waits when the queue is not backed up (target p50 under 10 s).
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from serve_support import EXAMPLES, Server, issue, post, write_course  # noqa: E402

FILES = ["correct_conv2d.py", "buggy_flipped_kernel_conv2d.py", "buggy_one_sided_padding_conv2d.py",
         "unfinished_conv2d.py"]


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemoryWatch(threading.Thread):
    def __init__(self, server: Server):
        super().__init__(daemon=True)
        self.server, self.peak_server, self.peak_graders = server, 0, 0
        self.stop_event = threading.Event()
        self.start()

    def run(self) -> None:
        while not self.stop_event.wait(0.5):
            self.peak_server = max(self.peak_server, rss_kib(self.server.proc.pid))
            self.peak_graders = max(self.peak_graders, sum(rss_kib(p) for p in self.server.children()))


def run_once(folder: Path, workers: int, args) -> dict:
    cooldown = args.window / args.per_student / 2     # room for posts delayed under load
    course = write_course(folder, cooldown=cooldown, daily_cap=1000, max_bytes=200_000,
                          assignments="[assignments.a2_conv2d]\n")
    db_file = folder / "data" / "cg.db"
    db_url = f"sqlite:///{db_file}"
    students = [f"b{i:03d}" for i in range(args.students)]
    steady_students = [f"s{i:03d}" for i in range(args.steady)]
    tokens = issue(db_url, course, roster=students + steady_students)
    data = [(EXAMPLES / "a2_conv2d" / f).read_bytes() for f in FILES]
    server = Server(course, db_url, workers=workers).start(timeout=300)
    watch = MemoryWatch(server)
    codes: dict[int, int] = {}
    try:
        total = args.students * args.per_student
        step = args.window / total
        start = time.monotonic()

        def send(k: int) -> int:
            time.sleep(max(0.0, start + k * step - time.monotonic()))
            student = students[k % args.students]
            return post(server, tokens[student], "a2_conv2d", "conv2d.py", data[k % len(data)]).status_code
        with cf.ThreadPoolExecutor(16) as pool:
            for code in pool.map(send, range(total)):
                codes[code] = codes.get(code, 0) + 1
        posted = time.monotonic() - start
        _wait_drained(db_file, args.max_wait, poll=2.0)
        steady_ids = _steady_phase(server, db_file, tokens, steady_students, data, workers, args)
    finally:
        watch.stop_event.set()
        server.stop()
    with sqlite3.connect(db_file) as c:
        steady = sorted(g - s for i, s, g in c.execute("SELECT id, submitted_at, graded_at FROM submissions")
                        if i in steady_ids and g is not None)
        rows = [(s, g) for i, s, g in c.execute("SELECT id, submitted_at, graded_at FROM submissions")
                if i not in steady_ids]
        costs = sorted(json.loads(r)["execution_time"] for (r,) in
                       c.execute("SELECT result FROM submissions WHERE result IS NOT NULL"))
    done = sorted(g - s for s, g in rows if g is not None)
    first = min(s for s, _ in rows)
    graded_times = sorted(g for _, g in rows if g is not None)
    span = graded_times[-1] - graded_times[0] if len(graded_times) > 1 else float("nan")
    return {"workers": workers, "codes": codes, "posted_in_s": posted, "graded": len(done),
            "not_graded": len(rows) - len(done),
            "p50": statistics.median(done) if done else float("nan"),
            "p95": done[int(0.95 * (len(done) - 1))] if done else float("nan"),
            "throughput_per_min": 60 * (len(done) - 1) / span if span == span and span > 0 else float("nan"),
            "grade_s": statistics.median(costs) if costs else float("nan"),
            "first_feedback_s": graded_times[0] - first if graded_times else float("nan"),
            "server_rss_mib": watch.peak_server / 1024, "graders_rss_mib": watch.peak_graders / 1024,
            "steady_n": len(steady), "steady_p50": statistics.median(steady) if steady else float("nan"),
            "steady_p95": steady[int(0.95 * (len(steady) - 1))] if steady else float("nan")}


def _steady_phase(server, db_file: Path, tokens: dict, students: list[str], data: list[bytes],
                  workers: int, args) -> set:
    """Post one submission per student at the rate the graders keep up with; wait for them."""
    if not students:
        return set()
    with sqlite3.connect(db_file) as c:
        costs = sorted(json.loads(r)["execution_time"] for (r,) in
                       c.execute("SELECT result FROM submissions WHERE result IS NOT NULL"))
    gap = 1.25 * (statistics.median(costs) if costs else 5.0) / workers
    ids = set()
    for k, student in enumerate(students):
        answer = post(server, tokens[student], "a2_conv2d", "conv2d.py", data[k % len(data)])
        if answer.status_code == 202:
            ids.add(answer.json()["id"])
        time.sleep(gap)
    _wait_drained(db_file, args.max_wait, poll=1.0)
    return ids


def _wait_drained(db_file: Path, max_wait: float, poll: float) -> None:
    """Until no submission is queued or grading, or ``max_wait`` seconds have passed."""
    deadline = time.monotonic() + max_wait
    while time.monotonic() < deadline:
        with sqlite3.connect(db_file) as c:
            left = c.execute("SELECT count(*) FROM submissions WHERE status IN ('queued','grading')").fetchone()[0]
        if not left:
            return
        time.sleep(poll)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--students", type=int, default=100)
    p.add_argument("--per-student", type=int, default=3)
    p.add_argument("--window", type=float, default=60.0)
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    p.add_argument("--max-wait", type=float, default=900.0)
    p.add_argument("--steady", type=int, default=20, help="submissions of the steady phase (0: none)")
    args = p.parse_args()
    os.environ.setdefault("CONVGRADE_SANDBOX", "auto")
    print(f"{args.students * args.per_student} a2 submissions from {args.students} students in "
          f"{args.window:g} s; sandbox {os.environ['CONVGRADE_SANDBOX']}; {os.cpu_count()} CPUs")
    for workers in args.workers:
        with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
            r = run_once(Path(tmp), workers, args)
        print(f"workers={r['workers']}: answers {r['codes']} (posted in {r['posted_in_s']:.1f} s); "
              f"graded {r['graded']}, not graded in time {r['not_graded']}; time to feedback "
              f"p50 {r['p50']:.1f} s, p95 {r['p95']:.1f} s, first {r['first_feedback_s']:.1f} s; "
              f"throughput {r['throughput_per_min']:.1f}/min (median grading time {r['grade_s']:.1f} s); "
              f"peak RSS server {r['server_rss_mib']:.0f} MiB, "
              f"graders {r['graders_rss_mib']:.0f} MiB; steady phase ({r['steady_n']} graded): time to "
              f"feedback p50 {r['steady_p50']:.1f} s, p95 {r['steady_p95']:.1f} s", flush=True)


if __name__ == "__main__":
    main()
