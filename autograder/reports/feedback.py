"""Per-submission feedback for the student, as Markdown and as one self-contained HTML page.

Both pages hold: the score, a score table per function, each mistake explained once with the
tests it explains (``reports.grouping``), then per failed test only what is particular to it.
Everything a submission could influence (its name, test outputs, attachment titles) is escaped.
The HTML page embeds its pictures as data: URIs (only bytes that really are PNG); the Markdown
page links them as files beside it (``markdown_pictures`` gives their bytes).
"""
from __future__ import annotations

import base64
import html
import re
from urllib.parse import quote

from autograder import i18n
from autograder.glossary import display_name
from autograder.reports.console import summary_rows
from autograder.reports.grouping import FailureGroup, group_failures, shared_with_top
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


def _explanation(mid: str, lang: str):
    try:
        return i18n.explain(mid, lang)
    except KeyError:
        return None


def _picture_names(result: GradingResult) -> dict[int, str]:
    """id(attachment) → file name of each PNG picture: map-<test number>-<k>.png."""
    names: dict[int, str] = {}
    for i, t in enumerate(result.tests, start=1):
        for k, a in enumerate((a for a in t.attachments if _is_png(a)), start=1):
            names[id(a)] = f"map-{i}-{k}.png"
    return names


def markdown_pictures(result: GradingResult) -> dict[str, bytes]:
    """The pictures the Markdown page links, file name → PNG bytes (write them in its folder)."""
    by_id = _picture_names(result)
    return {by_id[id(a)]: bytes(a.data) for t in result.tests for a in t.attachments if id(a) in by_id}


# ---------------------------------------------------------------- Markdown

_MD_ACTIVE = re.compile(r"([\\`*_\[\]<>#|~&!])")


def _md(text: object) -> str:
    """Inline text that CommonMark shows as it is: markup characters backslash-escaped."""
    return _MD_ACTIVE.sub(r"\\\1", str(text)).replace("\r", " ").replace("\n", " ")


def _code(text: object) -> str:
    """A code span holding ``text`` literally, whatever backticks it contains."""
    text = str(text).replace("\n", " ")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _fence(text: str, info: str = "text") -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text}\n{fence}"


def render_markdown(result: GradingResult, lang: str = "en", pictures: str | None = None) -> str:
    """The student's feedback as CommonMark.

    ``pictures``: the folder, relative to the page, where ``markdown_pictures`` are written;
    None leaves the pictures out (the HTML page shows them).
    """
    L = lambda key, **kw: i18n.label(key, lang, **kw)  # noqa: E731
    sep = L("sep")
    out = [f"# {_md(L('report.title', submission=safe_name(result.submission)))}", "",
           f"- {L('report.assignment')}{sep}{_code(result.assignment)}",
           f"- {L('report.score')}{sep}**{_score(result)}**",
           f"- {L('report.status')}{sep}{_md(i18n.status_word(result.status, lang))}", "",
           *breakdown_markdown(result, lang)]
    if result.reason and result.reason not in result.output:
        out += [f"**{L('report.reason')}**{sep}{_md(result.reason)}", ""]
    if result.output:
        out += [_fence(result.output), ""]
    rows = summary_rows(result)
    if rows:
        out += [f"## {L('report.functions')}", "",
                f"| {L('report.function')} | {L('report.passed')} | {L('report.failed')} | {L('report.points')} |",
                "| --- | ---: | ---: | ---: |"]
        out += [f"| {_code(f)} | {p} | {n} | {s:g} / {m:g} |" for f, p, n, s, m in rows]
        out.append("")
    groups = group_failures(result, lang)
    diagnosed = [g for g in groups if g.misconception]
    out += [f"## {L('report.summary')}", ""]
    if diagnosed:
        for g in diagnosed:
            out += _md_diagnosis(g, lang)
    else:
        out += [L("report.none"), ""]
    names = _picture_names(result)
    failed = [g for g in groups if not g.misconception]
    if diagnosed or failed:
        out += [f"## {L('report.failed_tests')}", ""]
    for g in diagnosed:
        for t, detail in zip(g.tests, g.details):
            out += _md_test(t, detail, lang, names, pictures)
    for g in failed:
        out += _md_shared(g, result, lang, names, pictures)
    passed = [t for t in result.tests if t.status == "passed"]
    if not groups and result.tests:
        out += [L("report.all_passed"), ""]
    if passed:
        out += [f"## {L('report.passed_tests')}", ""]
        out += [f"- ✓ {_md(display_name(t.name, lang))} — {t.score:g}/{t.max_score:g}" for t in passed]
        out.append("")
    return "\n".join(out)


