"""Which sandbox this machine gives: bubblewrap when it works, else resource limits only."""
from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass, field

from . import bwrap as bw
from .seccomp import SeccompUnavailable, build_filter

NO_SANDBOX_WARNING = ("convgrade: sandbox 'none': student code runs with resource limits only; "
                      "this is not a security boundary")
log = logging.getLogger("convgrade.sandbox")


class SandboxUnavailable(RuntimeError):
    """The sandbox that was demanded cannot run on this machine."""


@dataclass(frozen=True)
class SandboxKind:
    """The sandbox chosen: ``name`` is "bwrap" or "none"; ``reason`` says why."""

    name: str
    reason: str
    bwrap: str | None = None       # path of the bwrap binary (bwrap only)
    unprivileged: bool = False     # bwrap with its own user namespace (not root)
    seccomp: bytes | None = field(default=None, repr=False)   # compiled filter (BPF), if any

    def __str__(self) -> str:
        return self.name


def seccomp_filter() -> tuple[bytes | None, str]:
    """(compiled filter or None, reason)."""
    try:
        return build_filter(), "seccomp filter built with libseccomp"
    except SeccompUnavailable as exc:
        return None, str(exc)


def check_bwrap(layout: bw.Layout | None = None,
                program: bytes | None = None) -> tuple[str | None, str]:
    """(bwrap path or None, reason): the path only when a worker really starts inside it
    (and, given ``program``, installs that seccomp filter there)."""
    path = bw.find_bwrap()
    if path is None:
        return None, "bubblewrap (bwrap) is not installed or not on PATH"
    layout = layout or bw.discover()
    with tempfile.TemporaryDirectory(prefix="convgrade-probe-") as scratch:
        why = bw.probe(path, layout, scratch, unprivileged=os.geteuid() != 0, seccomp=program)
    if why:
        return None, why
    return path, f"bubblewrap works ({path})" + (" with a seccomp filter" if program else "")


def resolve_sandbox(mode: str = "auto") -> SandboxKind:
    """Pick the sandbox for ``mode`` ("auto", "bwrap" or "none").

    "bwrap" fails closed: it raises :class:`SandboxUnavailable` when bubblewrap is missing or
    cannot start a worker, or when the seccomp filter cannot be built or installed. "none" and an "auto" that finds no working bwrap log a one-line
    warning that resource limits are not a security boundary.
    """
    if isinstance(mode, SandboxKind):
        return mode
    if mode not in ("auto", "bwrap", "none"):
        raise ValueError(f"unknown sandbox {mode!r}: use auto, bwrap or none")
    unprivileged = os.geteuid() != 0
    program, why_not = seccomp_filter()
    if mode != "none":
        path, reason = check_bwrap(program=program) if program else (None, why_not)
        if path:
            return SandboxKind("bwrap", reason, path, unprivileged, program)
        if mode == "bwrap":
            raise SandboxUnavailable(f"the bwrap sandbox was demanded but {reason}; install "
                                     "bubblewrap or choose --sandbox none (not a security boundary)")
        log.warning(NO_SANDBOX_WARNING)
        return SandboxKind("none", f"resource limits only: {reason}", seccomp=program)
    log.warning(NO_SANDBOX_WARNING)
    return SandboxKind("none", "resource limits only, as asked (--sandbox none)", seccomp=program)
