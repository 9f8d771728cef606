"""The Gradescope autograder zip of one assignment.

    build_autograder_zip("a2_conv2d", Path("autograder.zip"))

Gradescope unpacks the zip into ``/autograder/source``, runs ``setup.sh`` once when it builds the
image, then, in a fresh container per submission, runs ``/autograder/run_autograder`` as root.
The zip holds:

- ``setup.sh``: bubblewrap when apt can install it, a virtual environment in ``/opt/convgrade``
  with the CPU build of torch (not the multi-GB CUDA one) and the other dependencies, and the
  convgrade wheel installed into ``/autograder/source/lib`` (hidden suites and solutions stay
  in the source folder, which the student's worker cannot read);
- ``run_autograder``: grades ``/autograder/submission`` (see ``gradescope_run``);
- the instructor wheel, ``requirements.txt`` and ``convgrade.json`` (assignment, sandbox, lang).

``CONVGRADE_AUTOGRADER_ROOT`` moves ``/autograder`` (tests run the whole thing in a temporary
tree) and ``CONVGRADE_PYTHON`` names the interpreter that has the dependencies.
"""
from __future__ import annotations

import json
import re
try:
    import tomllib  # novermin (3.11+; tomli below on 3.10)
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
from pathlib import Path

from .. import __version__
from ..assignments import REPO_ROOT, get_assignment
from ..release.zips import zip_bytes
from .wheel import build_wheel

CONFIG_NAME = "convgrade.json"
TORCH_INDEX = "https://download.pytorch.org/whl/cpu"
FALLBACK_REQUIREMENTS = ["numpy>=1.24", "torch>=2.2,<2.14", "click>=8.1", "pytest>=7.4", "rich>=13",
                         "nbformat>=5.9", "matplotlib>=3.7"]

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
set -euo pipefail
SOURCE="$(cd "$(dirname "${{BASH_SOURCE[0]}}")" && pwd)"
ENV_DIR="${{CONVGRADE_ENV:-/opt/convgrade}}"
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1

if command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq || true
    # bubblewrap is used when the container lets it run; the grader falls back to a dropped uid
    apt-get install -y -qq bubblewrap || echo "convgrade: bubblewrap could not be installed"
    apt-get install -y -qq python3-venv python3-pip || true
fi

# The dependencies live outside the source folder: the worker needs to read numpy.
python3 -m venv "$ENV_DIR"
"$ENV_DIR/bin/python" -m pip install --quiet --upgrade pip
"$ENV_DIR/bin/python" -m pip install --quiet "{torch}" --index-url {index}
"$ENV_DIR/bin/python" -m pip install --quiet -r "$SOURCE/requirements.txt"
chmod -R a+rX "$ENV_DIR"

# convgrade itself (hidden suites, solutions) goes into the source folder, closed to students.
"$ENV_DIR/bin/python" -m pip install --quiet --no-deps --target "$SOURCE/lib" "$SOURCE/{wheel}"
"$ENV_DIR/bin/python" -c "import sys; sys.path.insert(0, '$SOURCE/lib'); import autograder.engine"
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this as root, once per submission, in a fresh container.
ROOT="${CONVGRADE_AUTOGRADER_ROOT:-/autograder}"
PYTHON="${CONVGRADE_PYTHON:-}"
if [ -z "$PYTHON" ]; then
    if [ -x /opt/convgrade/bin/python ]; then PYTHON=/opt/convgrade/bin/python; else PYTHON=python3; fi
fi
cd "$ROOT" || exit 1
export PYTHONPATH="$ROOT/source/lib" PYTHONDONTWRITEBYTECODE=1
exec "$PYTHON" -m autograder.export.gradescope_run --root "$ROOT"
"""


def requirements(pyproject: Path = REPO_ROOT / "pyproject.toml") -> list[str]:
    """convgrade's runtime dependencies, with the version pins of pyproject.toml."""
    if not pyproject.is_file():
        return list(FALLBACK_REQUIREMENTS)
    return list(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"])


def _is_torch(requirement: str) -> bool:
    return re.match(r"^torch\b(?![-_.\w])", requirement.strip()) is not None


def autograder_files(assignment: str, *, sandbox: str = "auto", lang: str = "en") -> dict[str, bytes]:
    """Archive name → content of the autograder zip."""
    name = get_assignment(assignment).name
    reqs = requirements()
    torch = next((r for r in reqs if _is_torch(r)), "torch>=2.2,<2.14")
    wheel, wheel_bytes = build_wheel(reqs)
    config = {"assignment": name, "sandbox": sandbox, "lang": lang, "grader_version": __version__}
    return {
        "setup.sh": SETUP_SH.format(torch=torch, index=TORCH_INDEX, wheel=wheel).encode(),
        "run_autograder": RUN_AUTOGRADER.encode(),
        "requirements.txt": ("\n".join(r for r in reqs if not _is_torch(r)) + "\n").encode(),
        CONFIG_NAME: (json.dumps(config, indent=2) + "\n").encode(),
        wheel: wheel_bytes,
    }


def build_autograder_zip(assignment: str, out: Path, *, sandbox: str = "auto", lang: str = "en") -> Path:
    """Write the autograder zip of ``assignment`` to ``out``; returns ``out``."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    files = autograder_files(assignment, sandbox=sandbox, lang=lang)
    out.write_bytes(zip_bytes(files, executable=frozenset({"setup.sh", "run_autograder"})))
    return out
