"""Runs student code in a separate, sandboxed worker process.

    >>> with Worker(chunks, "conv2d", sandbox="auto") as w:     # doctest: +SKIP
    ...     loaded = w.start()
    ...     result = w.call("conv2d", (x, weight), {"stride": 2})

``bwrap``: bubblewrap gives the worker its own pid, network, ipc and uts namespaces and a
filesystem holding only the standard library, numpy and the submission; ``none``: the same
protocol with resource limits and timeouts only (not a security boundary).
"""
from .doctor import DoctorReport, doctor_report
from .records import CallResult, Limits, LoadResult
from .resolve import SandboxKind, SandboxUnavailable, resolve_sandbox
from .runner import Worker

__all__ = ["CallResult", "DoctorReport", "Limits", "LoadResult", "SandboxKind",
           "SandboxUnavailable", "Worker", "doctor_report", "resolve_sandbox"]
