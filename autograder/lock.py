"""One run per output folder: an exclusive ``flock`` on ``OUT/.convgrade.lock`` held for the run.

The kernel drops the lock when the holder exits, however it exits (kill -9 included), so a
stale lock file never blocks the next run; the file itself only records the holder's pid.
"""
from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import Any

LOCK_NAME = ".convgrade.lock"


class OutputLocked(RuntimeError):
    """Another run holds the output folder."""


class OutLock:
    """``with OutLock(out):`` holds the folder's lock or raises ``OutputLocked`` at once."""

    def __init__(self, out: Path | str):
        self.out = Path(out)
        self.path = self.out / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            who = f"process {holder}" if holder else "another process"
            raise OutputLocked(
                f"{self.out} is being graded by another convgrade run ({who}); wait for it to "
                "finish or stop it, or choose another --out folder.") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        os.fsync(fd)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            try:
                os.ftruncate(self._fd, 0)
            except OSError:
                pass
            os.close(self._fd)      # closing drops the flock
            self._fd = None

    def __enter__(self) -> "OutLock":
        self.acquire()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.release()


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        return int(text) if text.isdigit() else None
    except OSError:
        return None
