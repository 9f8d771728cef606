"""Small text helpers shared by the exporters: option labels, inline code, HTML escaping."""
from __future__ import annotations

import html
import re
from functools import lru_cache

from .answers import format_number, format_shape, format_tuple

_CODE = re.compile(r"`([^`]+)`")


def option_text(value) -> str:
    """A number, a tuple as (a, b), or a layer written as code."""
    if isinstance(value, str):
        return value
    if isinstance(value, (tuple, list)):
        return format_tuple(value)
    return format_number(value)


def answer_text(question) -> str:
    """The correct answer as a student writes it in the responses CSV."""
    if question.kind == "multichoice":
        return question.answer
    if question.kind == "shape":
        return format_shape(question.answer)
    return format_number(question.answer)


@lru_cache(maxsize=1 << 15)
def to_html(text: str) -> str:
    """Escape, turn `code` into <code>, indented lines into a code block, newlines into <br>.
    Cached: the html, Moodle, GIFT and QTI exports each render the same prompts and solutions."""
    out, block = [], []
    for line in text.split("\n"):
        if line.startswith("  "):
            block.append(html.escape(line.strip()))
            continue
        if block:
            out.append("<pre><code>" + "\n".join(block) + "</code></pre>")
            block = []
        out.append(_CODE.sub(r"<code>\1</code>", html.escape(line, quote=False)) + "<br/>")
    if block:
        out.append("<pre><code>" + "\n".join(block) + "</code></pre>")
    text = "".join(out)
    return text[:-5] if text.endswith("<br/>") else text


def plain(text: str) -> str:
    """Text without the backticks (for LMS fields that show plain text)."""
    return text.replace("`", "")
