"""kill -9 at random moments, three times, then resume: the gradebook of an uninterrupted run.

The batch runs as a real process (``python cli.py grade --out OUT``) with two grader processes; a
seeded random number of newly journaled submissions, plus a random delay, picks each moment to
SIGKILL it. The public a1 suite and short limits keep each full run well under a minute.
"""
import csv
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_batch_fixtures import write_batch

pytestmark = pytest.mark.slow          # whole batches in real processes, killed and resumed

REPO = Path(__file__).resolve().parent.parent
GRADE = [sys.executable, str(REPO / "cli.py"), "grade"]
ARGS = ["-a", "a1", "--workers", "2", "--visibility", "public", "--load-timeout", "3", "--call-timeout", "2",
        "--no-progress"]


def _start(subs: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([*GRADE, str(subs), "--out", str(out), *ARGS],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _run(subs: Path, out: Path) -> str:
    proc = _start(subs, out)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    return stdout


def _gradebook(out: Path) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO((out / "gradebook.csv").read_text())))
    for r in rows:
        r.pop("graded_at")                                   # the only time column
    return rows


def _journal_names(out: Path) -> list[str]:
    path = out / "journal.jsonl"
    if not path.exists():
        return []
    names = []
    for line in path.read_text().splitlines():
        try:
            names.append(json.loads(line)["name"])
        except (ValueError, KeyError):
            pass
    return names


def _graders_of(out: Path) -> list[int]:
    """Live processes whose stderr is one of this OUT's grader logs (none may survive a kill)."""
    logs = str(out / "logs")
    pids = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if os.readlink(f"/proc/{pid}/fd/2").startswith(logs):
                    pids.append(int(pid))
            except OSError:
                pass
    return pids


def test_killed_three_times_then_resumed_equals_an_uninterrupted_run(tmp_path, deadline):
    subs = tmp_path / "subs"
    kinds = write_batch(subs, copies=10)
    assert len(kinds) >= 60
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    _run(subs, clean)
    rng = random.Random(20250214)
    interrupted = 0
    for _ in range(3):
        before = len(_journal_names(killed))
        proc = _start(subs, killed)
        target = before + rng.randint(3, 15)                  # kill once a few more are journaled,
        end = time.monotonic() + deadline(120)                # whatever the speed of this machine
        while len(_journal_names(killed)) < target and proc.poll() is None and time.monotonic() < end:
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 0.5))                     # then at a random moment after
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        after = _journal_names(killed)
        interrupted += len(set(after)) < len(kinds)
        assert len(after) == len(set(after))                  # nothing graded twice
        assert len(after) >= before                           # nothing lost
        end = time.monotonic() + deadline(10)
        while _graders_of(killed) and time.monotonic() < end:
            time.sleep(0.2)
        assert _graders_of(killed) == []                      # the graders died with the batch
    assert interrupted >= 2                                   # the kills really cut runs short
    graded_before = len(_journal_names(killed))
    out = _run(subs, killed)
    assert f"{len(kinds) - graded_before} graded now, {graded_before} from the journal" in out
    assert _gradebook(killed) == _gradebook(clean)
    assert sorted(_journal_names(killed)) == sorted(f"{k}_shapes" for k in kinds)


def test_torn_journal_record_is_reported_and_regraded(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("a", "b", "c"):
        (subs / f"{name}_shapes.py").write_text("def conv_output_size(*a, **k):\n    return 1\n")
    out = tmp_path / "out"
    _run(subs, out)
    journal = out / "journal.jsonl"
    lines = journal.read_text().splitlines(keepends=True)
    torn = json.loads(lines[-1])["name"]
    journal.write_text("".join(lines[:-1]) + lines[-1][: len(lines[-1]) // 2])   # as a crash leaves it
    text = _run(subs, out)
    assert "1 graded now, 2 from the journal" in text and "cut off" in text
    assert sorted(_journal_names(out)) == ["a_shapes", "b_shapes", "c_shapes"]
    assert torn in _journal_names(out)


def test_a_second_run_on_the_same_out_is_refused(tmp_path, deadline):
    subs = tmp_path / "subs"
    write_batch(subs, copies=2)
    out = tmp_path / "out"
    first = _start(subs, out)
    try:
        end = time.monotonic() + deadline(30)
        while not (out / ".convgrade.lock").exists() or not (out / ".convgrade.lock").read_text().strip():
            assert time.monotonic() < end and first.poll() is None
            time.sleep(0.1)
        second = subprocess.run([*GRADE, str(subs), "--out", str(out), *ARGS],
                                cwd=REPO, capture_output=True, text=True, timeout=60)
        assert second.returncode == 2
        assert f"process {first.pid}" in second.stderr and "another convgrade run" in second.stderr
    finally:
        first.kill()
        first.communicate()
