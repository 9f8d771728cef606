"""`convgrade doctor`: which sandbox this machine gives, why, and what each protection does."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from types import SimpleNamespace

from . import bwrap as bw
from .processes import BASE_UID
from .records import Limits
from .resolve import SandboxKind, check_bwrap, seccomp_filter

PROBE = """
import os, socket
def probe():
    try:
        import torch  # noqa: F401
        torch_msg = "importable"
    except ImportError as exc:
        torch_msg = str(exc)
    try:
        socket.create_connection(("127.0.0.1", 22), timeout=0.5).close()
        net = "reachable"
    except OSError as exc:
        net = type(exc).__name__
    return [os.getuid(), os.getgid(), torch_msg, net, os.path.exists("/work")]
"""


@dataclass
class Protection:
    name: str
    active: bool
    what: str


@dataclass
class DoctorReport:
    """What the sandbox of this machine is, and what a live worker showed."""

    kind: str                          # "bwrap" or "none" (what --sandbox auto picks)
    reason: str
    bwrap_path: str | None
    bwrap_version: str | None
    bwrap_usable: bool
    bwrap_problem: str | None          # why bwrap cannot be used, when it cannot
    running_as_root: bool
    uid_drop: str                      # how the worker's identity is chosen
    protections: list[Protection] = field(default_factory=list)
    live: str = ""                     # what a real worker reported
    notes: list[str] = field(default_factory=list)


def doctor_report(live: bool = True) -> DoctorReport:
    """Inspect this machine; with ``live``, start one worker in the chosen sandbox."""
    root = os.geteuid() == 0
    path = bw.find_bwrap()
    program, seccomp_why = seccomp_filter()
    if not path:
        usable, why = None, "bubblewrap (bwrap) is not installed"
    elif not program:
        usable, why = None, f"no seccomp filter: {seccomp_why}"
    else:
        usable, why = check_bwrap(program=program)
    kind = SandboxKind("bwrap", why, usable, not root, program) if usable else \
        SandboxKind("none", f"resource limits only: {why}", seccomp=program)
    limits = Limits()
    is_bwrap = kind.name == "bwrap"
    uid_drop = (f"each worker drops to a fresh uid/gid ({BASE_UID} and up, in rotation) before "
                "student code runs"
                if root else "not root: the worker keeps your uid"
                + (" (mapped inside its own user namespace)" if is_bwrap else ""))
    report = DoctorReport(
        kind=kind.name, reason=kind.reason, bwrap_path=path,
        bwrap_version=bw.bwrap_version(path) if path else None, bwrap_usable=bool(usable),
        bwrap_problem=None if usable else why, running_as_root=root, uid_drop=uid_drop)
    report.protections = [
        Protection("filesystem view", is_bwrap,
                   "the worker sees the standard library, numpy and the submission only: "
                   "no repository, suites, solutions, caches or other packages (torch is absent)"),
        Protection("pid namespace", is_bwrap,
                   "the worker cannot see other processes; all it starts dies with it"),
        Protection("network namespace", is_bwrap, "no network, not even 127.0.0.1"),
        Protection("ipc/uts namespaces", is_bwrap, "no shared memory or host name of the machine"),
        Protection("uid drop", root,
                   "a fresh uid per worker, so RLIMIT_NPROC holds and leftovers can be found "
                   "and killed before the uid is used again"),
        Protection("seccomp filter", program is not None,
                   "no file locks, key rings, file notifications, new namespaces, tracing, "
                   "fork or exec, perf/bpf/userfaultfd/io_uring or sockets"
                   if program else f"not available: {seccomp_why}"),
        Protection("private /tmp", is_bwrap,
                   f"a fresh tmpfs of {bw.TMP_BYTES >> 20} MiB per worker"
                   + (f", at most {limits.tmp_files} files" if root else
                      " (its number of files is capped only when the grader runs as root)")),
        Protection("rlimits", True,
                   f"memory {limits.memory_bytes >> 20} MiB, CPU {limits.cpu_seconds} s, files "
                   f"{limits.file_bytes >> 20} MiB, {limits.open_files} open files, "
                   f"{limits.processes} processes, no core dumps"),
        Protection("wall-clock deadlines", True,
                   f"load {limits.load_timeout:g} s, each call {limits.call_timeout:g} s; "
                   "then the whole process group is killed and the worker restarted"),
        Protection("pickle-free protocol", True,
                   "results come back as JSON plus raw bytes of allowed numeric dtypes only"),
    ]
    if not is_bwrap:
        report.notes.append("sandbox 'none' is not a security boundary: use it for a student's "
                            "own checks, not for grading other people's code")
    if program is None:
        report.notes.append("no seccomp filter can be built here, so --sandbox bwrap refuses to "
                            "run; install libseccomp2 and the pyseccomp package")
    if not root:
        report.notes.append("not root: RLIMIT_NPROC counts all your processes, and a daemon "
                            "that leaves the process group can only be stopped by a pid "
                            "namespace (bwrap)")
    if live:
        report.live = _live_check(kind)
    return report


def _live_check(kind: SandboxKind) -> str:
    from .runner import Worker

    chunk = SimpleNamespace(code=PROBE, origin="probe.py", first_line=1)
    with Worker([chunk], "probe", sandbox=kind, limits=Limits(call_timeout=5)) as worker:
        loaded = worker.start()
        if not loaded.ok:
            return f"a worker did not start: {loaded.status}: {loaded.message}"
        result = worker.call("probe")
    if not result.ok:
        return f"a worker did not answer: {result.status}: {result.detail}"
    uid, gid, torch_msg, net, sees_repo = result.value
    return (f"a worker started: uid {uid}, gid {gid}; import torch -> {torch_msg}; "
            f"connect to 127.0.0.1 -> {net}; a path outside the sandbox "
            f"{'is visible' if sees_repo else 'is not visible'}")
