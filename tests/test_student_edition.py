"""The student edition without torch: the bundle's wheel in a fresh venv where torch is absent.

Its `check` gives the table and the diagnosis of the instructor's `check` (which computes with
torch) on correct, buggy and unfinished submissions, as .py files and as notebooks; where it meets
a comparison nobody foresaw it says so instead of guessing.
"""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.assignments import REPO_ROOT

pytestmark = pytest.mark.slow
SAMPLES = REPO_ROOT / "examples" / "submissions"
TOP = "convgrade-student"


def run(args, student: bool = False, **kwargs) -> subprocess.CompletedProcess:
    """A subprocess; ``student``: as on a student's own machine (the sandbox the machine gives,
    not the one a CI demands of graders)."""
    drop = ("PYTHONPATH", "VIRTUAL_ENV") + (("CONVGRADE_SANDBOX",) if student else ())
    env = {k: v for k, v in os.environ.items() if k not in drop}
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env,
                          timeout=600, **kwargs)


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("edition")
    bundle = folder / "student.zip"
    result = run([sys.executable, REPO_ROOT / "cli.py", "release", "--bundle", bundle], cwd=REPO_ROOT)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder)
    return folder / TOP


@pytest.fixture(scope="module")
def convgrade(unpacked) -> Path:
    """`convgrade` of a fresh venv holding the wheel and its declared dependencies, nothing else."""
    root = unpacked.parent / "venv"
    assert run([sys.executable, "-m", "venv", root]).returncode == 0
    wheel = next((unpacked / "wheels").glob("*.whl"))
    result = run([root / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel])
    assert result.returncode == 0, result.stderr
    return root / "bin" / "convgrade"


