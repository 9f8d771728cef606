"""Ctrl-C on a real batch, and its progress lines when stderr is not a terminal.

``python cli.py grade FOLDER --out OUT`` runs as a real process with stderr on a pipe: each
finished submission must appear there as one line while the batch is still running. A SIGINT
(what Ctrl-C sends) then ends it at once: exit 130, what was saved and the command that resumes,
no grader process left; running that command grades only what is missing.
"""
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_batch_resume import _graders_of, _journal_names

pytestmark = pytest.mark.slow          # a real batch process, interrupted

REPO = Path(__file__).resolve().parent.parent
SLOW = "import time\ntime.sleep(1.0)\n\ndef conv_output_size(*args, **kwargs):\n    return 1\n"
COUNT = 12


def test_ctrl_c_ends_the_batch_at_once_and_says_how_to_resume(tmp_path, deadline):
    subs = tmp_path / "subs"
    subs.mkdir()
    for i in range(COUNT):
        (subs / f"s{i:02d}.py").write_text(SLOW)
    out = tmp_path / "out"
    cmd = [sys.executable, "cli.py", "grade", str(subs), "-a", "a1", "--out", str(out), "--workers", "2",
           "--visibility", "public", "--load-timeout", "10", "--regrade"]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stderr.readline()                 # one line per submission, flushed at once
        assert proc.poll() is None, "the first line came only at the end"
        assert first.startswith(f"[1/{COUNT}] s") and ": 0 / " in first, first
        proc.send_signal(signal.SIGINT)
        sent = time.monotonic()
        stdout, stderr = proc.communicate(timeout=120)
        took = time.monotonic() - sent
    finally:
        proc.kill()
    assert proc.returncode == 130, stderr
    assert took < 2 + deadline(8), took     # 2 s asked (wall clock), the rest is work: scaled
    assert "Traceback" not in stderr and "Aborted!" not in stderr
    saved = len(_journal_names(out))
    assert 1 <= saved < COUNT
    assert f"Saved: {saved} of {COUNT} submissions" in stderr and str(out / "journal.jsonl") in stderr
    assert _graders_of(out) == []
    resume = next(line for line in stderr.splitlines() if line.startswith("Resume"))
    argv = shlex.split(resume.split(": ", 1)[1])
    assert argv[:2] == ["python", "cli.py"] and "--regrade" not in argv
    again = subprocess.run([sys.executable, *argv[1:]], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"{COUNT - saved} graded now, {saved} from the journal" in again.stdout
    progress = [line for line in again.stderr.splitlines() if line.startswith("[")]
    assert len(progress) == COUNT - saved and progress[-1].startswith(f"[{COUNT - saved}/{COUNT - saved}] ")
    assert sorted(_journal_names(out)) == sorted(f"s{i:02d}" for i in range(COUNT))
