"""What a student sees about a failure beyond its verdict: diagnosis, smallest case, raise site.

Public failure: diagnosed on the case itself (``diagnose``, or the raise pattern when the code
raised), with the line that raised, then shrunk in the submission's worker to a smaller case that
fails the same way (same verdict kind, exception type and diagnosis).

Hidden failure: the verdict is the only thing taken from the hidden call. The rest comes from a
*reproduction*: public configurations ranked by the hidden case's features (what it covers, never
its numbers), then the function's public suite cases, run in a clean worker of the same
submission that never receives a hidden input. The first that fails is shrunk and shown with its
own diagnosis, exception type and raise site; when none fails, the test says what it covers and
nothing more.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

import numpy as np

from autograder import i18n
from autograder.cases import ArraySpec, Case, materialize
from autograder.compare import BUILTIN_EXCEPTIONS, check_call
from autograder.messages import say as say_verdict
from autograder.public_candidates import CandidatePool, features
from autograder.raise_pattern import probe
from autograder.raise_pattern import render as render_pattern
from autograder.raise_site import render as render_site
from autograder.raise_site import site_of_call
from autograder.reference import ReferenceRefused
from autograder.repro_texts import feature_words, say
from autograder.results import Attachment
from autograder.shrink import PUBLIC_SEEDS, Failure, same_way, shrink

EXPLAINABLE = {"values", "shape", "nonfinite"}
SHOW_LIMIT = 64
MAX_HIDDEN_CALLS = 400      # clean-worker calls per submission for hidden reproductions
MAX_SHRINKS = 2             # shrinks per function and kind (public / hidden reproduction)
TRIED = 5                   # ranked public configurations tried per hidden failure
MAX_PICTURES = 2            # error maps per function: the first failing public cases show one


class FailureExplainer:
    """One per submission: explains its public failures and reproduces its hidden ones."""

    def __init__(self, *, lang: str, expected: Callable[[Case], Any], worker: Any,
                 clean: Callable[[], Any] | None, pool: CandidatePool | None,
                 public_cases: list[Case], hidden_calls: frozenset[str] = frozenset()):
        self.lang = lang
        self.expected = expected           # torch's answer (ReferenceRefused when invalid)
        self.worker = worker               # the submission's worker: public cases only here
        self._make_clean = clean
        self._clean: Any = None
        self._clean_tried = False
        self.pool = pool
        self.public_cases = public_cases
        self.hidden_calls = hidden_calls   # hidden configurations: never one to show
        self._calls: dict[tuple[str, str], Any] = {}      # (worker, repr(case)) -> CallResult
        self._patterns: dict[tuple[str, str, str], Any] = {}
        self._shrinks: dict[str, tuple[Case, Any, Failure]] = {}
        self._shrink_count: dict[tuple[str, str], int] = {}
        self._hidden: dict[str, tuple[str, list[str]]] = {}   # start case -> (text, ids)
        self._hidden_calls = 0
        self._stalled: dict[str, tuple[Case, Any, Failure]] = {}   # function -> its clean timeout
        self._pictures: dict[str, int] = {}                        # function -> error maps drawn
        self._diagnoses: dict[tuple, Any] = {}     # (case, output, confirmed in) -> diagnosis

    def close(self) -> None:
        if self._clean is not None:
            self._clean.close()
            self._clean = None

    # ------------------------------------------------------------ public failures

    def public(self, case: Case, verdict: Any, call: Any, detail_shown: bool = False
               ) -> tuple[str, list[str], list[Attachment]]:
        """Diagnosis, raise site, smallest case and error map of a failed public case."""
        texts, ids = self._diagnosis(case, verdict, call, "main", self.worker)
        if verdict.kind in EXPLAINABLE and not ids and detail_shown and texts:
            texts.append(i18n.label("unknown.compare_above", self.lang))
        failure = self.classify(case, call)
        if failure is not None and self._may_shrink(case.function, "public"):
            small, small_call, _ = self._shrink(case, call, failure, "main", self.worker)
            if small is not None and repr(small) != repr(case):
                texts.append(say_verdict("smallest_case", self.lang, call=small.describe(),
                                         inputs=_inputs(small), expected=self._expected_text(small),
                                         got=_got(small_call, self.lang)))
        pictures = []
        if (call is not None and call.status == "ok" and verdict.kind in EXPLAINABLE
                and self._pictures.get(case.function, 0) < MAX_PICTURES):
            pictures = _error_maps(self.expected(case), call.value, self.lang)
            self._pictures[case.function] = self._pictures.get(case.function, 0) + len(pictures)
        return "\n".join(t for t in texts if t), ids, pictures

    # ------------------------------------------------------------ hidden failures

    def covers(self, case: Case) -> str:
        """What a hidden case tests, in words: its function and features, never its numbers."""
        want = features(case)
        if want:
            return say("hidden_covers", self.lang, function=case.function,
                       features=feature_words(want, self.lang))
        return say("hidden_covers_basic", self.lang, function=case.function)

    def hidden(self, case: Case) -> tuple[str, list[str]]:
        """What the student may see of a failed hidden case: what it covers, a reproduction."""
        want = features(case)
        covers = self.covers(case)
        start = self._stalled.get(case.function) or self._first_public_failure(case, want)
        if start is None:
            return covers + "\n" + say("hidden_no_repro", self.lang), []
        key = repr(start[0])
        if key not in self._hidden:
            self._hidden[key] = self._reproduction(*start)
        text, ids = self._hidden[key]
        return covers + "\n" + text, list(ids)

    def _first_public_failure(self, case: Case, want: tuple[str, ...]
                              ) -> tuple[Case, Any, Failure] | None:
        worker = self._clean_worker()
        if worker is None:
            return None
        fn = case.function
        refused = [c for c in self.public_cases if c.function == fn and c.expect == "raises"]
        ranked = self.pool.ranked(fn, want, TRIED) if self.pool is not None else iter(())
        suite = sorted((c for c in self.public_cases if c.function == fn and c.expect == "value"),
                       key=lambda c: -len(set(features(c)) & set(want)))
        # a refused configuration is reproduced on refused public ones first; any public
        # failure of the function comes next
        candidates = _chain(refused, ranked, suite) if "raises" in want else _chain(ranked, suite)
        for candidate in candidates:
            if self._hidden_calls >= MAX_HIDDEN_CALLS:
                return None
            candidate = _shown(candidate)
            call = self._call(candidate, "clean", worker)
            failure = self.classify(candidate, call, expect=candidate.expect)
            if failure is not None:
                if failure.kind == "timeout":     # a loop: one public case that stalls stands for
                    self._stalled[fn] = (candidate, call, failure)   # all, each try costs a deadline
                return candidate, call, failure
        return None

    def _reproduction(self, case: Case, call: Any, failure: Failure) -> tuple[str, list[str]]:
        worker = self._clean_worker()
        small, small_call = case, call
        if case.expect == "value" and failure.kind != "timeout" and self._may_shrink(case.function, "hidden"):
            shrunk = self._shrink(case, call, failure, "clean", worker)
            if shrunk[0] is not None:
                small, small_call = shrunk[0], shrunk[1]
        verdict = self._public_verdict(small, small_call)
        message = verdict.message
        if verdict.kind not in EXPLAINABLE | {"dtype"}:   # SPEC: a type and a line, no text of its own
            expected, refusal = _reference(self.expected, small)
            message = check_call(small_call, expected, function=small.function, expect=small.expect,
                                 hidden=True, lang=self.lang, refusal=refusal).message
        texts = [say("hidden_repro", self.lang, call=small.describe()), message]
        diagnosis, ids = self._diagnosis(small, verdict, small_call, "clean", worker)
        texts += diagnosis
        if small.expect == "value":
            texts.append(say("repro_case", self.lang, inputs=_inputs(small),
                             expected=self._expected_text(small), got=_got(small_call, self.lang)))
        return "\n".join(t for t in texts if t), ids

    # ------------------------------------------------------------ shared steps

    def classify(self, case: Case, call: Any, expect: str = "value") -> Failure | None:
        """How ``call`` fails on the public ``case`` (None: it passes, or torch refuses a value case)."""
        if call is None or case.describe() in self.hidden_calls:
            return None
        verdict = self._public_verdict(case, call, expect)
        if verdict is None or verdict.passed:
            return None
        diagnosis = verdict.misconception
        if verdict.kind in EXPLAINABLE and call.status == "ok":
            found = self._diagnosed(case, call.value)
            diagnosis = found.misconception if found is not None else None
        return Failure(verdict.kind, call.exc_type if call.status == "raised" else None, diagnosis)

    def _public_verdict(self, case: Case, call: Any, expect: str | None = None) -> Any:
        expect = expect or case.expect
        expected, refusal = None, ""
        try:
            expected = self.expected(case)
        except ReferenceRefused as exc:
            if expect != "raises":
                return None
            refusal = exc.message
        return check_call(call, expected, function=case.function, expect=expect, hidden=False,
                          lang=self.lang, refusal=refusal)

    def _diagnosis(self, case: Case, verdict: Any, call: Any, where: str, worker: Any
                   ) -> tuple[list[str], list[str]]:
        """Texts and misconception ids of one public failure (run in ``worker``)."""
        texts: list[str] = []
        ids: list[str] = []
        if verdict.kind == "raised":
            site = site_of_call(call, getattr(worker, "chunks", None))
            texts.append(render_site(site, self.lang, code_only=where == "clean"))
            key = (where, case.function, call.exc_type or "")
            if key not in self._patterns:
                try:
                    self._patterns[key] = probe(case, call.exc_type or "",
                                                lambda c: self._call(c, where, worker))
                except Exception:  # noqa: BLE001 - no torch here (student edition), or a bad case
                    self._patterns[key] = None
            pattern = self._patterns[key]
            if pattern is not None:
                texts.append(render_pattern(pattern, self.lang))
                ids.append(pattern.misconception)
        elif verdict.kind in EXPLAINABLE and call is not None and call.status == "ok":
            found = self._diagnosed(case, call.value, where, worker)
            if found is not None:
                texts.append(found.message)
                ids += [m for m in (getattr(found, "misconceptions", None) or [found.misconception])
                        if m and m not in ids]
        elif verdict.misconception:
            ids.append(verdict.misconception)
        return texts, ids

    def _diagnosed(self, case: Case, got: Any, where: str = "", worker: Any = None) -> Any:
        """``_diagnose`` of ``got`` on ``case``, confirmed in ``worker`` when one is given; kept,
        since shrinking and reproductions ask again about the same outputs."""
        key = (repr(case), _fingerprint(got), where if worker is not None else "")
        if key not in self._diagnoses:
            confirm = self._confirmer(where, worker) if worker is not None else None
            self._diagnoses[key] = _diagnose(case, got, self.lang, confirm=confirm)
        return self._diagnoses[key]

    def _confirmer(self, where: str, worker: Any) -> Callable[[Case], Any]:
        """Runs the student's code on a public confirming case in ``worker``: its value, or None."""
        def run(public: Case) -> Any:
            if public.hidden or public.describe() in self.hidden_calls:
                return None
            result = self._call(public, where, worker)
            return result.value if result is not None and result.status == "ok" else None
        return run

    def _shrink(self, case: Case, call: Any, failure: Failure, where: str, worker: Any
                ) -> tuple[Case | None, Any, Failure]:
        key = f"{where}:{case!r}"
        if key not in self._shrinks:
            still = same_way(failure, call, lambda c, r: self.classify(c, r))
            shrunk = shrink(case, lambda c: self._call(c, where, worker), still)
            self._shrink_count[(case.function, where)] = self._shrink_count.get((case.function, where), 0) + 1
            if shrunk.confirmed:
                self._shrinks[key] = (shrunk.case, shrunk.result, failure)
            else:
                self._shrinks[key] = (None, None, failure)
        return self._shrinks[key]

    def _may_shrink(self, function: str, kind: str) -> bool:
        where = "main" if kind == "public" else "clean"
        return self._shrink_count.get((function, where), 0) < MAX_SHRINKS

    def _call(self, case: Case, where: str, worker: Any) -> Any:
        key = (where, repr(case))
        if key not in self._calls:
            if where == "clean":
                self._hidden_calls += 1
            args, kwargs = materialize(case)
            self._calls[key] = worker.call(case.function, args, kwargs)
        return self._calls[key]

    def _clean_worker(self) -> Any:
        """A second worker of the submission, started once on first need, that never receives
        a hidden input (the first one could have kept them in a global to return them)."""
        if not self._clean_tried:
            self._clean_tried = True
            worker = None
            try:
                if self._make_clean is not None:
                    worker = self._make_clean()
                    if worker.start().ok:
                        self._clean, worker = worker, None
            except Exception:  # noqa: BLE001 - no clean worker: no reproduction
                pass
            finally:
                if worker is not None:
                    worker.close()
        return self._clean

    def _expected_text(self, case: Case) -> str:
        try:
            return fmt(self.expected(case))
        except ReferenceRefused as exc:
            return exc.message


