"""The pipeline: submissions -> documents -> normalized tokens -> fingerprints -> scored pairs.

``run_similarity(submissions, assignment) -> Report``; nothing here writes files (``report_json``
and ``report_html`` render a Report). Every pair is scored; the matching regions are worked
out for the ``match_pairs`` best pairs (the rest carry an empty list).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from autograder.assignments import Assignment, get_assignment
from autograder.similarity import pairs as scoring
from autograder.similarity.boilerplate import assignment_sources, load_boilerplate
from autograder.similarity.extract import Document, extract, unique_names
from autograder.similarity.fingerprint import K, WINDOW, fingerprint, token_ids, without
from autograder.similarity.normalize import Tokens, normalize
from autograder.submission import Submission


@dataclass
class Match:
    """A region of a's view (lines, inclusive, from 1) that matches a region of b's."""

    a_lines: tuple[int, int]
    b_lines: tuple[int, int]


@dataclass
class Pair:
    a: str
    b: str
    score: float            # in [0, 1]; see pairs.py for the formula
    shared: int             # fingerprints in common
    matches: list[Match] = field(default_factory=list)


@dataclass
class Entry:
    """One compared submission: its code view and what it was reduced to."""

    name: str
    code: str
    sections: list[tuple[int, str]]
    fingerprints: int


@dataclass
class Report:
    assignment: str
    entries: list[Entry]
    pairs: list[Pair]                               # highest score first
    closest: dict[str, tuple[str, float]]           # name -> (closest other or "", score)
    skipped: list[tuple[str, str]]                  # (name, why it was not compared)
    boilerplate: list[str]                          # files removed as given code
    settings: dict[str, int] = field(default_factory=dict)


@dataclass
class _Prepared:
    doc: Document
    tokens: Tokens
    fp: object


def _lines(tokens: Tokens, first: int, last: int) -> tuple[int, int]:
    span = tokens.lines[first:last + 1]
    return min(s for s, _ in span), max(e for _, e in span)


def run_similarity(submissions: list[Submission], assignment: str | Assignment, *,
                   extra_boilerplate: list[Path] | None = None, use_assignment_files: bool = True,
                   match_pairs: int = 500) -> Report:
    """Compare every pair of ``submissions`` of ``assignment`` (see the module docstring)."""
    spec = assignment if isinstance(assignment, Assignment) else get_assignment(assignment)
    sources = (assignment_sources(spec) if use_assignment_files else []) + list(extra_boilerplate or [])
    boiler = load_boilerplate(sources)
    keep = frozenset(spec.functions)
    cache: dict[str, int] = {}
    prepared: list[_Prepared] = []
    skipped: list[tuple[str, str]] = []
    for doc in unique_names([extract(s) for s in submissions]):
        if doc.problems:
            skipped.append((doc.name, "could not be read: " + " ".join(doc.problems)))
            continue
        tokens = normalize(doc.pieces, keep)
        fp = without(fingerprint(token_ids(tokens.texts, cache)), boiler.hashes)
        if len(fp.hashes) == 0:
            skipped.append((doc.name, "nothing of its own: all its code is given code (stub, "
                                      "notebook or reference solution) or too short to compare"))
            continue
        prepared.append(_Prepared(doc, tokens, fp))
    limit = scoring.common_limit(len(prepared))
    common = scoring.common_hashes([p.fp for p in prepared], limit)
    fps = [without(p.fp, common) for p in prepared]
    shared = scoring.shared_counts(fps)
    score = scoring.scores(fps, shared)
    n = len(prepared)
    ia, ib = np.triu_indices(n, 1)
    order = np.lexsort((ib, ia, -score[ia, ib]))
    names = [p.doc.name for p in prepared]
    pair_list: list[Pair] = []
    for rank, t in enumerate(order):
        i, j = int(ia[t]), int(ib[t])
        pair = Pair(names[i], names[j], round(float(score[i, j]), 4), int(shared[i, j]))
        if rank < match_pairs and shared[i, j]:
            ta, tb = prepared[i].tokens, prepared[j].tokens
            for (a0, a1), (b0, b1) in scoring.regions(fps[i], fps[j], ta.units, tb.units):
                pair.matches.append(Match(_lines(ta, a0, a1), _lines(tb, b0, b1)))
        pair_list.append(pair)
    closest: dict[str, tuple[str, float]] = {}
    if n > 1:
        masked = score - 2 * np.eye(n)
        for i in range(n):
            j = int(np.argmax(masked[i]))
            closest[names[i]] = (names[j] if score[i, j] > 0 else "", round(float(score[i, j]), 4))
    entries = [Entry(p.doc.name, p.doc.code, p.doc.sections, len(f.hashes)) for p, f in zip(prepared, fps)]
    settings = {"k": K, "window": WINDOW, "min_fingerprints": scoring.MIN_FINGERPRINTS,
                "common_limit": limit, "common_removed": int(len(common)), "match_pairs": match_pairs}
    return Report(spec.name, entries, pair_list, closest, skipped, boiler.sources, settings)
