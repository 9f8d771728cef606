"""Grade submissions: one sandboxed worker per submission, the suite run by pytest in this process.

    session = GradingSession(GradeOptions(visibility="all"))
    result = session.grade(submission, "a2_conv2d")      # -> GradingResult, never raises

The session is one per grader process: it holds the torch reference cache and the timings of
the reference solution for the speed cases, so a batch pays for them once.
"""
from __future__ import annotations

import importlib
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable


from autograder import __version__
from autograder.assignments import Assignment, get_assignment
from autograder.cases import Case, materialize
from autograder.compare import SPEED_RATIO, Verdict, check_call, check_speed, speed_deadline
from autograder.explain import EXPLAINABLE, FailureExplainer, public_detail
from autograder.messages import say
from autograder.public_candidates import CandidatePool, suite_cases
from autograder.repro_texts import say as say_hidden
from autograder.reference import ReferenceRefused
from autograder.reference_cache import ReferenceCache
from autograder.results import (FAILED_TO_LOAD, GRADED, GRADER_ERROR, NO_SUBMISSION, PARTIAL, TIMEOUT,
                                GradingResult, TestResult)
from autograder.sandbox import Limits, Worker, resolve_sandbox
from autograder.submission import Submission
from autograder.timing import ReferenceTimer, fresh_input

# verdicts after which a test "could not run" (the result is then partial)
_COULD_NOT_RUN = {"missing", "crashed", "memory", "timeout"}
_MAX_TIMEOUTS = 2        # after this many timeouts, a function's other tests are not run


@dataclass
class GradeOptions:
    """How to grade: which tests, which language, where torch runs, which sandbox."""

    visibility: str = "all"          # "public" (check) or "all" (grade)
    lang: str = "en"
    device: str = "auto"
    sandbox: Any = "auto"            # "auto" | "bwrap" | "none" (or a resolved SandboxKind)
    limits: Limits = field(default_factory=Limits)
    feedback: bool = True            # diagnosis and smallest failing case on wrong answers
    speed_ratio: float = SPEED_RATIO
    show_output: bool | None = None  # the worker's stdout in the result; default: public runs only
    warm_worker: bool | None = None  # keep the next sandboxed worker booted ahead of time;
                                     # default: the first one at once, the next ones from the
                                     # session's second submission on (a batch)
    collect_once: bool = True        # pytest collects a suite once per session, when its tests are
                                     # plain test(case, student) functions (see plugin.run_collected)


@dataclass(frozen=True)
class Suite:
    assignment: Assignment
    version: str
    files: tuple[Path, ...]


def load_suite(assignment: Assignment, visibility: str) -> Suite:
    from autograder.plugin import suite_files    # pytest: imported while the first worker boots

    module = importlib.import_module(f"autograder.suites.{assignment.name}")
    files = tuple(suite_files(assignment.suite_dir(), visibility))
    return Suite(assignment, str(module.SUITE_VERSION), files)


