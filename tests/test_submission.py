"""autograder.submission on real files: .py, notebooks, folders, zips and LMS layouts."""
from __future__ import annotations

import io
import os
import stat
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder.assignments import UnknownAssignment
from autograder.submission import (
    Chunk, LoadLimits, detect_assignment, load_submissions, parse_canvas_name, strip_magics,
)

GOOD = "import numpy as np\n\n\ndef conv2d(x, weight):\n    return x\n"


def write_notebook(path: Path, cells: list[tuple[str, str, dict | None]]) -> Path:
    """cells: (kind, source, nbgrader metadata or None)."""
    nb = nbformat.v4.new_notebook()
    for i, (kind, source, meta) in enumerate(cells):
        cell = (nbformat.v4.new_code_cell(source) if kind == "code"
                else nbformat.v4.new_markdown_cell(source))
        cell.id = f"cell-{i}"
        if meta is not None:
            cell.metadata["nbgrader"] = meta
        nb.cells.append(cell)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


SOLUTION = {"solution": True, "grade": False, "locked": False, "grade_id": "x", "schema_version": 3}
TESTS = {"solution": False, "grade": True, "locked": True, "grade_id": "t", "points": 1,
         "schema_version": 3}


def only(subs):
    assert len(subs) == 1, subs
    return subs[0]


# ----------------------------------------------------------------------------- single .py files


def test_py_file_is_one_chunk(tmp_path):
    p = tmp_path / "conv2d.py"
    p.write_text(GOOD)
    s = only(load_submissions(p))
    assert s.ok and s.name == "conv2d" and s.assignment == "a2_conv2d"
    assert s.chunks == [Chunk(GOOD, "conv2d.py", 1)]
    assert not s.tolerant and s.origin == p
    # a file's own date is the student's to set: kept apart, never taken as the submission time
    assert s.submitted_at is None and s.time_source == ""
    assert s.file_time is not None and s.file_time.tzinfo is not None


def test_assignment_argument_wins_and_accepts_short_names(tmp_path):
    p = tmp_path / "homework.py"
    p.write_text(GOOD)
    assert only(load_submissions(p)).assignment is None
    assert only(load_submissions(p, "a3")).assignment == "a3_kernel_matrix"
    assert only(load_submissions(p, "shapes")).assignment == "a1_shapes"
    with pytest.raises(UnknownAssignment):
        load_submissions(p, "a9")


def test_assignment_mismatch_is_a_warning(tmp_path):
    p = tmp_path / "shapes.py"
    p.write_text(GOOD)
    s = only(load_submissions(p, "a2"))
    assert s.assignment == "a2_conv2d" and s.ok
    assert "a1_shapes" in s.warnings[0]


def test_crlf_bom_and_coding_cookie(tmp_path):
    p = tmp_path / "conv2d.py"
    p.write_bytes(b"\xef\xbb\xbfx = 1\r\ny = 2\r\n")
    assert only(load_submissions(p)).chunks[0].code == "x = 1\ny = 2\n"
    p.write_bytes("# -*- coding: latin-1 -*-\nname = 'Jos\xe9'\n".encode("latin-1"))
    assert "José" in only(load_submissions(p)).chunks[0].code


