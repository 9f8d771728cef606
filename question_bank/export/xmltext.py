"""XML written as text: the exporters' documents are a fixed shape, so they are assembled from
strings instead of an ElementTree (which costs ~10x as much on a pool of thousands of variants).

The output is exactly what ``ElementTree.tostring(root, encoding="unicode")`` writes for the
same tree (the tests parse it back with ElementTree): attributes in the order given, text
escaped like ``_escape_cdata``, attribute values like ``_escape_attrib``, an element with no
text and no children written as ``<tag />``.
"""
from __future__ import annotations

def text(value: str) -> str:
    """Character data: & < > escaped."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    return value


_ATTR = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))


def attr(value: str) -> str:
    """An attribute value: & < > " and CR, LF, TAB escaped."""
    for c, entity in _ATTR:
        if c in value:
            value = value.replace(c, entity)
    return value


def attrs(pairs) -> str:
    """' name="value"' for each (name, value) pair, in order."""
    return "".join([f' {k}="{attr(v)}"' for k, v in pairs])


def leaf(tag: str, value: str | None = None, attributes: str = "") -> str:
    """<tag a="v">value</tag>, or <tag a="v" /> when value is empty or None. ``attributes`` is
    already written by ``attrs`` (the constant ones are written once, at import)."""
    return f"<{tag}{attributes}>{text(value)}</{tag}>" if value else f"<{tag}{attributes} />"


def node(tag: str, children: str, attributes: str = "") -> str:
    """<tag a="v">children</tag>; children is already XML (or empty: <tag a="v" />)."""
    return f"<{tag}{attributes}>{children}</{tag}>" if children else f"<{tag}{attributes} />"


def document(root: str) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + root.encode("utf-8") + b"\n"