# ---------------------------------------------------------------------- helpers


def _shown(case: Case) -> Case:
    """A public configuration as it is shown: first public seed, small integers for random data."""
    def ints(v: Any) -> Any:
        return replace(v, kind="ints") if isinstance(v, ArraySpec) and v.kind == "randn" else v
    return replace(case, args=tuple(ints(a) for a in case.args),
                   kwargs=tuple((k, ints(v)) for k, v in case.kwargs), seed=PUBLIC_SEEDS[0],
                   hidden=False, large=False, label="public reproduction")


def _reference(expected: Callable[[Case], Any], case: Case) -> tuple[Any, str]:
    """(torch's answer, "") or (None, torch's refusal)."""
    try:
        return expected(case), ""
    except ReferenceRefused as exc:
        return None, exc.message


def _chain(*iterables: Any) -> Any:
    seen = set()
    for iterable in iterables:
        for case in iterable:
            if repr(case) not in seen:
                seen.add(repr(case))
                yield case


def _fingerprint(value: Any) -> tuple:
    """Equal for equal outputs: an array by dtype, shape and bytes; anything else by its repr."""
    if isinstance(value, np.ndarray):
        return ("array", value.dtype.str, value.shape, hash(np.ascontiguousarray(value).tobytes()))
    return ("value", type(value).__name__, repr(value)[:10_000])


