"""`convgrade serve --scheduler`: the course server grading on a real Dask cluster.

Submissions posted to the server are graded by two `convgrade worker` processes; one of them is
killed while the queue is full; every submission is graded once, and each score equals what the
command line gives for the same file graded locally.
"""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
pytest.importorskip("distributed", reason="the cluster extra is not installed")
httpx = pytest.importorskip("httpx", reason="the server's dependencies are not installed")

from cluster_support import cluster  # noqa: E402,F401  (a fixture)
from serve_support import EXAMPLES, Server, issue, post, wait_done, write_course  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [EXAMPLES / "a1_shapes" / name for name in
           ("correct_shapes.py", "buggy_ceil_shapes.py", "buggy_effective_kernel_shapes.py", "unfinished_shapes.py")]


def _local_score(path: Path, tmp: Path) -> float:
    out = tmp / f"local-{path.stem}.json"
    subprocess.run([sys.executable, str(ROOT / "cli.py"), "grade", str(path), "--assignment", "a1",
                    "--json", str(out)], capture_output=True, cwd=ROOT, timeout=600)
    return json.loads(out.read_text())["score"]


def test_serve_grades_on_the_cluster_and_survives_a_lost_worker(cluster, tmp_path):
    cluster.add_worker("w1")
    cluster.add_worker("w2")
    cluster.wait_for_workers(2)
    course = write_course(tmp_path, cooldown=0)
    db_url = f"sqlite:///{tmp_path / 'data' / 'cg.db'}"
    students = [f"s{i}" for i in range(8)]
    tokens = issue(db_url, course, roster=students)
    staff = issue(db_url, course, staff="ta-lin")["ta-lin"]
    server = Server(course, db_url, workers=2, extra=["--scheduler", cluster.address]).start()
    try:
        health = httpx.get(server.url + "/api/v1/health", timeout=10).json()
        assert health["graders"] == 2                        # the cluster's workers
        ids = {}
        for i, student in enumerate(students):
            sample = SAMPLES[i % len(SAMPLES)]
            r = post(server, tokens[student], "a1_shapes", "shapes.py", sample.read_bytes())
            assert r.status_code == 202, r.text
            ids[student] = (r.json()["id"], sample)
        first = next(iter(ids))
        wait_done(server, tokens[first], ids[first][0])      # grading has begun: now lose a worker
        cluster.kill("w2")
        results = {s: wait_done(server, tokens[s], sid) for s, (sid, _) in ids.items()}
        assert all(body["status"] == "done" for body in results.values())
        gradebook = httpx.get(server.url + "/api/v1/assignments/a1_shapes/gradebook.csv?layout=plain",
                              headers={"Authorization": f"Bearer {staff}"}, timeout=30)
        assert gradebook.status_code == 200
    finally:
        server.stop()
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO(gradebook.text))}
    assert sorted(rows) == sorted(students)                   # one row each: nothing graded twice
    local = {sample: _local_score(sample, tmp_path) for sample in SAMPLES}
    for student, (_, sample) in ids.items():
        assert float(rows[student]["total"]) == pytest.approx(local[sample]), student


def test_serve_refuses_to_start_without_a_scheduler(tmp_path):
    from cluster_support import free_port

    course = write_course(tmp_path)
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "serve", "--course", str(course),
                           "--db", f"sqlite:///{tmp_path / 'cg.db'}", "--port", str(free_port()),
                           "--scheduler", f"tcp://127.0.0.1:{free_port()}"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 2
    assert "no Dask scheduler answers" in proc.stderr and "Traceback" not in proc.stderr
