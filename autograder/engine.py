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

import numpy as np

from autograder import __version__, i18n
from autograder.assignments import Assignment, get_assignment
from autograder.cases import ArraySpec, Case, materialize
from autograder.compare import (SPEED_RATIO, Verdict, check_call, check_speed, compare_value,
                                speed_deadline)
from autograder.messages import say
from autograder.plugin import GradingPlugin, rerunnable, run_collected, run_suite, suite_files
from autograder.reference import ReferenceCache, ReferenceRefused
from autograder.results import (FAILED_TO_LOAD, GRADED, GRADER_ERROR, NO_SUBMISSION, PARTIAL, TIMEOUT,
                                Attachment, GradingResult, TestResult)
from autograder.sandbox import Limits, Worker, resolve_sandbox
from autograder.submission import Chunk, Submission, load_submissions

# verdicts after which a test "could not run" (the result is then partial)
_COULD_NOT_RUN = {"missing", "crashed", "memory", "timeout"}
# verdicts on a wrong answer, where a diagnosis can help
_EXPLAINABLE = {"values", "shape", "nonfinite"}
_MAX_TIMEOUTS = 2        # after this many timeouts, a function's other tests are not run
_SHOW_LIMIT = 64         # public tests print arrays up to this many elements


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
                                     # default: from the session's second submission on (a batch)
    collect_once: bool = True        # pytest collects a suite once per session, when its tests are
                                     # plain test(case, student) functions (see plugin.run_collected)


@dataclass(frozen=True)
class Suite:
    assignment: Assignment
    version: str
    files: tuple[Path, ...]


def load_suite(assignment: Assignment, visibility: str) -> Suite:
    module = importlib.import_module(f"autograder.suites.{assignment.name}")
    files = tuple(suite_files(assignment.suite_dir(), visibility))
    return Suite(assignment, str(module.SUITE_VERSION), files)