def test_the_wheel_does_not_require_torch(unpacked, convgrade):
    wheel = next((unpacked / "wheels").glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read("convgrade_student-0.1.0.dist-info/METADATA").decode()
        names = archive.namelist()
    assert not [line for line in metadata.splitlines() if line.startswith("Requires-Dist: torch")]
    assert {f"autograder/precomputed/{a}.npz" for a in
            ("a1_shapes", "a2_conv2d", "a3_kernel_matrix", "a4_transposed_conv")} <= set(names)
    python = convgrade.with_name("python")
    probe = run([python, "-c", "import importlib.util as u, autograder.edition as e; "
                 "print(u.find_spec('torch') is None, e.EDITION)"], cwd=unpacked)
    assert probe.stdout.split() == ["True", "student"], probe.stderr


def _instructor(path: Path, cwd: Path) -> subprocess.CompletedProcess:
    return run([sys.executable, REPO_ROOT / "cli.py", "check", path], cwd=cwd)


@pytest.mark.parametrize("sample", [
    "a2_conv2d/correct_conv2d.py", "a2_conv2d/buggy_flipped_kernel_conv2d.py",
    "a2_conv2d/buggy_one_sided_padding_conv2d.py", "a2_conv2d/unfinished_conv2d.py",
    "a2_conv2d/notebook_conv2d.ipynb", "a1_shapes/buggy_ceil_shapes.py",
    "a3_kernel_matrix/buggy_im2col_order_kernel_matrix.py",
    "a4_transposed_conv/buggy_weight_layout_transposed_conv.py",
    "a4_transposed_conv/plain_notebook_transposed_conv.ipynb",
])
def test_check_says_what_the_instructors_check_says(convgrade, tmp_path, sample):
    source = SAMPLES / sample
    module = {"a1_shapes": "shapes", "a2_conv2d": "conv2d", "a3_kernel_matrix": "kernel_matrix",
              "a4_transposed_conv": "transposed_conv"}[source.parent.name]
    target = tmp_path / f"{module}{source.suffix}"
    target.write_bytes(source.read_bytes())
    student = run([convgrade, "check", target], student=True, cwd=tmp_path)
    teacher = _instructor(target, tmp_path)
    assert "Traceback" not in student.stderr, student.stderr
    assert student.returncode == teacher.returncode
    assert _table(student.stdout) == _table(teacher.stdout)            # the same table
    assert _mistakes(student.stdout) == _mistakes(teacher.stdout)      # the same diagnoses
    if student.stdout != teacher.stdout:      # a smaller case the recording did not reach: said so
        assert "not computed when your bundle was made" in student.stdout


def _table(text: str) -> str:
    return text.split("Why tests failed", 1)[0]


def _mistakes(text: str) -> list[str]:
    """The headings of the failure groups: each named mistake (or shared reason) once."""
    return [line for line in text.splitlines() if line.startswith("✗ ")]


def test_an_unforeseen_comparison_is_said_not_guessed(convgrade, tmp_path):
    """A mistake of no catalogue entry: the shrinker walks cases nobody recorded."""
    correct = (SAMPLES / "a2_conv2d" / "correct_conv2d.py").read_text()
    target = tmp_path / "conv2d.py"
    target.write_text(correct + "\n\n_conv2d = conv2d\n\n\ndef conv2d(*args, **kwargs):\n"
                      "    out = _conv2d(*args, **kwargs)\n    return out + (out > 2)\n")
    student = run([convgrade, "check", target], student=True, cwd=tmp_path)
    teacher = _instructor(target, tmp_path)
    assert student.returncode == teacher.returncode
    assert _table(student.stdout) == _table(teacher.stdout)
    assert "✗ conv2d" in student.stdout
    assert student.stdout == teacher.stdout or "not computed when your bundle was made" in student.stdout


def _parts(value) -> list:
    import numpy as np

    return [np.asarray(v) for v in (value if isinstance(value, tuple) else (value,))]


def test_the_recorded_answers_are_torchs(unpacked):
    """Every recorded answer of a public case equals torch's answer computed now."""
    import numpy as np

    from autograder import replay
    from autograder.reference import ReferenceRefused, evaluate
    from autograder.cases import materialize
    from autograder.release.precompute import public_cases
    from autograder.assignments import ASSIGNMENTS

    wheel = next((unpacked / "wheels").glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        for a in ASSIGNMENTS.values():
            path = unpacked.parent / f"{a.name}.npz"
            path.write_bytes(archive.read(f"autograder/precomputed/{a.name}.npz"))
            store = replay.ReplayStore(path)
            checked = 0
            for case in public_cases(a):
                args, kwargs = materialize(case)
                kind, value = store.answer(replay.call_key(case.function, args, kwargs))
                try:
                    fresh = evaluate(case.function, args, kwargs)
                except ReferenceRefused as exc:
                    assert (kind, value) == ("refused", exc.message)
                    continue
                assert kind == "value"
                fresh_parts, stored_parts = _parts(fresh), _parts(value)
                assert len(fresh_parts) == len(stored_parts)
                for f, g in zip(fresh_parts, stored_parts):
                    assert f.dtype == g.dtype and f.shape == g.shape and np.array_equal(f, g)
                checked += 1
            assert checked >= 3


def test_the_leak_guard_refuses_a_recorded_hidden_call(tmp_path):
    """The second guard: a data file holding the call of a hidden test (drawn from its own seed)
    is refused by the bundle's leak check, under the name the wheel would give it."""
    from autograder import replay
    from autograder.cases import materialize
    from autograder.reference import evaluate
    from autograder.release.leaks import find_leaks
    from autograder.suites.a2_conv2d.test_hidden import CASES

    hidden = next(c for c in CASES if not c.large and c.expect == "value"
                  and any(getattr(a, "kind", "arange") != "arange" for a in c.args))
    with replay.recording() as rec:
        evaluate(hidden.function, *materialize(hidden))
    path = tmp_path / "a2_conv2d.npz"
    rec.save(path, "test")
    problems = find_leaks({"autograder/precomputed/a2_conv2d.npz": path.read_bytes()}, set())
    assert problems and "hidden test" in problems[0]
    clean = tmp_path / "clean.npz"
    replay.Recording().save(clean, "test")
    assert find_leaks({"autograder/precomputed/a2_conv2d.npz": clean.read_bytes()}, set()) == []
