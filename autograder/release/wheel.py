"""The student edition of convgrade as a wheel, written directly (no build backend, no network).

Its contents are the grading engine's sources minus everything a student must not see or does
not need: the hidden suites, the release and export code, the instructor's command line; plus
torch's answers for the public checks, recorded when the bundle is made, so that it needs numpy
and not torch. Its console script ``convgrade`` offers ``check`` (and ``doctor``).
"""
from __future__ import annotations

import base64
import hashlib
import re
try:
    import tomllib  # novermin (3.11+; tomli below on 3.10)
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
from pathlib import Path

from .. import __version__
from ..assignments import REPO_ROOT
from .zips import zip_bytes

DIST_NAME = "convgrade-student"
# No torch: the student edition replays torch's answers recorded when the bundle is made.
STUDENT_DEPENDENCIES = ("numpy", "click", "pytest", "rich", "nbformat", "pyseccomp")
FALLBACK_REQUIREMENTS = ("numpy>=1.24", "click>=8.1", "pytest>=7.4", "rich>=13", "nbformat>=5.9",
                         "pyseccomp>=0.1.2; sys_platform == 'linux'")
STUDENT_EDITION = b'''"""Which edition of convgrade this is: the student's (see the instructor's copy for both)."""
EDITION = "student"
'''
DATA_SUFFIXES = (".py", ".toml", ".json", ".md", ".html", ".css", ".txt")
SUITE_FILES = ("__init__.py", "conftest.py", "test_public.py")

# Paths (relative to the autograder package) that never ship: instructor-only code.
EXCLUDED = (
    re.compile(r"^release/"),
    re.compile(r"^export/"),
    re.compile(r"^commands/(release|export|demo|similarity|serve|submit|worker)_cmd\.py$"),
    re.compile(r"^similarity/"),                     # the instructor's similarity report
    re.compile(r"^service/"),                        # the course server runs at the course, not at home
    re.compile(r"^cluster/"),                        # grading on a cluster, for the course
    re.compile(r"(^|/)__pycache__/"),
    re.compile(r"(^|/)[^/]*cache[^/]*/"),            # any cache folder (reference answers, ...)
)

STUDENT_CLI = '''\
"""convgrade, student edition: check your work against the public tests, offline."""
import logging
import os
import sys

import click

from autograder import __version__
{imports}


@click.group(context_settings={{"help_option_names": ["-h", "--help"]}})
@click.version_option(__version__, prog_name="convgrade (student edition)")
def cli() -> None:
    """convgrade for students: `convgrade check conv2d.py` runs the public tests."""


{adds}


def main() -> None:
    """Run the command; then leave at once. Everything it started is closed and its files are
    written by then, and tearing down the interpreter's modules would add a tenth of a second
    to every check."""
    try:
        cli(prog_name="convgrade")
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):    # a reader that went away (`| head`): nothing to flush to
            pass
    os._exit(code)
'''


def _shipped(relative: str) -> bool:
    """Whether a file of the autograder package belongs in the student edition."""
    if any(pattern.search(relative) for pattern in EXCLUDED):
        return False
    if not relative.endswith(DATA_SUFFIXES):
        return False
    parts = relative.split("/")
    if parts[0] == "suites" and len(parts) > 2:
        return parts[-1] in SUITE_FILES and len(parts) == 3
    return "hidden" not in parts[-1]


def package_files(package_dir: Path, precomputed: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """Archive name → content of every shipped file of the autograder package, the student
    edition marker and the precomputed answers (``{assignment: data file bytes}``)."""
    files = {}
    for path in sorted(Path(package_dir).rglob("*")):
        relative = path.relative_to(package_dir).as_posix()
        if path.is_file() and _shipped(relative):
            files[f"autograder/{relative}"] = path.read_bytes()
    files["autograder/student_cli.py"] = _student_cli(package_dir).encode("utf-8")
    files["autograder/edition.py"] = STUDENT_EDITION
    for assignment, data in sorted((precomputed or {}).items()):
        files[f"autograder/precomputed/{assignment}.npz"] = data
    return files


def _student_cli(package_dir: Path) -> str:
    commands = [("grade_cmd", "check"), ("doctor_cmd", "doctor")]
    present = [(m, c) for m, c in commands if (Path(package_dir) / "commands" / f"{m}.py").is_file()]
    imports = "\n".join(f"from autograder.commands.{m} import {c}" for m, c in present)
    adds = "\n".join(f"cli.add_command({c})" for _, c in present)
    return STUDENT_CLI.format(imports=imports, adds=adds)


def requirements(pyproject: Path = REPO_ROOT / "pyproject.toml") -> list[str]:
    """The student edition's dependencies, with the instructor package's version pins."""
    if not pyproject.is_file():
        return list(FALLBACK_REQUIREMENTS)
    declared = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    name = re.compile(r"^[A-Za-z0-9_.-]+")
    return [d for d in declared if name.match(d).group(0).lower() in STUDENT_DEPENDENCIES]


def _metadata(reqs: list[str]) -> str:
    lines = ["Metadata-Version: 2.1", f"Name: {DIST_NAME}", f"Version: {__version__}",
             "Summary: convgrade, student edition: check convolution assignments against PyTorch offline",
             "Requires-Python: >=3.10"]
    lines += [f"Requires-Dist: {r}" for r in reqs]
    return "\n".join(lines) + "\n"


def wheel_name() -> str:
    return f"{DIST_NAME.replace('-', '_')}-{__version__}-py3-none-any.whl"


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def wheel_files(package_dir: Path, reqs: list[str], precomputed: dict[str, bytes] | None = None
                ) -> dict[str, bytes]:
    """Every entry of the wheel, RECORD included."""
    info = f"{DIST_NAME.replace('-', '_')}-{__version__}.dist-info"
    files = package_files(package_dir, precomputed)
    files[f"{info}/METADATA"] = _metadata(reqs).encode()
    files[f"{info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: convgrade release\n"
                              b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    files[f"{info}/entry_points.txt"] = b"[console_scripts]\nconvgrade = autograder.student_cli:main\n"
    files[f"{info}/top_level.txt"] = b"autograder\n"
    record = [_record_line(n, files[n]) for n in sorted(files)] + [f"{info}/RECORD,,"]
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    return files


def build_wheel(package_dir: Path | None = None, reqs: list[str] | None = None,
                precomputed: dict[str, bytes] | None = None) -> tuple[str, bytes]:
    """(file name, bytes) of the student wheel; byte-identical for the same sources."""
    package_dir = Path(package_dir or Path(__file__).resolve().parent.parent)
    return wheel_name(), zip_bytes(wheel_files(package_dir, reqs or requirements(), precomputed))