@pytest.mark.parametrize("content, words", [
    (b"", "is empty"),
    (b"  \n\n\t\n", "is empty"),
    (b"x = 'caf\xe9'\n", "not UTF-8"),
    (bytes(range(256)) * 4, "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
])
def test_bad_py_files_become_problems(tmp_path, content, words):
    p = tmp_path / "conv2d.py"
    p.write_bytes(content)
    s = only(load_submissions(p))
    assert not s.ok and not s.chunks
    assert words in s.problems[0] and "conv2d.py" in s.problems[0]


def test_huge_file_is_refused(tmp_path):
    p = tmp_path / "conv2d.py"
    p.write_bytes(b"# padding\n" * 300_000)  # 3 MB
    s = only(load_submissions(p))
    assert s.problems and "larger than 2 MB" in s.problems[0]


def test_missing_path_and_unknown_suffix(tmp_path):
    s = only(load_submissions(tmp_path / "nope.py"))
    assert "does not exist" in s.problems[0]
    (tmp_path / "conv2d.txt").write_text(GOOD)
    s = only(load_submissions(tmp_path / "conv2d.txt"))
    assert "not a Python file" in s.problems[0]


# ----------------------------------------------------------------------------- notebooks


def test_notebook_with_solution_metadata(tmp_path):
    p = write_notebook(tmp_path / "conv2d.ipynb", [
        ("markdown", "# Convolution", None),
        ("code", "import matplotlib.pyplot as plt", None),
        ("code", "import numpy as np", SOLUTION),
        ("code", "assert conv2d(1, 2) == 1", TESTS),
        ("code", "def conv2d(x, weight):\n    return x", SOLUTION),
        ("code", "   ", SOLUTION),
    ])
    s = only(load_submissions(p))
    assert s.ok and not s.tolerant and s.assignment == "a2_conv2d"
    assert [c.origin for c in s.chunks] == ["conv2d.ipynb, cell 3", "conv2d.ipynb, cell 5"]
    assert s.chunks[1].code.startswith("def conv2d") and s.chunks[1].first_line == 1


def test_notebook_without_metadata_is_tolerant(tmp_path):
    p = write_notebook(tmp_path / "kernel_matrix.zh.ipynb", [
        ("code", "%matplotlib inline\nimport numpy as np", None),
        ("markdown", "text", None),
        ("code", "def im2col(x, k):\n    return x", None),
        ("code", "import matplotlib.pyplot as plt\nplt.plot([1, 2])", None),
        ("code", "", None),
    ])
    s = only(load_submissions(p))
    assert s.ok and s.tolerant and s.assignment == "a3_kernel_matrix"
    assert [c.origin for c in s.chunks] == [
        "kernel_matrix.zh.ipynb, cell 1", "kernel_matrix.zh.ipynb, cell 3",
        "kernel_matrix.zh.ipynb, cell 4"]
    assert s.chunks[0].code == "pass\nimport numpy as np"


def test_broken_notebook_json_names_the_file_and_place(tmp_path):
    p = tmp_path / "conv2d.ipynb"
    p.write_text('{"cells": [{"cell_type": "code",\n "source": "x = 1"\n')
    s = only(load_submissions(p))
    assert not s.chunks and "conv2d.ipynb" in s.problems[0]
    assert "JSON is broken at line" in s.problems[0]


def test_json_that_is_not_a_notebook(tmp_path):
    p = tmp_path / "conv2d.ipynb"
    p.write_text('{"hello": 1}')
    assert "not a Jupyter notebook" in only(load_submissions(p)).problems[0]


def test_notebook_without_code(tmp_path):
    p = write_notebook(tmp_path / "conv2d.ipynb", [("markdown", "# nothing here", None),
                                                    ("code", "  \n", None)])
    s = only(load_submissions(p))
    assert not s.chunks and "has no code" in s.problems[0]
    p = write_notebook(tmp_path / "shapes.ipynb", [("code", "%pip install torch\n!ls", None)])
    assert "has no code" in only(load_submissions(p)).problems[0]


def test_strip_magics_keeps_line_numbers_and_python():
    code = ("%matplotlib inline\nimport numpy as np\nfiles = !ls\nif True:\n    !pip install x\n"
            "y = (10\n     % 3)\nnp.sum?\ndoc = '''\n%not a magic\n'''\nz = 7 % 2\n")
    out = strip_magics(code)
    assert out.count("\n") == code.count("\n")
    assert out.split("\n")[:6] == ["pass", "import numpy as np", "pass", "if True:", "    pass",
                                   "y = (10"]
    assert "     % 3)" in out and "%not a magic" in out and "z = 7 % 2" in out
    compile(out, "cell", "exec")
    assert strip_magics("%%bash\necho hi\nls").strip() == ""
    assert strip_magics("%%time\nx = 1") == "\nx = 1"


# ----------------------------------------------------------------------------- names


@pytest.mark.parametrize("name, expected", [
    ("conv2d.py", "a2_conv2d"), ("conv2d.ipynb", "a2_conv2d"), ("conv2d.zh.ipynb", "a2_conv2d"),
    ("shapes.py", "a1_shapes"), ("a3_kernel_matrix.ipynb", "a3_kernel_matrix"),
    ("transposed_conv.py", "a4_transposed_conv"), ("smithjane_123_456_conv2d.py", "a2_conv2d"),
    ("smithjane_LATE_123_456_transposed_conv-2.py", "a4_transposed_conv"),
    ("my_kernel_matrix.py", "a3_kernel_matrix"), ("conv2d (1).py", "a2_conv2d"),
    ("homework.py", None), ("conv2d_notes.txt", None), ("xconv2d.py", None),
])
def test_detect_assignment(name, expected):
    assert detect_assignment(name) == expected


def test_parse_canvas_name():
    c = parse_canvas_name("doejohn_late_61234_998877_conv2d-3.py")
    assert (c.student, c.user_id, c.file_id, c.late, c.filename, c.resubmission) == (
        "doejohn", "61234", "998877", True, "conv2d-3.py", 3)
    assert parse_canvas_name("conv2d.py") is None


# ----------------------------------------------------------------------------- folders


def test_folder_with_module_is_one_submission(tmp_path):
    d = tmp_path / "alice"
    d.mkdir()
    (d / "conv2d.py").write_text(GOOD)
    (d / "notes.txt").write_text("hi")
    (d / "scratch.py").write_text("print(1)")
    (d / ".ipynb_checkpoints").mkdir()
    (d / ".ipynb_checkpoints" / "conv2d-checkpoint.ipynb").write_text("{}")
    s = only(load_submissions(d))
    assert s.ok and s.name == "alice" and s.assignment == "a2_conv2d"
    assert s.origin == d / "conv2d.py"


def test_folder_with_single_notebook_is_one_submission(tmp_path):
    d = tmp_path / "bob"
    write_notebook(d / "my homework.ipynb", [("code", GOOD, None)])
    s = only(load_submissions(d, "a2"))
    assert s.ok and s.name == "bob" and s.tolerant


def test_folder_of_entries_is_many_submissions(tmp_path):
    d = tmp_path / "batch"
    d.mkdir()
    (d / "alice.py").write_text(GOOD)
    write_notebook(d / "bob.ipynb", [("code", GOOD, SOLUTION)])
    (d / "carol").mkdir()
    (d / "carol" / "conv2d.py").write_text(GOOD)
    (d / "dave").mkdir()
    (d / "dave" / "README.md").write_text("forgot the code")
    (d / "erin.py").write_bytes(b"")
    (d / "grades.csv").write_text("a,b\n")
    subs = {s.name: s for s in load_submissions(d, "a2_conv2d")}
    assert set(subs) == {"alice", "bob", "carol", "dave", "erin"}
    assert subs["alice"].ok and subs["bob"].ok and subs["carol"].ok
    assert all(s.assignment == "a2_conv2d" for s in subs.values())
    assert "holds no conv2d.py" in subs["dave"].problems[0]
    assert "README.md" in subs["dave"].problems[0]
    assert "is empty" in subs["erin"].problems[0]


def test_empty_folder(tmp_path):
    (tmp_path / "nothing").mkdir()
    s = only(load_submissions(tmp_path / "nothing"))
    assert "no .py file, notebook or zip" in s.problems[0]


def test_nbgrader_submitted_layout(tmp_path):
    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text("c = get_config()\n")
    for student in ("s001", "s002"):
        write_notebook(course / "submitted" / student / "a2_conv2d" / "conv2d.ipynb",
                       [("code", GOOD, SOLUTION)])
    (course / "submitted" / "s002" / "a1_shapes").mkdir()
    (course / "submitted" / "s002" / "a1_shapes" / "shapes.py").write_text("x = 1\n")
    for root in (course, course / "submitted"):
        subs = {s.name: s for s in load_submissions(root, "a2")}
        assert set(subs) == {"s001", "s002"}
        assert all(s.ok and s.assignment == "a2_conv2d" for s in subs.values())
        assert subs["s002"].origin.parent.name == "a2_conv2d"
    one = only(load_submissions(course / "submitted" / "s001" / "a2_conv2d"))
    assert one.name == "s001" and one.ok
    assert only(load_submissions(course / "submitted" / "s001")).name == "s001"


def test_canvas_batch_keeps_the_latest_resubmission(tmp_path):
    d = tmp_path / "canvas"
    d.mkdir()
    (d / "smithjane_1001_5001_conv2d.py").write_text("old = 1\n")
    (d / "smithjane_1001_5002_conv2d-1.py").write_text("new = 1\n")
    (d / "doejohn_late_1002_5003_conv2d.py").write_text(GOOD)
    subs = {s.name: s for s in load_submissions(d)}
    assert set(subs) == {"smithjane", "doejohn"}
    jane = subs["smithjane"]
    assert jane.chunks[0].code == "new = 1\n"
    assert jane.meta["canvas_user_id"] == "1001" and jane.meta["resubmission"] == "1"
    assert "2 submissions for smithjane" in jane.warnings[0]
    assert subs["doejohn"].meta["late"] == "true"
    assert all(s.assignment == "a2_conv2d" for s in subs.values())


def test_two_entries_with_one_name_are_both_kept_whatever_their_dates(tmp_path):
    d = tmp_path / "batch"
    d.mkdir()
    (d / "alice.py").write_text("first = 1\n")
    write_notebook(d / "alice.ipynb", [("code", "second = 1", None)])
    os.utime(d / "alice.py", (1_600_000_000, 1_600_000_000))     # a date the student chose
    subs = load_submissions(d)
    assert sorted(s.chunks[0].code for s in subs) == ["first = 1\n", "second = 1"]
    assert {s.name for s in subs} == {"alice"}


GRADESCOPE_META = """\
submission_101:
  :submitters:
  - :name: Jane Smith
    :sid: '2001'
    :email: jane@example.edu
  :created_at: 2025-03-01 12:34:56.789012000 -08:00
  :score: 8.0
submission_102:
  :submitters:
  - :name: Pat Lee
    :email: pat@example.edu
  :created_at: 2025-03-02 09:00:00.000000000 +00:00
"""


def test_gradescope_export(tmp_path):
    root = tmp_path / "assignment_77_export"
    (root / "submission_101").mkdir(parents=True)
    (root / "submission_101" / "conv2d.py").write_text(GOOD)
    write_notebook(root / "submission_102" / "conv2d.ipynb", [("code", GOOD, SOLUTION)])
    (root / "submission_metadata.yml").write_text(GRADESCOPE_META)
    subs = {s.name: s for s in load_submissions(root)}
    assert set(subs) == {"2001", "pat"}
    jane = subs["2001"]
    assert jane.ok and jane.meta["name"] == "Jane Smith" and jane.meta["email"] == "jane@example.edu"
    assert jane.submitted_at == datetime(2025, 3, 1, 20, 34, 56, 789012, tzinfo=timezone.utc)
    assert subs["pat"].submitted_at.day == 2 and subs["pat"].ok


def test_symlink_in_folder_is_refused(tmp_path):
    secret = tmp_path / "secret.py"
    secret.write_text("hidden = 1\n")
    d = tmp_path / "mallory"
    d.mkdir()
    (d / "conv2d.py").symlink_to(secret)
    s = only(load_submissions(d))
    assert not s.chunks and "symbolic link" in s.problems[0]


# ----------------------------------------------------------------------------- zips


def make_zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_zip_with_nested_folder_is_one_submission(tmp_path):
    z = make_zip(tmp_path / "alice.zip", {"alice_hw/conv2d.py": GOOD.encode(),
                                          "__MACOSX/alice_hw/._conv2d.py": b"\x00\x05junk"})
    s = only(load_submissions(z))
    assert s.ok and s.name == "alice" and s.assignment == "a2_conv2d"
    assert s.chunks[0].code == GOOD and s.origin == z / "alice_hw" / "conv2d.py"
    assert not any(p.suffix == ".py" for p in tmp_path.rglob("*.py"))  # nothing extracted


def test_zip_of_many_submissions_and_nested_zips(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("work/shapes.py", GOOD)
    z = make_zip(tmp_path / "batch.zip", {
        "batch/smithjane_1_2_shapes.py": GOOD.encode(),
        "batch/doejohn_3_4_shapes.zip": inner.getvalue(),
        "batch/lee/shapes.ipynb": b"{broken",
    })
    subs = {s.name: s for s in load_submissions(z)}
    assert set(subs) == {"smithjane", "doejohn", "lee"}
    assert subs["smithjane"].ok and subs["doejohn"].ok
    assert subs["doejohn"].assignment == "a1_shapes" and subs["doejohn"].meta["canvas_user_id"] == "3"
    assert "JSON is broken" in subs["lee"].problems[0]


def test_nbgrader_layout_in_a_zip(tmp_path):
    nb = tmp_path / "conv2d.ipynb"
    write_notebook(nb, [("code", GOOD, SOLUTION)])
    z = make_zip(tmp_path / "export.zip", {
        f"submitted/{s}/a2_conv2d/conv2d.ipynb": nb.read_bytes() for s in ("u1", "u2", "u3")})
    subs = load_submissions(z)
    assert sorted(s.name for s in subs) == ["u1", "u2", "u3"]
    assert all(s.ok and not s.tolerant for s in subs)


@pytest.mark.parametrize("member, words", [
    ("../evil.py", "points outside the archive"),
    ("alice/../../evil.py", "points outside the archive"),
    ("/etc/evil.py", "absolute path"),
    ("C:/temp/evil.py", "absolute path"),
])
def test_zip_with_escaping_paths_is_refused(tmp_path, member, words):
    z = make_zip(tmp_path / "evil.zip", {"conv2d.py": GOOD.encode(), member: b"x = 1\n"})
    s = only(load_submissions(z))
    assert not s.chunks and words in s.problems[0]


def test_zip_with_symlink_member_is_refused(tmp_path):
    z = tmp_path / "link.zip"
    with zipfile.ZipFile(z, "w") as zf:
        info = zipfile.ZipInfo("conv2d.py")
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    s = only(load_submissions(z))
    assert not s.chunks and "symbolic link" in s.problems[0]


def test_zip_bomb_is_refused(tmp_path):
    z = tmp_path / "bomb.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("conv2d.py", "w", force_zip64=True) as fh:
            block = b"#" * (1 << 20)
            for _ in range(100):
                fh.write(block)
    assert z.stat().st_size < 1 << 20
    s = only(load_submissions(z))
    assert not s.chunks and "conv2d.py" in s.problems[0] and "refused" in s.problems[0]


def test_zip_total_size_is_counted_while_unpacking(tmp_path):
    members = {f"s{i}/conv2d.py": (b"# x\n" * 50_000) for i in range(6)}  # 200 kB each
    z = make_zip(tmp_path / "big.zip", members)
    limits = LoadLimits(max_archive_bytes=500_000)
    subs = load_submissions(z, limits=limits)
    assert len(subs) == 6
    assert sum(s.ok for s in subs) == 2
    assert all("size limit" in s.problems[0] for s in subs if not s.ok)


def test_zip_member_count_and_garbage(tmp_path):
    z = make_zip(tmp_path / "many.zip", {f"f{i}.txt": b"" for i in range(30)})
    s = only(load_submissions(z, limits=LoadLimits(max_members=20)))
    assert "more than 20 members" in s.problems[0]
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    assert "not a valid zip" in only(load_submissions(bad)).problems[0]


def test_zip_with_two_assignments_needs_the_argument(tmp_path):
    z = make_zip(tmp_path / "all.zip", {"shapes.py": GOOD.encode(), "conv2d.py": GOOD.encode()})
    s = only(load_submissions(z))
    assert "several assignments" in s.problems[0]
    s = only(load_submissions(z, "a1"))
    assert s.ok and s.chunks[0].origin == "shapes.py" and s.assignment == "a1_shapes"


# ----------------------------------------------------------------------------- the examples

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SAMPLES = sorted(p for p in (EXAMPLES / "submissions").glob("*/*") if p.suffix in (".py", ".ipynb"))
TRUSTED = [p for p in SAMPLES if p.name.startswith(("correct_", "notebook_", "plain_notebook_"))]


def test_examples_exist_for_every_assignment():
    from autograder.assignments import ASSIGNMENTS
    for name in ASSIGNMENTS:
        kinds = {p.name.split("_")[0] for p in SAMPLES if p.parent.name == name}
        assert {"correct", "unfinished", "buggy", "notebook", "plain"} <= kinds, name
    for p in SAMPLES:
        if p.name.startswith("buggy_"):
            assert p.read_text().startswith("# Mistake:"), p


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_example_loads_without_problems(path):
    s = only(load_submissions(path))
    assert s.ok, s.problems
    assert s.assignment == path.parent.name and not s.warnings
    assert s.tolerant == path.name.startswith("plain_notebook_")
    if path.suffix == ".py":
        compile(s.chunks[0].code, s.chunks[0].origin, "exec")


def run_in_process(path: Path) -> dict:
    """Execute a trusted example's chunks as the worker would (failing tolerant cells skipped)."""
    s = only(load_submissions(path))
    namespace: dict = {"__name__": "student"}
    skipped = []
    for chunk in s.chunks:
        try:
            exec(compile(chunk.code, chunk.origin, "exec"), namespace)
        except Exception:
            if not s.tolerant:
                raise
            skipped.append(chunk.origin)
    assert len(skipped) <= 2, skipped   # the plot cell (and only it) fails everywhere
    return namespace


def _t(a):
    import torch
    return torch.from_numpy(np.asarray(a, dtype=np.float64))


def check_a1(ns):
    import torch
    conv = torch.nn.Conv2d(3, 8, (3, 5), stride=2, padding=(1, 2), dilation=(2, 1), groups=1)
    y = conv(torch.zeros(2, 3, 17, 12))
    assert ns["conv2d_output_shape"]((2, 3, 17, 12), (8, 3, 3, 5), 2, (1, 2), (2, 1)) == tuple(y.shape)
    assert ns["conv_output_size"](17, 3, 2, 1, 2) == y.shape[2]
    pool = torch.nn.MaxPool2d(3, 2, 1, ceil_mode=True)
    assert ns["pool_output_size"](10, 3, 2, 1, 1, True) == pool(torch.zeros(1, 1, 10, 10)).shape[2]
    t = torch.nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2)
    assert ns["conv_transpose2d_output_shape"]((4, 5, 7), (4, 3, 3, 3), 2, 1, 1, 2) == tuple(
        t(torch.zeros(4, 5, 7)).shape)
    assert ns["conv2d_num_params"](4, 6, 3, groups=2) == sum(
        p.numel() for p in torch.nn.Conv2d(4, 6, 3, groups=2).parameters())
    assert ns["same_padding"](4, 1) == (1, 2)
    assert ns["receptive_field"]([(3, 1, 1), (3, 2, 1), (3, 1, 2)]) == 1 + 2 + 2 + 2 * 2 * 2
    with pytest.raises(ValueError):
        ns["conv_output_size"](2, 5)


def check_a2(ns):
    import torch.nn.functional as F
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 4, 9, 8)).astype(np.float32)
    w = rng.standard_normal((6, 2, 3, 2))
    b = rng.standard_normal(6)
    kw = dict(stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2)
    ref = F.conv2d(_t(x), _t(w), _t(b), **kw).numpy()
    for fn in ("conv2d", "conv2d_naive"):
        got = ns[fn](x, w, b, **kw)
        assert got.dtype == np.float64 and np.allclose(got, ref, atol=1e-5)
    got = ns["conv2d"](x[0], w, None, padding="same", groups=2, padding_mode="reflect")
    ref = F.conv2d(F.pad(_t(x[:1]), (0, 1, 1, 1), mode="reflect"), _t(w), groups=2).numpy()[0]
    assert np.allclose(got, ref, atol=1e-5)
    assert ns["conv2d"](x[:0], w, b, groups=2).shape == (0, 6, 7, 7)
    ref = F.max_pool2d(_t(x), 3, 2, 1, ceil_mode=True).numpy()
    got = ns["max_pool2d"](x, 3, 2, 1, ceil_mode=True)
    assert got.dtype == np.float32 and np.allclose(got, ref)
    ref = F.avg_pool2d(_t(x), 3, 2, 1, ceil_mode=True, count_include_pad=False).numpy()
    assert np.allclose(ns["avg_pool2d"](x, 3, 2, 1, True, False), ref, atol=1e-6)
    ref = F.conv1d(_t(x[:, :, 0]), _t(w[:, :, 0]), stride=2, padding=1, groups=2).numpy()
    assert np.allclose(ns["conv1d"](x[:, :, 0], w[:, :, 0], stride=2, padding=1, groups=2), ref,
                       atol=1e-5)
    with pytest.raises(ValueError):
        ns["conv2d"](x, w, stride=2, padding="same", groups=2)


