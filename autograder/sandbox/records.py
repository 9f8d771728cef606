"""Plain records of the sandbox: its limits and what a load or a call gave."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LOAD_STATUSES = ("ok", "syntax_error", "forbidden_import", "import_error", "exception", "exit",
                 "timeout", "memory", "crashed")
CALL_STATUSES = ("ok", "raised", "timeout", "memory", "crashed", "bad_return", "missing")


@dataclass(frozen=True)
class Limits:
    """Resource limits of one worker."""

    memory_bytes: int = 1 << 30        # RLIMIT_AS of the worker
    cpu_seconds: int = 120             # RLIMIT_CPU of the worker (whole life)
    load_timeout: float = 10.0         # wall clock for importing the submission
    call_timeout: float = 10.0         # wall clock per call (overridable per call)
    output_bytes: int = 64 * 1024      # kept excerpt of the worker's stdout/stderr
    max_result_bytes: int = 512 << 20  # refuse larger results
    file_bytes: int = 8 << 20          # RLIMIT_FSIZE: largest file the worker may write
    open_files: int = 64               # RLIMIT_NOFILE
    tmp_files: int = 4096              # inodes of the sandbox's private /tmp (bwrap, as root)
    processes: int = 4                 # RLIMIT_NPROC (threads) of the worker's fresh uid; fork is refused


@dataclass
class LoadResult:
    """What loading the submission in a worker gave."""

    status: str                        # one of LOAD_STATUSES
    functions: list[str] = field(default_factory=list)
    message: str = ""                  # plain words, safe to show
    line: int | None = None            # for syntax errors
    cell_errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    forbidden_module: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass
class CallResult:
    """What one call of a student function gave."""

    status: str                        # one of CALL_STATUSES
    value: Any = None                  # decoded plain value when ok
    exc_type: str | None = None
    exc_message: str | None = None     # bounded; show only for public tests
    forbidden_module: str | None = None
    exc_origin: str | None = None      # the submission's file (as the worker says) whose line raised
    exc_line: int | None = None        # unchecked: see autograder.raise_site before showing it
    detail: str = ""                   # plain words for the non-ok statuses
    elapsed: float = 0.0               # wall seconds of the round trip, measured by the grader
    worker_elapsed: float = 0.0        # the worker's own (untrusted) timing of the call

    @property
    def ok(self) -> bool:
        return self.status == "ok"