class GradingSession:
    """One per grader process; grades submissions one after the other."""

    def __init__(self, options: GradeOptions | None = None):
        self.options = options or GradeOptions()
        self.sandbox = resolve_sandbox(self.options.sandbox)
        self.references = ReferenceCache(device=self.options.device)
        self.timer = ReferenceTimer(self.sandbox, self.options.limits)
        self._spare: Worker | None = None        # booted, waiting for the next submission
        self._workers_used = 0
        self._collected: dict[tuple, list] = {}   # suite -> pytest items, for run_collected
        self._pools: dict[str, CandidatePool] = {}   # assignment -> public candidates (hidden feedback)
        if self.options.warm_worker is not False:  # the first worker boots while pytest is imported
            self._spare = self._prelaunched()

    def __enter__(self) -> "GradingSession":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        if self._spare is not None:
            self._spare.close()
            self._spare = None
        self.timer.close()

    # ------------------------------------------------------------------ grading
    def grade(self, submission: Submission, assignment: str | None = None) -> GradingResult:
        """Grade one submission; every failure, the grader's own included, ends in a result."""
        start = time.perf_counter()
        name = assignment or submission.assignment or ""
        try:
            result = self._grade(submission, get_assignment(name) if name else None)
        except Exception as exc:  # the grader failed: a result, never an exception
            reason = f"{type(exc).__name__}: {exc}"
            result = GradingResult.failed(submission.name, name, GRADER_ERROR, reason,
                                          say("grader_error", self.options.lang, reason=reason),
                                          sandbox=str(self.sandbox.name))
            result.extra["traceback"] = traceback.format_exc()[-4000:]
        result.execution_time = round(time.perf_counter() - start, 3)
        return result

    def _grade(self, submission: Submission, assignment: Assignment | None) -> GradingResult:
        lang = self.options.lang
        if assignment is None:               # nothing to grade it against: the student's file names no assignment
            reason = say("unknown_assignment", lang)
            return GradingResult.failed(submission.name, "", NO_SUBMISSION, reason,
                                        say("no_submission", lang, reason=reason), sandbox=str(self.sandbox.name))
        suite = load_suite(assignment, self.options.visibility)
        result = GradingResult(submission=submission.name, assignment=assignment.name,
                               suite_version=suite.version, grader_version=__version__,
                               sandbox=str(self.sandbox.name))
        notes: list[str] = []
        if self.sandbox.name == "none":
            notes.append(say("sandbox_warning", lang))
        worker = checker = None
        try:
            if not submission.ok:
                reason = " ".join(submission.problems) or "no code found"
                result.status, result.reason = NO_SUBMISSION, reason
                checker = CaseGrader(self, suite, None, [], dead=say("no_submission", lang, reason=reason))
            else:
                worker = self._student_worker(submission, assignment)
                load = worker.start()
                self._prelaunch_next()
                if load.cell_errors:
                    notes.append(say("cell_errors", lang, cells="\n".join(load.cell_errors)))
                if load.ok:
                    checker = CaseGrader(self, suite, worker, list(load.functions),
                                         clean=lambda: self._clean_worker(submission, assignment, worker))
                else:
                    result.status = TIMEOUT if load.status == "timeout" else FAILED_TO_LOAD
                    result.reason = load.message
                    checker = CaseGrader(self, suite, None, [],
                                         dead=say("load_failed", lang, reason=load.message))
            from autograder.plugin import GradingPlugin

            plugin = GradingPlugin(checker)
            code = self._run_suite(suite, plugin)
            checker.explain_hidden()
            result.tests = plugin.results()
            if plugin.collect_errors or code not in (0, 1) or not result.tests:
                raise RuntimeError(f"the suite did not run (pytest exit {code}): "
                                   + "; ".join(plugin.collect_errors)[:1000])
            if worker is not None and self._show_output():
                excerpt = worker.output_excerpt().strip()
                if excerpt:
                    notes.append(say("worker_output", lang, text=excerpt))
        finally:
            if checker is not None:
                checker.close()
            if worker is not None:
                worker.close()
        if result.status == GRADED:
            if checker.grader_errors:
                result.status, result.reason = GRADER_ERROR, checker.grader_errors[0]
            elif checker.could_not_run:
                result.status = PARTIAL
                result.reason = "some tests could not run: " + ", ".join(sorted(checker.could_not_run))
        if result.status in (NO_SUBMISSION, FAILED_TO_LOAD, TIMEOUT):
            notes.insert(0, checker.dead or "")
        elif result.status == GRADER_ERROR:
            notes.insert(0, say("grader_error", lang, reason=result.reason))
        result.output = "\n\n".join(n for n in notes if n)
        result.extra["visibility"] = self.options.visibility
        return result

    def _run_suite(self, suite: Suite, plugin: Any) -> int:
        """pytest.main on the suite; later submissions re-run the tests it collected."""
        from autograder.plugin import rerunnable, run_collected, run_suite

        key = (suite.assignment.name, suite.version, suite.files)
        items = self._collected.get(key)
        if items is not None:
            return run_collected(items, plugin)
        code = run_suite(list(suite.files), plugin)
        if (self.options.collect_once and code in (0, 1) and not plugin.collect_errors
                and rerunnable(plugin.items)):
            self._collected[key] = plugin.items
        return code

    def _student_worker(self, submission: Submission, assignment: Assignment) -> Worker:
        """A worker for one submission: the warm spare when there is one, else a new one."""
        spare, self._spare = self._spare, None
        if spare is not None:
            if spare.matches(self.sandbox, self.options.limits):
                return spare.assign(submission.chunks, assignment.module, tolerant=submission.tolerant)
            spare.close()
        return Worker(submission.chunks, assignment.module, sandbox=self.sandbox,
                      limits=self.options.limits, slot=0, tolerant=submission.tolerant)

    def _clean_worker(self, submission: Submission, assignment: Assignment,
                      seen: Worker | None = None) -> Worker:
        """A second worker of the same submission, for the feedback on hidden failures.

        It never receives a hidden input (only public-seed cases), so nothing it returns can
        carry hidden data. Its own uid and /tmp keep it apart from ``seen``, the worker that has
        them, and the two never run at the same time (``apart_from``)."""
        return Worker(submission.chunks, assignment.module, sandbox=self.sandbox,
                      limits=self.options.limits, slot=2, tolerant=submission.tolerant,
                      apart_from=seen)

    def _prelaunch_next(self) -> None:
        """Boot the worker for the next submission now, while this one is graded.

        Spawned from the grading thread (bwrap's --die-with-parent follows the spawning
        thread); the spare serves exactly one later submission, or is closed with the session.
        """
        self._workers_used += 1
        warm = self.options.warm_worker
        if warm is False or (warm is None and self._workers_used < 2) or self._spare is not None:
            return
        self._spare = self._prelaunched()

    def _prelaunched(self) -> Worker | None:
        try:
            return Worker.prelaunch(sandbox=self.sandbox, limits=self.options.limits, slot=0)
        except Exception:  # noqa: BLE001 - no spare: the next submission starts its own worker
            return None

    def candidate_pool(self, assignment: str) -> CandidatePool:
        """Public configurations to reproduce hidden failures on, drawn once per session."""
        if assignment not in self._pools:
            self._pools[assignment] = CandidatePool(suite_cases(assignment, "public"))
        return self._pools[assignment]

    def _show_output(self) -> bool:
        show = self.options.show_output
        return self.options.visibility == "public" if show is None else show

    # ------------------------------------------------------------------ speed yardstick
    def reference_time(self, assignment: Assignment, case: Case, pause=()) -> float | None:
        """Seconds the reference solution takes on ``case`` (``autograder.timing``), timed while
        the workers in ``pause`` (the submission's) are stopped."""
        return self.timer.seconds(assignment, case, pause)


