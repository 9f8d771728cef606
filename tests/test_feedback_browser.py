"""Feedback reports end to end: real diagnosis, shrinking and error maps, opened in headless Chromium.

The page under test is rendered from a GradingResult built the way the engine builds one; a copy
of it gets a small script that records, for every <img>, whether it decoded
(``img.complete && img.naturalWidth > 0``), and Chromium's --dump-dom hands the DOM back.
"""
from __future__ import annotations

import html
import importlib.util
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from autograder import i18n
from autograder.cases import ArraySpec as A
from autograder.cases import Case, materialize
from autograder.diagnose import diagnose
from autograder.errormap import error_map_png, error_map_text
from autograder.reference import evaluate
from autograder.reports.feedback import render_html, render_markdown
from autograder.results import Attachment, GradingResult
from autograder import results
from autograder.shrink import shrink

BUGGY = Path(__file__).resolve().parent / "buggy"
CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome"))
                 if p), None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed "
                                    "(Debian package 'chromium'; the setup script installs it)")

CHECK_SCRIPT = """<script>
window.addEventListener('load', () => {
  const out = document.createElement('pre');
  out.id = 'img-check';
  out.textContent = JSON.stringify([...document.images].map(
      img => ({alt: img.alt, ok: img.complete && img.naturalWidth > 0, width: img.naturalWidth})));
  document.body.appendChild(out);
});
</script>"""


@dataclass
class Result:
    status: str
    value: Any = None


