"""Per-submission feedback for the student, as Markdown and as one self-contained HTML page.

Everything a submission could influence (its name, test outputs, attachment titles) is escaped;
pictures are embedded as data: URIs and only when their bytes really are PNG.
"""
from __future__ import annotations

import base64
import html
import re

from autograder import i18n
from autograder.reports.html_page import page
from autograder.reports.score_breakdown import breakdown_html, breakdown_markdown
from autograder.results import Attachment, GradingResult, TestResult
from autograder.safe_text import safe_name

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# ---------------------------------------------------------------- shared


def _score(result: GradingResult) -> str:
    return f"{result.final_score:g} / {result.max_score:g}"


def _is_png(a: Attachment) -> bool:
    return a.kind == "png" and isinstance(a.data, (bytes, bytearray)) and bytes(a.data).startswith(PNG_MAGIC)


def _data_uri(a: Attachment) -> str:
    return "data:image/png;base64," + base64.b64encode(bytes(a.data)).decode("ascii")


def _text(a: Attachment) -> str:
    return a.data.decode("utf-8", "replace") if isinstance(a.data, (bytes, bytearray)) else str(a.data)


def _failed_first(result: GradingResult) -> tuple[list[TestResult], list[TestResult]]:
    return ([t for t in result.tests if t.status != "passed"],
            [t for t in result.tests if t.status == "passed"])


# ---------------------------------------------------------------- Markdown


def _md(text: str) -> str:
    """Inline text safe in Markdown: no HTML, no emphasis, links or code spans from the content."""
    text = html.escape(str(text), quote=False)
    return re.sub(r"([\\`*_{}\[\]()#+!|~>])", r"\\\1", text).replace("\n", " ")


def _fence(text: str, info: str = "text") -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text}\n{fence}"


def render_markdown(result: GradingResult, lang: str = "en") -> str:
    """The student's feedback as Markdown (pictures inline as data: URIs)."""
    L = lambda key, **kw: i18n.label(key, lang, **kw)  # noqa: E731
    out = [f"# {_md(L('report.title', submission=safe_name(result.submission)))}", "",
           f"- {L('report.assignment')}{L('sep')}{_md(result.assignment)}",
           f"- {L('report.score')}{L('sep')}**{_score(result)}**",
           f"- {L('report.status')}{L('sep')}{_md(result.status)}", "", *breakdown_markdown(result, lang)]
    if result.reason:
        out += [f"**{L('report.reason')}{L('sep')}** {_md(result.reason)}", ""]
    if result.output:
        out += [_fence(result.output), ""]
    counts = result.misconception_counts()
    out += [f"## {L('report.summary')}", ""]
    if counts:
        for mid, n in counts.items():
            e = _explanation(mid, lang)
            if e is None:
                out.append(f"- `{_md(mid)}` × {n}")
                continue
            out += [f"- **{_md(e.title)}** (`misconception:{mid}`) × {n}",
                    f"  - {L('did')}{L('sep')}{_md(e.did)}",
                    f"  - {L('torch')}{L('sep')}{_md(e.torch)}",
                    f"  - {L('check')}{L('sep')}{_md(e.check)}"]
    else:
        out.append(L("report.none"))
    out.append("")
    failed, passed = _failed_first(result)
    if not failed and result.tests:
        out += [L("report.all_passed"), ""]
    if failed:
        out += [f"## {L('report.failed_tests')}", ""]
        for t in failed:
            out += _md_test(t, lang)
    if passed:
        out += [f"## {L('report.passed_tests')}", ""]
        out += [f"- ✓ {_md(t.name)} — {t.score:g}/{t.max_score:g}" for t in passed]
        out.append("")
    return "\n".join(out)


def _md_test(t: TestResult, lang: str) -> list[str]:
    status = i18n.label("report.passed" if t.status == "passed" else "report.failed", lang)
    lines = [f"### ✗ {_md(t.name)} — {t.score:g}/{t.max_score:g} ({status})", "",
             " ".join(f"`{_md(tag)}`" for tag in t.all_tags), ""]
    if t.output:
        lines += [_fence(t.output), ""]
    for a in t.attachments:
        if _is_png(a):
            lines += [f"![{_md(a.title)}]({_data_uri(a)})", ""]
        elif a.kind == "text":
            lines += [f"**{_md(a.title)}**", "", _fence(_text(a)), ""]
    return lines


