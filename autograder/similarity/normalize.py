"""One submission's code as a normalized token stream, each token tied to its source lines.

``normalize(pieces, keep) -> Tokens``: ``pieces`` are ``(code, first_line)`` (a file, or one
notebook cell placed at ``first_line`` of the submission's view). Each top-level statement
(function, class, assignment, ...) is one *unit*; units are ordered by their normalized text,
so the order in which a student wrote the functions does not matter.
Within a unit every statement is printed from its rewritten AST (``rewrite.py``), so
formatting, comments and names do not matter either. A piece that does not parse falls back to
Pygments' tokens with names, strings and numbers replaced the same way.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from pygments import token as ptoken
from pygments.lexers import PythonLexer

from autograder.similarity.rewrite import BUILTINS, rewrite_modules

_TOKEN = re.compile(r"[A-Za-z_][A-Za-z_0-9]*|\d+|\*\*|//|==|!=|<=|>=|->|:=|<<|>>|\S")
_HEADER_SKIP = {"body", "orelse", "finalbody", "handlers", "decorator_list", "cases"}


@dataclass
class Tokens:
    """Normalized tokens of one submission; ``lines[i]`` = (first, last) source line of token i,
    ``units[i]`` = the unit (function) it belongs to."""

    texts: list[str] = field(default_factory=list)
    lines: list[tuple[int, int]] = field(default_factory=list)
    units: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts)


def _header(node: ast.stmt) -> str:
    u = ast.unparse
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return f"def V({u(node.args)}):"
    if isinstance(node, ast.ClassDef):
        return "class V:"
    if isinstance(node, (ast.For, ast.AsyncFor)):
        return f"for {u(node.target)} in {u(node.iter)}:"
    if isinstance(node, ast.While):
        return f"while {u(node.test)}:"
    if isinstance(node, ast.If):
        return f"if {u(node.test)}:"
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return "with " + ", ".join(u(item) for item in node.items) + ":"
    return "try:"


def _header_end(node: ast.stmt) -> int:
    end = node.lineno
    for name, value in ast.iter_fields(node):
        if name in _HEADER_SKIP:
            continue
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, ast.AST):
                end = max(end, getattr(child, "end_lineno", None) or end)
    return end


def _emit(stmts: list[ast.stmt], offset: int, out: list[tuple[str, int, int]]) -> None:
    """Append (text, first line, last line) per statement; blocks wrapped in '{' '}'."""
    for node in stmts:
        first = node.lineno + offset
        compound = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For,
                                     ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith, ast.Try))
        if not compound:
            out.append((ast.unparse(node), first, (node.end_lineno or node.lineno) + offset))
            continue
        out.append((_header(node), first, _header_end(node) + offset))
        blocks = [("", node.body)]
        blocks += [(f"except {ast.unparse(h.type) if h.type else ''}:", h.body)
                   for h in getattr(node, "handlers", [])]
        blocks += [("else:", getattr(node, "orelse", [])), ("finally:", getattr(node, "finalbody", []))]
        for label, body in blocks:
            if not body:
                continue
            if label:
                out.append((label, body[0].lineno + offset, body[0].lineno + offset))
            out.append(("{", first, first))
            _emit(body, offset, out)
            out.append(("}", out[-1][2], out[-1][2]))


_ALIAS = re.compile(r"^\s*import\s+([\w.]+)\s+as\s+(\w+)|^\s*from\s+[\w.]+\s+import\s+(\w+)\s+as\s+(\w+)",
                    re.M)
_TOP_LEVEL = re.compile(r"^(?:def|class|async\s+def|@)\b")


def _fallback(code: str, offset: int) -> list[tuple[str, int, int]]:
    """Tokens of code that does not parse, from Pygments, made as close as can be to what the
    AST path prints: names V (attributes and imported names kept), strings S, numbers N."""
    aliases = {m[1] or m[3]: m[0] or m[2] for m in _ALIAS.findall(code)}
    out: list[tuple[str, int, int]] = []
    line = 1 + offset
    for kind, text in PythonLexer().get_tokens(code):
        if kind in ptoken.Comment or kind in ptoken.Literal.String.Doc:
            pass
        elif kind in ptoken.Literal.String:
            if not out or out[-1][0] != "S":
                out.append(("S", line, line))
        elif kind in ptoken.Literal.Number:
            out.append(("N", line, line))
        elif kind in ptoken.Name:
            after_dot = bool(out) and out[-1][0] == "."
            word = text if after_dot or text in BUILTINS else aliases.get(text, "V")
            out.append((word, line, line))
        elif text.strip():
            out.extend((tok, line, line) for tok in _TOKEN.findall(text))
        line += text.count("\n")
    return out


def _segments(code: str) -> list[tuple[str, int]]:
    """Code that does not parse, cut before every top-level def / class: (segment, first line)."""
    lines = code.split("\n")
    starts = [0] + [i for i, ln in enumerate(lines) if i and _TOP_LEVEL.match(ln)
                    and not (i and lines[i - 1].startswith("@"))]
    ends = starts[1:] + [len(lines)]
    return [("\n".join(lines[a:b]), a + 1) for a, b in zip(starts, ends)]


def _ast_units(pieces: list[tuple[str, int]], keep: frozenset[str]) -> list[list[tuple[str, int, int]]]:
    """One unit per top-level statement of every piece that parses (cut at top-level defs when
    a piece does not; a part that still does not parse falls back to Pygments)."""
    parsed: list[tuple[ast.Module, int]] = []
    units: list[list[tuple[str, int, int]]] = []
    for code, first_line in pieces:
        try:
            parsed.append((ast.parse(code), first_line - 1))
            continue
        except (SyntaxError, ValueError):
            pass
        for segment, start in _segments(code):   # the broken function alone falls back
            try:
                parsed.append((ast.parse(segment), first_line + start - 2))
            except (SyntaxError, ValueError):
                units.append(_fallback(segment, first_line + start - 2))
    rewrite_modules([tree for tree, _ in parsed], keep)
    for tree, offset in parsed:
        for node in tree.body:
            unit: list[tuple[str, int, int]] = []
            _emit([node], offset, unit)
            units.append(unit)
    return units


def normalize(pieces: list[tuple[str, int]], keep: frozenset[str] = frozenset()) -> Tokens:
    """Normalized tokens of one submission's pieces (see the module docstring).

    ``keep``: function names never removed as unused (the assignment's functions).
    """
    try:
        units = _ast_units(pieces, keep)
    except (RecursionError, MemoryError):      # absurdly deep code: Pygments' tokens only
        units = [_fallback(code, first_line - 1) for code, first_line in pieces]
    keyed = sorted(units, key=lambda u: " ".join(text for text, _, _ in u))
    result = Tokens()
    for number, unit in enumerate(keyed):
        for text, first, last in unit:
            for tok in _TOKEN.findall(text):
                result.texts.append(tok)
                result.lines.append((first, last))
                result.units.append(number)
    return result