def _student(name: str, function: str):
    spec = importlib.util.spec_from_file_location(f"fb_{name}", BUGGY / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fn = getattr(module, function)

    def call(case: Case) -> Result:
        args, kwargs = materialize(case)
        try:
            return Result("ok", fn(*args, **kwargs))
        except Exception:
            return Result("raised")
    return call


def failing_test(name: str, function: str, case: Case, lang: str) -> results.TestResult:
    """What the engine does on a wrong answer: diagnose, shrink, draw the smallest case."""
    call = _student(name, function)
    found = diagnose(case, call(case).value, lang)

    def still_fails(c: Case, r: Result) -> bool:
        d = r.status == "ok" and diagnose(c, r.value, lang)
        return bool(d) and d.misconception == found.misconception

    small = shrink(case, call, still_fails)
    args, kwargs = materialize(small.case)
    expected, got = evaluate(small.case.function, args, kwargs), small.result.value
    padding = kwargs.get("padding", 0)
    smallest = "\n".join([i18n.label("case.title", lang), small.case.describe()]
                         + [f"{s.name} =\n{a}" for s, a in zip(small.case.array_specs, args)
                            if isinstance(a, np.ndarray)]
                         + [f"{i18n.label('case.expected', lang)} =\n{expected}",
                            f"{i18n.label('case.got', lang)} =\n{got}"])
    return results.TestResult(
        name=f"{function} [{'hidden' if case.hidden else 'public'}] {case.label}",
        function=function, max_score=1.0, hidden=case.hidden,
        output=found.message + "\n\n" + smallest,
        misconceptions=[found.misconception] if found.misconception else [],
        attachments=[Attachment("png", i18n.label("map.title", lang),
                                error_map_png(got, expected, padding=padding, lang=lang)),
                     Attachment("text", i18n.label("map.title", lang),
                                error_map_text(got, expected, padding=padding, lang=lang))])


def build_result(lang: str) -> GradingResult:
    flipped = Case("conv2d_naive", (A("x", (2, 3, 6, 6)), A("weight", (2, 3, 3, 3)), A("bias", (2,))),
                   kwargs=(("padding", 1),), seed=424242, hidden=True, label="padded 3x3")
    one_side = Case("conv2d", (A("x", (1, 2, 6, 6)), A("weight", (2, 2, 3, 3))),
                    kwargs=(("padding", 1),), seed=7, label="padding 1")
    tests = [failing_test("flipped_kernel", "conv2d_naive", flipped, lang),
             failing_test("padding_one_side", "conv2d", one_side, lang),
             results.TestResult("conv1d [public] plain", "conv1d", 1.0, score=1.0, status="passed")]
    return GradingResult(submission="student<b id='inj'>42</b>", assignment="a2_conv2d", tests=tests)


def run_chromium(page: Path, tmp: Path) -> str:
    profile = tmp / "profile"
    profile.mkdir(exist_ok=True)
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", "--virtual-time-budget=10000", "--dump-dom", page.as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def with_check_script(page_html: str) -> str:
    """The page plus the checking script (its CSP relaxed for that one inline script only)."""
    page_html = page_html.replace("img-src data:;", "img-src data:; script-src 'unsafe-inline';")
    return page_html.replace("</body>", CHECK_SCRIPT + "\n</body>")


def visible_text(dom: str) -> str:
    dom = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", dom))


@needs_chromium
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_report_pictures_decode_and_diagnosis_shows_in_chromium(lang, tmp_path):
    result = build_result(lang)
    assert result.tests[0].misconceptions == ["flipped-kernel"]
    assert result.tests[1].misconceptions == ["padding-ignored"]
    page = tmp_path / "feedback.html"
    page.write_text(with_check_script(render_html(result, lang)), encoding="utf-8")
    dom = run_chromium(page, tmp_path)

    found = re.search(r'<pre id="img-check">(.*?)</pre>', dom, re.S)
    assert found, "the check script did not run"
    images = json.loads(html.unescape(found.group(1)))
    pngs = sum(a.kind == "png" for t in result.tests for a in t.attachments)
    assert len(images) == pngs == 2
    assert all(img["ok"] and img["width"] > 100 for img in images), images

    text = visible_text(dom)
    for mid in ("flipped-kernel", "padding-ignored"):
        e = i18n.explain(mid, lang)
        assert e.title in text and e.check in text
    assert i18n.evidence("flipped-kernel", "rotated", lang) in text
    assert i18n.label("case.title", lang) in text
    assert not re.search(r"<b\s+id=", dom)                        # the name stayed text
    assert "student<b id='inj'>42</b>" in text


@needs_chromium
@pytest.mark.slow
def test_broken_picture_is_caught_and_page_runs_no_student_script(tmp_path):
    broken = GradingResult("s", "a2_conv2d", tests=[results.TestResult(
        "conv2d [public]", "conv2d", 1.0, output="<script>document.title='pwned'</script>",
        attachments=[Attachment("png", "truncated", b"\x89PNG\r\n\x1a\n" + b"\0" * 20)])])
    page_html = render_html(broken, "en")
    plain = tmp_path / "plain.html"
    plain.write_text(page_html, encoding="utf-8")
    assert "pwned" not in re.search(r"<title>(.*?)</title>", run_chromium(plain, tmp_path)).group(1)
    checked = tmp_path / "checked.html"
    checked.write_text(with_check_script(page_html), encoding="utf-8")
    dom = run_chromium(checked, tmp_path)
    images = json.loads(html.unescape(re.search(r'<pre id="img-check">(.*?)</pre>', dom, re.S).group(1)))
    assert images and not images[0]["ok"]          # the check really tells a broken picture


def test_markdown_report_has_diagnosis_pictures_and_escaped_text():
    from markdown_it import MarkdownIt

    from autograder.reports.feedback import markdown_pictures

    result = build_result("zh")
    md = render_markdown(result, "zh", pictures="student.files")
    assert i18n.explain("flipped-kernel", "zh").title in md
    assert "data:image" not in md
    files = markdown_pictures(result)
    assert len(files) == 2 and all(data.startswith(b"\x89PNG") for data in files.values())
    assert all(f"](student.files/{name})" in md for name in files)
    assert "<b id='inj'>" not in md
    rendered = MarkdownIt("commonmark").render(md)
    assert "<b id=" not in rendered and "student&lt;b id='inj'&gt;42&lt;/b&gt;" in rendered
    assert i18n.label("report.failed_tests", "zh") in md


def test_error_map_marks_the_padding_border_where_a_padding_bug_lives():
    case = Case("conv2d", (A("x", (1, 2, 6, 7)), A("weight", (2, 2, 3, 3))), kwargs=(("padding", 1),),
                seed=3)
    args, kwargs = materialize(case)
    expected = evaluate("conv2d", args, kwargs)
    got = evaluate("conv2d", args, {**kwargs, "padding_mode": "reflect"})   # wrong only where padding is
    rows = [line.split() for line in error_map_text(got, expected, padding=1).splitlines()
            if line and line[0] in ".:123456789"][:6]
    assert len(rows) == 6 and all(len(r) == 7 for r in rows)
    interior = [c for r in rows[1:-1] for c in r[1:-1]]
    edge = rows[0] + rows[-1] + [r[0] for r in rows] + [r[-1] for r in rows]
    assert set(interior) == {"."}
    assert all(c == ":" or c.isdigit() for c in edge) and any(c.isdigit() for c in edge)
    png = error_map_png(got, expected, padding=(1, 1), title="conv2d")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000