class CaseGrader:
    """The ``student`` fixture: grades one case of one submission and returns its TestResult."""

    def __init__(self, session: GradingSession, suite: Suite, worker: Worker | None,
                 functions: list[str], dead: str = "",
                 clean: Callable[[], Worker] | None = None):
        self.session = session
        self.suite = suite
        self.worker = worker
        self.functions = set(functions)
        self.dead = dead
        self.lang = session.options.lang
        self.grader_errors: list[str] = []
        self.could_not_run: set[str] = set()
        self._last_call: Any = None          # the CallResult behind the latest verdict
        self.explainer = FailureExplainer(
            lang=self.lang, expected=self._expected, worker=worker, clean=clean,
            pool=session.candidate_pool(suite.assignment.name),
            public_cases=suite_cases(suite.assignment.name, "public"),
            hidden_calls=frozenset(c.describe() for c in suite_cases(suite.assignment.name, "hidden")))
        self._timeouts: dict[str, int] = {}  # function -> calls that ran past their deadline
        self._unexplained: list[tuple[Case, TestResult]] = []   # hidden failures, explained last

    def check(self, case: Case) -> TestResult:
        result = _new_result(case, self.lang)
        if self.dead:
            result.output = self.dead
            return result
        verdict, got = self._verdict(case)
        if verdict.kind in _COULD_NOT_RUN:
            self.could_not_run.add(case.function if verdict.kind == "missing" else verdict.kind)
        if case.hidden and not verdict.passed and verdict.kind != "missing":
            parts = self._hidden_failure(case, result)
        else:
            parts = self._public_outcome(case, verdict, got, result)
        if verdict.passed:
            result.score, result.status = result.max_score, "passed"
        result.output = "\n".join(p for p in parts if p)
        return result

    def _public_outcome(self, case: Case, verdict: Verdict, got: Any, result: TestResult) -> list[str]:
        """A public case (or a hidden one whose function is missing) shows everything."""
        parts = [_case_line(case, self.lang), verdict.message]
        if verdict.misconception:
            result.misconceptions.append(verdict.misconception)
        detail = ""
        if not verdict.passed and verdict.kind in EXPLAINABLE | {"dtype"}:
            detail = public_detail(case, self._expected(case), got, self.lang)
            parts.append(detail)
        if not verdict.passed and verdict.kind in EXPLAINABLE | {"raised"} and self.session.options.feedback:
            try:
                text, ids, pictures = self.explainer.public(case, verdict, self._last_call,
                                                            detail_shown=bool(detail))
            except Exception:  # noqa: BLE001 - feedback is a bonus: never cost the student a grade
                text, ids, pictures = "", [], []
            parts.append(text)
            result.misconceptions += [m for m in ids if m not in result.misconceptions]
            result.attachments += pictures
        return parts

    def _hidden_failure(self, case: Case, result: TestResult) -> list[str]:
        """A failed hidden case: the verdict alone comes from it; the rest from a public
        reproduction in a worker that never saw a hidden input (SPEC: hidden tests), added by
        :meth:`explain_hidden` once every case has run: the two workers of a submission never
        run together, so explaining each failure at once would restart both for every one."""
        self._unexplained.append((case, result))
        return [_case_line(case, self.lang), say_hidden("hidden_failed", self.lang)]

    def explain_hidden(self) -> None:
        """Add to each failed hidden case what it covers and its public reproduction."""
        pending, self._unexplained = self._unexplained, []
        for case, result in pending:
            try:
                if self.session.options.feedback:
                    text, ids = self.explainer.hidden(case)
                else:
                    text, ids = self.explainer.covers(case), []
            except Exception:  # noqa: BLE001 - feedback is a bonus: never cost the student a grade
                text, ids = "", []
            result.output = "\n".join(p for p in (result.output, text) if p)
            result.misconceptions += [m for m in ids if m not in result.misconceptions]

    def close(self) -> None:
        """Close the clean worker, if one was started (the session closes the main one)."""
        self.explainer.close()

    def grader_failed(self, case: Case, error: str) -> TestResult:
        self.grader_errors.append(f"{case.function}: {error.strip().splitlines()[-1] if error.strip() else ''}")
        result = _new_result(case, self.lang)
        result.output = self.dead or say("grader_error_test", self.lang)
        result.tags.append("grader-error")
        return result

    # ------------------------------------------------------------------ one case
    def _expected(self, case: Case) -> Any:
        return self.session.references.get(case, self.suite.version)

    def _verdict(self, case: Case) -> tuple[Verdict, Any]:
        lang, hidden = self.lang, case.hidden
        self._last_call = None
        if case.function not in self.functions:
            return Verdict(False, "missing", say("missing", lang, function=case.function)), None
        if self._timeouts.get(case.function, 0) >= _MAX_TIMEOUTS:   # a loop costs bounded time
            return Verdict(False, "timeout", say("timeout_skipped", lang, function=case.function,
                                                 count=_MAX_TIMEOUTS)), None
        expected, refusal = None, ""
        try:
            expected = self._expected(case)
        except ReferenceRefused as exc:
            refusal = exc.message
        if (case.expect == "raises") != bool(refusal):
            raise RuntimeError(f"suite case disagrees with torch: {case.describe()} "
                               f"(expect={case.expect}, torch: {refusal or 'computes a result'})")
        reference_time = None
        timeout = None
        limits = self.session.options.limits
        if case.expect == "speed":
            reference_time = self.session.reference_time(self.suite.assignment, case,
                                                         pause=(self.worker, self.explainer._clean))
            if reference_time is not None:
                timeout = speed_deadline(reference_time, ratio=self.session.options.speed_ratio)
        args, kwargs = materialize(case)
        call = self.worker.call(case.function, args, kwargs, timeout=timeout)
        self._last_call = call
        if call.status == "timeout" and case.expect != "speed":   # slow-but-right is judged on its own
            self._timeouts[case.function] = self._timeouts.get(case.function, 0) + 1
        verdict = check_call(call, expected, function=case.function, expect=case.expect, hidden=hidden,
                             lang=lang, refusal=refusal, memory_limit=_size(limits.memory_bytes),
                             time_limit=limits.call_timeout if timeout is None else timeout)
        if case.expect == "speed" and reference_time is not None:
            ratio = self.session.options.speed_ratio
            if call.status == "timeout":
                verdict = Verdict(False, "slow", say("slow_cut_hidden", lang, limit=ratio) if hidden
                                  else say("slow_cut", lang, seconds=call.elapsed, limit=ratio))
            elif verdict.passed:
                elapsed = call.elapsed
                if elapsed > ratio * reference_time:     # one retry against timing noise, on a fresh input
                    fresh = fresh_input(case)
                    args, kwargs = materialize(fresh)
                    again = self.worker.call(case.function, args, kwargs, timeout=timeout)
                    if again.status == "ok":
                        verdict = check_call(again, self._expected(fresh), function=case.function,
                                             expect=case.expect, hidden=hidden, lang=lang,
                                             memory_limit=_size(limits.memory_bytes), time_limit=timeout)
                        elapsed = min(elapsed, again.elapsed)
                if verdict.passed:
                    verdict = check_speed(elapsed, reference_time, ratio=ratio, lang=lang, hidden=hidden)
        return verdict, call.value if call.status == "ok" else None


# ---------------------------------------------------------------------- helpers


def _new_result(case: Case, lang: str) -> TestResult:
    return TestResult(name=test_name(case), function=case.function, max_score=float(case.weight),
                      hidden=case.hidden, group=case.group or case.function,
                      tags=[f"expect:{case.expect}"] if case.expect != "value" else [])


def test_name(case: Case) -> str:
    """Gradescope's test name: function and label; a public case also shows its call."""
    kind = "hidden" if case.hidden else "public"
    label = case.label or ("" if case.hidden else case.describe())
    return f"{case.function} [{kind}] {label}".strip()


def _case_line(case: Case, lang: str) -> str:
    if case.hidden:
        return say("case_hidden", lang, label=case.label or case.function)
    return say("case_public", lang, call=case.describe())


def _size(n: int) -> str:
    return f"{n / (1 << 30):.0f} GiB" if n >= 1 << 30 else f"{n / (1 << 20):.0f} MiB"
