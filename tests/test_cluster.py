"""Grading on a real Dask cluster: a `dask scheduler` and `convgrade worker` processes on loopback.

A batch of 40 mixed submissions graded through two workers, one of them killed mid-batch, gives
the gradebook of a local run (time columns aside); a worker that declares a GPU says so in each
result it grades; a worker refuses to start when bwrap is demanded and missing.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow
distributed = pytest.importorskip("distributed", reason="the cluster extra is not installed")

from cluster_support import BIN, CLI, cluster, free_port  # noqa: E402,F401  (cluster: a fixture)


def _batch(folder: Path) -> Path:
    """40 submissions of all four assignments: correct, buggy, unfinished, broken, notebooks."""
    samples = sorted((ROOT / "examples" / "submissions").glob("a*/*"))
    samples += sorted((ROOT / "examples" / "batch").glob("a*/*"))
    folder.mkdir()
    a1 = [p for p in samples if p.parent.name == "a1_shapes"]
    picked = [p for p in samples if p.parent.name != "a1_shapes"][:16]
    picked += [a1[i % len(a1)] for i in range(40 - len(picked))]
    for i, path in enumerate(picked):
        student = folder / f"student{i:02d}"
        student.mkdir()
        module = {"a1_shapes": "shapes", "a2_conv2d": "conv2d", "a3_kernel_matrix": "kernel_matrix",
                  "a4_transposed_conv": "transposed_conv"}[path.parent.name]
        shutil.copy(path, student / (f"{module}{path.suffix}"))
    return folder


def _gradebook(out: Path) -> list[dict]:
    rows = list(csv.DictReader(io.StringIO((out / "gradebook.csv").read_text(encoding="utf-8"))))
    for row in rows:
        row.pop("graded_at", None)
    return rows


def _grade(paths: list[Path], out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(CLI + ["grade", *map(str, paths), "--out", str(out), "--no-progress", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)


def _journaled(out: Path) -> int:
    try:
        return sum(1 for line in (out / "journal.jsonl").read_bytes().splitlines() if line.strip())
    except OSError:
        return 0


def test_a_batch_on_the_cluster_survives_a_lost_worker_and_matches_a_local_run(cluster, tmp_path):
    batch = _batch(tmp_path / "batch")
    cluster.add_worker("gpu-worker", "--gpu")
    cluster.add_worker("cpu-worker")
    cluster.wait_for_workers(2)

    remote = tmp_path / "remote"
    proc = _grade([batch], remote, "--scheduler", cluster.address)
    deadline = time.monotonic() + 600
    while _journaled(remote) < 6 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    cluster.kill("cpu-worker")                    # mid-batch: its tasks go to the other worker
    output, _ = proc.communicate(timeout=900)
    assert proc.returncode == 0, output.decode(errors="replace")

    local = tmp_path / "local"
    proc = _grade([batch], local, "--workers", "2")
    output, _ = proc.communicate(timeout=900)
    assert proc.returncode == 0, output.decode(errors="replace")

    assert len(_gradebook(remote)) == 40
    assert _gradebook(remote) == _gradebook(local)
    journal = [json.loads(line) for line in (remote / "journal.jsonl").read_text().splitlines()]
    assert len(journal) == 40 and len({r["name"] for r in journal}) == 40    # each recorded once

    graders = [json.loads(p.read_text())["extra_data"].get("grader") for p in (remote / "results").glob("*.json")]
    assert all(g is not None for g in graders)
    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    declared = [g for g in graders if g["gpu_declared"]]
    assert declared, "the surviving GPU worker graded nothing"
    assert {g["reference_device"] for g in declared} == {device}
    assert all(g["reference_device"] == "cpu" for g in graders if not g["gpu_declared"])
    assert all(g["sandbox"] in ("bwrap", "none") for g in graders)


def test_grade_says_when_no_scheduler_answers(tmp_path):
    sample = ROOT / "examples" / "submissions" / "a1_shapes" / "correct_shapes.py"
    proc = subprocess.run(CLI + ["grade", str(sample), "--out", str(tmp_path / "out"), "--no-progress",
                                 "--scheduler", f"tcp://127.0.0.1:{free_port()}"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 2
    assert "no Dask scheduler answers" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_worker_refuses_to_start_without_the_demanded_sandbox(tmp_path):
    fake_bin = tmp_path / "bin"                  # a PATH on which there is no bwrap
    fake_bin.mkdir()
    for tool in ("dask",):
        (fake_bin / tool).symlink_to(BIN / tool)
    env = {k: v for k, v in os.environ.items() if k != "CONVGRADE_SANDBOX"}
    env["PATH"] = str(fake_bin)
    proc = subprocess.run(CLI + ["worker", "--scheduler", f"tcp://127.0.0.1:{free_port()}",
                                 "--sandbox", "bwrap"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert proc.returncode == 2
    assert "not starting" in proc.stderr and "bwrap" in proc.stderr