def check_a3(ns):
    import torch.nn.functional as F
    rng = np.random.default_rng(4)
    x = rng.standard_normal((2, 3, 7, 6))
    kw = dict(stride=(2, 1), padding=(1, 0), dilation=(1, 2))
    cols = ns["im2col"](x, (3, 2), **kw)
    assert np.allclose(cols, F.unfold(_t(x), (3, 2), **kw).numpy())
    assert np.allclose(ns["col2im"](cols, (7, 6), (3, 2), **kw),
                       F.fold(_t(cols), (7, 6), (3, 2), **kw).numpy())
    w = rng.standard_normal((4, 3, 3, 2))
    ref = F.conv2d(_t(x), _t(w), **kw).numpy()
    assert np.allclose(ns["conv2d_im2col"](x, w, **kw), ref)
    K = ns["kernel_matrix"](w, (7, 6), **kw)
    assert np.allclose(K @ x[1].ravel(), ref[1].ravel())
    with pytest.raises(ValueError):
        ns["conv2d_im2col"](x, w[:, :2])


def check_a4(ns):
    import torch
    import torch.nn.functional as F
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 4, 5, 6))
    w = rng.standard_normal((4, 3, 3, 2))
    kw = dict(stride=(2, 3), padding=(1, 0), output_padding=(1, 2), dilation=(1, 2))
    ref = F.conv_transpose2d(_t(x), _t(w), groups=2, **kw).numpy()
    assert np.allclose(ns["conv_transpose2d"](x, w, None, groups=2, **kw), ref)
    w1 = rng.standard_normal((4, 2, 3, 3))
    ref = F.conv_transpose2d(_t(x), _t(w1), stride=2, padding=1, output_padding=1).numpy()
    assert np.allclose(ns["conv_transpose2d_matmul"](x, w1, 2, 1, 1), ref)
    xt, wt = _t(x).requires_grad_(), _t(rng.standard_normal((6, 2, 3, 3))).requires_grad_()
    bt = torch.zeros(6, dtype=torch.float64, requires_grad=True)
    y = F.conv2d(xt, wt, bt, stride=2, padding=1, groups=2)
    g = torch.from_numpy(rng.standard_normal(tuple(y.shape)))
    y.backward(g)
    gx, gw, gb = ns["conv2d_backward"](g.numpy(), x, wt.detach().numpy(), 2, 1, 1, 2)
    assert np.allclose(gx, xt.grad.numpy()) and np.allclose(gw, wt.grad.numpy())
    assert np.allclose(gb, bt.grad.numpy())
    ones = F.conv_transpose2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 3, 3), stride=2)
    assert np.array_equal(ns["checkerboard"]((4, 4), 3, 2), ones[0, 0].numpy().astype(int))
    with pytest.raises(ValueError):
        ns["conv_transpose2d"](x, w, stride=1, output_padding=1)


