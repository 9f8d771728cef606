"""Cluster throughput: a batch graded by 1, 2 and 4 Dask workers against local grader processes.

    python benchmarks/bench_cluster.py [--assignment a1] [--copies 24] [--dask 1 2 4] [--local 1 2]

Everything runs on this machine over loopback: a `dask scheduler` and `convgrade worker`
processes, started fresh for each worker count, then killed. Per configuration it prints the wall
time of the batch, submissions per minute, and the coordinator's own CPU time per submission
(what the `convgrade grade` process spends beside the graders: discovery, journal, reports and,
on the cluster, the Dask client). Local grader processes live for one batch, so their figure
includes their start (torch import, references, speed yardstick); Dask workers outlive a batch,
so each cluster is timed twice: its first batch (cold, the same start-up paid) and a second one
(warm, what a long-running cluster gives).
"""
from __future__ import annotations

import argparse
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.assignments import get_assignment  # noqa: E402
from autograder.batch import BatchOptions, run_batch  # noqa: E402
from autograder.engine import GradeOptions  # noqa: E402
from autograder.release.markers import strip_markers  # noqa: E402

BIN = Path(sys.executable).parent


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _start_cluster(workers: int, logs: Path) -> tuple[str, list[subprocess.Popen]]:
    port = _port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], stdout=open(logs / "scheduler.log", "wb"),
                              stderr=subprocess.STDOUT, start_new_session=True)]
    procs.append(subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "worker", "--scheduler", address,
                                   "--processes", str(workers)], stdout=open(logs / "workers.log", "wb"),
                                  stderr=subprocess.STDOUT, start_new_session=True))
    from distributed import Client

    with Client(address, timeout=60, set_as_default=False) as client:
        client.wait_for_workers(workers, timeout=300)
    return address, procs


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in reversed(procs):
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.wait()


def _run(subs: Path, out: Path, options: BatchOptions) -> tuple[float, float]:
    cpu, start = _cpu(), time.perf_counter()
    report = run_batch([subs], out, options)
    assert report.graded == sum(1 for _ in subs.iterdir()), report.lines()
    return time.perf_counter() - start, _cpu() - cpu


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--assignment", default="a1")
    p.add_argument("--copies", type=int, default=24)
    p.add_argument("--dask", type=int, nargs="*", default=[1, 2, 4])
    p.add_argument("--local", type=int, nargs="*", default=[1, 2])
    a = p.parse_args()
    assignment = get_assignment(a.assignment)
    source = strip_markers(assignment.solution_path().read_text(encoding="utf-8"))
    grade = GradeOptions(visibility="all", sandbox=os.environ.get("CONVGRADE_SANDBOX", "auto"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subs = tmp / "subs"
        subs.mkdir()
        for i in range(a.copies):
            (subs / f"student{i:03d}_{assignment.filename}").write_text(source, encoding="utf-8")
        print(f"{assignment.name}: {a.copies} copies of the solution, {os.cpu_count()} cores")
        for workers in a.local:
            options = BatchOptions(assignment=assignment.name, workers=workers, progress=False, grade=grade)
            wall, cpu = _run(subs, tmp / f"local{workers}", options)
            print(f"local  processes={workers}: {wall:6.1f} s, {60 * a.copies / wall:6.1f} submissions/min, "
                  f"coordinator {1000 * cpu / a.copies:6.1f} ms CPU per submission")
        for workers in a.dask:
            logs = tmp / f"logs{workers}"
            logs.mkdir()
            address, procs = _start_cluster(workers, logs)
            try:
                options = BatchOptions(assignment=assignment.name, progress=False, grade=grade, scheduler=address)
                for state in ("cold", "warm"):
                    wall, cpu = _run(subs, tmp / f"dask{workers}-{state}", options)
                    print(f"dask   workers={workers} {state}: {wall:6.1f} s, {60 * a.copies / wall:6.1f} "
                          f"submissions/min, coordinator {1000 * cpu / a.copies:6.1f} ms CPU per submission")
            finally:
                _stop(procs)


if __name__ == "__main__":
    main()
