"""The sample buggy submissions, graded by the real engine (sandbox, hidden suites): each is
tagged with the misconception it contains, in the results.json it produces, and a correct
submission is tagged with none."""
from __future__ import annotations

from collections import Counter

import pytest

from autograder.assignments import REPO_ROOT
from autograder.reports.gradescope import schema_problems, to_results_json
from autograder.submission import load_submissions

SAMPLES = REPO_ROOT / "examples" / "submissions"

EXPECTED = {
    "a1_shapes/buggy_ceil_shapes.py": "off-by-one-size",
    "a1_shapes/buggy_effective_kernel_shapes.py": "dilation-ignored",
    "a2_conv2d/buggy_flipped_kernel_conv2d.py": "flipped-kernel",
    "a2_conv2d/buggy_one_sided_padding_conv2d.py": "padding-ignored",
    "a2_conv2d/buggy_hw_swapped_conv2d.py": "hw-swapped",
    "a3_kernel_matrix/buggy_im2col_order_kernel_matrix.py": "im2col-order",
    "a4_transposed_conv/buggy_output_padding_transposed_conv.py": "output-padding-ignored",
    "a4_transposed_conv/buggy_weight_layout_transposed_conv.py": "transpose-weight-layout",
}


@pytest.fixture(scope="module")
def session(grading_session):
    with grading_session() as s:
        yield s


def _tags(session, relative: str) -> Counter:
    [submission] = load_submissions(SAMPLES / relative)
    data = to_results_json(session.grade(submission, relative.split("/")[0]))
    assert not schema_problems(data)
    return Counter(tag.split(":", 1)[1] for t in data["tests"] for tag in t["tags"]
                   if tag.startswith("misconception:"))


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_each_sample_bug_is_named(session, relative):
    tags = _tags(session, relative)
    assert tags, "no misconception found"
    assert tags.most_common(1)[0][0] == EXPECTED[relative], tags


def test_two_mistakes_at_once_are_both_named(session):
    tags = _tags(session, "a2_conv2d/buggy_stride_twice_flipped_conv2d.py")
    assert {"flipped-kernel", "stride-misapplied"} <= set(tags), tags
    assert set(tags) <= {"flipped-kernel", "stride-misapplied"}, tags


@pytest.mark.parametrize("relative", sorted(p.relative_to(SAMPLES).as_posix()
                                            for p in SAMPLES.glob("*/correct_*.py")))
def test_a_correct_sample_is_never_tagged(session, relative):
    assert _tags(session, relative) == Counter()
