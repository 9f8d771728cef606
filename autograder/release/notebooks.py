"""The assignment notebooks: nbformat v4 with nbgrader metadata and ids stable run to run."""
from __future__ import annotations

import ast
import importlib
import json
import re

from ..assignments import Assignment
from .content import Lesson
from .content import common
from .content.zh_docstrings import DOCSTRINGS, MODULES
from .stubs import PLACEHOLDER, split_module

NBGRADER_SCHEMA = 3


def _nbgrader(grade_id: str, *, solution: bool = False, grade: bool = False,
              locked: bool = True, points: int | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": NBGRADER_SCHEMA,
            "solution": solution}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def markdown(grade_id: str, text: str) -> dict:
    """A locked explanation cell."""
    return {"cell_type": "markdown", "metadata": _nbgrader(grade_id), "source": text.strip("\n")}


def solution(grade_id: str, code: str) -> dict:
    """An editable cell that is part of the student's module."""
    return _code(code, _nbgrader(grade_id, solution=True, locked=False))


def locked_code(grade_id: str, code: str) -> dict:
    """A read-only code cell that is not graded (test setup)."""
    return _code(code, _nbgrader(grade_id))


def tests(grade_id: str, code: str, points: int) -> dict:
    """A locked, graded cell of public tests."""
    return _code(code, _nbgrader(grade_id, grade=True, points=points))


def _code(code: str, metadata: dict) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": metadata, "outputs": [],
            "source": code.strip("\n")}


def cells(assignment: Assignment, lesson: Lesson, stub: str, lang: str) -> list[dict]:
    """The notebook's cells, in order: teaching, module header, then per function text/code/tests."""
    names = {"filename": assignment.filename, "notebook": notebook_name(assignment, lang)}
    out = [markdown("", f"# {assignment.name}: {lesson.title[lang]}\n\n{lesson.summary[lang]}")]
    out += [markdown("", section[lang]) for section in lesson.sections]
    out.append(markdown("", common.HOW_TO[lang].format(**names)))
    test_setup_done = False
    points = public_points(assignment)
    for name, code in module_cells(stub, assignment.filename, lesson):
        if lang == "zh":
            code = translated_docstrings(code, DOCSTRINGS.get(assignment.name, {}),
                                         MODULES.get(assignment.name) if name is None else None)
        if name is None:
            out.append(markdown("", common.MODULE_HEADER[lang].format(**names)))
            out.append(solution("module_header", code))
            continue
        function = lesson.function(name)
        if function is None:
            out.append(markdown("", _helper_text(name, code, lesson, lang)))
            out.append(solution(name, code))
            continue
        if not test_setup_done:
            out.append(markdown("", common.TEST_SETUP[lang]))
            out.append(locked_code("test_setup", common.TEST_SETUP_CODE))
            test_setup_done = True
        out.append(markdown("", common.FUNCTION_HEADING[lang].format(name=name)
                            + "\n\n" + function.text[lang]))
        out.append(solution(name, code))
        closing = common.PASSED[lang].format(name=name, checks=function.checks)
        out.append(tests(f"test_{name}", function.test.strip("\n") + "\n" + closing,
                         points.get(name, function.checks)))
    return _number(out, assignment)


def public_points(assignment: Assignment) -> dict[str, int | float]:
    """Points per function of the public tests that ``convgrade check`` runs: the notebook's
    test cells carry the same, so that the notebook and check agree on every score."""
    suite = importlib.import_module(f"autograder.suites.{assignment.name}.test_public")
    points: dict[str, float] = {}
    for case in suite.CASES:
        points[case.function] = points.get(case.function, 0) + case.weight
    return {f: int(p) if float(p).is_integer() else p for f, p in points.items()}


def translated_docstrings(code: str, docstrings: dict[str, str], module: str | None = None) -> str:
    """``code`` with the docstring of each top-level function named in ``docstrings`` replaced,
    and the module's own docstring by ``module`` when given."""
    lines = code.split("\n")
    tree = ast.parse(code)
    nodes = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in docstrings]
    texts = [docstrings[n.name] for n in nodes]
    if module is not None:
        nodes, texts = [tree] + nodes, [module] + texts
    for node, translation in reversed(list(zip(nodes, texts))):   # bottom up: line numbers stay valid
        first = node.body[0]
        if not (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)):
            continue
        indent = " " * first.col_offset
        text = f'{indent}"""{translation}\n{indent}"""'
        lines[first.lineno - 1:first.end_lineno] = text.split("\n")
    return "\n".join(lines)


def module_cells(source: str, filename: str, lesson: Lesson) -> list[tuple[str | None, str]]:
    """The module cut into solution cells, (name, code) each: the preamble (name None), one cell
    per function, and runs of plain helpers sharing one cell named after the first."""
    cells_: list[tuple[str | None, str]] = []
    plain_run = False
    for chunk in split_module(source, filename):
        plain = (chunk.name is not None and lesson.function(chunk.name) is None
                 and chunk.name not in lesson.helpers)
        if plain and plain_run:
            name, code = cells_[-1]
            cells_[-1] = (name, f"{code}\n\n\n{chunk.code}")
        else:
            cells_.append((chunk.name, chunk.code))
        plain_run = plain
    return cells_


def _helper_text(name: str, code: str, lesson: Lesson, lang: str) -> str:
    if name in lesson.helpers:
        return lesson.helpers[name][lang]
    defined = re.findall(r"^(?:def|class) (\w+)", code, flags=re.MULTILINE)
    listing = ", ".join(f"`{d}`" for d in defined)
    generic = (common.HELPER_STUB if PLACEHOLDER[0] in code else common.HELPER_GIVEN)[lang]
    return f"### {common.HELPERS_HEADING[lang]}: {listing}\n\n{generic}"


def _number(cells_: list[dict], assignment: Assignment) -> list[dict]:
    """Give every cell an id from the assignment and its position; name markdown grade_ids alike."""
    for position, cell in enumerate(cells_, start=1):
        cell["id"] = f"{assignment.name}-{position:02d}".replace("_", "-")
        meta = cell["metadata"]["nbgrader"]
        if not meta["grade_id"]:
            meta["grade_id"] = f"md_{position:02d}"
    return cells_


def notebook_name(assignment: Assignment, lang: str) -> str:
    return f"{assignment.module}.ipynb" if lang == "en" else f"{assignment.module}.{lang}.ipynb"


def notebook(assignment: Assignment, lesson: Lesson, stub: str, lang: str) -> dict:
    """The whole notebook as a plain dict in nbformat 4.5."""
    return {
        "cells": [_split_source(c) for c in cells(assignment, lesson, stub, lang)],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _split_source(cell: dict) -> dict:
    lines = cell["source"].splitlines(keepends=True)
    return {**cell, "source": lines}


def dumps(nb: dict) -> str:
    """The notebook as nbformat writes it: sorted keys, indent 1, UTF-8 text, trailing newline."""
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
