"""The guard of the student bundle: does any file hold something hidden?

Hidden means: a hidden suite file, a solutions/ file, a reference cache file, or the text of a
solution region (its distinctive lines) or of a hidden suite. The student edition's recorded torch
answers (``autograder/precomputed/<assignment>.npz``) are the one data file allowed, and only
while no call of a hidden test is among them.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ..assignments import ASSIGNMENTS
from .markers import find_regions

FORBIDDEN_NAMES = (re.compile(r"test_hidden"), re.compile(r"(^|/)solutions/"),
                   re.compile(r"cache[^/]*\.(npz|npy|pkl|pickle|json|db|sqlite)$"),
                   re.compile(r"\.(npz|npy|pkl|pickle)$"))
PRECOMPUTED = re.compile(r"(^|/)autograder/precomputed/a\d_[a-z0-9_]+\.npz$")
MIN_SECRET = 48  # two short lines (`n = x.shape[0]` / `return out`) tell nothing


def normalize(text: str) -> str:
    """Lines stripped of their indentation, blank lines dropped: code compares whatever its nesting."""
    return "\n".join(s for s in (line.strip() for line in text.splitlines()) if s)


def _pairs(lines: list[str]) -> set[str]:
    """Every two consecutive non-blank lines, normalized: one coinciding line is chance, two are a copy."""
    kept = normalize("\n".join(lines)).splitlines()
    return {f"{a}\n{b}" for a, b in zip(kept, kept[1:]) if len(a) + len(b) >= MIN_SECRET}


def secret_lines(solutions_dir: Path, suites_dir: Path, public_text: str) -> set[str]:
    """Pairs of lines of every solution region and hidden suite that ``public_text`` does not hold."""
    secrets: set[str] = set()
    for a in ASSIGNMENTS.values():
        path = Path(solutions_dir) / a.name / a.filename
        if path.is_file():
            source = path.read_text(encoding="utf-8").splitlines()
            for region in find_regions("\n".join(source), path):
                secrets |= _pairs(source[region.begin: region.end - 1])
        for hidden in (Path(suites_dir) / a.name).glob("*hidden*"):
            if hidden.is_file():
                secrets |= _pairs(hidden.read_text(encoding="utf-8").splitlines())
    public = normalize(public_text)
    return {s for s in secrets if s not in public}


def expand(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files, with every zip or wheel among them opened (names as ``outer!inner``)."""
    out = {}
    for name, data in files.items():
        out[name] = data
        if name.endswith((".zip", ".whl")):
            with zipfile.ZipFile(io.BytesIO(data)) as inner:
                nested = {f"{name}!{i}": inner.read(i) for i in inner.namelist()}
            out.update(expand(nested))
    return out


def find_leaks(files: dict[str, bytes], secrets: set[str]) -> list[str]:
    """``name: reason`` for every file that is hidden by name or holds a secret line."""
    problems = []
    for name, data in sorted(expand(files).items()):
        inner = name.rsplit("!", 1)[-1]
        if PRECOMPUTED.search(inner):
            problems += [f"{name}: {p}" for p in precomputed_leaks(data)]
            continue
        if any(p.search(inner) for p in FORBIDDEN_NAMES):
            problems.append(f"{name}: hidden by its name")
            continue
        text = normalize(data.decode("utf-8", errors="ignore"))
        found = next((s for s in secrets if s in text), None)
        if found:
            problems.append(f"{name}: holds hidden text {found.splitlines()[0][:60]!r}")
    return problems


def precomputed_leaks(data: bytes) -> list[str]:
    """Hidden tests whose exact torch call is recorded in a student edition data file.

    Only hidden tests with data drawn from their own seed count: a call on ``arange`` data or on
    scalars alone is one anybody can write down, and the shrinker may reach it from a public case
    (the recording holds public computations only, by construction; this is the second guard)."""
    import importlib
    import tempfile

    from .. import replay
    from ..cases import materialize

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store.npz"
        path.write_bytes(data)
        try:
            store = replay.ReplayStore(path)
        except Exception as exc:  # noqa: BLE001 - an unreadable data file is refused too
            return [f"unreadable precomputed data ({exc.__class__.__name__})"]
    found = []
    for a in ASSIGNMENTS.values():
        try:
            cases = importlib.import_module(f"autograder.suites.{a.name}.test_hidden").CASES
        except (ImportError, AttributeError):
            continue
        for case in cases:
            args, kwargs = materialize(case)
            specs = [v for v in list(case.args) + [v for _, v in case.kwargs] if hasattr(v, "kind")]
            if any(spec.kind != "arange" for spec in specs) and \
                    replay.call_key(case.function, args, kwargs) in store.calls:
                found.append(f"holds the answer of a hidden test ({case.function}, {case.label})")
    return found
