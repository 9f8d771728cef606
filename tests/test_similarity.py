"""Similarity report: disguised copies rank above every pair of independently written solutions.

The independent solutions (tests/similarity_cases/a2_conv2d/ and the example correct_conv2d.py)
are complete a2 modules written in different ways (loops, im2col by index arrays, einsum over
sliding_window_view, as_strided + tensordot, FFT, and the released stub filled in with an im2col
buffer per kernel tap, as the stub's docstring suggests); each is checked against torch here, and so is
every disguised copy, so a disguise never changes what the code computes.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "similarity_cases"
sys.path.insert(0, str(CASES))

import comprehensions  # noqa: E402
import disguise  # noqa: E402
from check_correct import check_module  # noqa: E402

from autograder.similarity import run_similarity  # noqa: E402
from autograder.submission import load_submissions  # noqa: E402

INDEPENDENT = sorted((CASES / "a2_conv2d").glob("*_conv2d.py")) + [
    ROOT / "examples" / "submissions" / "a2_conv2d" / "correct_conv2d.py"]
DISGUISES = {
    "rename": disguise.rename,
    "reorder": disguise.reorder,
    "recomment": disguise.recomment,
    "dead_code": disguise.add_dead_code,
    "swap": disguise.swap_statements,
    "comprehension": lambda source, rng, name: comprehensions.apply(name, source),
    "all": lambda source, rng, name: disguise.all_disguises(comprehensions.apply(name, source), rng),
}


def _disguised(kind: str, path: Path, rng) -> str:
    fn = DISGUISES[kind]
    source = path.read_text(encoding="utf-8")
    return fn(source, rng, path.name) if kind in ("comprehension", "all") else fn(source, rng)


def _class(tmp_path: Path, kind: str, seed: int = 0) -> Path:
    """A class folder: one independent solution per student and one disguised copy of each."""
    rng = np.random.default_rng(seed)
    root = tmp_path / f"class_{kind}"
    for path in INDEPENDENT:
        name = path.stem.replace("_conv2d", "")
        (root / name).mkdir(parents=True)
        (root / name / "conv2d.py").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        (root / f"{name}_copy").mkdir()
        (root / f"{name}_copy" / "conv2d.py").write_text(_disguised(kind, path, rng), encoding="utf-8")
    return root


def _is_copy(a: str, b: str) -> bool:
    return a.removesuffix("_copy") == b.removesuffix("_copy")


@pytest.mark.parametrize("path", INDEPENDENT, ids=lambda p: p.name)
def test_independent_solutions_agree_with_torch(path):
    assert check_module(path) == []


@pytest.mark.parametrize("kind", list(DISGUISES))
def test_disguised_copies_still_compute_the_same(kind, tmp_path):
    rng = np.random.default_rng(3)
    for path in INDEPENDENT:
        target = tmp_path / path.name
        target.write_text(_disguised(kind, path, rng), encoding="utf-8")
        assert target.read_text() != path.read_text()
        assert check_module(target) == [], kind


@pytest.mark.parametrize("kind", list(DISGUISES))
def test_every_copy_pair_ranks_above_every_independent_pair(kind, tmp_path):
    report = run_similarity(load_submissions(_class(tmp_path, kind), "a2"), "a2")
    assert report.skipped == []
    copies = [p.score for p in report.pairs if _is_copy(p.a, p.b)]
    independent = [p.score for p in report.pairs if not _is_copy(p.a, p.b)]
    assert len(copies) == len(INDEPENDENT)
    assert len(independent) == len(INDEPENDENT) * (2 * len(INDEPENDENT) - 2)
    assert min(copies) > max(independent), (kind, sorted(copies)[:2], sorted(independent)[-2:])
    # the copies are the top of the ranking, and each student's closest other is their copy
    assert all(_is_copy(p.a, p.b) for p in report.pairs[:len(copies)])
    assert all(_is_copy(name, other) for name, (other, _) in report.closest.items())


def test_independent_solutions_stay_well_apart(tmp_path):
    """Margin: after every disguise, copies score near 1 and independent pairs far lower."""
    report = run_similarity(load_submissions(_class(tmp_path, "all", seed=11), "a2"), "a2")
    copies = [p.score for p in report.pairs if _is_copy(p.a, p.b)]
    independent = [p.score for p in report.pairs if not _is_copy(p.a, p.b)]
    assert min(copies) >= 0.8 > 0.4 >= max(independent)


def test_partial_copy_is_found_and_located(tmp_path):
    """Half of one solution (helpers, conv2d_naive, conv2d) pasted into another: the pair ranks
    first and its matches cover the pasted lines on both sides."""
    donor = (CASES / "a2_conv2d" / "im2col_conv2d.py").read_text(encoding="utf-8")
    receiver = (CASES / "a2_conv2d" / "einsum_conv2d.py").read_text(encoding="utf-8")
    start, stop = donor.index("PAD_MODES = "), donor.index("def conv1d")
    cut, resume = receiver.index("def conv2d_naive"), receiver.index("def conv1d")
    kept = receiver[:cut] + receiver[resume:]
    mixed = kept.rstrip("\n") + "\n\n\n" + donor[start:stop]
    mixed = mixed.replace("from numpy.lib.stride_tricks import sliding_window_view as windows",
                          "from numpy.lib.stride_tricks import sliding_window_view\nwindows = sliding_window_view")
    for name, text in (("donor", donor), ("mixed", mixed), ("other", (CASES / "a2_conv2d" / "fft_conv2d.py").read_text())):
        (tmp_path / name).mkdir()
        (tmp_path / name / "conv2d.py").write_text(text, encoding="utf-8")
    report = run_similarity(load_submissions(tmp_path, "a2"), "a2")
    pair = report.pairs[0]
    assert {pair.a, pair.b} == {"donor", "mixed"}
    assert pair.score > 2 * report.pairs[1].score
    donor_first = donor[:start].count("\n") + 1
    donor_last = donor[:stop].count("\n")
    mixed_first = mixed.count("\n") - donor[start:stop].count("\n") + 1
    lines = [(m.a_lines, m.b_lines) if pair.a == "donor" else (m.b_lines, m.a_lines) for m in pair.matches]
    aligned = [m for d, m in lines                    # the same stretch of code on both sides
               if m[0] >= mixed_first and donor_first <= d[0] <= d[1] <= donor_last
               and m[0] - mixed_first == d[0] - donor_first]
    covered = {line for m0, m1 in aligned for line in range(m0, m1 + 1)}
    code_lines = {n for n, text in enumerate(mixed.split("\n"), 1) if n >= mixed_first and text.strip()}
    assert len(covered & code_lines) >= 0.8 * len(code_lines), (len(covered & code_lines), len(code_lines))
