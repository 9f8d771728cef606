"""The session's cache of torch's answers: a batch pays torch once per case and process.

    cache = ReferenceCache(device="auto")
    cache.get(case, suite_version)      # the answer; ReferenceRefused where torch refuses the case
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from autograder.cases import Case
from autograder.reference import NotPrecomputed, ReferenceRefused, evaluate_case


@dataclass
class ReferenceCache:
    """Answers (or refusals) per (suite version, case), so a batch pays torch once per process."""

    device: str = "cpu"
    _store: dict = field(default_factory=dict)
    hits: int = 0
    misses: int = 0

    def get(self, case: Case, suite_version: str = "") -> Any:
        key = (suite_version, repr(case))
        if key not in self._store:
            self.misses += 1
            device = self.device if case.large else "cpu"
            try:
                self._store[key] = (True, evaluate_case(case, device=device))
            except NotPrecomputed:
                raise                       # never mistaken for torch refusing the case
            except ReferenceRefused as exc:
                self._store[key] = (False, exc.message)
        else:
            self.hits += 1
        ok, value = self._store[key]
        if not ok:
            raise ReferenceRefused(value)
        return value
