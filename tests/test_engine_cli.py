"""`convgrade check` and `convgrade grade` through click, and one real subprocess."""
from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from autograder.assignments import ASSIGNMENTS, REPO_ROOT
from autograder.reports.gradescope import schema_problems
from cli import cli

A1 = ASSIGNMENTS["a1_shapes"].solution_path()


def test_check_prints_the_table_and_exits_0():
    result = CliRunner().invoke(cli, ["check", str(A1), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "conv_output_size" in result.output and "所有测试均已通过" in result.output


def test_grade_writes_a_list_for_several_and_out_files(tmp_path):
    broken = tmp_path / "broken" / "shapes.py"
    broken.parent.mkdir()
    broken.write_text("def conv_output_size(:\n")
    runner = CliRunner()
    out, js = tmp_path / "out", tmp_path / "all.json"
    result = runner.invoke(cli, ["grade", str(A1), str(broken.parent), "-a", "a1", "--json", str(js), "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(js.read_text())
    assert [d["submission"] for d in data] == ["shapes", "broken"]
    assert all(schema_problems(d["result"]) == [] for d in data)
    assert data[0]["result"]["score"] == data[0]["result"]["max_score"]
    assert data[1]["result"]["extra_data"]["status"] == "failed_to_load"
    assert (out / "results" / "shapes.json").exists() and (out / "results" / "broken.json").exists()


def test_grade_one_submission_writes_one_object(tmp_path):
    js = tmp_path / "r.json"
    result = CliRunner().invoke(cli, ["grade", str(A1), "--json", str(js)])
    assert result.exit_code == 0, result.output
    assert schema_problems(json.loads(js.read_text())) == []


def test_unknown_assignment_is_a_usage_error():
    result = CliRunner().invoke(cli, ["grade", str(A1), "--assignment", "a9"])
    assert result.exit_code == 2


def test_real_subprocess_check():
    proc = subprocess.run([sys.executable, "cli.py", "check", str(A1.relative_to(REPO_ROOT))], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "All tests passed." in proc.stdout


def test_an_unknown_assignment_is_a_usage_error(tmp_path):
    """A file whose name names no assignment, without --assignment: exit 2 and say what to give."""
    from click.testing import CliRunner

    from cli import cli

    path = tmp_path / "homework.py"
    path.write_text("def conv_output_size(*a, **k):\n    return 1\n")
    for command in (["check", str(path)], ["grade", str(path)]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 2, result.output
        assert "--assignment" in result.output


def test_a_file_of_no_known_assignment_in_a_batch_is_a_row_not_a_crash(tmp_path):
    """In a folder, a file that names no assignment scores 0 with a reason; the rest is graded."""
    import json

    from click.testing import CliRunner

    from cli import cli
    from support import solution_source

    folder = tmp_path / "batch"
    (folder / "alice").mkdir(parents=True)
    (folder / "bob").mkdir()
    code = solution_source("a1_shapes")
    (folder / "alice" / "shapes.py").write_text(code)
    (folder / "bob" / "homework.py").write_text(code)
    out = tmp_path / "out.json"
    result = CliRunner().invoke(cli, ["grade", str(folder), "--json", str(out)])
    assert result.exit_code == 0, result.output
    by_name = {e["submission"]: e["result"] for e in json.loads(out.read_text())}
    assert by_name["bob"]["extra_data"]["status"] == "no_submission"
    assert "--assignment" in by_name["bob"]["output"]
    assert by_name["alice"]["score"] == by_name["alice"]["max_score"] > 0
