"""The release pipeline: solutions/ → assignments/ (stubs, notebooks, READMEs), all in memory."""
from __future__ import annotations

import ast
from pathlib import Path

from ..assignments import ASSIGNMENTS, Assignment
from . import notebooks
from .content import LANGS, get_lesson
from .markers import MarkerError
from .stubs import make_stub
from .student_readme import readme


class ReleaseError(Exception):
    """Release cannot go on (missing solution file, a stub that does not parse, ...)."""


def read_solution(assignment: Assignment, solutions_dir: Path) -> tuple[Path, str]:
    path = Path(solutions_dir) / assignment.name / assignment.filename
    if not path.is_file():
        raise ReleaseError(f"{path}: solution file not found")
    return path, path.read_text(encoding="utf-8")


def _check_stub(assignment: Assignment, stub: str, path: Path) -> None:
    try:
        tree = ast.parse(stub, filename=str(path))
    except SyntaxError as err:
        raise MarkerError(path, err.lineno or 0, f"the stub does not parse: {err.msg}") from err
    defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    missing = [f for f in assignment.functions if f not in defined]
    if missing:
        raise ReleaseError(f"{path}: does not define {', '.join(missing)} (SPEC.md requires them)")


def assignment_files(assignment: Assignment, solutions_dir: Path) -> dict[str, bytes]:
    """The generated files of one assignment, keyed by their path relative to the output folder."""
    path, source = read_solution(assignment, solutions_dir)
    lesson = get_lesson(assignment.name)
    untaught = [f for f in assignment.functions if lesson.function(f) is None]
    if untaught:
        raise ReleaseError(f"the notebook content of {assignment.name} has no lesson for "
                           f"{', '.join(untaught)}")
    stub = make_stub(source, path, lesson.stub_notes)
    _check_stub(assignment, stub, path)
    folder = assignment.name
    files = {f"{folder}/{assignment.filename}": stub,
             f"{folder}/README.md": readme(assignment, lesson)}
    for lang in LANGS:
        nb = notebooks.notebook(assignment, lesson, stub, lang)
        files[f"{folder}/{notebooks.notebook_name(assignment, lang)}"] = notebooks.dumps(nb)
    return {name: text.encode("utf-8") for name, text in files.items()}


def release_files(solutions_dir: Path) -> dict[str, bytes]:
    """Every file of assignments/, for all assignments."""
    files: dict[str, bytes] = {}
    for assignment in ASSIGNMENTS.values():
        files.update(assignment_files(assignment, solutions_dir))
    return files


def stale_files(files: dict[str, bytes], out: Path) -> list[str]:
    """Files under out/<assignment>/ that release would not generate (left over, or hand-made)."""
    found = []
    for folder in sorted({name.split("/", 1)[0] for name in files}):
        base = Path(out) / folder
        if base.is_dir():
            found += [p.relative_to(out).as_posix() for p in sorted(base.rglob("*"))
                      if p.is_file() and "__pycache__" not in p.parts
                      and p.relative_to(out).as_posix() not in files]
    return found


def out_of_date(files: dict[str, bytes], out: Path) -> list[str]:
    """Names (relative to ``out``) that differ from ``files``, are missing, or are stale."""
    changed = [name for name in sorted(files)
               if not (Path(out) / name).is_file() or (Path(out) / name).read_bytes() != files[name]]
    return changed + stale_files(files, out)


def write_release(files: dict[str, bytes], out: Path) -> list[str]:
    """Write ``files`` under ``out``, remove stale ones; return the names that changed."""
    changed = out_of_date(files, out)
    for name in stale_files(files, out):
        (Path(out) / name).unlink()
    for name in changed:
        target = Path(out) / name
        if name in files:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[name])
    return changed