@pytest.mark.parametrize("path", TRUSTED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_correct_examples_match_torch(path):
    ns = run_in_process(path)
    {"a1": check_a1, "a2": check_a2, "a3": check_a3, "a4": check_a4}[path.parent.name[:2]](ns)


def test_batch_demo_folders():
    a1 = {s.name: s for s in load_submissions(EXAMPLES / "batch" / "a1_shapes")}
    assert set(a1) == {"lovelaceada", "turingalan", "hoppergrace"}
    assert all(s.ok and s.assignment == "a1_shapes" for s in a1.values())
    assert a1["hoppergrace"].meta["late"] == "true"
    a2 = {s.name: s for s in load_submissions(EXAMPLES / "batch" / "a2_conv2d", "a2")}
    assert len(a2) == 6 and a2["zhangmin"].origin.name.endswith("conv2d-1.py")
    assert [n for n, s in a2.items() if not s.ok] == ["ivanovaolga"]
    assert "not UTF-8" in a2["ivanovaolga"].problems[0]


def test_roster():
    import csv
    with open(EXAMPLES / "rosters" / "roster.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 10 and len({r["student_id"] for r in rows}) == 10


# ----------------------------------------------------------------------------- hostile names, deep JSON, times


def test_deep_json_and_undecodable_names_become_problems_not_exceptions(tmp_path):
    d = tmp_path / "batch"
    d.mkdir()
    (d / "deep.ipynb").write_text("[" * 100_000 + "]" * 100_000)
    with open(os.path.join(os.fsencode(d), b"caf\xe9.py"), "w") as fh:      # Latin-1 bytes, not UTF-8
        fh.write(GOOD)
    (d / "ok.py").write_text(GOOD)
    subs = {s.name: s for s in load_submissions(d, "a2")}
    assert subs["ok"].ok
    deep = subs["deep"]
    assert not deep.ok and "deeply" in deep.problems[0]
    bad = next(s for n, s in subs.items() if n.startswith("caf"))
    assert bad.ok and bad.chunks[0].origin == "caf\\xe9.py"          # printable, writable as UTF-8
    bad.chunks[0].origin.encode("utf-8")


def test_a_metadata_json_counts_only_beside_the_path_the_ta_named(tmp_path):
    from autograder.submission.times import metadata_json_time

    sub = tmp_path / "autograder" / "submission"
    sub.mkdir(parents=True)
    (sub / "conv2d.py").write_text(GOOD)
    (sub / "submission_metadata.json").write_text('{"created_at": "2020-01-01T00:00:00Z"}')   # the student's
    assert metadata_json_time(sub) == (None, "")
    (sub.parent / "submission_metadata.json").write_text('{"created_at": "2025-03-01T12:00:00.5-08:00"}')
    when, source = metadata_json_time(sub)
    assert when == datetime(2025, 3, 1, 20, 0, 0, 500000, tzinfo=timezone.utc) and "Gradescope" in source
    assert metadata_json_time(sub / "conv2d.py") == (None, "")      # beside a file: the student's folder
    (sub.parent / "submission_metadata.json").write_text('{"created_at":' + "[" * 100_000)
    assert metadata_json_time(sub) == (None, "")


@pytest.mark.parametrize("text, words", [
    ("name,when\n", "line 1: the header needs the columns student and submitted_at"),
    ("student,submitted_at\nann,yesterday\n", "line 2: needs a student and a date"),
    ("student,submitted_at\nann,2025-01-01T00:00:00Z\nann,2025-01-02T00:00:00Z\n", "line 3: a second time"),
])
def test_times_file_errors_name_the_line(tmp_path, text, words):
    from autograder.submission.times import TimesError, read_times_file

    path = tmp_path / "times.csv"
    path.write_text(text)
    with pytest.raises(TimesError, match=words):
        read_times_file(path)


def test_times_file_reads_iso_and_gradescope_times(tmp_path):
    from autograder.submission.times import read_times_file

    path = tmp_path / "times.csv"
    path.write_text("\ufeffStudent,extra,Submitted_At\nann,x,2025-01-01T10:00:00+01:00\n"
                    "bob,,2025-01-01 09:00:00.000000000 -08:00\ncy,,2025-01-01T09:00:00\n")
    times = read_times_file(path)
    assert times["ann"] == datetime(2025, 1, 1, 9, tzinfo=timezone.utc)
    assert times["bob"] == datetime(2025, 1, 1, 17, tzinfo=timezone.utc)
    assert times["cy"].tzinfo is not None
