"""`grade --out --similarity`: the similarity report beside the batch, and its section in the summary."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def test_grade_writes_the_similarity_report_and_its_summary_section(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    sample = ROOT / "examples" / "submissions" / "a1_shapes"
    shutil.copy(sample / "correct_shapes.py", batch / "alice_shapes.py")
    shutil.copy(sample / "buggy_ceil_shapes.py", batch / "bob_shapes.py")
    copied = (sample / "buggy_ceil_shapes.py").read_text().replace("def _pair", "# copied\ndef _pair")
    (batch / "carol_shapes.py").write_text(copied)
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "grade", str(batch), "--assignment", "a1",
                           "--out", str(out), "--similarity", "--no-progress"],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads((out / "similarity.json").read_text())
    top = report["pairs"][0]
    gradebook = (out / "gradebook.csv").read_text()
    assert {top["a"], top["b"]} == {"bob_shapes", "carol_shapes"} and 0 <= top["score"] <= 1
    assert all(name in gradebook for name in (top["a"], top["b"]))       # the gradebook's names
    summary = (out / "summary.html").read_text()
    assert 'id="similarity"' in summary and "similarity.html" in summary
    assert (out / "similarity.html").is_file()


def test_similarity_needs_out(tmp_path):
    sample = ROOT / "examples" / "submissions" / "a1_shapes" / "correct_shapes.py"
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "grade", str(sample), "--similarity"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 2 and "--out" in proc.stderr
