"""The grader's fast paths behave exactly like the plain ones.

- A warm worker (booted ahead of time, given its submission over the pipe) loads, reports
  and answers like a worker started for the submission; it serves one submission only.
- A suite collected once and re-run for each submission (plugin.run_collected) gives the
  results pytest.main gives, grader failures included; suites that are not plain fall back.
"""
from __future__ import annotations

import os
import textwrap
import time
from dataclasses import dataclass

import pytest

from autograder.assignments import ASSIGNMENTS
from autograder.cases import Case
from autograder.plugin import GradingPlugin, rerunnable, run_collected, run_suite, suite_files
from autograder.reports.gradescope import to_results_json
from autograder.results import TestResult as Result
from autograder.sandbox import Worker
from autograder.submission import Chunk as SubmissionChunk
from autograder.submission import Submission
from support import LIMITS, demanded_sandbox, solution_source

A1 = ASSIGNMENTS["a1_shapes"]
SANDBOX = demanded_sandbox()       # bwrap fails closed here when CONVGRADE_SANDBOX=bwrap demands it


@dataclass(frozen=True)
class Chunk:
    code: str
    origin: str = "mod.py"
    first_line: int = 1


def solution() -> str:
    return solution_source(A1.name)


def submission(code: str, name: str = "student", tolerant: bool = False, chunks=None) -> Submission:
    chunks = chunks or [SubmissionChunk(code, A1.filename)]
    return Submission(name, A1.name, chunks, tolerant)


def comparable(result) -> dict:
    data = to_results_json(result)
    data.pop("execution_time", None)
    return data


# ---------------------------------------------------------------- warm worker

LOADS = {
    "ok": [Chunk("def f(x):\n    return x + 1\n")],
    "syntax error, offset cell": [Chunk("x = 1\ndef g(:\n", "nb.ipynb, cell 3", first_line=7)],
    "exception at load": [Chunk("a = 1\n\nraise RuntimeError('boom')\n")],
    "forbidden import": [Chunk("import torch\n")],
    "exit at load": [Chunk("import sys\nsys.exit(3)\n")],
    "tolerant cells": [Chunk("def f(x):\n    return 2 * x\n", "nb.ipynb, cell 1"),
                       Chunk("1 / 0\n", "nb.ipynb, cell 2", first_line=5),
                       Chunk("def h():\n    return 'héllo ✓'\n", "nb.ipynb, cell 3", first_line=9)],
}


def load_report(loaded) -> tuple:
    return (loaded.status, loaded.functions, loaded.message, loaded.line, loaded.cell_errors,
            loaded.forbidden_module)


@pytest.mark.parametrize("name", list(LOADS))
def test_a_warm_worker_loads_like_a_cold_one(name):
    chunks, tolerant = LOADS[name], name.startswith("tolerant")
    with Worker(chunks, "mod", sandbox=SANDBOX, limits=LIMITS, tolerant=tolerant) as cold:
        expected = load_report(cold.start())
    with Worker.prelaunch(sandbox=SANDBOX, limits=LIMITS) as warm:
        time.sleep(0.2)         # let it boot, as a spare does while another submission is graded
        warm.assign(chunks, "mod", tolerant=tolerant)
        assert load_report(warm.start()) == expected


TRACEBACKS = """
import sys, traceback

def where():
    try:
        raise ValueError("here")
    except ValueError:
        return traceback.format_exc()

def module_facts():
    return [__name__, __file__, sorted(k for k in sys.modules if k == "mod")]

def raises():
    return 1 / 0
"""


def test_a_warm_worker_runs_the_code_with_the_same_names_and_lines():
    chunks = [Chunk(textwrap.dedent(TRACEBACKS), "mod.py", first_line=3)]
    answers = []
    for warm in (False, True):
        if warm:
            worker = Worker.prelaunch(sandbox=SANDBOX, limits=LIMITS).assign(chunks, "mod")
        else:
            worker = Worker(chunks, "mod", sandbox=SANDBOX, limits=LIMITS)
        with worker:
            assert worker.start().ok
            raised = worker.call("raises")
            answers.append((worker.call("where").value, worker.call("module_facts").value,
                            raised.status, raised.exc_type, raised.exc_message))
    assert answers[0] == answers[1]
    assert 'File "mod.py", line 8, in where' in answers[1][0]


def test_a_warm_worker_serves_one_submission_only():
    with Worker.prelaunch(sandbox=SANDBOX, limits=LIMITS) as worker:
        worker.assign([Chunk("def f():\n    return 1\n")], "mod")
        with pytest.raises(RuntimeError):
            worker.assign([Chunk("def f():\n    return 2\n")], "mod")
        assert worker.call("f").value == 1
    with Worker.prelaunch(sandbox=SANDBOX, limits=LIMITS) as worker:
        with pytest.raises(RuntimeError):
            worker.start()            # no submission yet


def test_a_spare_that_died_is_replaced_by_a_fresh_worker():
    worker = Worker.prelaunch(sandbox=SANDBOX, limits=LIMITS)
    with worker:
        worker._proc.kill()           # the spare dies while it waits (OOM killer, ...)
        worker._proc.wait()
        worker.assign([Chunk("def f():\n    return 5\n")], "mod")
        assert worker.start().ok
        assert worker.call("f").value == 5


def test_a_call_after_a_timeout_restarts_a_warm_worker():
    code = "import time\ndef nap():\n    time.sleep(5)\ndef f():\n    return 7\n"
    with Worker.prelaunch(sandbox=SANDBOX, limits=LIMITS).assign([Chunk(code)], "mod") as worker:
        assert worker.call("nap", timeout=0.5).status == "timeout"
        assert worker.call("f").value == 7