class GradingSession:
    """One per grader process; grades submissions one after the other."""

    def __init__(self, options: GradeOptions | None = None):
        self.options = options or GradeOptions()
        self.sandbox = resolve_sandbox(self.options.sandbox)
        self.references = ReferenceCache(device=self.options.device)
        self._speed: dict[tuple[str, str], float | None] = {}
        self._solution_workers: dict[str, Worker | None] = {}
        self._spare: Worker | None = None        # booted, waiting for the next submission
        self._workers_used = 0
        self._collected: dict[tuple, list] = {}   # suite -> pytest items, for run_collected

    def __enter__(self) -> "GradingSession":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        if self._spare is not None:
            self._spare.close()
            self._spare = None
        for worker in self._solution_workers.values():
            if worker is not None:
                worker.close()
        self._solution_workers.clear()

    # ------------------------------------------------------------------ grading
    def grade(self, submission: Submission, assignment: str | None = None) -> GradingResult:
        """Grade one submission; every failure, the grader's own included, ends in a result."""
        start = time.perf_counter()
        name = assignment or submission.assignment or ""
        try:
            result = self._grade(submission, get_assignment(name) if name else None)
        except Exception as exc:  # the grader failed: a result, never an exception
            result = GradingResult(submission=submission.name, assignment=name, status=GRADER_ERROR,
                                   grader_version=__version__, sandbox=str(self.sandbox.name),
                                   reason=f"{type(exc).__name__}: {exc}")
            result.output = say("grader_error", self.options.lang, reason=result.reason)
            result.extra["traceback"] = traceback.format_exc()[-4000:]
        result.execution_time = round(time.perf_counter() - start, 3)
        return result

    def _grade(self, submission: Submission, assignment: Assignment | None) -> GradingResult:
        lang = self.options.lang
        if assignment is None:               # nothing to grade it against: the student's file names no assignment
            reason = say("unknown_assignment", lang)
            return GradingResult(submission=submission.name, assignment="", status=NO_SUBMISSION,
                                 grader_version=__version__, sandbox=str(self.sandbox.name),
                                 reason=reason, output=say("no_submission", lang, reason=reason))
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
                                         clean=lambda: self._clean_worker(submission, assignment))
                else:
                    result.status = TIMEOUT if load.status == "timeout" else FAILED_TO_LOAD
                    result.reason = load.message
                    checker = CaseGrader(self, suite, None, [],
                                         dead=say("load_failed", lang, reason=load.message))
            plugin = GradingPlugin(checker)
            code = self._run_suite(suite, plugin)
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

    def _run_suite(self, suite: Suite, plugin: GradingPlugin) -> int:
        """pytest.main on the suite; later submissions re-run the tests it collected."""
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

    def _clean_worker(self, submission: Submission, assignment: Assignment) -> Worker:
        """A second worker of the same submission, for the feedback on hidden failures.

        It never receives a hidden input (only public-seed cases), so nothing it returns can
        carry hidden data. Its own slot (uid) keeps it apart from the worker that has them."""
        return Worker(submission.chunks, assignment.module, sandbox=self.sandbox,
                      limits=self.options.limits, slot=2, tolerant=submission.tolerant)

    def _prelaunch_next(self) -> None:
        """Boot the worker for the next submission now, while this one is graded.

        Spawned from the grading thread (bwrap's --die-with-parent follows the spawning
        thread); the spare serves exactly one later submission, or is closed with the session.
        """
        self._workers_used += 1
        warm = self.options.warm_worker
        if warm is False or (warm is None and self._workers_used < 2) or self._spare is not None:
            return
        try:
            self._spare = Worker.prelaunch(sandbox=self.sandbox, limits=self.options.limits, slot=0)
        except Exception:  # noqa: BLE001 - no spare: the next submission starts its own worker
            self._spare = None

    def _show_output(self) -> bool:
        show = self.options.show_output
        return self.options.visibility == "public" if show is None else show

    # ------------------------------------------------------------------ speed yardstick
    def reference_time(self, assignment: Assignment, case: Case) -> float | None:
        """Seconds the reference solution takes on ``case`` in this sandbox (best of two), cached."""
        key = (assignment.name, repr(case))
        if key not in self._speed:
            worker = self._solution_worker(assignment)
            times = []
            if worker is not None:
                args, kwargs = materialize(case)
                for _ in range(2):
                    call = worker.call(case.function, args, kwargs, timeout=120.0)
                    if call.status == "ok":
                        times.append(call.elapsed)
            self._speed[key] = min(times) if times else None
        return self._speed[key]

    def _solution_worker(self, assignment: Assignment) -> Worker | None:
        if assignment.name not in self._solution_workers:
            path = assignment.solution_path()
            worker = None
            if path.exists():
                limits = Limits(memory_bytes=max(self.options.limits.memory_bytes, 2 << 30),
                                call_timeout=120.0, load_timeout=30.0, cpu_seconds=600)
                worker = Worker([Chunk(path.read_text(encoding="utf-8"), path.name)], assignment.module,
                                sandbox=self.sandbox, limits=limits, slot=1)
                if not worker.start().ok:
                    worker.close()
                    worker = None
            self._solution_workers[assignment.name] = worker
        return self._solution_workers[assignment.name]


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
        self._shrunk: set[tuple[str, bool]] = set()   # (function, hidden) already shrunk
        self._make_clean = clean             # starts a worker that never sees hidden inputs
        self._clean: Worker | None = None
        self._clean_tried = False
        self._timeouts: dict[str, int] = {}  # function -> calls that ran past their deadline

    def check(self, case: Case) -> TestResult:
        result = _new_result(case, self.lang)
        if self.dead:
            result.output = self.dead
            return result
        verdict, got = self._verdict(case)
        if verdict.kind in _COULD_NOT_RUN:
            self.could_not_run.add(case.function if verdict.kind == "missing" else verdict.kind)
        parts = [_case_line(case, self.lang), verdict.message]
        if verdict.misconception:
            result.misconceptions.append(verdict.misconception)
        detail = ""
        if not verdict.passed and not case.hidden and verdict.kind in _EXPLAINABLE | {"dtype"}:
            detail = _public_detail(case, self._expected(case), got, self.lang)
            parts.append(detail)
        if not verdict.passed and verdict.kind in _EXPLAINABLE and self.session.options.feedback:
            text, ids, pictures = self._explain_failure(case, got, detail_shown=bool(detail))
            parts.append(text)
            result.misconceptions += [m for m in ids if m not in result.misconceptions]
            result.attachments += pictures
        if verdict.passed:
            result.score, result.status = result.max_score, "passed"
        result.output = "\n".join(p for p in parts if p)
        return result

    def close(self) -> None:
        """Close the clean worker, if one was started (the session closes the main one)."""
        if self._clean is not None:
            self._clean.close()
            self._clean = None

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
            reference_time = self.session.reference_time(self.suite.assignment, case)
            if reference_time is not None:
                timeout = speed_deadline(reference_time, ratio=self.session.options.speed_ratio)
        args, kwargs = materialize(case)
        call = self.worker.call(case.function, args, kwargs, timeout=timeout)
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
                if elapsed > ratio * reference_time:     # one retry against timing noise
                    again = self.worker.call(case.function, args, kwargs, timeout=timeout)
                    if again.status == "ok":
                        elapsed = min(elapsed, again.elapsed)
                verdict = check_speed(elapsed, reference_time, ratio=ratio, lang=lang, hidden=hidden)
        return verdict, call.value if call.status == "ok" else None

    def _explain_failure(self, case: Case, got: Any, detail_shown: bool = False
                         ) -> tuple[str, list[str], list[Attachment]]:
        """Diagnosis, smallest failing case and error map from the feedback modules (best effort)."""
        try:
            from autograder.diagnose import diagnose
            from autograder.shrink import smallest_failing_case
        except ImportError:
            return "", [], []
        texts: list[str] = []
        ids: list[str] = []
        pictures: list[Attachment] = []
        try:
            found = diagnose(case, got, self.lang, call=self._confirm_call(case))
            if found is not None:
                texts.append(found.message)
                if found.misconception:
                    ids += [m for m in (found.misconceptions or [found.misconception]) if m not in ids]
                elif detail_shown:      # no known mistake: point at the values shown above
                    texts.append(i18n.label("unknown.compare_above", self.lang))
            unknown_at = len(texts) if found is not None and not found.misconception else -1
            key = (case.function, case.hidden)
            if key not in self._shrunk:   # once per function and kind: shrinking costs many calls
                self._shrunk.add(key)
                worker = self._shrink_worker(case)
                if worker is not None:
                    small = smallest_failing_case(case, lambda c: self._call_case(c, worker),
                                                  self._still_fails)
                    if small is not None and (case.hidden or small != case):
                        if unknown_at >= 0 and not detail_shown:
                            texts.insert(unknown_at, i18n.label("unknown.compare_small", self.lang))
                        texts.append(self._show_small_case(small, worker))
            if not case.hidden:     # an error map plus the student's own output would reveal torch's values
                pictures += _error_maps(self._expected(case), got)
        except Exception:  # feedback is a bonus: never let it cost the student a grade
            pass
        return "\n".join(texts), ids, pictures

    def _confirm_call(self, case: Case) -> Callable[[Case], Any] | None:
        """The diagnosis's way to run the student's code on a public confirming case (the same
        worker the shrinker would use), returning the value or None when the call failed."""
        def call(public: Case) -> Any:
            worker = self._shrink_worker(case)
            if worker is None or public.hidden:
                return None
            result = self._call_case(public, worker)
            return result.value if result.status == "ok" else None
        return call

    def _shrink_worker(self, case: Case) -> Worker | None:
        """Where the shrinker calls the student's code for ``case``'s failure.

        A public failure: the submission's worker. A hidden one: never that worker, which has
        received hidden inputs and could have kept them (a global) to return them in a shrunk
        call; a clean worker of the same submission instead, started on first need, once."""
        if not case.hidden:
            return self.worker
        if not self._clean_tried:
            self._clean_tried = True
            worker = None
            try:
                if self._make_clean is not None:
                    worker = self._make_clean()
                    if worker.start().ok:
                        self._clean, worker = worker, None
            except Exception:  # noqa: BLE001 - no clean worker: no smallest case for hidden tests
                pass
            finally:
                if worker is not None:
                    worker.close()
        return self._clean

    def _call_case(self, case: Case, worker: Worker | None = None) -> Any:
        args, kwargs = materialize(case)
        return (worker or self.worker).call(case.function, args, kwargs)

    def _still_fails(self, case: Case, call: Any) -> bool:
        try:
            expected = self._expected(case)
        except ReferenceRefused:
            return False
        if call.status != "ok":
            return True
        return not compare_value(expected, call.value, function=case.function, lang=self.lang).passed

    def _show_small_case(self, small: Case, worker: Worker | None = None) -> str:
        args, kwargs = materialize(small)
        call = self._call_case(small, worker)
        specs = list(small.args) + [v for _, v in small.kwargs]
        values = list(args) + list(kwargs.values())
        inputs = "".join(f"{spec.name} =\n{_fmt(value)}\n" for spec, value in zip(specs, values)
                         if isinstance(spec, ArraySpec))
        got = _fmt_bounded(call.value, self.lang) if call.status == "ok" else call.status
        return say("smallest_case", self.lang, call=small.describe(), inputs=inputs,
                   expected=_fmt(self._expected(small)), got=got)


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


