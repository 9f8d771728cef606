"""The grading engine on real submissions: the reference solutions, the stubs, broken files."""
from __future__ import annotations

import pytest

from autograder.assignments import ASSIGNMENTS
from autograder.reports.gradescope import from_results_json, schema_problems, to_results_json
from autograder.submission import Chunk, Submission
from support import solution_source as solution_code
from support import stub_source as stub_code


@pytest.fixture(scope="module")
def session(grading_session):
    with grading_session() as s:
        yield s


def submission(code: str, assignment: str, name: str = "student") -> Submission:
    return Submission(name, assignment, [Chunk(code, ASSIGNMENTS[assignment].filename)])


def check_json(result) -> dict:
    data = to_results_json(result)
    assert schema_problems(data) == []
    back = to_results_json(from_results_json(data))
    assert back == data
    return data


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_reference_solution_scores_full_marks(session, assignment):
    result = session.grade(submission(solution_code(assignment), assignment), assignment)
    failed = [(t.name, t.output) for t in result.tests if t.status != "passed"]
    assert failed == []
    assert result.status == "graded"
    assert result.score == result.max_score > 0
    functions = {t.function for t in result.tests}
    assert functions == set(ASSIGNMENTS[assignment].functions)
    assert any(t.hidden for t in result.tests) and any(not t.hidden for t in result.tests)
    check_json(result)


@pytest.mark.parametrize("assignment", list(ASSIGNMENTS))
def test_released_stub_scores_zero_without_crashing(session, assignment):
    result = session.grade(submission(stub_code(assignment), assignment), assignment)
    assert result.status == "graded", result.reason
    assert result.max_score > 0
    # a stub that raises NotImplementedError may still pass the "raises ValueError" tests: it does not
    assert result.score == 0
    assert all("NotImplementedError" in t.output for t in result.tests)
    check_json(result)


def test_syntax_error_gets_zero_with_the_line(session):
    code = solution_code("a1_shapes") + "\n\ndef broken(:\n    pass\n"
    line = code.count("\n", 0, code.index("def broken")) + 1
    result = session.grade(submission(code, "a1_shapes"), "a1_shapes")
    assert result.status == "failed_to_load"
    assert result.score == 0 and result.max_score > 0
    assert str(line) in result.output
    assert all(str(line) in t.output for t in result.tests)
    check_json(result)


def test_missing_function_loses_only_its_tests(session):
    code = solution_code("a1_shapes").replace("def receptive_field(", "def receptive_field_renamed(")
    result = session.grade(submission(code, "a1_shapes"), "a1_shapes")
    assert result.status == "partial"
    for t in result.tests:
        if t.function == "receptive_field":
            assert t.score == 0 and "receptive_field" in t.output
        else:
            assert t.status == "passed"
    check_json(result)


def test_one_bug_loses_only_the_tests_it_touches(session):
    # dilation ignored in conv_output_size only
    code = solution_code("a1_shapes") + (
        "\n\n_orig = conv_output_size\n"
        "def conv_output_size(in_size, kernel_size, stride=1, padding=0, dilation=1):\n"
        "    return _orig(in_size, kernel_size, stride, padding, 1)\n")
    result = session.grade(submission(code, "a1_shapes"), "a1_shapes")
    lost = {t.name for t in result.tests if t.status != "passed"}
    assert lost and all("conv_output_size" in n and ("dilat" in n or "all parameters" in n) for n in lost)


def test_hidden_outputs_show_no_inputs_values_or_messages(session):
    # wrong values everywhere, a secret in every exception and on stdout
    code = ("import numpy as np\nprint('SECRET-STDOUT')\n"
            "def conv2d_naive(x, weight, *a, **k):\n    raise TypeError('SECRET-EXC')\n"
            "def conv2d(x, weight, bias=None, *a, **k):\n    return np.full((1,), 123.456)\n")
    result = session.grade(submission(code, "a2_conv2d"), "a2_conv2d")
    check_json(result)
    assert "SECRET" not in result.output
    from autograder.suites.a2_conv2d import test_hidden, test_public
    public_calls = {c.describe() for c in test_public.CASES}
    hidden_calls = {c.describe() for c in test_hidden.CASES} - public_calls
    for t in result.tests:
        if t.hidden:
            assert "SECRET" not in t.output
            assert not any(call in t.output for call in hidden_calls), t.output
        elif t.function == "conv2d_naive":
            assert "SECRET-EXC" in t.output      # public tests show everything
    hidden_naive = [t for t in result.tests if t.hidden and t.function == "conv2d_naive" and t.score == 0]
    assert hidden_naive and all("TypeError" in t.output for t in hidden_naive)


def test_public_tests_show_inputs_and_expected(session):
    code = solution_code("a1_shapes").replace(
        "def same_padding(kernel_size, dilation=1):",
        "def same_padding(kernel_size, dilation=1):\n    return (9, 9)\n\ndef _unused(kernel_size, dilation=1):")
    result = session.grade(submission(code, "a1_shapes"), "a1_shapes")
    public = [t for t in result.tests if t.function == "same_padding" and not t.hidden]
    assert public and all(t.score == 0 for t in public)
    assert "same_padding(3)" in public[0].output and "(1, 1)" in public[0].output and "(9, 9)" in public[0].output


def test_wrong_dtype_is_named_as_a_misconception(session):
    code = solution_code("a2_conv2d") + (
        "\n\n_orig = max_pool2d\n"
        "def max_pool2d(x, *a, **k):\n    return _orig(x, *a, **k).astype(np.float64)\n")
    result = session.grade(submission(code, "a2_conv2d"), "a2_conv2d")
    float32 = [t for t in result.tests if t.function == "max_pool2d" and "float32" in t.name]
    assert float32 and all("wrong-dtype" in t.misconceptions for t in float32)
    assert all("misconception:wrong-dtype" in t.all_tags for t in float32)


def test_nothing_to_grade_is_a_result(session):
    empty = Submission("nobody", "a1_shapes", [], problems=["the folder is empty"])
    result = session.grade(empty, "a1_shapes")
    assert result.status == "no_submission" and result.score == 0 and result.tests
    check_json(result)


def test_grader_failure_is_a_result_not_an_exception(session):
    result = session.grade(submission("x = 1\n", "a1_shapes"), "no_such_assignment")
    assert result.status == "grader_error"
    check_json(result)
