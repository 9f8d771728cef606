"""Similarity report: submissions read as `grade` reads them, given code removed, reports written
safely (hostile names and code escaped), the command line end to end."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from click.testing import CliRunner

from autograder.assignments import get_assignment
from autograder.similarity import run_similarity, similarity_section_html, write_report
from autograder.similarity.report_html import render_page
from autograder.submission import load_submissions
from support import solution_source

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "similarity_cases" / "a2_conv2d"
EXAMPLES = ROOT / "examples" / "submissions" / "a2_conv2d"


def _put(root: Path, name: str, text: str, filename: str = "conv2d.py") -> None:
    (root / name).mkdir(parents=True, exist_ok=True)
    (root / name / filename).write_text(text, encoding="utf-8")


def test_notebook_solution_cells_match_the_same_code_in_a_file(tmp_path):
    """The example notebook holds correct_conv2d.py's code in solution cells (plus try-it, test and
    plot cells): it pairs with the .py at score 1, and its match lines point into those cells."""
    for name, path in (("py", EXAMPLES / "correct_conv2d.py"), ("nb", EXAMPLES / "notebook_conv2d.ipynb"),
                       ("other", CASES / "fft_conv2d.py")):
        (tmp_path / name).mkdir()
        (tmp_path / name / path.name).write_bytes(path.read_bytes())
    report = run_similarity(load_submissions(tmp_path, "a2"), "a2")
    best = report.pairs[0]
    assert {best.a, best.b} == {"py", "nb"} and best.score == 1.0
    nb = next(e for e in report.entries if e.name == "nb")
    assert len(nb.sections) > 1 and all("cell" in origin for _, origin in nb.sections)
    nb_lines = nb.code.split("\n")
    py_lines = (EXAMPLES / "correct_conv2d.py").read_text().split("\n")
    for m in best.matches:
        a, b = (m.a_lines, m.b_lines) if best.a == "nb" else (m.b_lines, m.a_lines)
        assert nb_lines[a[0] - 1].strip() == py_lines[b[0] - 1].strip()


def test_given_code_is_not_evidence(tmp_path):
    """Two students who both handed in the reference solution (or the untouched stub) share only
    given code: they are listed as not compared, not as a pair."""
    a2 = get_assignment("a2")
    solution = solution_source(a2.name)
    stub = (ROOT / "assignments" / "a2_conv2d" / "conv2d.py").read_text(encoding="utf-8")
    _put(tmp_path, "ref1", solution)
    _put(tmp_path, "ref2", solution.replace("    ", "  "))
    _put(tmp_path, "stub", stub)
    _put(tmp_path, "own1", (CASES / "loops_conv2d.py").read_text())
    _put(tmp_path, "own2", (CASES / "einsum_conv2d.py").read_text())
    report = run_similarity(load_submissions(tmp_path, "a2"), "a2")
    assert {name for name, _ in report.skipped} == {"ref1", "ref2", "stub"}
    assert [(p.a, p.b) for p in report.pairs] == [("own1", "own2")]
    # without the assignment's files the two reference copies are a perfect pair
    bare = run_similarity(load_submissions(tmp_path, "a2"), "a2", use_assignment_files=False)
    assert next(p for p in bare.pairs if {p.a, p.b} == {"ref1", "ref2"}).score == 1.0


def test_broken_syntax_still_compares_its_other_functions(tmp_path):
    source = (CASES / "im2col_conv2d.py").read_text()
    broken = source.replace("return y[0] if unbatched else y\n", "return y[0] if unbatched else (y\n", 1)
    _put(tmp_path, "orig", source)
    _put(tmp_path, "broken", broken)
    _put(tmp_path, "other", (CASES / "strided_conv2d.py").read_text())
    report = run_similarity(load_submissions(tmp_path, "a2"), "a2")
    assert {report.pairs[0].a, report.pairs[0].b} == {"orig", "broken"}
    assert report.pairs[0].score > 0.8 > 0.4 > report.pairs[1].score


def test_zip_and_folder_give_the_same_report_and_runs_repeat(tmp_path):
    folder = tmp_path / "class"
    for path in sorted(CASES.glob("*_conv2d.py"))[:3]:
        _put(folder, path.stem, path.read_text())
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in sorted(folder.rglob("*.py")):
            z.write(f, f.relative_to(folder).as_posix())
    one = run_similarity(load_submissions(folder, "a2"), "a2")
    two = run_similarity(load_submissions(archive, "a2"), "a2")
    assert [(p.a, p.b, p.score, p.matches) for p in one.pairs] == [(p.a, p.b, p.score, p.matches) for p in two.pairs]
    assert len(one.pairs) == 3


def test_hostile_names_and_code_are_escaped(tmp_path):
    evil = '<img src=x onerror=alert(1)>'
    code = (CASES / "fft_conv2d.py").read_text() + '\n\ndef conv1d(x, *a):\n    """</pre><script>alert(2)</script>"""\n    return x\n'
    _put(tmp_path, evil, code)
    _put(tmp_path, "copy", code)
    report = run_similarity(load_submissions(tmp_path, "a2"), "a2")
    assert report.pairs[0].score == 1.0 and report.pairs[0].matches
    for html in (render_page(report), similarity_section_html(report)):
        assert "<script>" not in html and "<img" not in html
        assert "never a verdict or a grade" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in render_page(report)
    assert "&lt;/pre&gt;&lt;script&gt;" in render_page(report)


def test_cli_writes_the_spec_json_and_html(tmp_path):
    from cli import cli

    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["similarity", str(ROOT / "examples" / "batch" / "a2_conv2d"),
                                      "--assignment", "a2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "similarity.json").read_text())
    scores = [p["score"] for p in data["pairs"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    assert all(set(p) >= {"a", "b", "score", "matches"} for p in data["pairs"])
    top = data["pairs"][0]
    assert {top["a"], top["b"]} <= {"liwei", "zhangmin", "garciamaria"} and top["score"] == 1.0
    assert all(set(m) == {"a_lines", "b_lines"} for m in top["matches"]) and top["matches"]
    assert [s["name"] for s in data["skipped"]] == ["ivanovaolga"]     # not UTF-8: reported, not fatal
    html = (out / "similarity.html").read_text()
    assert "never a verdict or a grade" in html and "<svg" in html and 'id="pair-1"' in html
    bad = CliRunner().invoke(cli, ["similarity", str(EXAMPLES / "correct_conv2d.py"), "--assignment", "a9",
                                   "--out", str(out)])
    assert bad.exit_code == 2


def test_entry_point_runs_as_a_real_process(tmp_path):
    for path in sorted(CASES.glob("*_conv2d.py"))[:2]:
        _put(tmp_path / "subs", path.stem, path.read_text())
    run = subprocess.run([sys.executable, str(ROOT / "cli.py"), "similarity", str(tmp_path / "subs"),
                          "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "2 submissions compared, 1 pairs" in run.stdout
    report = json.loads((tmp_path / "out" / "similarity.json").read_text())
    assert report["assignment"] == "a2_conv2d" and len(report["pairs"]) == 1


def test_write_report_and_section(tmp_path):
    _put(tmp_path / "s", "a", (CASES / "loops_conv2d.py").read_text())
    _put(tmp_path / "s", "b", (CASES / "loops_conv2d.py").read_text().replace("total", "acc"))
    report = run_similarity(load_submissions(tmp_path / "s", "a2"), "a2")
    json_path, html_path = write_report(report, tmp_path / "out")
    assert json_path.name == "similarity.json" and html_path.name == "similarity.html"
    section = similarity_section_html(report, link="similarity.html")
    assert section.startswith('<section class="sim"') and 'href="similarity.html#pair-1"' in section


def test_student_edition_leaves_the_similarity_report_out():
    from autograder.release.wheel import package_files

    names = package_files(ROOT / "autograder")
    assert "autograder/submission/__init__.py" in names
    assert not [n for n in names if n.startswith("autograder/similarity/") or "similarity_cmd" in n]


def test_undecodable_file_names_are_written_safely(tmp_path):
    root = tmp_path / "subs"
    root.mkdir()
    for raw, path in ((b"st\xffudent", CASES / "loops_conv2d.py"), (b"other", CASES / "loops_conv2d.py")):
        folder = root / raw.decode("utf-8", "surrogateescape")
        folder.mkdir()
        (folder / "conv2d.py").write_text(path.read_text())
    report = run_similarity(load_submissions(root, "a2"), "a2")
    json_path, html_path = write_report(report, tmp_path / "out")
    data = json.loads(json_path.read_text())
    assert data["pairs"][0]["score"] == 1.0
    names = {data["pairs"][0]["a"], data["pairs"][0]["b"]}
    assert "other" in names and len(names) == 2
    weird = (names - {"other"}).pop()
    assert weird.startswith("st") and weird.endswith("udent")
    assert "udent" in html_path.read_text(encoding="utf-8")
