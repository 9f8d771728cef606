"""Bad input: broken files, notebooks and zips, wrong signatures and bad return values.

Each gets a clear message and 0 on what it affects; the rest of the submission and the rest of
the batch are graded as usual, and nothing is written outside OUT.
"""
from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.submission import load_submissions

from .conftest import (REPO, results_json, scores_by_function, snapshot, solution_text,
                       submission_of)


def _notebook(cells: list[str]) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    return nbformat.writes(nb)


def _zip(path: Path, members: list[tuple[str, bytes]], symlink: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return path


def _bomb(path: Path, size: int = 80 << 20) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("shapes.py", "w", force_zip64=True) as fh:
            block = b"#" * (1 << 20)
            for _ in range(size >> 20):
                fh.write(block)
    return path


GOOD = solution_text("a1_shapes").encode()

# name, how to make it under a folder, regex the problem must match
BAD_FILES = [
    ("empty", lambda d: _write(d / "shapes.py", b""), r"empty"),
    ("whitespace only", lambda d: _write(d / "shapes.py", b"  \n\n\t\n"), r"empty"),
    ("binary", lambda d: _write(d / "shapes.py", b"\x7fELF\x02\x01\x01\x00" + os.urandom(2000)),
     r"binary|UTF-8"),
    ("not UTF-8", lambda d: _write(d / "shapes.py", "# résumé\n".encode("latin-1") + GOOD), r"UTF-8"),
    ("huge file", lambda d: _write(d / "shapes.py", GOOD + b"#" * (3 << 20)), r"larger than"),
    ("notebook, broken JSON", lambda d: _write(d / "shapes.ipynb", _notebook(["x = 1"]).encode()[:-40]),
     r"JSON is broken"),
    ("notebook, no code", lambda d: _write(d / "shapes.ipynb", _notebook(["", "   ", "%matplotlib inline"]).encode()),
     r"no code"),
    ("notebook, JSON but no notebook", lambda d: _write(d / "shapes.ipynb", b'{"cells": 3}'),
     r"not a Jupyter notebook"),
    ("notebook, not UTF-8", lambda d: _write(d / "shapes.ipynb", b'{"cells": ["\xff\xfe"]}'), r"UTF-8"),
    ("zip with ../", lambda d: _zip(d / "sub.zip", [("shapes.py", GOOD), ("../../escaped.py", b"x")]),
     r"outside the archive"),
    ("zip with an absolute path", lambda d: _zip(d / "sub.zip", [("shapes.py", GOOD), ("/tmp/abs.py", b"x")]),
     r"absolute path"),
    ("zip with a symlink", lambda d: _zip(d / "sub.zip", [("shapes.py", GOOD)], symlink="passwd"),
     r"symbolic link"),
    ("zip bomb", lambda d: _bomb(d / "sub.zip"), r"unpacks to|zip bomb|larger than"),
    ("not a zip", lambda d: _write(d / "sub.zip", b"PK\x03\x04 not really"), r"not a valid zip"),
    ("symlink to the solution", lambda d: os.symlink(REPO / "solutions/a1_shapes/shapes.py", d / "shapes.py"),
     r"symbolic link"),
]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("make, problem", [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES])
def test_bad_file_gets_a_clear_message_and_zero(make, problem, tmp_path, session):
    folder = tmp_path / "in"
    folder.mkdir()
    path = make(folder) or folder
    path = path if Path(path).suffix == ".zip" else folder
    subs = load_submissions(path, "a1")
    assert len(subs) == 1
    sub = subs[0]
    assert not sub.ok
    text = " ".join(sub.problems)
    assert __import__("re").search(problem, text, __import__("re").I), text
    data = results_json(session.grade(sub, "a1_shapes"))
    assert data["score"] == 0
    assert data["extra_data"]["status"] == "no_submission"
    assert sub.problems[0] in data["output"]
    assert not (tmp_path.parent / "escaped.py").exists() and not Path("/tmp/abs.py").exists()


def test_two_submissions_for_one_student_grade_the_latest(tmp_path, session):
    folder = tmp_path / "canvas"
    folder.mkdir()
    _write(folder / "smithjo_1234_5678_shapes.py", GOOD + b"\ndef receptive_field(layers):\n    return -1\n")
    _write(folder / "smithjo_1234_5690_shapes-1.py", GOOD)
    _write(folder / "doeja_1235_5679_shapes.py", GOOD)
    subs = load_submissions(folder, "a1")
    assert sorted(s.name for s in subs) == ["doeja", "smithjo"]
    smith = next(s for s in subs if s.name == "smithjo")
    assert any("2 submissions for smithjo" in w for w in smith.warnings), smith.warnings
    assert smith.origin.name == "smithjo_1234_5690_shapes-1.py"
    data = results_json(session.grade(smith, "a1_shapes"))
    assert data["score"] == data["max_score"]


WRONG_SIGNATURES = """

def receptive_field():                      # takes no argument
    return 1

def conv_output_size(in_size, kernel_size):   # stride, padding, dilation missing
    return in_size - kernel_size + 1

conv2d_num_params = 42                        # not a function

class same_padding:                           # a class, called like the function
    def __init__(self, kernel_size, dilation=1):
        pass
"""


def test_wrong_signatures_score_zero_on_those_functions_only(session):
    data = results_json(session.grade(submission_of("a1_shapes", solution_text("a1_shapes") + WRONG_SIGNATURES),
                                      "a1_shapes"))
    by_fn = scores_by_function(data)
    broken = ("receptive_field", "conv2d_num_params", "same_padding")
    for fn in broken:
        assert all(t["score"] == 0 for t in by_fn[fn]), fn
        assert all(t["output"].strip() for t in by_fn[fn])
    assert any(t["score"] == 0 for t in by_fn["conv_output_size"])     # stride tests fail
    for fn, tests in by_fn.items():
        if fn not in broken + ("conv_output_size",):
            assert all(t["score"] == t["max_score"] for t in tests), fn
    said = "\n".join(t["output"] for t in by_fn["receptive_field"])
    assert "TypeError" in said


# what conv1d returns instead of its result (python source of an expression of `good`, the right
# answer, or None where the configuration is refused), and what the message must say
BAD_RESULTS = [
    ("list", "good.tolist()", r"list|array"),
    ("scalar", "0.0", r"float|number|array"),
    ("None", "None", r"None|nothing|array"),
    ("NaN", "np.full(good.shape, np.nan)", r"NaN|finite|not a number"),
    ("inf", "np.full(good.shape, np.inf)", r"inf|finite"),
    ("wrong shape", "good[..., :-1]", r"shape"),
    ("wrong dtype", "good.astype(np.float16)", r"dtype|float16"),
    ("complex", "good.astype(np.complex128)", r"dtype|complex"),
    ("int array", "np.rint(good).astype(np.int64)", r"dtype|int64"),
    ("string", "'RT-SECRET ' * 1000", r"str|array"),
    ("dict", "{'value': good}", r"dict|array"),
    ("huge int", "10 ** 5000", r"int|array"),
    ("enormous array", "np.broadcast_to(np.float64(0), (1 << 28,))", r"memory|large|array|shape"),
    ("deep nesting", "functools.reduce(lambda a, _: [a], range(200), 0)", r"deep|list|array|returned"),
]


@pytest.mark.parametrize("expr, said", [b[1:] for b in BAD_RESULTS], ids=[b[0] for b in BAD_RESULTS])
def test_bad_results_score_zero_with_a_message(expr, said, session, deadline):
    attack = f"""
import functools
import numpy as np
_rt_correct = conv1d

def conv1d(*args, **kwargs):
    try:
        good = np.asarray(_rt_correct(*args, **kwargs))
    except ValueError:
        good = np.ones((1, 1, 3))
    if good.size == 0:
        good = np.ones((1, 1, 3))
    return {expr}
"""
    start = time.monotonic()
    data = results_json(session.grade(submission_of("a2_conv2d", solution_text("a2_conv2d") + attack),
                                      "a2_conv2d"))
    by_fn = scores_by_function(data)
    assert all(t["score"] == 0 for t in by_fn["conv1d"]), [t["name"] for t in by_fn["conv1d"] if t["score"]]
    for fn, tests in by_fn.items():
        if fn != "conv1d":
            assert all(t["score"] == t["max_score"] for t in tests), fn
    text = "\n".join(t["output"] for t in by_fn["conv1d"])
    assert __import__("re").search(said, text, __import__("re").I), text[:800]
    for t in by_fn["conv1d"]:
        if t["extra_data"]["hidden"]:
            assert "RT-SECRET" not in t["output"]
    assert time.monotonic() - start < deadline(120)


# ------------------------------------------------------------------------------- the CLI


def test_cli_batch_of_bad_files_goes_on_and_writes_only_under_out(tmp_path):
    """`convgrade grade DIR --out OUT` over a folder of bad files and one good one: exit 0, a
    result with a reason for each, full marks for the good one, and nothing outside OUT."""
    batch = tmp_path / "batch"
    batch.mkdir()
    _write(batch / "alice.py", GOOD)
    _write(batch / "bob.py", b"")
    _write(batch / "carol.py", b"\x00\x01binary\x00")
    _write(batch / "dave.py", "# café\n".encode("latin-1"))
    _write(batch / "erin.ipynb", b'{"cells": [')
    _zip(batch / "frank.zip", [("shapes.py", GOOD), ("../../../escaped.py", b"import os")])
    _zip(batch / "grace.zip", [("shapes.py", GOOD), (f"{tmp_path}/absolute.py", b"x")])
    _bomb(batch / "heidi.zip", 40 << 20)
    _write(batch / "ivan.py", GOOD + b"\ndef receptive_field():\n    return 1\n")
    out = tmp_path / "out"
    before = snapshot(tmp_path)
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, str(REPO / "cli.py"), "grade", str(batch), "--assignment", "a1",
                           "--out", str(out)], capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = {p.stem: json.loads(p.read_text()) for p in (out / "results").glob("*.json")}
    assert set(results) >= {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan"}, sorted(results)
    for name, data in results.items():
        assert data["tests"], name
        if name == "alice":
            assert data["score"] == data["max_score"]
        elif name == "ivan":
            assert 0 < data["score"] < data["max_score"]
        else:
            assert data["score"] == 0, name
            assert data["output"].strip(), name
    after = {k: v for k, v in snapshot(tmp_path).items() if not k.startswith("out/")}
    assert after == before, sorted(set(after) ^ set(before))
    assert not any(tmp_path.parent.glob("escaped.py")) and not (tmp_path / "absolute.py").exists()
    for line in proc.stdout.splitlines():
        assert len(line) < 500
