"""Feedback pages as a CommonMark renderer shows them: no stray markup, one explanation per mistake.

Real grading (the engine, the sandbox, torch) of the sample submissions; the Markdown is rendered
with markdown-it-py and its visible text is read back.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from autograder import i18n
from autograder.assignments import REPO_ROOT
from autograder.reports.feedback import markdown_pictures, render_html, render_markdown
from autograder.submission import load_submissions

SAMPLES = REPO_ROOT / "examples" / "submissions"
LITERAL_MARKUP = ("**", "\\_", "&gt;", "&lt;", "&amp;", "\\(", "\\[", "\\*", "data:image")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs).get("src", ""))


def rendered(md: str) -> tuple[str, str, list[str]]:
    """(HTML, visible text, image sources) of ``md`` in CommonMark plus GFM tables."""
    out = MarkdownIt("commonmark").enable("table").render(md)
    parser = _Text()
    parser.feed(out)
    return out, "".join(parser.parts), parser.images


@pytest.fixture(scope="module")
def graded(tmp_path_factory, grading_session):
    """Two buggy submissions and one that does not load, graded on the public tests, en and zh."""
    broken = tmp_path_factory.mktemp("broken") / "conv2d.py"
    broken.write_text("def conv2d(x, weight:\n    return x  # -> (float64) *x* _y_ <b>&amp;\n")
    out = {}
    for lang in ("en", "zh"):
        with grading_session(visibility="public", lang=lang) as session:
            for path in ("a2_conv2d/buggy_flipped_kernel_conv2d.py", "a1_shapes/buggy_ceil_shapes.py"):
                sub = load_submissions(SAMPLES / path)[0]
                out[(path, lang)] = session.grade(sub, sub.assignment)
            sub = load_submissions(broken)[0]
            out[("broken", lang)] = session.grade(sub, "a2_conv2d")
    return out


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markdown_feedback_renders_without_literal_markup(graded, lang):
    for (name, lang_), result in graded.items():
        if lang_ != lang:
            continue
        md = render_markdown(result, lang, pictures="pics")
        html_out, text, images = rendered(md)
        for literal in LITERAL_MARKUP:
            assert literal not in text, (name, literal, text[max(0, text.find(literal) - 80):text.find(literal) + 80])
        assert "<table>" in html_out                      # the per-function score table
        assert re.search(r"<strong>[^<]+</strong>", html_out)
        assert set(images) == {f"pics/{n}" for n in markdown_pictures(result)}
        assert i18n.status_word(result.status, lang) in text


@pytest.mark.slow
def test_each_mistake_is_explained_once_with_the_tests_it_explains(graded):
    result = graded[("a2_conv2d/buggy_flipped_kernel_conv2d.py", "en")]
    wrong = [t for t in result.tests if "flipped-kernel" in t.misconceptions]
    assert len(wrong) > 3
    e = i18n.explain("flipped-kernel", "en")
    parser = _Text()
    parser.feed(render_html(result, "en"))
    for page in (rendered(render_markdown(result, "en"))[1], "".join(parser.parts)):
        assert page.count(e.check) == 1
        assert i18n.label("report.explains", "en", n=len(wrong)) in page


@pytest.mark.slow
def test_a_load_error_is_shown_once_not_per_test(graded):
    result = graded[("broken", "en")]
    assert result.status == "failed_to_load" and len(result.tests) > 10
    md = render_markdown(result, "en")
    _, text, _ = rendered(md)
    assert text.count("line 1") == 1, text[:2000]
    assert i18n.label("report.reason_above", "en", n=len(result.tests)) in text
    html_page = render_html(result, "en")
    assert html_page.count("line 1") == 1
    assert '<table class="functions">' in html_page


@pytest.mark.slow
def test_chinese_feedback_speaks_chinese(graded):
    result = graded[("a2_conv2d/buggy_flipped_kernel_conv2d.py", "zh")]
    _, text, _ = rendered(render_markdown(result, "zh"))
    assert "状态：已评分" in text and "graded" not in text
    assert "[公开]" in text and "[public]" not in text and "[hidden]" not in text
    assert "步长 2，填充 1" in text
    assert i18n.explain("flipped-kernel", "zh").title in text
