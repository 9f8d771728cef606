"""The command line as a student, a TA and an instructor meet it: exit statuses, last lines,
languages, plain messages instead of tracebacks. Real grading through click (and one subprocess)."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from autograder import i18n
from autograder.assignments import REPO_ROOT
from cli import cli
from support import solution_source

SAMPLES = REPO_ROOT / "examples" / "submissions"
A1_BUGGY = SAMPLES / "a1_shapes" / "buggy_ceil_shapes.py"


@pytest.fixture(scope="module")
def a1_correct(tmp_path_factory):
    path = tmp_path_factory.mktemp("correct") / "shapes.py"
    path.write_text(solution_source("a1_shapes"))
    return path


@pytest.fixture(scope="module")
def a1_broken(tmp_path_factory):
    path = tmp_path_factory.mktemp("broken") / "shapes.py"
    path.write_text("def conv_output_size(in_size, kernel_size:\n    return 0\n")
    return path


def invoke(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def last_line(output: str) -> str:
    return output.strip().splitlines()[-1]


def test_check_exit_status_follows_the_tests(a1_correct, a1_broken):
    ok = invoke("check", a1_correct)
    assert ok.exit_code == 0, ok.output
    assert last_line(ok.output).startswith("shapes: 22 / 22 points")

    buggy = invoke("check", A1_BUGGY)
    assert buggy.exit_code == 1, buggy.output
    line = last_line(buggy.output)
    assert line.startswith("buggy_ceil_shapes: ") and "points on the public tests" in line
    assert " / 22 points" in line and not line.startswith("buggy_ceil_shapes: 22 /")

    broken = invoke("check", a1_broken)
    assert broken.exit_code == 1, broken.output
    assert "Traceback" not in broken.output
    assert "0 / 22 points" in last_line(broken.output)
    # the syntax error once, the tests it stopped listed under it
    assert broken.output.count("line 1") == 1
    assert i18n.label("report.reason_above", "en", n=22) in broken.output


def test_grade_one_submission_exits_like_check_and_a_batch_exits_0(a1_correct, tmp_path):
    assert invoke("grade", a1_correct).exit_code == 0
    single = invoke("grade", A1_BUGGY)
    assert single.exit_code == 1, single.output
    assert last_line(single.output).startswith("buggy_ceil_shapes: ")
    batch = invoke("grade", A1_BUGGY, "--out", tmp_path / "out")
    assert batch.exit_code == 0, batch.output


def test_console_explains_each_mistake_once(tmp_path):
    result = invoke("check", SAMPLES / "a2_conv2d" / "buggy_flipped_kernel_conv2d.py")
    assert result.exit_code == 1
    e = i18n.explain("flipped-kernel", "en")
    flat = " ".join(result.output.split())
    assert flat.count(" ".join(e.did.split())) == 1
    assert flat.count("[flipped-kernel]") == 1
    assert result.output.count("\n") < 120


def test_a_file_of_another_assignment_is_named(a1_correct):
    for command in ("check", "grade"):
        result = invoke(command, SAMPLES / "a2_conv2d" / "correct_conv2d.py", "--assignment", "a1")
        assert result.exit_code == 2, result.output
        assert "a2_conv2d" in result.output and "--assignment a2_conv2d" in result.output
        assert "Traceback" not in result.output
    zh = invoke("check", a1_correct, "--assignment", "a4", "--lang", "zh")
    assert zh.exit_code == 2 and "a1_shapes" in zh.output and "没有定义" in zh.output


def test_a_chinese_notebook_is_answered_in_chinese(tmp_path):
    notebook = tmp_path / "shapes.zh.ipynb"
    shutil.copy(REPO_ROOT / "assignments" / "a1_shapes" / "shapes.zh.ipynb", notebook)
    result = invoke("check", notebook)
    assert result.exit_code == 1, result.output            # the stub: nothing implemented yet
    assert "未通过的原因" in result.output and "分（公开测试）" in last_line(result.output)
    assert "[公开]" in result.output and "[public]" not in result.output
    english = invoke("check", notebook, "--lang", "en")
    assert "Why tests failed" in english.output and "未通过" not in english.output


def test_user_errors_are_plain_messages_with_exit_2(tmp_path, a1_correct):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    bundle = invoke("release", "--bundle", blocker / "student.zip")
    assert bundle.exit_code == 2, bundle.output
    assert "cannot write" in bundle.output and "Traceback" not in bundle.output
    assert "is a file, not a folder" in bundle.output
    for command in (["export", "gradescope", "-a", "a1", "--out", blocker / "g.zip"],
                    ["export", "nbgrader", "-a", "a1", "--out", blocker / "course"],
                    ["release", "--out", blocker / "assignments"]):
        failed = invoke(*command)
        assert failed.exit_code == 2 and "cannot write" in failed.output, (command, failed.output)
        assert "Traceback" not in failed.output
    js = invoke("grade", a1_correct, "--json", blocker / "r.json")
    assert js.exit_code == 2 and "cannot write" in js.output
    assert invoke("check", a1_correct, "--assignment", "a9").exit_code == 2
    assert invoke("grade", a1_correct, "--workers", "0").exit_code == 2


def test_device_cuda_without_cuda_is_an_error(a1_correct):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    result = invoke("grade", a1_correct, "--device", "cuda")
    assert result.exit_code == 2, result.output
    assert "CUDA" in result.output and "Traceback" not in result.output


def test_exit_status_through_a_real_process():
    proc = subprocess.run([sys.executable, "cli.py", "check", str(A1_BUGGY.relative_to(REPO_ROOT))],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert last_line(proc.stdout).startswith("buggy_ceil_shapes: ")
