"""The table of SPEC functions (autograder.spec) agrees with everything else that states its facts:

- SPEC.md's signature blocks (names, defaults, assignments, modules, result parts, layouts),
  where the contract file sits in the checkout (``SPEC.md`` or ``docs/SPEC.md``);
- the reference solutions (``solutions/``) and the released stubs (``assignments/``), read with
  ``ast``: exactly the table's functions (plus the ones pasted from an earlier assignment), with
  the table's parameter names and defaults;
- the reference implementations (``autograder.reference``): one per function, taking the table's
  parameters in order; its result dtype follows the table's rule and it takes 'valid' / 'same'
  exactly where the table says;
- every suite case calls a function of its own assignment; every function is diagnosed and
  shrinkable (the derived SIGNATURES, detectors and shrinking reach it).
"""
from __future__ import annotations

import ast
import inspect
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from autograder import reference, shrink
from autograder.assignments import ASSIGNMENTS
from autograder.cases import ArraySpec, Case, materialize
from autograder.compare import PART_NAMES
from autograder.diagnosis.common import SIGNATURES, bind
from autograder.diagnosis.table import mutations_for
from autograder.public_candidates import suite_cases
from autograder.spec import ASSIGNMENT_SPECS, FUNCTIONS, REQUIRED, functions_of

ROOT = Path(__file__).resolve().parents[1]
SPEC_MD = next((p for p in (ROOT / "SPEC.md", ROOT / "docs" / "SPEC.md") if p.is_file()), None)


# ---------------------------------------------------------------- SPEC.md


def parse_spec_md(text: str) -> dict[str, dict]:
    """Per function of SPEC.md's ``### <assignment> — `<module>.py``` python blocks: its
    assignment, module, parameters [(name, default)], result parts, and the block's text."""
    out: dict[str, dict] = {}
    pattern = r"^### (a\d_\w+) — `(\w+)\.py`\s*\n```python\n(.*?)^```"
    for assignment, module, block in re.findall(pattern, text, flags=re.M | re.S):
        entries: list[list[str]] = []          # [code, comments] per signature
        for line in block.splitlines():
            code, _, comment = line.partition("#")
            if line[:1].strip() and code.strip():
                entries.append([code.strip(), comment])
            elif entries:
                entries[-1][0] += " " + code.strip()
                entries[-1][1] += " " + comment
        for code, comment in entries:
            node = ast.parse(f"def {code}: pass").body[0]
            args = node.args.args
            defaults = [REQUIRED] * (len(args) - len(node.args.defaults)) + \
                [ast.literal_eval(d) for d in node.args.defaults]
            parts = ()
            if isinstance(node.returns, ast.Tuple):
                parts = tuple(e.id for e in node.returns.elts)
            elif node.returns is not None and ast.unparse(node.returns).startswith("tuple["):
                named = re.match(r"\s*\((\w+(?:, \w+)*)\)", comment)
                parts = tuple(named.group(1).split(", ")) if named else ()
            out[node.name] = {"assignment": assignment, "module": module, "text": code + comment,
                              "params": [(a.arg, d) for a, d in zip(args, defaults)], "parts": parts}
    return out


def test_the_spec_parser_reads_a_signature_block():
    text = ("### a9_demo — `demo.py`\n```python\n"
            "f(x, k=1, s=None,\n  mode=\"zeros\") -> tuple[int, int]   # (lo, hi) of the pad\n"
            "g(x)\n    -> (grad_x, grad_w)   # == autograd\n```\n")
    parsed = parse_spec_md(text)
    assert parsed["f"]["params"] == [("x", REQUIRED), ("k", 1), ("s", None), ("mode", "zeros")]
    assert parsed["f"]["parts"] == ("lo", "hi") and parsed["g"]["parts"] == ("grad_x", "grad_w")
    assert parsed["g"]["assignment"] == "a9_demo" and parsed["g"]["module"] == "demo"


@pytest.mark.skipif(SPEC_MD is None, reason="SPEC.md is not in this checkout")
def test_spec_md_and_the_table_agree():
    spec = parse_spec_md(SPEC_MD.read_text(encoding="utf-8"))
    assert list(spec) == list(FUNCTIONS)
    modules = {a.name: a.module for a in ASSIGNMENT_SPECS}
    for name, f in FUNCTIONS.items():
        s = spec[name]
        assert s["assignment"] == f.assignment and modules[f.assignment] == s["module"], name
        assert s["params"] == list(f.signature), name
        assert s["parts"] == f.parts, name
        for layout in [f.layout] + [p.layout for p in f.params]:
            assert layout in s["text"], f"{name}: layout {layout} is not what SPEC.md says"


# ---------------------------------------------------------------- solutions and stubs


