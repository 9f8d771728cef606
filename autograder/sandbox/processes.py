"""Process bookkeeping of the workers: a fresh uid per worker, killing, counting."""
from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import stat
import subprocess
import tempfile
import time

BASE_UID = 61000
MAX_SLOTS = 4000


class UidLease:
    """A fresh uid (``61000 + slot``) for one worker, held until :meth:`release`.

    Slots are handed out in rotation from a counter shared by every grader on the machine, so
    a uid comes back only after all the others were used; each is guarded by an ``flock`` on
    its own file in a root-only directory (released when the worker closes or the grader
    dies), so two graders never share one. A uid is taken only when no process of it is left
    after a sweep (SIGKILL): nothing of an earlier submission survives into the next.
    """

    def __init__(self, preferred: int = 0):
        folder = lease_folder()
        self.slot = self.fd = None
        with open(os.path.join(folder, "next"), "a+b") as counter:
            fcntl.flock(counter.fileno(), fcntl.LOCK_EX)
            counter.seek(0)
            try:
                first = int(counter.read(32) or b"0") % MAX_SLOTS
            except ValueError:
                first = 0
            for step in range(MAX_SLOTS):
                slot = (first + step) % MAX_SLOTS
                fd = os.open(os.path.join(folder, f"{slot}.lock"), os.O_CREAT | os.O_RDWR, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                    continue
                if kill_uid(BASE_UID + slot) or kill_uid(BASE_UID + slot):
                    os.close(fd)               # something of it will not die: never reuse it
                    continue
                self.slot, self.fd = slot, fd
                counter.seek(0)
                counter.truncate()
                counter.write(str((slot + 1) % MAX_SLOTS).encode())
                counter.flush()
                return
        raise RuntimeError("no free worker uid")

    @property
    def uid(self) -> int:
        return BASE_UID + self.slot

    def release(self) -> int:
        """Kill what is left of the uid and give it back; returns how many processes would
        not die (0 normally)."""
        if self.fd is None:
            return 0
        left = kill_uid(self.uid)
        os.close(self.fd)
        self.fd = None
        return left


SlotLock = UidLease        # the name earlier versions used


def lease_folder() -> str:
    """The root-only directory of the uid leases; refuses one that another user could write."""
    folder = os.path.join(tempfile.gettempdir(), f"convgrade-slots-{os.geteuid()}")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
        raise RuntimeError(f"the worker uid directory {folder} is not a private directory")
    return folder


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


def descendants(pid: int) -> list[int]:
    """``pid`` and every live process below it (from the parent links in /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    ppid = int(f.read(1024).rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += children.get(p, [])
    return found


def signal_all(pids: list[int], sig: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except OSError:
            pass


def wait_stopped(pids: list[int], timeout: float = 0.5) -> None:
    """Wait (a little) until every process in ``pids`` shows the stopped state."""
    deadline = time.monotonic() + timeout
    for pid in pids:
        while time.monotonic() < deadline:
            try:
                with open(f"/proc/{pid}/stat", "rb") as f:
                    state = f.read(1024).rsplit(b")", 1)[1].split()[0]
            except (OSError, IndexError):
                break
            if state in (b"T", b"t", b"Z", b"X"):
                break
            time.sleep(0.002)


@contextlib.contextmanager
def stopped(pids: list[int]):
    """``pids`` stopped (SIGSTOP) for the ``with`` block, then let go on (SIGCONT)."""
    signal_all(pids, signal.SIGSTOP)
    try:
        wait_stopped(pids)
        yield
    finally:
        signal_all(pids, signal.SIGCONT)


def kill_group(pid: int) -> None:
    """SIGKILL the process group led by ``pid`` (the worker was started in a new session)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def reap(proc: subprocess.Popen | None, timeout: float):
    """Wait up to ``timeout`` s for ``proc``: (returncode as Popen gives it, rusage), or (None, None)."""
    if proc is None:
        return None, None
    deadline = time.monotonic() + timeout
    while True:
        try:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        except ChildProcessError:           # already reaped (by Popen)
            return proc.returncode, None
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, usage
        if time.monotonic() >= deadline:
            return None, None
        time.sleep(0.005)


PIPE_BYTES = 1 << 20


def make_pipe() -> tuple[int, int]:
    r, w = os.pipe()
    try:
        fcntl.fcntl(w, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (OSError, AttributeError):
        pass
    return r, w
