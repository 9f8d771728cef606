"""pyproject says Python 3.10 to 3.13: no syntax or standard-library use beyond 3.10 may creep in.

A run of the whole suite per Python version would install torch per version (a CUDA build where
the local CPU wheel does not fit), so the minimum version is checked statically with vermin.
"""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["cli.py", "autograder", "question_bank", "solutions", "tests", "benchmarks"]


def _vermin() -> list[str]:
    exe = Path(sys.executable).with_name("vermin")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("vermin")
    if found is None:
        pytest.fail("vermin is not installed: scripts/setup.sh --dev installs it")
    return [found]


def test_no_feature_beyond_python_310():
    proc = subprocess.run(
        _vermin() + ["-t=3.10-", "--no-tips", "--violations", "--eval-annotations", *SOURCES],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_declared_python_range_matches_the_check():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires-python = ">=3.10"' in text
    assert "tomli>=2; python_version < '3.11'" in text
