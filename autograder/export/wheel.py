"""The instructor's convgrade as a wheel, written directly (no build backend, no network).

Unlike the student edition (``autograder.release.wheel``) it holds everything grading needs:
the hidden suites and the reference solutions (the speed yardstick). It goes only into the
Gradescope zip, which stays with the instructor and Gradescope. The solutions sit at the top
of the install target (``solutions/<assignment>/<module>.py``), where
``Assignment.solution_path()`` looks for them.
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from .. import __version__
from ..assignments import ASSIGNMENTS, REPO_ROOT
from ..release.zips import zip_bytes

DIST_NAME = "convgrade"
PACKAGES = ("autograder", "question_bank")
DATA_SUFFIXES = (".py", ".toml", ".json", ".md", ".html", ".css", ".txt")
SKIPPED = re.compile(r"(^|/)(__pycache__|[^/]*cache[^/]*)/")


def source_files(root: Path = REPO_ROOT) -> dict[str, bytes]:
    """Archive name → content: the packages, cli.py and the reference solutions."""
    files: dict[str, bytes] = {}
    for package in PACKAGES:
        base = root / package
        for path in sorted(base.rglob("*")):
            relative = path.relative_to(root).as_posix()
            if path.is_file() and relative.endswith(DATA_SUFFIXES) and not SKIPPED.search(relative):
                files[relative] = path.read_bytes()
    files["cli.py"] = (root / "cli.py").read_bytes()
    for assignment in ASSIGNMENTS.values():
        solution = assignment.solution_path(root)
        if solution.is_file():
            files[solution.relative_to(root).as_posix()] = solution.read_bytes()
    return files


def wheel_name() -> str:
    return f"{DIST_NAME}-{__version__}-py3-none-any.whl"


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def wheel_files(requirements: list[str], root: Path = REPO_ROOT) -> dict[str, bytes]:
    """Every entry of the wheel, RECORD included."""
    info = f"{DIST_NAME}-{__version__}.dist-info"
    files = source_files(root)
    metadata = ["Metadata-Version: 2.1", f"Name: {DIST_NAME}", f"Version: {__version__}",
                "Summary: convgrade, instructor edition: hidden suites and reference solutions",
                "Requires-Python: >=3.10"] + [f"Requires-Dist: {r}" for r in requirements]
    files[f"{info}/METADATA"] = ("\n".join(metadata) + "\n").encode()
    files[f"{info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: convgrade export\n"
                              b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    files[f"{info}/entry_points.txt"] = b"[console_scripts]\nconvgrade = cli:main\n"
    files[f"{info}/top_level.txt"] = ("\n".join(PACKAGES + ("cli", "solutions")) + "\n").encode()
    record = [_record_line(n, files[n]) for n in sorted(files)] + [f"{info}/RECORD,,"]
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    return files


def build_wheel(requirements: list[str], root: Path = REPO_ROOT) -> tuple[str, bytes]:
    """(file name, bytes) of the instructor wheel; byte-identical for the same sources."""
    return wheel_name(), zip_bytes(wheel_files(requirements, root))
