"""Process bookkeeping of the workers: dedicated uids per slot, killing, counting."""
from __future__ import annotations

import fcntl
import os
import signal
import tempfile

BASE_UID = 61000
MAX_SLOTS = 4000


class SlotLock:
    """Holds a slot (and so the uid ``61000 + slot``) for one worker, across processes.

    A slot is an ``flock`` on a file in a root-only directory: it is released when the worker
    is closed or the grader dies, and two graders on one machine never share a uid.
    """

    def __init__(self, preferred: int = 0):
        folder = os.path.join(tempfile.gettempdir(), f"convgrade-slots-{os.geteuid()}")
        os.makedirs(folder, mode=0o700, exist_ok=True)
        for slot in range(preferred, preferred + MAX_SLOTS):
            slot %= MAX_SLOTS
            fd = os.open(os.path.join(folder, f"{slot}.lock"), os.O_CREAT | os.O_RDWR, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            self.slot, self.fd = slot, fd
            return
        raise RuntimeError("no free worker slot")

    @property
    def uid(self) -> int:
        return BASE_UID + self.slot

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def pids_of_uid(uid: int) -> list[int]:
    """Live (not zombie) processes whose real uid is ``uid`` (from /proc)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", "rb") as f:
                text = f.read(4096)
            state = text[text.index(b"\nState:") + 7:].split(None, 1)[0]
            if state in (b"Z", b"X"):
                continue            # already dead, waiting to be reaped
            if int(text[text.index(b"\nUid:") + 5:].split(None, 1)[0]) == uid:
                out.append(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    return out


def kill_uid(uid: int, rounds: int = 50) -> int:
    """SIGKILL every process of ``uid`` until none is left; returns how many were left."""
    for _ in range(rounds):
        pids = pids_of_uid(uid)
        if not pids:
            return 0
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    return len(pids_of_uid(uid))


def tasks_of_uid(uid: int) -> int:
    """Threads that count against RLIMIT_NPROC for ``uid``."""
    total = 0
    for pid in pids_of_uid(uid):
        try:
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
                total += next((int(l.split()[1]) for l in f if l.startswith("Threads:")), 1)
        except (OSError, ValueError):
            continue
    return total


def kill_group(pid: int) -> None:
    """SIGKILL the process group led by ``pid`` (the worker was started in a new session)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