def test_a_closed_spare_leaves_no_process():
    worker = Worker.prelaunch(sandbox=SANDBOX, limits=LIMITS)
    pid = worker.pid
    worker.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


LEAKER = "\nimport builtins\nbuiltins.__dict__['convgrade_leak'] = 1\n"
CHECKER = ("\n_ok = conv_output_size\n"
           "def conv_output_size(*args, **kwargs):\n"
           "    import builtins\n"
           "    return -1 if hasattr(builtins, 'convgrade_leak') else _ok(*args, **kwargs)\n")


def test_a_session_with_a_warm_worker_grades_like_one_without(grading_session):
    """Same results, and each submission in a process of its own (nothing leaks over)."""
    subs = [submission(solution(), "first"), submission(solution() + LEAKER, "leaker"),
            submission(solution() + CHECKER, "checker"),
            submission(solution() + "\ndef receptive_field(layers):\n    return 0\n", "buggy"),
            submission("def broken(:\n", "broken"), submission(solution(), "last")]
    runs = {}
    for warm in (False, True):
        with grading_session(warm_worker=warm) as session:
            runs[warm] = []
            for sub in subs:
                spare = session._spare
                runs[warm].append(comparable(session.grade(sub, A1.name)))
                if warm and spare is not None:
                    assert spare._proc is None     # the spare served this submission, then closed
                    assert session._spare is not spare
            if warm:
                assert session._spare is not None
            else:
                assert session._spare is None
    assert runs[True] == runs[False]
    assert runs[True][2]["score"] == runs[True][2]["max_score"]       # the leak did not carry over


# ---------------------------------------------------------------- collect once


class Checker:
    """A stand-in for the engine's case grader: passes, fails, or breaks (a grader error)."""

    def __init__(self):
        self.errors = []

    def check(self, case: Case) -> Result:
        result = Result(name=f"{case.function} {case.label}", function=case.function,
                            max_score=float(case.weight), hidden=case.hidden)
        if case.function == "same_padding":
            raise RuntimeError("the grader broke")
        if case.function == "receptive_field":
            result.output = "wrong"
            return result
        result.score, result.status = result.max_score, "passed"
        return result

    def grader_failed(self, case: Case, error: str) -> Result:
        self.errors.append(error.strip().splitlines()[-1])
        return Result(name=f"{case.function} {case.label}", function=case.function,
                          max_score=float(case.weight), hidden=case.hidden, output="grader error")


def plugin_run(files, items=None):
    checker = Checker()
    plugin = GradingPlugin(checker)
    code = run_collected(items, plugin) if items is not None else run_suite(files, plugin)
    return code, [(r.name, r.number, r.score, r.status, r.hidden, r.output) for r in plugin.results()], \
        checker.errors, plugin


@pytest.mark.parametrize("visibility", ["public", "all"])
def test_a_collected_suite_reruns_like_pytest(visibility):
    files = suite_files(A1.suite_dir(), visibility)
    code, results, errors, plugin = plugin_run(files)
    assert code == 1 and errors and results
    assert rerunnable(plugin.items)
    for _ in range(2):
        assert plugin_run(files, plugin.items)[:3] == (code, results, errors)


PLAIN = """
from autograder.cases import Case
from autograder.plugin import parametrize_cases
CASES = [Case("conv_output_size", (8, 3)), Case("conv_output_size", (9, 3))]
"""


@pytest.mark.parametrize("test, plain", [
    ("@parametrize_cases(CASES)\ndef test_case(case, student):\n    student.check(case)\n", True),
    ("@parametrize_cases(CASES)\ndef test_case(case, student, request):\n    student.check(case)\n", False),
    ("import pytest\n@pytest.mark.skip\n@parametrize_cases(CASES)\ndef test_case(case, student):\n"
     "    student.check(case)\n", False),
    ("def setup_function():\n    pass\n@parametrize_cases(CASES)\ndef test_case(case, student):\n"
     "    student.check(case)\n", False),
    ("import pytest\n@pytest.fixture(autouse=True)\ndef around():\n    yield\n"
     "@parametrize_cases(CASES)\ndef test_case(case, student):\n    student.check(case)\n", False),
    ("class TestCases:\n    @parametrize_cases(CASES)\n    def test_case(self, case, student):\n"
     "        student.check(case)\n", False),
])
def test_only_plain_suites_are_rerun_without_pytest(tmp_path, test, plain):
    path = tmp_path / f"test_plain_{abs(hash(test))}.py"      # module names must not repeat
    path.write_text(PLAIN + test)
    code, _, _, plugin = plugin_run([path])
    assert code in (0, 1) and plugin.items
    assert rerunnable(plugin.items) is plain


def test_a_session_that_collects_once_grades_like_pytest_each_time(grading_session):
    subs = [submission(solution(), "first"),
            submission(solution() + "\ndef conv_output_size(*a, **k):\n    return 0\n", "wrong"),
            submission(solution() + "\ndel receptive_field\n", "missing"),
            submission(solution() + "\ndef same_padding(*a, **k):\n    raise ValueError('no')\n", "raises"),
            submission("", "empty"),
            submission("", "notebook", tolerant=True,
                       chunks=[SubmissionChunk(solution(), "shapes.ipynb, cell 1"),
                               SubmissionChunk("import matplotlib\n", "shapes.ipynb, cell 2", 40)]),
            submission(solution(), "last")]
    runs = {}
    for once in (False, True):
        with grading_session(collect_once=once, warm_worker=False) as session:
            runs[once] = [comparable(session.grade(sub, A1.name)) for sub in subs]
            assert bool(session._collected) is once
    assert runs[True] == runs[False]
