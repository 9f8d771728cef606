"""``similarity.json``: ``{"pairs": [{"a", "b", "score", "matches": [{"a_lines", "b_lines"}]}]}``.

Pairs highest score first; lines are inclusive ``[first, last]`` in each submission's code as
the HTML report shows it (a ``.py`` file's own lines; a notebook's solution cells one after
another, ``submissions[name].sections`` says where each cell starts). Beside the pairs: what the
report is (``about``), the files removed as given code, the settings and the skipped submissions.
"""
from __future__ import annotations

import json
from pathlib import Path

from autograder.similarity.run import Report

ABOUT = ("Similarity of each pair of submissions after removing the given code and normalizing "
         "names, literals, comments, formatting and function order. This is evidence for a person "
         "to review, never a verdict or a grade.")


def report_dict(report: Report) -> dict:
    return {
        "about": ABOUT,
        "assignment": report.assignment,
        "pairs": [{"a": p.a, "b": p.b, "score": p.score, "shared_fingerprints": p.shared,
                   "matches": [{"a_lines": list(m.a_lines), "b_lines": list(m.b_lines)} for m in p.matches]}
                  for p in report.pairs],
        "closest": {name: {"other": other or None, "score": score} for name, (other, score) in report.closest.items()},
        "submissions": {e.name: {"fingerprints": e.fingerprints,
                                 "sections": [{"first_line": line, "origin": origin} for line, origin in e.sections]}
                        for e in report.entries},
        "skipped": [{"name": name, "reason": why} for name, why in report.skipped],
        "boilerplate": report.boilerplate,
        "settings": report.settings,
    }


def write_json(report: Report, path: Path) -> Path:
    """Write the report as JSON (atomically: a temporary file renamed into place)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(report_dict(report), indent=1), encoding="utf-8")
    tmp.replace(path)
    return path
