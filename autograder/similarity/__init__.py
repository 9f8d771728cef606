"""Similarity report: which submissions share long stretches of code beyond the given code.

    from autograder.similarity import run_similarity, similarity_section_html, write_report
    report = run_similarity(load_submissions(path, "a2"), "a2")   # -> Report (nothing written)
    write_report(report, out_dir)          # out_dir/similarity.json and out_dir/similarity.html
    html = similarity_section_html(report) # a <section> for a batch summary page

Pipeline: extract.py (a submission's code) -> normalize.py + rewrite.py (AST normalization)
-> fingerprint.py (copydetect's winnowing) with boilerplate.py removed -> pairs.py (scores,
matching regions) -> report_json.py / report_html.py. Evidence for a person, never a verdict.
"""
from __future__ import annotations

from pathlib import Path

from autograder.similarity.html_parts import similarity_section_html
from autograder.similarity.run import Match, Pair, Report, run_similarity

__all__ = ["Match", "Pair", "Report", "run_similarity", "similarity_section_html", "write_report"]


def write_report(report: Report, out: Path, top: int = 20) -> tuple[Path, Path]:
    """Write ``out/similarity.json`` and ``out/similarity.html``; return their paths."""
    from autograder.similarity.report_html import write_html
    from autograder.similarity.report_json import write_json

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return write_json(report, out / "similarity.json"), write_html(report, out / "similarity.html", top)
