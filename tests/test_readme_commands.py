"""The READMEs work as written: every command in their ```bash blocks runs, from the folder each
README assumes, and exits as the README says.

- README.md, "For TAs" and "For instructors": from a folder holding the repository's examples/,
  with the project's `convgrade` on PATH.
- README.md, "For students", and the bundle's README.md: from the unpacked bundle, in a shell
  (the blocks `source` an activate script). The venv they create sees this project's installed
  packages through a .pth path line, so pip finds torch & co. already there and stays offline.
- README.md, "Quick start": `scripts/setup.sh` and the test suite are what CI runs (.ci/run), so
  only `convgrade demo` runs here.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from autograder.assignments import REPO_ROOT
from autograder.release.notebooks import public_points
from autograder.release.wheel import STUDENT_DEPENDENCIES

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
# commands expected to exit 1: `check` of an unfinished stub, grading a buggy sample
EXIT_1 = (re.compile(r"^convgrade check a\d_\w+/"), re.compile(r"^convgrade grade \S*buggy\S*\.py"))


def bash_blocks(markdown: str) -> dict[str, list[list[str]]]:
    """Per '## ' section: its ```bash blocks, each a list of command lines (comments removed)."""
    sections: dict[str, list[list[str]]] = {}
    heading = ""
    for match in re.finditer(r"^## ([^\n]+)$|^```bash\n(.*?)^```", markdown, flags=re.M | re.S):
        if match.group(1):
            heading = match.group(1).strip()
            continue
        joined = re.sub(r"\\\n\s*", " ", match.group(2))      # a command continued with a backslash
        lines = [re.sub(r"\s{2,}#.*$", "", line).strip() for line in joined.splitlines()]
        sections.setdefault(heading, []).append([line for line in lines if line])
    return sections


def expected_status(command: str) -> int:
    return 1 if any(p.search(command) for p in EXIT_1) else 0


def run_in_shell(lines: list[str], cwd: Path, env: dict[str, str]) -> list[tuple[str, int, str]]:
    """Run ``lines`` one after the other in one bash (cd and source carry over): (line, status, output)."""
    script = "".join(f"echo '@@cmd {i}'\n{line}\necho \"@@rc {i} $?\"\n" for i, line in enumerate(lines))
    proc = subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=1200)
    out = proc.stdout + proc.stderr
    found = []
    for i, line in enumerate(lines):
        rc = re.search(rf"^@@rc {i} (\d+)$", proc.stdout, flags=re.M)
        chunk = proc.stdout.split(f"@@cmd {i}\n", 1)[-1].split(f"@@rc {i} ", 1)[0]
        found.append((line, int(rc.group(1)) if rc else -1, chunk if rc else out[-3000:]))
    return found


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(extra)
    return env


def check_all(results: list[tuple[str, int, str]]) -> None:
    for line, status, output in results:
        assert status == expected_status(line), f"{line!r} exited {status}:\n{output[-3000:]}"
        assert "Traceback" not in output, f"{line!r}:\n{output[-3000:]}"


@pytest.fixture(scope="module")
def bundle_root(tmp_path_factory) -> Path:
    """The bundle, built by the command line and unpacked as a student would."""
    where = tmp_path_factory.mktemp("student")
    zip_path = where / "student.zip"
    built = subprocess.run([sys.executable, str(REPO_ROOT / "cli.py"), "release", "--bundle", str(zip_path)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(where)
    root = where / "convgrade-student"
    # the venv the README creates, made first so that it sees this project's packages (offline)
    assert subprocess.run([sys.executable, "-m", "venv", str(root / ".venv")]).returncode == 0
    purelib = subprocess.run([str(root / ".venv" / "bin" / "python"), "-c",
                              "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True).stdout.strip()
    Path(purelib, "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return root


def student_env() -> dict[str, str]:
    # `python` as a student's shell finds it: this interpreter's, not the project's venv
    base = Path(sys.base_prefix) / "bin"
    return clean_env(PATH=f"{base}{os.pathsep}{os.environ.get('PATH', '')}", PIP_NO_INPUT="1",
                     PIP_DISABLE_PIP_VERSION_CHECK="1")


def test_bundle_readme_commands_run_from_the_bundle_root(bundle_root):
    blocks = bash_blocks((bundle_root / "README.md").read_text(encoding="utf-8"))
    lines = [line for section in blocks.values() for block in section for line in block]
    assert any(line.startswith("pip install wheels/") for line in lines)
    # torch's CPU index only where the wheel needs torch; the student edition carries torch's answers
    assert any("download.pytorch.org/whl/cpu" in line for line in lines) == ("torch" in STUDENT_DEPENDENCIES)
    assert sum(line.startswith("convgrade check") for line in lines) >= 2
    results = run_in_shell(lines, bundle_root, student_env())
    check_all(results)
    assert any("分（公开测试）" in out for line, _, out in results if "zh.ipynb" in line)


def test_main_readme_student_commands_run_from_the_bundle_root(bundle_root):
    blocks = bash_blocks((REPO_ROOT / "README.md").read_text(encoding="utf-8"))
    lines = [line for block in blocks["For students"] for line in block]
    assert lines[0].startswith("cd convgrade-student")
    check_all(run_in_shell(["cd .."] + lines, bundle_root, student_env()))


def test_main_readme_ta_and_instructor_commands_run_from_the_repository(tmp_path):
    blocks = bash_blocks((REPO_ROOT / "README.md").read_text(encoding="utf-8"))
    lines = [line for name in ("For TAs", "For instructors") for block in blocks[name] for line in block]
    shown = {line.split()[1] for line in lines if line.startswith("convgrade ")}
    assert shown >= {"grade", "doctor", "release", "export", "quiz"}
    work = tmp_path / "repo"
    work.mkdir()
    (work / "examples").symlink_to(REPO_ROOT / "examples")
    env = clean_env(PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    before, after = [], []
    for line in lines:      # the quiz answers a class hands in, made from the key the line before wrote
        (after if before and "quiz grade" in line else before).append(line)
    check_all(run_in_shell(before, work, env))
    key = json.loads((work / "quiz" / "key.json").read_text(encoding="utf-8"))
    ids = [s["student_id"] for s in key["students"]]
    (work / "responses.csv").write_text(f"student_id,q1\n{ids[0]},A\n{ids[1]},B\n", encoding="utf-8")
    check_all(run_in_shell(after, work, env))
    assert (work / "scores.csv").is_file() and (work / "graded" / "gradebook.csv").is_file()
    assert (work / "student.zip").is_file() and (work / "autograder-a2.zip").is_file()


def test_main_readme_demo_command_runs(tmp_path):
    blocks = bash_blocks((REPO_ROOT / "README.md").read_text(encoding="utf-8"))
    quick = [line for block in blocks["Quick start"] for line in block]
    assert quick[0].startswith("scripts/setup.sh && .venv/bin/convgrade demo")
    demo = quick[0].split("&& ", 1)[1].replace(".venv/bin/", "")
    env = clean_env(PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    check_all(run_in_shell([demo], tmp_path, env))


def test_notebook_points_equal_checks():
    """Each notebook test cell's points are what check gives that function on the public tests."""
    for notebook in sorted((REPO_ROOT / "assignments").glob("*/*.ipynb")):
        from autograder.assignments import ASSIGNMENTS

        assignment = ASSIGNMENTS[notebook.parent.name]
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        graded = {c["metadata"]["nbgrader"]["grade_id"][len("test_"):]: c["metadata"]["nbgrader"]["points"]
                  for c in cells if c["metadata"].get("nbgrader", {}).get("grade")}
        assert graded == public_points(assignment), notebook