def _diagnose(case: Case, got: Any, lang: str, confirm: Callable[[Case], Any] | None = None) -> Any:
    """The diagnosis of ``got``; with ``confirm`` (the student's code on a public confirming
    case), a mistake is named only when it also explains the student's output there."""
    try:
        from autograder.diagnose import diagnose
        return diagnose(case, got, lang, call=confirm)
    except Exception:  # noqa: BLE001 - a diagnosis is a bonus; never cost the student a grade
        return None


def _inputs(case: Case) -> str:
    args, kwargs = materialize(case)
    specs = list(case.args) + [v for _, v in case.kwargs]
    values = list(args) + list(kwargs.values())
    return "".join(f"{spec.name} =\n{fmt(value)}\n" for spec, value in zip(specs, values)
                   if isinstance(spec, ArraySpec))


def _got(call: Any, lang: str) -> str:
    if call is None:
        return "?"
    if call.status == "raised":
        name = call.exc_type or "Exception"
        return name if name in BUILTIN_EXCEPTIONS else say_verdict("own_exception", lang)
    if call.status != "ok":
        return call.status
    if not _numeric(call.value):      # text or other objects the student made: only their type
        return f"<{type(call.value).__name__}>"
    return fmt_bounded(call.value, lang)


def _numeric(value: Any) -> bool:
    """Arrays, numbers, None, and tuples or lists of them: what a SPEC function returns."""
    if isinstance(value, (tuple, list)):
        return all(_numeric(v) for v in value)
    return value is None or isinstance(value, (np.ndarray, int, float, np.number, bool, np.bool_))


