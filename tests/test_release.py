"""`convgrade release` on synthetic and on the real solutions: stubs, notebooks, --check, zips."""
from __future__ import annotations

import ast
import importlib.util
import io
import json
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from autograder.assignments import ASSIGNMENTS, REPO_ROOT
from autograder.commands.release_cmd import release
from autograder.release import MarkerError, make_stub, release_files, strip_markers, write_release
from autograder.release.content import get_lesson
from autograder.release.solutions_zip import solutions_files

SOLUTIONS = REPO_ROOT / "solutions"
ASSIGNMENTS_DIR = REPO_ROOT / "assignments"


def synthetic_module(functions: tuple[str, ...]) -> str:
    """A module in the shape of a reference solution: a helper and every function with a region."""
    parts = ['"""Synthetic module."""\nimport numpy as np\n\n\n'
             'def _helper(x):\n    """Double x."""\n    ### BEGIN SOLUTION\n'
             '    return 2 * x  # synthetic-secret-helper\n    ### END SOLUTION\n']
    for name in functions:
        parts.append(textwrap.dedent(f'''

            def {name}(x, *args, **kwargs):
                """The {name} contract."""
                ### BEGIN SOLUTION
                y = _helper(np.asarray(x))
                if y.ndim:
                    for _ in range(1):  # synthetic-secret-{name}
                        y = y + 0
                return y
                ### END SOLUTION
            '''))
    return "".join(parts)


@pytest.fixture
def synthetic(tmp_path: Path) -> Path:
    root = tmp_path / "solutions"
    for a in ASSIGNMENTS.values():
        (root / a.name).mkdir(parents=True)
        (root / a.name / a.filename).write_text(synthetic_module(a.functions), encoding="utf-8")
    return root