def _md_diagnosis(g: FailureGroup, lang: str) -> list[str]:
    e = _explanation(g.misconception, lang)
    sep = i18n.label("sep", lang)
    title = _md(e.title) if e else _code(g.misconception)
    lines = [f"### {title} — {_md(i18n.label('report.explains', lang, n=len(g.tests)))}", "",
             _code(f"misconception:{g.misconception}"), ""]
    if e:
        lines += [f"- **{i18n.label(k, lang)}**{sep}{_md(v)}" for k, v in
                  (("did", e.did), ("torch", e.torch), ("check", e.check))]
        lines.append("")
    lines += [f"{i18n.label('report.tests', lang)}{sep}".rstrip(), ""]
    lines += [f"- {_md(display_name(t.name, lang))}" for t in g.tests]
    return lines + [""]


def _md_test(t: TestResult, detail: str, lang: str, names: dict[int, str], pictures: str | None) -> list[str]:
    status = i18n.label("report.passed" if t.status == "passed" else "report.failed", lang)
    lines = [f"### ✗ {_md(display_name(t.name, lang))} — {t.score:g}/{t.max_score:g} ({status})", "",
             " ".join(_code(tag) for tag in t.all_tags), ""]
    if detail:
        lines += [_fence(detail), ""]
    for a in t.attachments:
        if _is_png(a) and pictures is not None and id(a) in names:
            target = quote(f"{pictures}/{names[id(a)]}")
            lines += [f"![{_md(a.title)}]({target})", ""]
        elif a.kind == "text":
            lines += [f"**{_md(a.title)}**", "", _fence(_text(a)), ""]
    return lines


def _md_shared(g: FailureGroup, result: GradingResult, lang: str, names: dict[int, str],
               pictures: str | None) -> list[str]:
    if len(g.tests) == 1:
        return _md_test(g.tests[0], g.tests[0].output, lang, names, pictures)
    n = len(g.tests)
    if shared_with_top(g, result):
        lines = [f"### ✗ {_md(i18n.label('report.reason_above', lang, n=n))}", ""]
    else:
        lines = [f"### ✗ {_md(i18n.label('report.same_reason', lang, n=n))}", "", _fence(g.message), ""]
    lines += [f"- {_md(display_name(t.name, lang))} — {t.score:g}/{t.max_score:g}" for t in g.tests]
    return lines + [""]


# ---------------------------------------------------------------- HTML


def _h(text: object) -> str:
    return html.escape(str(text), quote=True)


