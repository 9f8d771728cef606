"""Student stubs: every solution region replaced by a placeholder, everything else verbatim."""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from .markers import find_regions

PLACEHOLDER = ("# YOUR CODE HERE", "raise NotImplementedError")


def make_stub(source: str, path: str | Path = "<source>", notes: dict[str, str] | None = None) -> str:
    """``source`` with each solution region (marker lines included) replaced by PLACEHOLDER.

    ``notes`` maps a top-level function name to one more comment line for its placeholder
    (e.g. "paste your kernel_matrix from a3 here").
    """
    lines = source.splitlines(keepends=True)
    owners = _owners(source, path) if notes else {}
    out: list[str] = []
    position = 0
    for region in find_regions(source, path):
        out.extend(lines[position: region.begin - 1])
        note = (notes or {}).get(owners.get(region.begin, ""))
        text = PLACEHOLDER[:1] + ((note,) if note else ()) + PLACEHOLDER[1:]
        out.extend(f"{region.indent}{line}\n" for line in text)
        position = region.end
    out.extend(lines[position:])
    return "".join(out)


def _owners(source: str, path: str | Path) -> dict[int, str]:
    """Line number → name of the top-level def that contains it."""
    owners = {}
    for node in ast.parse(source, filename=str(path)).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            owners.update({line: node.name for line in range(node.lineno, node.end_lineno + 1)})
    return owners


@dataclass(frozen=True)
class Chunk:
    """A top-level piece of a module: the preamble (name None) or one def/class with its comments."""

    name: str | None
    code: str


def split_module(source: str, path: str | Path = "<source>") -> list[Chunk]:
    """Cut a module at its top-level definitions, so that each function gets a notebook cell.

    Comment lines and decorators just above a definition travel with it; statements between
    definitions stay with the definition before them. Joining the chunks gives the module back,
    up to blank lines.
    """
    tree = ast.parse(source, filename=str(path))
    lines = source.splitlines()
    starts: list[tuple[int, str]] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
            while first > 0 and lines[first - 1].lstrip().startswith("#"):
                first -= 1
            starts.append((first, node.name))
    bounds = [(0, None)] + starts + [(len(lines), "")]
    chunks = []
    for (begin, name), (end, _) in zip(bounds, bounds[1:]):
        code = "\n".join(lines[begin:end]).strip("\n")
        if code or name is not None:
            chunks.append(Chunk(name, code))
    return chunks