def _public_detail(case: Case, expected: Any, got: Any, lang: str = "en") -> str:
    """Inputs, expected and got, for a public test whose arrays are small enough to print."""
    args, kwargs = materialize(case)
    arrays = [a for a in list(args) + list(kwargs.values()) if isinstance(a, np.ndarray)]
    values = arrays + [v for v in (expected, got) if isinstance(v, np.ndarray)]
    if any(v.size > _SHOW_LIMIT for v in values):
        return ""
    lines = [f"{spec.name} =\n{_fmt(a)}" for spec, a in zip(case.array_specs, arrays)]
    lines += [f"{say('expected_label', lang)} =\n{_fmt(expected)}",
              f"{say('got_label', lang)} =\n{_fmt(got)}"]
    return "\n".join(lines)


def _fmt_bounded(value: Any, lang: str) -> str:
    """The student's output of a smallest case: printed when small, else only described."""
    parts = value if isinstance(value, tuple) else (value,)
    if isinstance(value, (list, tuple)) and len(value) > _SHOW_LIMIT:
        return "?"
    size = sum(v.size if isinstance(v, np.ndarray) else 1 for v in parts)
    if size <= _SHOW_LIMIT:
        text = _fmt(value)
        return text if len(text) <= 4000 else text[:4000] + " …"
    return "\n".join(_fmt(v) if not isinstance(v, np.ndarray) or v.size <= _SHOW_LIMIT
                     else say("output_described", lang, shape=v.shape, dtype=v.dtype) for v in parts)


