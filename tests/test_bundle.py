"""The student bundle, installed for real: a fresh venv, the wheel, `convgrade check`, no leaks."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from autograder.assignments import ASSIGNMENTS, REPO_ROOT
from autograder.release import strip_markers
from autograder.release.leaks import find_leaks, secret_lines
from autograder.release.content import get_lesson
from autograder.release.notebooks import module_cells

pytestmark = pytest.mark.slow
SOLUTIONS = REPO_ROOT / "solutions"
SUITES = REPO_ROOT / "autograder" / "suites"
TOP = "convgrade-student"


def run(args, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env,
                          timeout=300, **kwargs)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """The bundle zip, built by the real command line."""
    target = tmp_path_factory.mktemp("bundle") / "student.zip"
    result = run([sys.executable, REPO_ROOT / "cli.py", "release", "--bundle", target], cwd=REPO_ROOT)
    assert result.returncode == 0, result.stderr
    return target


@pytest.fixture(scope="module")
def unpacked(bundle) -> Path:
    folder = bundle.parent / "unpacked"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder)
    return folder / TOP


@pytest.fixture(scope="module")
def venv(unpacked) -> Path:
    """A fresh venv with the student wheel installed from the file alone (no index, no network).

    To stay fast it sees this project's already installed third-party packages through a .pth
    line (a path line: the .pth files in that folder, among them the instructor's editable
    install, are not processed).
    """
    root = unpacked.parent.parent / "venv"
    assert run([sys.executable, "-m", "venv", root]).returncode == 0
    python = root / "bin" / "python"
    purelib = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (purelib / "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next((unpacked / "wheels").glob("*.whl"))
    result = run([python, "-m", "pip", "install", "--no-index", "--no-deps", "--quiet", wheel])
    assert result.returncode == 0, result.stderr
    return root


def test_bundle_layout_and_determinism(bundle, tmp_path):
    again = tmp_path / "again.zip"
    assert run([sys.executable, REPO_ROOT / "cli.py", "release", "--bundle", again], cwd=REPO_ROOT).returncode == 0
    assert again.read_bytes() == bundle.read_bytes()
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
    assert f"{TOP}/README.md" in names
    for a in ASSIGNMENTS.values():
        for name in (a.filename, f"{a.module}.ipynb", f"{a.module}.zh.ipynb", "README.md", "test_public.py"):
            assert f"{TOP}/{a.name}/{name}" in names
    assert [n for n in names if n.endswith(".whl")] == [f"{TOP}/wheels/convgrade_student-0.1.0-py3-none-any.whl"]


def test_wheel_declares_its_dependencies(unpacked):
    wheel = next((unpacked / "wheels").glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read("convgrade_student-0.1.0.dist-info/METADATA").decode()
        entry_points = archive.read("convgrade_student-0.1.0.dist-info/entry_points.txt").decode()
    requires = {line.split(": ", 1)[1] for line in metadata.splitlines() if line.startswith("Requires-Dist: ")}
    names = {r.split(">")[0].split("<")[0].split("=")[0] for r in requires}
    assert names == {"numpy", "click", "pytest", "rich", "nbformat", "pyseccomp"}   # no torch: answers are recorded
    assert "convgrade = autograder.student_cli:main" in entry_points


def test_installed_package_is_the_student_edition(venv):
    python = venv / "bin" / "python"
    probe = run([python, "-c", "import json, importlib.metadata as m, autograder, autograder.assignments as a; "
                 "print(json.dumps([autograder.__file__, m.requires('convgrade-student'), "
                 "a.ASSIGNMENTS['a2_conv2d'].solution_path().exists()]))"], cwd=venv)
    assert probe.returncode == 0, probe.stderr
    where, requires, has_solution = json.loads(probe.stdout)
    assert Path(where).is_relative_to(venv)
    assert not any(r.startswith("torch") for r in requires) and not has_solution
    help_text = run([venv / "bin" / "convgrade", "--help"]).stdout
    commands = {line.split()[0] for line in help_text.split("Commands:", 1)[1].splitlines() if line.strip()}
    assert commands == {"check", "doctor"}


def test_check_reports_failures_on_the_stub(venv, unpacked, tmp_path):
    stub = tmp_path / "conv2d.py"
    stub.write_bytes((unpacked / "a2_conv2d" / "conv2d.py").read_bytes())
    result = run([venv / "bin" / "convgrade", "check", stub], cwd=tmp_path)
    assert result.returncode == 1, result.stderr            # a test failed
    assert "NotImplementedError" in result.stdout and "All tests passed" not in result.stdout


def test_check_passes_a_correct_submission(venv, tmp_path):
    a = ASSIGNMENTS["a4_transposed_conv"]
    submission = tmp_path / a.filename
    submission.write_text(strip_markers(a.solution_path().read_text()))
    result = run([venv / "bin" / "convgrade", "check", submission], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "All tests passed" in result.stdout, result.stdout


def test_check_passes_a_completed_notebook(venv, unpacked, tmp_path):
    """The English a1 notebook with its solution cells filled in from the reference."""
    a = ASSIGNMENTS["a1_shapes"]
    nb = json.loads((unpacked / a.name / f"{a.module}.ipynb").read_text())
    answers = module_cells(strip_markers(a.solution_path().read_text()), a.filename, get_lesson(a.name))
    cells = [c for c in nb["cells"] if c["metadata"]["nbgrader"]["solution"]]
    assert len(cells) == len(answers)
    for cell, (_, code) in zip(cells, answers):
        cell["source"] = code
    target = tmp_path / f"{a.module}.ipynb"
    target.write_text(json.dumps(nb))
    result = run([venv / "bin" / "convgrade", "check", target], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "All tests passed" in result.stdout, result.stdout


def _installed_files(venv: Path) -> dict[str, bytes]:
    purelib = next(venv.glob("lib/python*/site-packages"))
    roots = [purelib / "autograder", *purelib.glob("convgrade_student-*.dist-info"), venv / "bin" / "convgrade"]
    files = {}
    for root in roots:
        for path in ([root] if root.is_file() else root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[path.relative_to(venv).as_posix()] = path.read_bytes()
    return files


def test_nothing_hidden_in_the_bundle_or_the_install(bundle, venv):
    with zipfile.ZipFile(bundle) as archive:
        zipped = {n: archive.read(n) for n in archive.namelist()}
    installed = _installed_files(venv)
    public = "\n".join(d.decode("utf-8", "ignore") for n, d in zipped.items() if not n.endswith(".whl"))
    secrets = secret_lines(SOLUTIONS, SUITES, public)
    assert len(secrets) > 100                                            # the scan has teeth
    planted = {"x/kernel_matrix.py": (SOLUTIONS / "a3_kernel_matrix" / "kernel_matrix.py").read_bytes(),
               "x/test_data.py": (SUITES / "a2_conv2d" / "test_hidden.py").read_bytes()}
    assert len(find_leaks(planted, secrets)) == 2                         # ... and finds a planted leak
    assert find_leaks(zipped, secrets) == []
    assert find_leaks(installed, secrets) == []
    names = list(installed) + list(zipped)
    for forbidden in ("test_hidden", "solutions/", "/release/", "/export/", "question_bank", ".pkl"):
        assert not [n for n in names if forbidden in n], forbidden
    data = [n for n in names if n.endswith(".npz")]           # only the recorded public answers
    assert data and all("autograder/precomputed/a" in n for n in data)
    suites = {n.split("autograder/suites/", 1)[1] for n in installed if "autograder/suites/" in n}
    assert {Path(n).name for n in suites} <= {"__init__.py", "test_public.py", "conftest.py"}
    assert {f"{a.name}/test_public.py" for a in ASSIGNMENTS.values()} <= suites