def render_html(result: GradingResult, lang: str = "en") -> str:
    """The student's feedback as one self-contained HTML page."""
    L = lambda key, **kw: i18n.label(key, lang, **kw)  # noqa: E731
    sep = _h(L("sep"))
    title = L("report.title", submission=safe_name(result.submission))
    body = [f"<h1>{_h(title)}</h1>",
            '<p class="meta">'
            f"<span>{_h(L('report.assignment'))}{sep}<b>{_h(result.assignment)}</b></span>"
            f"<span>{_h(L('report.score'))}{sep}<b>{_h(_score(result))}</b></span>"
            f"<span>{_h(L('report.status'))}{sep}{_h(i18n.status_word(result.status, lang))}</span></p>",
            breakdown_html(result, lang)]
    if result.reason and result.reason not in result.output:
        body.append(f"<p><b>{_h(L('report.reason'))}</b>{sep}{_h(result.reason)}</p>")
    if result.output:
        body.append(f"<pre>{_h(result.output)}</pre>")
    rows = summary_rows(result)
    if rows:
        body.append(f"<h2>{_h(L('report.functions'))}</h2>")
        body.append('<table class="functions"><thead><tr>'
                    + "".join(f"<th>{_h(L(k))}</th>" for k in ("report.function", "report.passed",
                                                              "report.failed", "report.points"))
                    + "</tr></thead><tbody>")
        body += [f'<tr class="{"failed" if n else "passed"}"><td><code>{_h(f)}</code></td><td>{p}</td>'
                 f"<td>{n}</td><td>{s:g} / {m:g}</td></tr>" for f, p, n, s, m in rows]
        body.append("</tbody></table>")
    groups = group_failures(result, lang)
    diagnosed = [g for g in groups if g.misconception]
    body.append(f"<h2>{_h(L('report.summary'))}</h2>")
    if diagnosed:
        body.append('<dl class="diagnosis">')
        body += [_html_diagnosis(g, lang) for g in diagnosed]
        body.append("</dl>")
    else:
        body.append(f"<p>{_h(L('report.none'))}</p>")
    failed = [g for g in groups if not g.misconception]
    if groups:
        body.append(f"<h2>{_h(L('report.failed_tests'))}</h2>")
    for g in diagnosed:
        body += [_html_test(t, detail, lang) for t, detail in zip(g.tests, g.details)]
    for g in failed:
        body.append(_html_shared(g, result, lang))
    passed = [t for t in result.tests if t.status == "passed"]
    if not groups and result.tests:
        body.append(f"<p>{_h(L('report.all_passed'))}</p>")
    if passed:
        body.append(f"<h2>{_h(L('report.passed_tests'))}</h2><details><summary>{len(passed)}</summary><ul>")
        body += [f"<li>✓ {_h(display_name(t.name, lang))} — {t.score:g}/{t.max_score:g}</li>" for t in passed]
        body.append("</ul></details>")
    return page(title, "\n".join(body), lang)


def _html_diagnosis(g: FailureGroup, lang: str) -> str:
    e = _explanation(g.misconception, lang)
    sep = _h(i18n.label("sep", lang))
    head = (f'<span class="tag misconception">misconception:{_h(g.misconception)}</span> — '
            f"{_h(i18n.label('report.explains', lang, n=len(g.tests)))}")
    parts = [f"<dt>{_h(e.title) + ' ' if e else ''}{head}</dt>"]
    if e:
        parts += [f"<dd><b>{_h(i18n.label(k, lang))}</b>{sep}{_h(v)}</dd>"
                  for k, v in (("did", e.did), ("torch", e.torch), ("check", e.check))]
    parts.append("<dd><ul>" + "".join(f"<li>{_h(display_name(t.name, lang))}</li>" for t in g.tests)
                 + "</ul></dd>")
    return "".join(parts)


def _html_test(t: TestResult, detail: str, lang: str) -> str:
    status = "passed" if t.status == "passed" else "failed"
    tags = "".join(f'<span class="tag{" misconception" if tag.startswith("misconception:") else ""}">'
                   f"{_h(tag)}</span>" for tag in t.all_tags)
    parts = [f'<section class="test {status}">',
             f"<h3>{_h(display_name(t.name, lang))} — {t.score:g}/{t.max_score:g} "
             f"({_h(i18n.label('report.' + status, lang))})</h3>", f"<p>{tags}</p>"]
    if detail:
        parts.append(f'<pre class="output">{_h(detail)}</pre>')
    for a in t.attachments:
        if _is_png(a):
            parts.append(f'<figure><img src="{_data_uri(a)}" alt="{_h(a.title)}">'
                         f"<figcaption>{_h(a.title)}</figcaption></figure>")
        elif a.kind == "text":
            parts.append(f"<p><b>{_h(a.title)}</b></p><pre>{_h(_text(a))}</pre>")
    parts.append("</section>")
    return "\n".join(parts)


def _html_shared(g: FailureGroup, result: GradingResult, lang: str) -> str:
    if len(g.tests) == 1:
        return _html_test(g.tests[0], g.tests[0].output, lang)
    n = len(g.tests)
    key = "report.reason_above" if shared_with_top(g, result) else "report.same_reason"
    parts = ['<section class="test failed">', f"<h3>{_h(i18n.label(key, lang, n=n))}</h3>"]
    if key == "report.same_reason":
        parts.append(f'<pre class="output">{_h(g.message)}</pre>')
    parts.append("<ul>" + "".join(f"<li>{_h(display_name(t.name, lang))} — {t.score:g}/{t.max_score:g}</li>"
                                  for t in g.tests) + "</ul>")
    parts.append("</section>")
    return "\n".join(parts)
