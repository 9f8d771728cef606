"""The journal (append-only, torn lines), atomic writes and the OUT lock, with real processes."""
import json
import os
import signal
import subprocess
import sys

import pytest

from autograder.journal import Journal, read_journal, write_atomic
from autograder.lock import OutLock, OutputLocked

HOLD = """
import sys, time
from autograder.lock import OutLock
with OutLock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(60)
"""


def test_journal_appends_and_reads_back(tmp_path):
    with Journal(tmp_path / "j.jsonl") as j:
        assert j.open().records == []
        j.append({"name": "a", "n": 1})
        j.append({"name": "b", "n": 2})
    again = Journal(tmp_path / "j.jsonl")
    assert [r["name"] for r in again.open().records] == ["a", "b"]
    again.append({"name": "c"})
    again.close()
    assert [r["name"] for r in read_journal(tmp_path / "j.jsonl").records] == ["a", "b", "c"]


def test_torn_last_line_is_reported_and_cut(tmp_path):
    path = tmp_path / "j.jsonl"
    good = json.dumps({"name": "a"}) + "\n"
    path.write_text(good + json.dumps({"name": "b"})[:7])           # the crash cut the record
    j = Journal(path)
    contents = j.open()
    assert [r["name"] for r in contents.records] == ["a"]
    assert len(contents.problems) == 1 and "cut off" in contents.problems[0]
    j.append({"name": "b"})
    j.close()
    assert path.read_text() == good + json.dumps({"name": "b"}, sort_keys=True) + "\n"


def test_corrupt_middle_line_is_skipped(tmp_path):
    path = tmp_path / "j.jsonl"
    path.write_bytes(b'{"name": "a"}\n\x00\x00garbage\n{"name": "c"}\n')
    contents = read_journal(path)
    assert [r["name"] for r in contents.records] == ["a", "c"]
    assert "line 2 is corrupt" in contents.problems[0]


def test_write_atomic_replaces_whole_files(tmp_path):
    target = tmp_path / "deep" / "gradebook.csv"
    write_atomic(target, "one\n")
    write_atomic(target, "two\n")
    assert target.read_text() == "two\n"
    assert os.listdir(target.parent) == ["gradebook.csv"]             # no temporary files left


def _holder(out):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(out)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_second_run_is_refused_naming_the_holder(tmp_path):
    proc = _holder(tmp_path)
    try:
        with pytest.raises(OutputLocked) as info:
            OutLock(tmp_path).acquire()
        assert f"process {proc.pid}" in str(info.value) and "another convgrade run" in str(info.value)
    finally:
        proc.kill()
        proc.wait()


def test_lock_is_free_again_after_kill_9(tmp_path):
    proc = _holder(tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with OutLock(tmp_path):                                             # the kernel dropped the flock
        assert (tmp_path / ".convgrade.lock").read_text().strip() == str(os.getpid())
