"""The pytest side of grading: the ``student`` fixture and one TestResult per collected test.

A suite file is data plus one line of test:

    CASES = [Case("conv2d", (...)), ...]

    @parametrize_cases(CASES)
    def test_case(case, student):
        student.check(case)

pytest runs the suite in the trusted grader process; ``student`` (the engine's case grader)
sends each call to the sandboxed worker, compares with torch and returns a ``TestResult``.
``GradingPlugin`` hands that fixture to pytest and collects the results in collection order.

A grader process that grades many submissions collects a suite once: when every collected test
is a plain ``test(case, student)`` (no other fixture, no mark but parametrize, no xunit setup),
running it for the next submission is calling it, so :func:`run_collected` does that directly
and records results and failures exactly as the pytest hooks below would.
"""
from __future__ import annotations

import os
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Protocol

import pytest

from autograder.cases import Case
from autograder.results import TestResult

# pytest arguments: quiet, no cache, no terminal output, no plugins from the environment
PYTEST_ARGS = [
    "-c", os.devnull, "-s", "-p", "no:cacheprovider", "-p", "no:terminal", "-p", "no:xdist",
    "-p", "no:randomly", "-p", "no:hypothesispytest", "-p", "no:logging", "-p", "no:warnings",
    "-p", "no:doctest", "-p", "no:junitxml", "-p", "no:pastebin", "-p", "no:stepwise",
    "-p", "no:faulthandler", "-p", "no:legacypath", "-p", "no:tmpdir", "-p", "no:monkeypatch",
    "-p", "no:recwarn", "-p", "no:unraisableexception", "-p", "no:threadexception", "-p", "no:setuponly", "-p", "no:setupplan", "-p", "no:unittest",
    "-p", "no:anyio", "-p", "no:platformdirs",
]
# no third-party plugin at all (importing anyio's alone cost ~0.3 s per grader process)
if tuple(pytest.version_tuple[:2]) >= (8, 4):
    PYTEST_ARGS.append("--disable-plugin-autoload")


class CaseChecker(Protocol):
    """What the ``student`` fixture provides (the engine implements it)."""

    def check(self, case: Case) -> TestResult: ...

    def grader_failed(self, case: Case, error: str) -> TestResult: ...


class CaseFailed(AssertionError):
    """A test failed: the student's result differs from torch (the text is the TestResult's)."""


def case_id(case: Case) -> str:
    """A pytest id: function and label (hidden cases carry no values in their label)."""
    label = case.label or case.describe()
    return f"{case.function}: {label}".replace(" ", "_")


def hide(cases: Iterable[Case]) -> list[Case]:
    """The same cases, marked hidden (the hidden suite's files call this)."""
    return [replace(c, hidden=True) for c in cases]


def parametrize_cases(cases: list[Case]):
    """``@pytest.mark.parametrize("case", cases)`` with readable ids."""
    return pytest.mark.parametrize("case", cases, ids=[case_id(c) for c in cases])


def suite_files(suite_dir: Path, visibility: str) -> list[Path]:
    """test_public.py, plus test_hidden.py when every test is graded."""
    names = ["test_public.py"] + (["test_hidden.py"] if visibility == "all" else [])
    return [suite_dir / n for n in names if (suite_dir / n).exists()]


class GradingPlugin:
    """Given to ``pytest.main(plugins=[...])``: provides ``student`` and records the results."""

    def __init__(self, checker: CaseChecker):
        self.checker = checker
        self._cases: dict[str, Case] = {}
        self._order: list[str] = []
        self._results: dict[str, TestResult] = {}
        self._current: str | None = None
        self.collect_errors: list[str] = []
        self.items: list[Any] = []           # as collected, for run_collected()

    @pytest.fixture
    def student(self) -> "CaseChecker":
        return _Student(self)

    # -- pytest hooks
    def pytest_collection_modifyitems(self, items: list[Any]) -> None:
        self.items = list(items)
        for item in items:
            case = getattr(item, "callspec", None) and item.callspec.params.get("case")
            if isinstance(case, Case):
                if Path(str(item.path)).name == "test_hidden.py" and not case.hidden:
                    case = replace(case, hidden=True)
                self._cases[item.nodeid] = case
                self._order.append(item.nodeid)

    def pytest_collectreport(self, report: Any) -> None:
        if report.failed:
            self.collect_errors.append(f"{report.nodeid}: {str(report.longrepr)[-2000:]}")

    def pytest_runtest_setup(self, item: Any) -> None:
        self._current = item.nodeid

    def pytest_runtest_logreport(self, report: Any) -> None:
        case = self._cases.get(report.nodeid)
        if case is None or report.nodeid in self._results and report.when != "call":
            return
        if report.failed:
            self._test_failed(report.nodeid, str(report.longrepr))

    def _test_failed(self, nodeid: str, longrepr: str) -> None:
        case = self._cases.get(nodeid)
        if case is not None and nodeid not in self._results:
            # not a verdict of ours: the grader itself failed inside this test
            self._results[nodeid] = self.checker.grader_failed(case, longrepr[-2000:])

    # -- results
    def has_result(self, nodeid: str) -> bool:
        """Whether the test ``nodeid`` already has its verdict (a failure that is ours)."""
        return nodeid in self._results

    def record(self, result: TestResult) -> None:
        if self._current is not None:
            self._results[self._current] = result

    def case_of_current(self, case: Case) -> Case:
        """The case as collected (with the hidden flag forced for test_hidden.py)."""
        return self._cases.get(self._current or "", case)

    def results(self) -> list[TestResult]:
        """One TestResult per collected test, numbered in collection order."""
        out = []
        for i, nodeid in enumerate(self._order, 1):
            result = self._results.get(nodeid)
            if result is None:
                result = self.checker.grader_failed(self._cases[nodeid], "the test did not run")
            result.number = str(i)
            out.append(result)
        return out


