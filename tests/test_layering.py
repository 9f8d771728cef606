"""The design's "never" rules, read from the import graph of the source (imports inside functions
included), and the import cost of the command line.

- the sandboxed worker and the reference solutions see the standard library and numpy only;
- nothing of the grader unpickles (no pickle, dill, marshal or shelve anywhere);
- the sandbox is the lowest layer: it imports no other part of convgrade, nor torch;
- reports render results: they never reach into the engine, the sandbox or torch;
- the question bank never reaches into grading (engine, sandbox, suites, batch, reports);
- `import cli` loads neither torch nor pytest nor nbformat (every command pays for what it uses).
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STDLIB = set(sys.stdlib_module_names)


def _imports(path: Path) -> set[str]:
    """Every module name imported anywhere in the file (absolute; relative ones resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
    return found


def _files(*parts: str) -> list[Path]:
    base = ROOT.joinpath(*parts)
    return [base] if base.is_file() else sorted(base.rglob("*.py"))


def _top(name: str) -> str:
    return name.split(".")[0]


def _violations(files: list[Path], allowed) -> list[str]:
    return [f"{f.relative_to(ROOT)} imports {name}"
            for f in files for name in sorted(_imports(f)) if not allowed(name)]


def test_the_worker_sees_only_the_standard_library_and_numpy():
    allowed = lambda name: _top(name) in STDLIB | {"numpy", "__future__"}
    assert _violations(_files("autograder", "sandbox", "worker_main.py"), allowed) == []


def test_solutions_use_only_the_standard_library_and_numpy():
    allowed = lambda name: _top(name) in STDLIB | {"numpy", "__future__"}
    files = [f for f in _files("solutions") if f.name != "__init__.py"]
    assert files, "no solution modules found"
    assert _violations(files, allowed) == []


def test_nothing_unpickles():
    forbidden = {"pickle", "cPickle", "dill", "marshal", "shelve", "cloudpickle"}
    files = _files("autograder") + _files("question_bank") + _files("cli.py")
    assert _violations(files, lambda name: _top(name) not in forbidden) == []


def test_the_sandbox_is_the_lowest_layer():
    def allowed(name: str) -> bool:
        if name.startswith("autograder.") or name == "autograder":
            return name.startswith("autograder.sandbox")
        return _top(name) != "torch"
    assert _violations(_files("autograder", "sandbox"), allowed) == []


def test_reports_only_render():
    reaching = ("autograder.engine", "autograder.sandbox", "autograder.batch", "autograder.plugin")
    allowed = lambda name: _top(name) != "torch" and not name.startswith(reaching)
    assert _violations(_files("autograder", "reports"), allowed) == []


def test_the_question_bank_never_reaches_into_grading():
    reaching = ("autograder.engine", "autograder.sandbox", "autograder.suites", "autograder.batch",
                "autograder.reports", "autograder.plugin", "autograder.submission")
    allowed = lambda name: not name.startswith(reaching)
    assert _violations(_files("question_bank"), allowed) == []


@pytest.mark.parametrize("heavy", ["torch", "pytest", "nbformat", "nbgrader", "matplotlib"])
def test_import_cli_is_light(heavy):
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import cli; "
            "print(sys.argv[2] in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code, str(ROOT), heavy],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False", f"`import cli` loads {heavy}"
