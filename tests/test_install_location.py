"""Any install location: the project, its virtual environment (numpy included) and the
submissions in folders that no other user can enter (mode 0700 parents), as in a home folder.

The worker runs as its own uid, which cannot walk into such folders: every sandbox mode must
still start it, load the submission and grade correctly. A copy of the project and a fresh
virtual environment are made under a 0700 folder; numpy and the seccomp bindings are copied
into that environment, other packages (torch, pytest, ...) come from this one through a .pth
file placed after them.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import numpy
import pytest

pytestmark = pytest.mark.slow          # a real venv in private folders

REPO = Path(__file__).resolve().parents[1]
MODES = ["bwrap", "none"]


def _tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=False)
    if out.returncode != 0:
        pytest.skip("not a git checkout: the project's files are not known")
    return [f for f in out.stdout.decode().split("\0") if f and (REPO / f).is_file()]


@pytest.fixture(scope="module")
def private(tmp_path_factory):
    top = tmp_path_factory.mktemp("private")
    home = top / "home"
    home.mkdir(mode=0o700)
    os.chmod(top, 0o700)
    project = home / "convgrade"
    for rel in _tracked_files():
        target = project / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, target)
    venv = home / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site = venv / "lib" / version / "site-packages"
    here = Path(numpy.__file__).resolve().parent
    shutil.copytree(here, site / "numpy", ignore=shutil.ignore_patterns("tests", "__pycache__"))
    if (here.parent / "numpy.libs").is_dir():
        shutil.copytree(here.parent / "numpy.libs", site / "numpy.libs")
    import pyseccomp
    shutil.copy2(pyseccomp.__file__, site / "pyseccomp.py")
    (site / "zz_outer.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    submissions = home / "submissions"
    submissions.mkdir(mode=0o700)
    solution = (REPO / "solutions" / "a1_shapes" / "shapes.py").read_text(encoding="utf-8")
    (submissions / "shapes.py").write_text(solution, encoding="utf-8")
    (submissions / "shapes.py").chmod(0o600)
    return {"project": project, "python": venv / "bin" / "python", "submissions": submissions,
            "site": site}


def _run(private, *args, timeout=600):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return subprocess.run([str(private["python"]), *args], cwd=private["project"], env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_the_copy_really_is_private(private):
    out = _run(private, "-c", "import numpy, autograder; print(numpy.__file__); print(autograder.__file__)")
    assert out.returncode == 0, out.stderr
    numpy_file, package_file = out.stdout.split()
    assert numpy_file.startswith(str(private["site"])) and package_file.startswith(str(private["project"]))
    assert os.stat(private["project"].parent).st_mode & 0o077 == 0


@pytest.mark.parametrize("mode", MODES)
def test_grading_from_private_folders(private, mode, tmp_path, request):
    if mode == "bwrap":
        request.getfixturevalue("bwrap_kind")     # skipped without bwrap, failed if it is demanded
    out_json = tmp_path / "result.json"
    out = _run(private, "cli.py", "grade", str(private["submissions"] / "shapes.py"),
               "--assignment", "a1_shapes", "--sandbox", mode, "--json", str(out_json))
    assert out_json.exists(), out.stdout[-2000:] + out.stderr[-2000:]
    result = json.loads(out_json.read_text())
    assert result["extra_data"]["status"] == "graded", result["output"][:1000]
    assert result["score"] == result["max_score"] > 0
    assert out.returncode == 0


def test_the_sandbox_tests_pass_from_private_folders(private):
    """A part of the sandbox's own tests, run from the private copy with its private venv."""
    env_keep = "round_trip or converted_to_plain or syntax_errors or identity or forbidden_import"
    out = _run(private, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_sandbox.py",
               "-k", env_keep)
    assert out.returncode == 0, out.stdout[-3000:]
    assert " passed" in out.stdout