class _Student:
    """The fixture object a test sees: ``student.check(case)`` fails the test on a wrong answer."""

    def __init__(self, plugin: GradingPlugin):
        self._plugin = plugin

    def check(self, case: Case) -> TestResult:
        result = self._plugin.checker.check(self._plugin.case_of_current(case))
        self._plugin.record(result)
        if result.status != "passed":
            raise CaseFailed(result.output)
        return result


def run_suite(files: list[Path], plugin: GradingPlugin) -> int:
    """Run the suite files through pytest with ``plugin``; returns pytest's exit code.

    The collected tests are left in ``plugin.items`` (see :func:`rerunnable`). The suite's own
    folder is pytest's root and conftest boundary: pytest neither scans the folders above it
    (a student's home or /tmp: thousands of entries, ~0.3 s) nor loads a conftest.py found there."""
    here = os.path.commonpath([str(Path(f).resolve().parent) for f in files]) if files else os.curdir
    return int(pytest.main([*PYTEST_ARGS, "--rootdir", here, "--confcutdir", here, *map(str, files)],
                           plugins=[plugin]))


_PLAIN_FIXTURES = {"case", "student"}


def rerunnable(items: list[Any]) -> bool:
    """Whether every item is a plain ``test(case, student)`` function, parametrized over
    ``case`` only, with no other fixture (autouse and xunit setup included) and no mark but
    parametrize: then pytest adds nothing to calling it, and :func:`run_collected` may."""
    if not items:
        return False
    for item in items:
        if type(item) is not pytest.Function or getattr(item, "cls", None) is not None:
            return False
        callspec = getattr(item, "callspec", None)
        if callspec is None or set(callspec.params) != {"case"}:
            return False
        if set(item.fixturenames) != _PLAIN_FIXTURES:
            return False
        if set(item._fixtureinfo.argnames) != _PLAIN_FIXTURES:
            return False
        if any(mark.name != "parametrize" for mark in item.iter_markers()):
            return False
        if not callable(getattr(item, "obj", None)):
            return False
    return True


def run_collected(items: list[Any], plugin: GradingPlugin) -> int:
    """Run ``rerunnable`` items, collected by an earlier :func:`run_suite`, for ``plugin``:
    each is called as pytest calls it, ``test(case=..., student=...)``. Results, grader
    failures (with pytest's own failure text) and the exit code (0 all passed, 1 some failed)
    are those of ``pytest.main``."""
    plugin.pytest_collection_modifyitems(items)
    failed = False
    for item in items:
        plugin.pytest_runtest_setup(item)
        try:
            item.obj(case=item.callspec.params["case"], student=_Student(plugin))
        except (KeyboardInterrupt, pytest.exit.Exception):
            raise
        except pytest.skip.Exception:
            continue                        # skipped: no result ("the test did not run")
        except BaseException as exc:  # noqa: BLE001 - pytest reports any other as a failure
            failed = True
            if not plugin.has_result(item.nodeid):      # pytest's text only for a grader failure
                plugin._test_failed(item.nodeid, _longrepr(item, exc))
    return 1 if failed else 0


def _longrepr(item: Any, exc: BaseException) -> str:
    """pytest's failure text for ``exc`` raised by ``item`` (a plain traceback if that fails)."""
    try:
        from _pytest._code import ExceptionInfo

        return str(item.repr_failure(ExceptionInfo.from_exception(exc)))
    except Exception:  # noqa: BLE001 - the text is only a grader error's detail
        return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