def load_by_path(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ markers and stubs


def test_stub_replaces_regions_and_keeps_the_rest():
    source = ('import numpy as np\n\n\ndef f(x):\n    """Doc."""\n    ### BEGIN SOLUTION\n'
              '    if x:\n        return 1\n    ### END SOLUTION\n    return 0\n')
    stub = make_stub(source)
    assert stub == ('import numpy as np\n\n\ndef f(x):\n    """Doc."""\n    # YOUR CODE HERE\n'
                    '    raise NotImplementedError\n    return 0\n')
    assert strip_markers(source) == source.replace("    ### BEGIN SOLUTION\n", "").replace(
        "    ### END SOLUTION\n", "")


@pytest.mark.parametrize("body, line, words", [
    ("def f():\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    pass\n    ### END SOLUTION\n",
     3, "inside the region opened on line 2"),
    ("def f():\n    pass\n    ### END SOLUTION\n", 3, "without a matching"),
    ("def f():\n    ### BEGIN SOLUTION\n    pass\n", 2, "never closed"),
    ("def f():\n    ### BEGIN SOLUTION\n    pass\n\ndef g():\n    pass\n    ### END SOLUTION\n",
     5, "def line"),
    ("### BEGIN SOLUTION\ndef f():\n    pass\n### END SOLUTION\n", 2, "def line"),
    ("def f():\n    ### BEGIN SOLUTON\n    pass\n", 2, "unrecognised marker"),
])
def test_malformed_markers_name_file_and_line(body, line, words):
    with pytest.raises(MarkerError) as err:
        make_stub(body, "solutions/a9/x.py")
    assert err.value.line == line and err.value.path == "solutions/a9/x.py"
    assert str(err.value).startswith(f"solutions/a9/x.py:{line}:") and words in str(err.value)


def test_malformed_marker_stops_the_command(synthetic, tmp_path):
    path = synthetic / "a3_kernel_matrix" / "kernel_matrix.py"
    lines = path.read_text().splitlines()
    at = next(i for i, text in enumerate(lines) if "END SOLUTION" in text)
    del lines[at]                                        # the first region never closes
    path.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(release, ["--solutions-dir", str(synthetic), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    # the region of _helper (line 7) now runs into the next function's def line (11)
    assert f"{path}:11: the region opened on line 7 contains the def line" in result.output
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ generated files


def test_release_on_synthetic_solutions(synthetic, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(release, ["--solutions-dir", str(synthetic), "--out", str(out)])
    assert result.exit_code == 0, result.output
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert len(first) == 4 * len(ASSIGNMENTS)
    CliRunner().invoke(release, ["--solutions-dir", str(synthetic), "--out", str(out)])
    assert first == {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert release_files(synthetic) == release_files(synthetic)          # byte-identical, run to run
    for a in ASSIGNMENTS.values():
        stub = (out / a.name / a.filename).read_text()
        assert "synthetic-secret" not in stub and "BEGIN SOLUTION" not in stub
        assert '"""The conv' in stub or '"""The' in stub                   # docstrings kept
        module = load_by_path(out / a.name / a.filename, f"stub_{a.module}")
        for name in a.functions + ("_helper",):
            with pytest.raises(NotImplementedError):
                getattr(module, name)(1)


def notebooks_of(files: dict[str, bytes], a) -> dict[str, dict]:
    return {lang: json.loads(files[f"{a.name}/{a.module}{suffix}.ipynb"])
            for lang, suffix in (("en", ""), ("zh", ".zh"))}


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_notebooks_are_valid_nbgrader_notebooks(assignment):
    a = ASSIGNMENTS[assignment]
    files = release_files(SOLUTIONS)
    nbs = notebooks_of(files, a)
    for lang, nb in nbs.items():
        node = nbformat.reads(json.dumps(nb), as_version=4)
        nbformat.validate(node)
        text = files[f"{a.name}/{a.module}{'' if lang == 'en' else '.zh'}.ipynb"].decode()
        assert text == nbformat.writes(node) + "\n"                  # exactly as nbformat writes it
        metas = [c["metadata"]["nbgrader"] for c in nb["cells"]]
        ids = [m["grade_id"] for m in metas]
        assert len(ids) == len(set(ids)), "grade_ids must be unique"
        assert len({c["id"] for c in nb["cells"]}) == len(nb["cells"])
        for cell, meta in zip(nb["cells"], metas):
            assert meta["schema_version"] == 3
            if cell["cell_type"] == "markdown":
                assert meta == {"grade": False, "locked": True, "solution": False,
                                "grade_id": meta["grade_id"], "schema_version": 3}
        solutions = [c for c, m in zip(nb["cells"], metas) if m["solution"]]
        graded = [m for m in metas if m["grade"]]
        assert all(m["locked"] and m["points"] > 0 for m in graded)
        assert {m["grade_id"] for m in graded} == {f"test_{f}" for f in a.functions}
        code = "\n\n".join("".join(c["source"]) for c in solutions)
        for function in a.functions:
            assert f"def {function}(" in code
        assert "raise NotImplementedError" in code and "BEGIN SOLUTION" not in code
    try:  # nbgrader's own validator, where it is installed
        from nbgrader.nbgraderformat import MetadataValidator
    except ImportError:
        return
    for nb in nbs.values():
        MetadataValidator().validate_nb(nbformat.reads(json.dumps(nb), as_version=4))


def test_zh_notebook_differs_in_markdown_only():
    files = release_files(SOLUTIONS)
    for a in ASSIGNMENTS.values():
        en, zh = notebooks_of(files, a).values()
        assert [c["id"] for c in en["cells"]] == [c["id"] for c in zh["cells"]]
        for ce, cz in zip(en["cells"], zh["cells"]):
            if ce["cell_type"] == "markdown":
                assert ce["source"] != cz["source"]
            elif ce["metadata"]["nbgrader"]["solution"]:      # the same code; docstrings in Chinese
                assert ast.dump(_without_docstrings(ast.parse("".join(ce["source"])))) == \
                    ast.dump(_without_docstrings(ast.parse("".join(cz["source"]))))
        assert any("\u4e00" <= ch <= "\u9fff" for c in zh["cells"] for ch in "".join(c["source"]))


def test_public_test_cells_pass_on_the_reference_and_fail_on_the_stub():
    """Run every notebook's test cells as the student's kernel would: first with the reference
    solution's code in the solution cells, then with the stubs."""
    files = release_files(SOLUTIONS)
    for a in ASSIGNMENTS.values():
        nb = notebooks_of(files, a)["en"]
        tests = [c for c in nb["cells"] if c["cell_type"] == "code" and not c["metadata"]["nbgrader"]["solution"]]
        namespace: dict = {"__name__": "student"}
        exec(strip_markers(a.solution_path().read_text()), namespace)
        printed = []
        namespace["print"] = lambda *args: printed.append(" ".join(map(str, args)))
        for cell in tests:
            exec("".join(cell["source"]), namespace)
        lesson = get_lesson(a.name)
        assert printed == [f"{f}: {lesson.function(f).checks} checks passed" for f, _ in _checks(nb)]
        stub_ns: dict = {"__name__": "student"}
        exec(files[f"{a.name}/{a.filename}"].decode(), stub_ns)
        exec("".join(tests[0]["source"]), stub_ns)                    # test setup
        for cell in tests[1:]:
            with pytest.raises(NotImplementedError):
                exec("".join(cell["source"]), stub_ns)


def _without_docstrings(tree):
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(getattr(body[0], "value", None), ast.Constant):
            body[0].value.value = ""
    return tree


def _checks(nb):
    return [(m["grade_id"][len("test_"):], m["points"]) for m in
            (c["metadata"]["nbgrader"] for c in nb["cells"]) if m["grade"]]


def test_a4_stub_asks_for_the_pasted_kernel_matrix():
    stub = release_files(SOLUTIONS)["a4_transposed_conv/transposed_conv.py"].decode()
    body = stub.split("def kernel_matrix(", 1)[1].split("\ndef ", 1)[0]
    assert "Paste your own kernel_matrix from a3" in body and "raise NotImplementedError" in body


# ------------------------------------------------------------------ --check


def test_committed_assignments_are_in_step():
    result = subprocess.run([sys.executable, str(REPO_ROOT / "cli.py"), "release", "--check"],
                            capture_output=True, text=True, cwd=REPO_ROOT)
    assert result.returncode == 0, result.stderr


def test_check_fails_on_a_touched_file(tmp_path):
    out = tmp_path / "assignments"
    shutil.copytree(ASSIGNMENTS_DIR, out)
    runner = CliRunner()
    assert runner.invoke(release, ["--check", "--out", str(out)]).exit_code == 0
    target = out / "a2_conv2d" / "conv2d.py"
    target.write_text(target.read_text() + "\n# edited by hand\n")
    (out / "a3_kernel_matrix" / "notes.txt").write_text("stale")
    result = runner.invoke(release, ["--check", "--out", str(out)])
    assert result.exit_code == 1
    assert "a2_conv2d/conv2d.py" in result.output and "a3_kernel_matrix/notes.txt" in result.output
    assert "convgrade release" in result.output
    assert runner.invoke(release, ["--out", str(out)]).exit_code == 0     # release repairs it
    assert not (out / "a3_kernel_matrix" / "notes.txt").exists()
    assert runner.invoke(release, ["--check", "--out", str(out)]).exit_code == 0


# ------------------------------------------------------------------ --solutions


def test_solutions_zip(tmp_path, synthetic):
    target = tmp_path / "solutions.zip"
    result = CliRunner().invoke(release, ["--solutions-dir", str(synthetic), "--solutions", str(target)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert names == ["solutions/README.md"] + sorted(f"solutions/{a.name}/{a.filename}"
                                                         for a in ASSIGNMENTS.values())
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
        readme = archive.read("solutions/README.md").decode()
        assert "removed" in readme
        for a in ASSIGNMENTS.values():
            code = archive.read(f"solutions/{a.name}/{a.filename}").decode()
            assert "BEGIN SOLUTION" not in code and "synthetic-secret-helper" in code
            namespace: dict = {}
            exec(code, namespace)
            assert int(namespace["_helper"](3)) == 6
    again = tmp_path / "again.zip"
    CliRunner().invoke(release, ["--solutions-dir", str(synthetic), "--solutions", str(again)])
    assert target.read_bytes() == again.read_bytes()


def test_real_solutions_zip_runs():
    files = solutions_files(SOLUTIONS)
    for a in ASSIGNMENTS.values():
        namespace: dict = {}
        exec(files[f"solutions/{a.name}/{a.filename}"].decode(), namespace)
        assert all(callable(namespace[f]) for f in a.functions)