def _defined(path: Path) -> dict[str, list[tuple[str, object]]]:
    """Public top-level functions of a module file and their (parameter, default) lists."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            args = node.args.args + node.args.kwonlyargs
            defaults = [REQUIRED] * (len(node.args.args) - len(node.args.defaults)) + \
                [ast.literal_eval(d) for d in node.args.defaults] + \
                [REQUIRED if d is None else ast.literal_eval(d) for d in node.args.kw_defaults]
            out[node.name] = [(a.arg, d) for a, d in zip(args, defaults)]
    return out


@pytest.mark.parametrize("tree", ["solutions", "assignments"])
@pytest.mark.parametrize("assignment", [a.name for a in ASSIGNMENT_SPECS])
def test_module_defines_the_table_functions_with_their_signatures(tree, assignment):
    a = next(a for a in ASSIGNMENT_SPECS if a.name == assignment)
    defined = _defined(ROOT / tree / a.name / f"{a.module}.py")
    assert set(defined) == set(functions_of(a.name)) | set(a.pasted)
    for name, params in defined.items():
        assert params == list(FUNCTIONS[name].signature), f"{tree}/{a.name}: {name}"


def test_assignments_and_derived_tables_come_from_the_spec_table():
    assert list(ASSIGNMENTS) == [a.name for a in ASSIGNMENT_SPECS]
    assert [f for a in ASSIGNMENTS.values() for f in a.functions] == list(FUNCTIONS)
    assert SIGNATURES == {n: f.signature for n, f in FUNCTIONS.items()}
    assert {n: f.parts for n, f in FUNCTIONS.items() if f.returns != "array" and f.parts} == PART_NAMES
    for a in ASSIGNMENT_SPECS:        # a pasted function comes from an earlier assignment
        assert all(FUNCTIONS[p].assignment < a.name for p in a.pasted)


# ---------------------------------------------------------------- the reference


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_reference_takes_the_table_parameters(name):
    params = list(inspect.signature(reference._FUNCTIONS[name]).parameters.values())[1:]   # ctx
    table = FUNCTIONS[name].signature
    got = [(p.name, REQUIRED if p.default is inspect.Parameter.empty else p.default) for p in params]
    assert got[:len(table)] == list(table)
    assert all(d is not REQUIRED for _, d in got[len(table):])     # extras (a shared helper) optional
    assert set(reference.FUNCTIONS) == set(FUNCTIONS)


def _suite_cases() -> list[tuple[str, Case]]:
    return [(name, c) for name in ASSIGNMENTS for kind in ("public", "hidden") for c in suite_cases(name, kind)]


CASES = _suite_cases()


def test_every_suite_case_calls_a_function_of_its_assignment():
    assert CASES
    wrong = [(a, c.function) for a, c in CASES if FUNCTIONS.get(c.function) is None
             or FUNCTIONS[c.function].assignment != a]
    assert wrong == []
    assert {c.function for _, c in CASES} == set(FUNCTIONS)


def _public_value_case(name: str) -> Case:
    return next(c for a, c in CASES if c.function == name and c.expect == "value" and not c.hidden
                and not c.large)


ARRAY_FUNCTIONS = [n for n, f in FUNCTIONS.items() if f.takes_arrays]


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_reference_result_dtype_follows_the_table_rule(name):
    """First array float32, the others float64: result_type(x, weight), x.dtype, cols.dtype and
    weight.dtype then give different answers wherever they can differ."""
    f = FUNCTIONS[name]
    case = _public_value_case(name)
    first = True

    def retype(v):
        nonlocal first
        if isinstance(v, ArraySpec):
            v, first = replace(v, dtype="float32" if first else "float64"), False
        return v
    case = replace(case, args=tuple(retype(v) for v in case.args),
                   kwargs=tuple((k, retype(v)) for k, v in case.kwargs))
    args, kwargs = materialize(case)
    arrays = dict(zip([p.name for p in f.params], args)) | kwargs
    value = reference.evaluate(name, args, kwargs)
    results = value if isinstance(value, tuple) else (value,)
    if f.dtype == "int":
        assert all(isinstance(v, int) or np.asarray(v).dtype.kind == "i" for v in results)
        return
    if f.dtype == "result_type(x, weight)":
        want = np.result_type(arrays["x"], arrays["weight"])
    else:
        want = arrays[f.dtype].dtype
    assert [r.dtype for r in results] == [want] * len(results)


@pytest.mark.parametrize("name", [n for n in ARRAY_FUNCTIONS if FUNCTIONS[n].param("padding")])
def test_reference_takes_padding_words_exactly_where_the_table_says(name):
    """On a public case with padding 0, padding='valid' (the same padding in words) is
    accepted where the table lists the words and refused elsewhere."""
    unpadded = [c for a, c in CASES if c.function == name and c.expect == "value"
                and not c.large and _bound(c)["padding"] in (0, (0, 0))]
    assert unpadded, f"{name}: no suite case without padding"
    worded = shrink._rebuild(unpadded[0], {**_bound(unpadded[0]), "padding": "valid"})
    if FUNCTIONS[name].string_padding:
        assert np.array_equal(reference.evaluate(name, *materialize(worded)),
                              reference.evaluate(name, *materialize(unpadded[0])))
    else:
        with pytest.raises(reference.ReferenceRefused):
            reference.evaluate(name, *materialize(worded))


def _bound(case: Case) -> dict:
    return bind(case.function, case.args, case.kwargs_dict)


# ---------------------------------------------------------------- diagnosis and shrinking


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_every_function_is_diagnosed_and_shrinkable(name):
    assert mutations_for(name), f"{name}: no detector looks at it"
    case = _public_value_case(name)
    assert any(shrink._weight(c) < shrink._weight(case) for c in shrink._simpler(case)), \
        f"{name}: shrinking finds nothing simpler than {case.describe()}"
