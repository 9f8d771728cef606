"""A self-contained HTML page: one file, inline CSS, no script, no outside resource.

Callers pass body HTML they have already escaped; ``page`` escapes the title itself.
"""
from __future__ import annotations

import html

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC",
       sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b;
       line-height: 1.45; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; } h3 { font-size: 1rem; }
.meta span { margin-right: 1.5rem; }
.test { border: 1px solid #ddd; border-radius: 6px; padding: .5rem 1rem; margin: .8rem 0; }
.test.failed { border-left: 5px solid #c62828; } .test.passed { border-left: 5px solid #2e7d32; }
.tag { display: inline-block; background: #eef; border-radius: 4px; padding: 0 .4rem;
       margin-right: .3rem; font-size: .8rem; font-family: ui-monospace, monospace; }
.tag.misconception { background: #fde7e7; }
pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; white-space: pre-wrap;
      font-size: .85rem; }
img { max-width: 100%; height: auto; display: block; margin: .5rem 0; }
table.functions { border-collapse: collapse; margin: .5rem 0; }
table.functions th, table.functions td { border: 1px solid #ddd; padding: .2rem .7rem; text-align: right; }
table.functions td:first-child, table.functions th:first-child { text-align: left; }
table.functions tr.failed td:first-child { border-left: 4px solid #c62828; }
table.functions tr.passed td:first-child { border-left: 4px solid #2e7d32; }
.diagnosis dt { font-weight: 600; margin-top: .6rem; } .diagnosis dd { margin-left: 1rem; }
"""


def page(title: str, body: str, lang: str = "en") -> str:
    """The whole document around ``body`` (already-escaped HTML)."""
    code = {"zh": "zh-CN"}.get(lang, lang)
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(code, quote=True)}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "img-src data:; style-src 'unsafe-inline'\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
