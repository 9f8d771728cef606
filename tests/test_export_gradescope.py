"""`convgrade export gradescope`: the zip, unpacked into an /autograder-shaped temporary tree,
and its run_autograder run for real on a correct, a buggy and a hostile submission."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ASSIGNMENT = "a1_shapes"

HOSTILE = '''\
"""Tries to read the hidden material and to forge the results, then to use the solution."""
import os

ROOT = {root!r}
PROBE = {probe!r}
SOLUTION = ROOT + "/source/lib/solutions/a1_shapes/shapes.py"


def _attempt(name, action):
    try:
        action()
        outcome = "succeeded"
    except Exception as exc:
        outcome = "refused: " + type(exc).__name__
    try:                      # inside bubblewrap the probe folder does not exist either
        with open(os.path.join(PROBE, name), "w") as f:
            f.write(outcome)
    except OSError:
        pass


def _forge():
    with open(ROOT + "/results/results.json", "w") as f:
        f.write('{{"score": 999, "max_score": 1, "tests": []}}')


_attempt("list_source", lambda: os.listdir(ROOT + "/source"))
_attempt("read_solution", lambda: open(SOLUTION).read())
_attempt("read_config", lambda: open(ROOT + "/source/convgrade.json").read())
_attempt("write_results", _forge)


def _solution(name):
    namespace = {{}}
    with open(SOLUTION) as f:
        exec(f.read(), namespace)
    return namespace[name]


def conv_output_size(*args, **kwargs):
    _forge()
    return _solution("conv_output_size")(*args, **kwargs)


def pool_output_size(*args, **kwargs):
    return _solution("pool_output_size")(*args, **kwargs)
'''

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="the worker drops to its own uid only when "
                                                           "the grader runs as root, as in Gradescope")


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "autograder.zip"
    done = subprocess.run([sys.executable, str(REPO / "cli.py"), "export", "gradescope",
                           "--assignment", "a1", "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def installed_source(autograder_zip, tmp_path_factory) -> Path:
    """The zip's source folder after setup.sh's last step (the wheel installed into lib/)."""
    source = tmp_path_factory.mktemp("source")
    with zipfile.ZipFile(autograder_zip) as zf:   # as `unzip` does: with the file modes
        for info in zf.infolist():
            (source / info.filename).write_bytes(zf.read(info))
            (source / info.filename).chmod(stat.S_IMODE(info.external_attr >> 16))
    wheel = next(source.glob("convgrade-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps",
                    "--target", str(source / "lib"), str(wheel)], check=True, timeout=300)
    return source


def autograder_tree(source: Path, sandbox: str) -> Path:
    """A fresh /autograder-shaped tree that others may walk through, like Gradescope's."""
    root = Path(tempfile.mkdtemp(prefix="convgrade-autograder-"))
    root.chmod(0o755)
    shutil.copytree(source, root / "source", symlinks=True)
    shutil.copy2(source / "run_autograder", root / "run_autograder")
    config = json.loads((root / "source" / "convgrade.json").read_text())
    (root / "source" / "convgrade.json").write_text(json.dumps({**config, "sandbox": sandbox}))
    (root / "submission").mkdir()
    (root / "results").mkdir()
    return root


def run_autograder(root: Path) -> dict:
    env = {**os.environ, "CONVGRADE_AUTOGRADER_ROOT": str(root), "CONVGRADE_PYTHON": sys.executable}
    done = subprocess.run([str(root / "run_autograder")], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_zip_holds_setup_run_autograder_and_the_instructor_wheel(autograder_zip):
    with zipfile.ZipFile(autograder_zip) as zf:
        names = set(zf.namelist())
        setup = zf.read("setup.sh").decode()
        modes = {i.filename: (i.external_attr >> 16) for i in zf.infolist()}
        wheel_name = next(n for n in names if n.endswith(".whl"))
        config = json.loads(zf.read("convgrade.json"))
        with zipfile.ZipFile(__import__("io").BytesIO(zf.read(wheel_name))) as wheel:
            inside = set(wheel.namelist())
    assert {"setup.sh", "run_autograder", "requirements.txt", "convgrade.json"} <= names
    assert modes["setup.sh"] & stat.S_IXUSR and modes["run_autograder"] & stat.S_IXUSR
    assert "download.pytorch.org/whl/cpu" in setup and "torch>=2.2,<2.14" in setup
    assert "bubblewrap" in setup and "--target" in setup
    assert config["assignment"] == ASSIGNMENT
    assert "autograder/suites/a1_shapes/test_hidden.py" in inside
    assert "solutions/a1_shapes/shapes.py" in inside
    assert "autograder/export/gradescope_run.py" in inside


@needs_root
@pytest.mark.slow
def test_correct_and_buggy_submissions_are_graded(installed_source):
    root = autograder_tree(installed_source, "none")
    try:
        shutil.copy(REPO / "solutions" / ASSIGNMENT / "shapes.py", root / "submission" / "shapes.py")
        correct = run_autograder(root)
        assert correct["score"] == correct["max_score"] > 0
        assert correct["extra_data"]["status"] == "graded"
        assert correct["extra_data"]["sandbox"] == "none"

        (root / "submission" / "shapes.py").unlink()
        shutil.copy(REPO / "examples" / "submissions" / ASSIGNMENT / "buggy_ceil_shapes.py",
                    root / "submission" / "shapes.py")
        buggy = run_autograder(root)
        assert 0 < buggy["score"] < buggy["max_score"] == correct["max_score"]
        assert all(t["tags"][0].startswith("function:") for t in buggy["tests"])
    finally:
        shutil.rmtree(root, ignore_errors=True)


@needs_root
@pytest.mark.slow
@pytest.mark.parametrize("sandbox", ["none", "auto"])
def test_hostile_submission_reads_nothing_and_forges_nothing(installed_source, sandbox):
    root = autograder_tree(installed_source, sandbox)
    probe = Path(tempfile.mkdtemp(prefix="convgrade-probe-"))
    probe.chmod(0o1777)
    try:
        (root / "submission" / "shapes.py").write_text(HOSTILE.format(root=str(root), probe=str(probe)))
        result = run_autograder(root)
        # the grader's own, valid results.json; the forged one never landed
        assert result["max_score"] > 0 and result["score"] == 0
        assert result["extra_data"]["assignment"] == ASSIGNMENT
        assert result["extra_data"]["status"] in ("graded", "partial")
        assert {"conv_output_size", "pool_output_size"} <= {t["tags"][0][len("function:"):]
                                                             for t in result["tests"]}
        reports = {p.name: p.read_text() for p in probe.iterdir()}
        if sandbox == "none":
            # the worker ran (it wrote its reports) and every attempt was refused
            assert set(reports) == {"list_source", "read_solution", "read_config", "write_results"}
        assert not any(v == "succeeded" for v in reports.values()), reports
        assert stat.S_IMODE((root / "source").stat().st_mode) == 0o700
        assert stat.S_IMODE((root / "results").stat().st_mode) == 0o700
    finally:
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(probe, ignore_errors=True)