def _explanation(mid: str, lang: str):
    try:
        return i18n.explain(mid, lang)
    except KeyError:
        return None


# ---------------------------------------------------------------- HTML


def _h(text: object) -> str:
    return html.escape(str(text), quote=True)


def render_html(result: GradingResult, lang: str = "en") -> str:
    """The student's feedback as one self-contained HTML page."""
    L = lambda key, **kw: i18n.label(key, lang, **kw)  # noqa: E731
    title = L("report.title", submission=safe_name(result.submission))
    body = [f"<h1>{_h(title)}</h1>",
            '<p class="meta">'
            f"<span>{_h(L('report.assignment'))}{_h(L('sep'))}<b>{_h(result.assignment)}</b></span>"
            f"<span>{_h(L('report.score'))}{_h(L('sep'))}<b>{_h(_score(result))}</b></span>"
            f"<span>{_h(L('report.status'))}{_h(L('sep'))}{_h(result.status)}</span></p>",
            breakdown_html(result, lang)]
    if result.reason:
        body.append(f"<p><b>{_h(L('report.reason'))}{_h(L('sep'))}</b>{_h(result.reason)}</p>")
    if result.output:
        body.append(f"<pre>{_h(result.output)}</pre>")
    body.append(f"<h2>{_h(L('report.summary'))}</h2>")
    counts = result.misconception_counts()
    if counts:
        body.append('<dl class="diagnosis">')
        for mid, n in counts.items():
            e = _explanation(mid, lang)
            head = f'<span class="tag misconception">misconception:{_h(mid)}</span> × {n}'
            if e is None:
                body.append(f"<dt>{head}</dt>")
                continue
            body.append(f"<dt>{_h(e.title)} {head}</dt>"
                        f"<dd><b>{_h(L('did'))}{_h(L('sep'))}</b>{_h(e.did)}</dd>"
                        f"<dd><b>{_h(L('torch'))}{_h(L('sep'))}</b>{_h(e.torch)}</dd>"
                        f"<dd><b>{_h(L('check'))}{_h(L('sep'))}</b>{_h(e.check)}</dd>")
        body.append("</dl>")
    else:
        body.append(f"<p>{_h(L('report.none'))}</p>")
    failed, passed = _failed_first(result)
    if not failed and result.tests:
        body.append(f"<p>{_h(L('report.all_passed'))}</p>")
    if failed:
        body.append(f"<h2>{_h(L('report.failed_tests'))}</h2>")
        body += [_html_test(t, lang) for t in failed]
    if passed:
        body.append(f"<h2>{_h(L('report.passed_tests'))}</h2><details><summary>{len(passed)}</summary><ul>")
        body += [f"<li>✓ {_h(t.name)} — {t.score:g}/{t.max_score:g}</li>" for t in passed]
        body.append("</ul></details>")
    return page(title, "\n".join(body), lang)


def _html_test(t: TestResult, lang: str) -> str:
    status = "passed" if t.status == "passed" else "failed"
    tags = "".join(f'<span class="tag{" misconception" if tag.startswith("misconception:") else ""}">'
                   f"{_h(tag)}</span>" for tag in t.all_tags)
    parts = [f'<section class="test {status}">',
             f"<h3>{_h(t.name)} — {t.score:g}/{t.max_score:g} "
             f"({_h(i18n.label('report.' + status, lang))})</h3>", f"<p>{tags}</p>"]
    if t.output:
        parts.append(f'<pre class="output">{_h(t.output)}</pre>')
    for a in t.attachments:
        if _is_png(a):
            parts.append(f'<figure><img src="{_data_uri(a)}" alt="{_h(a.title)}">'
                         f"<figcaption>{_h(a.title)}</figcaption></figure>")
        elif a.kind == "text":
            parts.append(f"<p><b>{_h(a.title)}</b></p><pre>{_h(_text(a))}</pre>")
    parts.append("</section>")
    return "\n".join(parts)