def public_detail(case: Case, expected: Any, got: Any, lang: str = "en") -> str:
    """Inputs, expected and got, for a public test whose arrays are small enough to print."""
    args, kwargs = materialize(case)
    arrays = [a for a in list(args) + list(kwargs.values()) if isinstance(a, np.ndarray)]
    values = arrays + [v for v in (expected, got) if isinstance(v, np.ndarray)]
    if any(v.size > SHOW_LIMIT for v in values):
        return ""
    lines = [f"{spec.name} =\n{fmt(a)}" for spec, a in zip(case.array_specs, arrays)]
    lines += [f"{say_verdict('expected_label', lang)} =\n{fmt(expected)}",
              f"{say_verdict('got_label', lang)} =\n{fmt(got)}"]
    return "\n".join(lines)


def fmt_bounded(value: Any, lang: str) -> str:
    """The student's output of a public case: printed when small, else only described."""
    parts = value if isinstance(value, tuple) else (value,)
    if isinstance(value, (list, tuple)) and len(value) > SHOW_LIMIT:
        return "?"
    size = sum(v.size if isinstance(v, np.ndarray) else 1 for v in parts)
    if size <= SHOW_LIMIT:
        text = fmt(value)
        return text if len(text) <= 4000 else text[:4000] + " …"
    return "\n".join(fmt(v) if not isinstance(v, np.ndarray) or v.size <= SHOW_LIMIT
                     else say_verdict("output_described", lang, shape=v.shape, dtype=v.dtype)
                     for v in parts)


def fmt(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=4, suppress_small=True, threshold=SHOW_LIMIT)
    if isinstance(value, tuple):
        return "\n".join(fmt(v) for v in value)
    return repr(value)


def _error_maps(expected: Any, got: Any, lang: str = "en") -> list[Attachment]:
    try:
        from autograder.errormap import error_map_png
    except ImportError:
        return []
    if not (isinstance(expected, np.ndarray) and isinstance(got, np.ndarray)) or got.shape != expected.shape:
        return []
    try:
        png = error_map_png(got, expected, lang=lang)
    except ImportError:         # no matplotlib (the student edition): no picture
        return []
    return [Attachment("png", i18n.label("map.title", lang), png)] if png else []
