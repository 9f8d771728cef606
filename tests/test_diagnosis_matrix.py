"""The coverage matrix of the diagnosis, against real torch.

- the committed docs/misconception-matrix.md is what the code generates;
- every (function, code misconception) cell has detectors or says why the mistake cannot occur;
- every detector is reachable: a student whose code makes exactly that mistake (on the failing
  case and on every confirming case) is named by it, and never by another mistake.
"""
from __future__ import annotations

import numpy as np
import pytest

from autograder.assignments import REPO_ROOT
from autograder.cases import Case, materialize
from autograder.diagnose import diagnose
from autograder.diagnosis.common import SIGNATURES, Mutation, ShapeOnly, bind, ref
from autograder.diagnosis.matrix import CODE_IDS, cell, render
from autograder.diagnosis.search import _attempt
from autograder.diagnosis.table import mutations_for
from autograder.diagnosis.values import close
from autograder.i18n import known_ids
from autograder.reference import ReferenceRefused
from diagnosis_cases import bank

BANK = bank()


def test_committed_matrix_is_up_to_date():
    committed = (REPO_ROOT / "docs" / "misconception-matrix.md").read_text(encoding="utf-8")
    assert committed == render(), "regenerate: python -m autograder.diagnosis.matrix > docs/misconception-matrix.md"


def test_every_cell_has_detectors_or_a_reason():
    assert set(CODE_IDS) <= set(known_ids("en"))
    for function in SIGNATURES:
        for mid in CODE_IDS:
            found = cell(function, mid)
            assert found, f"{function} × {mid}: neither a detector nor a reason"


def test_the_bank_covers_every_function_with_valid_cases():
    assert set(BANK) == set(SIGNATURES)
    for function, cases in BANK.items():
        for case in cases:
            ref(function, bind(function, *materialize(case)))      # torch accepts every case


def _as_value(alt, expected):
    if isinstance(alt, ShapeOnly):           # a student with a wrong size returns some array of it
        return np.zeros(alt.shape, dtype=getattr(expected, "dtype", np.float64))
    return alt


def _student(m: Mutation):
    """Code that makes exactly the mistake ``m`` wherever it can show, and is right elsewhere."""
    def call(case: Case):
        p = bind(case.function, *materialize(case))
        alt = _attempt(m, case.function, p)
        expected = ref(case.function, p)
        return expected if alt is None else _as_value(alt, expected)
    return call


def _showing(function: str, m: Mutation, limit: int = 2):
    for case in BANK[function]:
        try:
            p = bind(function, *materialize(case))
            expected = ref(function, p)
        except ReferenceRefused:
            continue
        alt = _attempt(m, function, p)
        if alt is None or (not isinstance(alt, ShapeOnly) and close(alt, expected, loose=True)):
            continue
        yield case, _as_value(alt, expected)
        limit -= 1
        if limit == 0:
            return


@pytest.mark.parametrize("function", list(SIGNATURES))
def test_every_detector_names_its_mistake_and_no_other(function):
    problems = []
    for m in mutations_for(function):
        shown = list(_showing(function, m))
        if not shown:
            problems.append(f"{m.misconception}/{m.variant}: no case in the bank shows it")
            continue
        named = False
        for case, got in shown:
            d = diagnose(case, got, "en", call=_student(m))
            assert d is not None
            if m.misconception in d.misconceptions:
                named = True
            elif d.misconceptions:
                problems.append(f"{m.misconception}/{m.variant} named {d.misconceptions} on {case.describe()}")
        if not named:
            problems.append(f"{m.misconception}/{m.variant}: never named ({shown[0][0].describe()})")
    assert not problems, "\n".join(problems)
