"""Fault injection on a real batch: SIGKILL of the grader and of a worker, a full disk under OUT,
a corrupt journal, two graders on one OUT. Each ends in a clear message and, after a re-run, in
the right gradebook.

The batch runs through the real command line, ``python cli.py grade DIR --out OUT --workers N``
(the sandbox from CONVGRADE_SANDBOX, as the CLI reads it).
"""
from __future__ import annotations

import csv
import re
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .conftest import (REPO, demanded_mode, orphaned_worker_pids, processes_with_token, results_json,
                       scores_by_function, solution_text, submission_of, wait_until_gone)

GOOD = solution_text("a1_shapes")
STUB = (REPO / "assignments" / "a1_shapes" / "shapes.py").read_text(encoding="utf-8")
SLOW = GOOD + "\n\nimport time\n_rt_fast = receptive_field\n\ndef receptive_field(layers):\n" \
              "    time.sleep(0.6)\n    return _rt_fast(layers)\n"
EXPECTED = {"alice": "full", "bob": "full", "carol": 0.0, "dave": "full"}


def _batch_dir(tmp_path: Path, slow: bool = True) -> Path:
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "alice.py").write_text(GOOD)
    (folder / "bob.py").write_text(GOOD)
    (folder / "carol.py").write_text(STUB)
    (folder / "dave.py").write_text(SLOW if slow else GOOD)
    return folder


def _command(folder: Path, out: Path, workers: int = 1) -> list[str]:
    return [sys.executable, str(REPO / "cli.py"), "grade", str(folder), "--out", str(out),
            "--assignment", "a1", "--workers", str(workers), "--no-progress", "--sandbox", demanded_mode(),
            "--call-timeout", "3", "--load-timeout", "5"]


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=240, cwd=REPO, **kw)


def _gradebook(out: Path) -> dict[str, tuple[float, float]]:
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as f:
        return {r["student"]: (float(r["total"]), float(r["max"])) for r in csv.DictReader(f)}


def assert_right_gradebook(out: Path) -> None:
    book = _gradebook(out)
    assert set(book) == set(EXPECTED), book
    for student, want in EXPECTED.items():
        total, top = book[student]
        assert top > 0, student
        assert total == (top if want == "full" else want), (student, total, top)
    for name in EXPECTED:
        results_file = out / "results" / f"{name}.json"
        assert results_file.is_file(), name


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    found, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in found:
                found.add(c)
                todo.append(c)
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                if f.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X"):
                    alive.add(pid)
        except OSError:
            pass
    return alive


def _wait_for(predicate, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def _journal_lines(out: Path) -> int:
    try:
        return (out / "journal.jsonl").read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def test_sigkill_of_the_grader_mid_batch_then_rerun(tmp_path):
    folder, out = _batch_dir(tmp_path), tmp_path / "out"
    proc = subprocess.Popen(_command(folder, out, workers=2), cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        _wait_for(lambda: _journal_lines(out) >= 1 or proc.poll() is not None, 180, "a first journal record")
        assert proc.poll() is None, "the batch ended before it could be killed"
        family = _descendants(proc.pid)
        assert family, "no grader processes"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        left = wait_until_gone(lambda: _alive(family), 10)
        assert not left, f"processes of the killed batch survived: {sorted(left)}"
        assert wait_until_gone(orphaned_worker_pids, 5) == {}
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    done = _journal_lines(out)
    again = _run(_command(folder, out))
    assert again.returncode == 0, again.stderr[-2000:]
    said = again.stdout + again.stderr
    assert f"{4 - done} graded now, {done} from the journal" in said, said
    assert_right_gradebook(out)


def test_sigkill_of_a_worker_mid_call(session, places):
    """The sandboxed worker killed from outside during a call: that test scores 0 with a reason,
    the worker is started again for the next test, and a re-grade gives full marks."""
    token = places.token
    code = GOOD + f"""

import ctypes, time
_rt_fast = receptive_field

def receptive_field(layers):
    ctypes.CDLL(None).prctl(15, b"{token}", 0, 0, 0)
    time.sleep(0.3)
    return _rt_fast(layers)
"""
    killed: list[int] = []

    def killer():
        end = time.monotonic() + 60
        while not killed and time.monotonic() < end:
            for pid in processes_with_token(token):
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                break
            time.sleep(0.02)

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    data = results_json(session.grade(submission_of("a1_shapes", code), "a1_shapes"))
    thread.join()
    assert killed, "the worker was never seen"
    tests = scores_by_function(data)["receptive_field"]
    lost = [t for t in tests if t["score"] == 0]
    assert len(lost) == 1, [t["output"] for t in lost]
    assert re.search(r"killed|crash|memory", lost[0]["output"]), lost[0]["output"]
    assert data["score"] == data["max_score"] - lost[0]["max_score"]
    assert data["extra_data"]["status"] == "partial"
    assert wait_until_gone(lambda: processes_with_token(token)) == []
    again = results_json(session.grade(submission_of("a1_shapes", GOOD), "a1_shapes"))
    assert again["score"] == again["max_score"]


def test_full_disk_under_out_then_rerun(tmp_path):
    """Files under OUT capped at 16 KB (RLIMIT_FSIZE, as a full small filesystem would): the batch
    stops with a plain message naming the problem, not a traceback; a re-run with room finishes."""
    folder, out = _batch_dir(tmp_path, slow=False), tmp_path / "out"

    def small_disk():
        resource.setrlimit(resource.RLIMIT_FSIZE, (16 << 10, 16 << 10))

    full = subprocess.run(_command(folder, out), capture_output=True, text=True, timeout=240, cwd=REPO,
                          preexec_fn=small_disk)
    assert full.returncode != 0, full.stdout
    assert "File too large" in full.stderr or "No space" in full.stderr, full.stderr[-2000:]
    again = _run(_command(folder, out))
    assert again.returncode == 0, again.stderr[-2000:]
    assert_right_gradebook(out)
    assert "Traceback" not in full.stderr, "a traceback instead of a message:\n" + full.stderr[-1500:]


def test_two_graders_on_one_out_and_a_corrupt_journal(tmp_path):
    folder, out = _batch_dir(tmp_path), tmp_path / "out"
    first = subprocess.Popen(_command(folder, out), cwd=REPO, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(lambda: (out / ".convgrade.lock").is_file() and (out / ".convgrade.lock").read_text().strip(),
                  60, "the first run to take OUT")
        second = _run(_command(folder, out))
        assert second.returncode == 2, (second.returncode, second.stderr[-1000:])
        assert "being graded by another convgrade run" in second.stderr
        assert str(first.pid) in second.stderr
        stdout, stderr = first.communicate(timeout=240)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == 0, stderr[-2000:]
    assert_right_gradebook(out)

    # corrupt the journal: garbage in the middle, a record torn at the end
    journal = out / "journal.jsonl"
    lines = journal.read_bytes().split(b"\n")
    assert len(lines) == 5 and lines[-1] == b""
    lines[1] = b'{"type": "graded", "name": "bob", "result": {"score": 99'   # corrupt
    torn = lines[3][: len(lines[3]) // 2]
    journal.write_bytes(b"\n".join(lines[:3]) + b"\n" + torn)
    again = _run(_command(folder, out))
    assert again.returncode == 0, again.stderr[-2000:]
    said = again.stdout + again.stderr
    assert "journal line 2 is corrupt" in said, said
    assert "cut off" in said, said
    assert "2 graded now, 2 from the journal" in said, said
    assert_right_gradebook(out)