def _fmt(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=4, suppress_small=True, threshold=_SHOW_LIMIT)
    if isinstance(value, tuple):
        return "\n".join(_fmt(v) for v in value)
    return repr(value)


def _error_maps(expected: Any, got: Any) -> list[Attachment]:
    try:
        from autograder.errormap import error_map_png
    except ImportError:
        return []
    if not (isinstance(expected, np.ndarray) and isinstance(got, np.ndarray)) or got.shape != expected.shape:
        return []
    png = error_map_png(got, expected)
    return [Attachment("png", "error map", png)] if png else []


def _size(n: int) -> str:
    return f"{n / (1 << 30):.0f} GiB" if n >= 1 << 30 else f"{n / (1 << 20):.0f} MiB"


def grade_paths(paths: list[Path | str], assignment: str | None, options: GradeOptions,
                on_result: Callable[[str, GradingResult], None] | None = None
                ) -> list[tuple[str, GradingResult]]:
    """Load every submission under ``paths`` and grade each in one session: [(name, result)]."""
    graded: list[tuple[str, GradingResult]] = []
    seen: dict[str, int] = {}
    with GradingSession(options) as session:
        for path in paths:
            for submission in load_submissions(Path(path), assignment):
                result = session.grade(submission, assignment)
                name = _unique(submission.name, seen)
                graded.append((name, result))
                if on_result is not None:
                    on_result(name, result)
    return graded


def _unique(name: str, seen: dict[str, int]) -> str:
    seen[name] = seen.get(name, 0) + 1
    return name if seen[name] == 1 else f"{name}-{seen[name]}"
