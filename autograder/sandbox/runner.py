"""The grader's side of a worker: spawn it, load the submission, call functions, clean up.

Every read and write has a wall-clock deadline; on a timeout, a crash or a broken message the
worker is killed (process group, pid namespace, and every process of its uid) and the next
call starts a fresh one that loads the submission again. Nothing the worker sends is trusted.

A worker starts in two steps: the sandboxed process boots (limits, uid drop, numpy, import
blocker) and says "ready"; then the submission's code goes to it over the pipe and runs. So
a grader can start the process ahead of time (:meth:`Worker.prelaunch`, a warm spare) and give
it the next submission later (:meth:`Worker.assign`); the student sees the same process
either way, and a process never serves more than one submission.
"""
from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time

import numpy as np

from . import bwrap as bw
from . import protocol
from .output import OutputBuffer, OutputDrain
from .processes import SlotLock, kill_group, kill_uid, tasks_of_uid
from .records import CALL_STATUSES, LOAD_STATUSES, CallResult, Limits, LoadResult
from .resolve import SandboxKind, resolve_sandbox

PIPE_BYTES = 1 << 20
TEXT_LIMIT = 2000
START_TIMEOUT = 30.0     # seconds for the sandboxed process to boot (no student code runs yet)


class _Timeout(Exception):
    pass


class _Died(Exception):
    pass


def _text(value, limit: int = TEXT_LIMIT) -> str | None:
    if value is None:
        return None
    if type(value) is not str:
        raise protocol.ProtocolError("expected text")
    return value[:limit]


def _line(value) -> int | None:
    """A line number from the worker: a plain positive int below 10**7, else None."""
    return value if type(value) is int and 0 < value < 10**7 else None


def _number(value) -> float:
    if type(value) not in (int, float) or not value >= 0:
        raise protocol.ProtocolError("expected a non-negative number")
    return float(value)


def _pipe() -> tuple[int, int]:
    r, w = os.pipe()
    try:
        fcntl.fcntl(w, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (OSError, AttributeError):
        pass
    return r, w


def _reap(proc: subprocess.Popen | None, timeout: float):
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


class Worker:
    """One student module in a sandboxed process (a context manager).

    ``chunks`` are objects with ``.code``, ``.origin`` and ``.first_line``, executed in order
    in one module named ``module_name``; ``tolerant`` skips (and reports) chunks that fail.
    """

    def __init__(self, chunks, module_name: str, *, sandbox="auto", limits: Limits = Limits(),
                 slot: int = 0, tolerant: bool = False):
        self.chunks = None if chunks is None else [(c.code, c.origin, c.first_line) for c in chunks]
        self.module_name = module_name
        self.sandbox = sandbox
        self.limits = limits
        self.preferred_slot = slot
        self.tolerant = tolerant
        self.kind: SandboxKind | None = None
        self.output = OutputBuffer(limits.output_bytes)
        self._layout: bw.Layout | None = None
        self._tmp: str | None = None
        self._slot: SlotLock | None = None
        self._uid: int | None = None
        self._proc: subprocess.Popen | None = None
        self._drain: OutputDrain | None = None
        self._to_worker = self._from_worker = -1
        self._loaded: LoadResult | None = None
        self._next_id = 0

    # ------------------------------------------------------------ public API

    @property
    def uid(self) -> int | None:
        """The dedicated uid the worker runs as (None when the grader is not root)."""
        return self._uid

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def __enter__(self) -> "Worker":
        return self

    @classmethod
    def prelaunch(cls, *, sandbox="auto", limits: Limits = Limits(), slot: int = 0) -> "Worker":
        """Start a worker process now, for one submission given later by :meth:`assign`.

        The process boots in the background (sandbox, limits, uid, numpy) while the caller
        does other work; :meth:`start` then only sends the code. Spawn it from a thread that
        outlives it (bwrap's --die-with-parent follows the spawning thread). Close it when
        it is not used."""
        worker = cls(None, "", sandbox=sandbox, limits=limits, slot=slot)
        try:
            worker._prepare()
            worker._launch()
        except BaseException:
            worker.close()
            raise
        return worker

    def assign(self, chunks, module_name: str, *, tolerant: bool = False) -> "Worker":
        """Give a prelaunched worker its submission (once); returns the worker."""
        if self.chunks is not None or self._loaded is not None:
            raise RuntimeError("a worker serves exactly one submission")
        self.chunks = [(c.code, c.origin, c.first_line) for c in chunks]
        self.module_name, self.tolerant = module_name, tolerant
        return self

    def matches(self, sandbox, limits: Limits) -> bool:
        """Whether this prelaunched worker was started with ``sandbox`` and ``limits``."""
        try:
            kind = resolve_sandbox(sandbox)
        except Exception:       # noqa: BLE001 - the caller will see the error itself
            return False
        return self.limits == limits and self.kind is not None and kind == self.kind

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> LoadResult:
        """Spawn the worker and load the submission (once; later calls return the result)."""
        if self._loaded is None:
            if self.chunks is None:
                raise RuntimeError("the worker has no submission: call assign() first")
            if self._tmp is None:
                self._prepare()
            if self._proc is not None and self._await_ready() is None:    # prelaunched
                self._loaded = self._load()
            else:                                  # cold, or the spare did not come up
                self._loaded = self._spawn()
        return self._loaded

    def call(self, function: str, args: tuple = (), kwargs: dict | None = None,
             timeout: float | None = None) -> CallResult:
        """Call ``function(*args, **kwargs)`` in the worker; never raises for student faults."""
        loaded = self.start()
        if not loaded.ok:
            return CallResult("missing", detail=f"the submission did not load: {loaded.message}")
        if self._tmp is None:
            return CallResult("crashed", detail="the worker was closed")
        if self._proc is None:
            again = self._spawn()
            if not again.ok:
                return CallResult("crashed", detail="the worker could not be started again: "
                                                    f"{again.message}")
        timeout = self.limits.call_timeout if timeout is None else timeout
        self._next_id += 1
        frames = protocol.pack({"op": "call", "id": self._next_id, "function": function},
                               {"args": tuple(args), "kwargs": dict(kwargs or {})})
        start = time.monotonic()
        deadline = start + timeout
        try:
            self._write(frames, deadline)
            header, payload = self._read_message(deadline, self.limits.max_result_bytes)
            result = self._call_result(header, payload)
        except _Timeout:
            self._kill()
            return CallResult("timeout", detail=f"the call took longer than {timeout:g} s",
                              elapsed=time.monotonic() - start)
        except _Died:
            status, words = self._death("call")
            return CallResult(status, detail=words, elapsed=time.monotonic() - start)
        except protocol.ProtocolError as exc:
            self._kill()
            return CallResult("crashed", detail=f"the worker sent a malformed answer ({exc})",
                              elapsed=time.monotonic() - start)
        result.elapsed = time.monotonic() - start
        return result

    def output_excerpt(self) -> str:
        """Bounded, escaped and prefixed stdout/stderr of the worker so far."""
        return self.output.excerpt()

    def close(self) -> None:
        """Kill the worker and everything it started; remove its files. Idempotent."""
        self._kill()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        if self._slot:
            self._slot.release()
            self._slot = None

    # ------------------------------------------------------------ spawning

    def _prepare(self) -> None:
        self.kind = resolve_sandbox(self.sandbox)
        self._layout = bw.discover()
        if os.geteuid() == 0:
            self._slot = SlotLock(self.preferred_slot)
            self._uid = self._slot.uid
        self._tmp = tempfile.mkdtemp(prefix="convgrade-worker-")
        os.chmod(self._tmp, 0o711)
        os.mkdir(os.path.join(self._tmp, "submission"), 0o700)   # stays empty: code goes by pipe
        site = os.path.join(self._tmp, "site")
        os.mkdir(site, 0o755)
        os.symlink(self._layout.numpy_dir, os.path.join(site, "numpy"))
        if self._layout.numpy_libs:
            os.symlink(self._layout.numpy_libs, os.path.join(site, "numpy.libs"))
        work = os.path.join(self._tmp, "work")
        os.mkdir(work, 0o700)
        if self.uid is not None:
            os.chown(work, self.uid, self.uid)

    def _config(self, fd_in: int, fd_out: int) -> dict:
        lay, tmp, lim = self._layout, self._tmp, self.limits
        inside = self.kind.name == "bwrap"
        uid = self.uid
        if uid is not None:
            nproc = lim.processes
        else:
            nproc = tasks_of_uid(os.getuid()) + lim.processes
        return {
            "fd_in": fd_in, "fd_out": fd_out, "max_payload": 1 << 40,
            "protocol": f"{bw.WORKER_DIR}/protocol.py" if inside else lay.protocol,
            "sys_path": [lay.stdlib, lay.dynload, bw.SITE if inside else os.path.join(tmp, "site")],
            "path_through_fds": not inside and uid is not None,
            "die_with_parent": not inside,
            "cwd": "/tmp" if inside else os.path.join(tmp, "work"),
            "uid": uid, "gid": uid,
            "limits": {"as": lim.memory_bytes, "cpu": lim.cpu_seconds, "fsize": lim.file_bytes,
                       "nofile": lim.open_files, "core": 0, "nproc": nproc},
        }

    def _argv(self, cfg: dict) -> list[str]:
        lay = self._layout
        if self.kind.name == "bwrap":
            prefix = bw.bwrap_args(self.kind.bwrap, lay, os.path.join(self._tmp, "submission"),
                                   self.kind.unprivileged)
            main = f"{bw.WORKER_DIR}/worker_main.py"
        else:
            prefix, main = [], lay.worker_main
        return prefix + [lay.python, "-I", "-S", "-B", "-u", main, json.dumps(cfg)]

    def _spawn(self) -> LoadResult:
        """Start a worker process, wait until it is ready, load the submission."""
        return self._launch() or self._await_ready() or self._load()

    def _launch(self) -> LoadResult | None:
        """Start the sandboxed process (it boots on its own); None when it started."""
        to_r, to_w = _pipe()
        from_r, from_w = _pipe()
        out_r, out_w = _pipe()
        cfg = self._config(to_r, from_w)
        env = None if self.kind.name == "bwrap" else bw.worker_env(cfg["cwd"])
        try:
            self._proc = subprocess.Popen(
                self._argv(cfg), stdin=subprocess.DEVNULL, stdout=out_w, stderr=out_w,
                pass_fds=(to_r, from_w), start_new_session=True, env=env or {},
                cwd=None if self.kind.name == "bwrap" else cfg["cwd"])
        except OSError as exc:
            for fd in (to_r, to_w, from_r, from_w, out_r, out_w):
                os.close(fd)
            return LoadResult("crashed", message=f"the worker could not be started: {exc}")
        for fd in (to_r, from_w, out_w):
            os.close(fd)
        os.set_blocking(to_w, False)
        self._to_worker, self._from_worker = to_w, from_r
        self._drain = OutputDrain(out_r, self.output)
        return None

    def _await_ready(self) -> LoadResult | None:
        """Wait for the booted process's "ready"; None when it came (else it is killed)."""
        timeout = max(self.limits.load_timeout, START_TIMEOUT)
        try:
            header, _ = self._read_message(time.monotonic() + timeout, 0)
            if header != {"kind": "ready"}:
                raise protocol.ProtocolError("not a ready report")
            return None
        except _Timeout:
            self._kill()
            return LoadResult("crashed", message=f"the worker did not start within {timeout:g} s")
        except _Died:
            status, words = self._death("start")
            return LoadResult("crashed", message=f"the worker could not be started ({words})")
        except protocol.ProtocolError as exc:
            self._kill()
            return LoadResult("crashed", message=f"the worker sent a malformed answer ({exc})")

    def _load(self) -> LoadResult:
        """Send the submission's code to the ready worker and wait for its load report."""
        timeout = self.limits.load_timeout
        deadline = time.monotonic() + timeout
        codes = [np.frombuffer(code.encode("utf-8", "surrogatepass"), dtype=np.uint8)
                 for code, _, _ in self.chunks]
        frames = protocol.pack(
            {"op": "load", "module": self.module_name, "tolerant": bool(self.tolerant),
             "chunks": [{"origin": str(origin), "first_line": int(first_line)}
                        for _, origin, first_line in self.chunks]},
            {"code": codes})
        try:
            self._write(frames, deadline)
            header, _ = self._read_message(deadline, 1 << 20)
            loaded = self._load_result(header)
        except _Timeout:
            self._kill()
            return LoadResult("timeout", message=f"loading the submission took longer than "
                                                 f"{timeout:g} s")
        except _Died:
            status, words = self._death("load")
            return LoadResult(status, message=words)
        except protocol.ProtocolError as exc:
            self._kill()
            return LoadResult("crashed", message=f"the worker sent a malformed answer ({exc})")
        if not loaded.ok:
            self._kill()
        return loaded

    # ------------------------------------------------------------ messages

    def _load_result(self, h: dict) -> LoadResult:
        if h.get("kind") != "loaded" or h.get("status") not in LOAD_STATUSES:
            raise protocol.ProtocolError("not a load report")
        functions, cells = h.get("functions", []), h.get("cell_errors", [])
        if type(functions) is not list or type(cells) is not list:
            raise protocol.ProtocolError("bad load report")
        line = h.get("line")
        return LoadResult(
            status=h["status"], functions=[_text(f, 200) for f in functions[:10000]],
            message=_text(h.get("message")) or "", line=line if type(line) is int else None,
            cell_errors=[_text(c) for c in cells[:1000]], elapsed=_number(h.get("elapsed", 0)),
            forbidden_module=_text(h.get("forbidden_module"), 100))

    def _call_result(self, h: dict, payload: memoryview) -> CallResult:
        if h.get("kind") != "result" or h.get("id") != self._next_id:
            raise protocol.ProtocolError("answer out of sequence")
        if h.get("status") not in CALL_STATUSES:
            raise protocol.ProtocolError("unknown status")
        value = protocol.from_tree(h.get("value"), payload) if h["status"] == "ok" else None
        return CallResult(
            status=h["status"], value=value, exc_type=_text(h.get("exc_type"), 100),
            exc_message=_text(h.get("exc_message")),
            forbidden_module=_text(h.get("forbidden_module"), 100),
            exc_origin=_text(h.get("exc_origin"), 300), exc_line=_line(h.get("exc_line")),
            detail=_text(h.get("detail")) or "", worker_elapsed=_number(h.get("elapsed", 0)))

    def _read_exact(self, n: int, deadline: float) -> bytearray:
        buf = bytearray(n)
        view = memoryview(buf)
        poller = select.poll()
        poller.register(self._from_worker, select.POLLIN)
        pos = 0
        while pos < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _Timeout
            if not poller.poll(max(1, int(left * 1000))):
                continue
            got = os.readv(self._from_worker, [view[pos:]])
            if got == 0:
                raise _Died
            pos += got
        return buf

    def _read_message(self, deadline: float, max_payload: int) -> tuple[dict, memoryview]:
        prefix = bytes(self._read_exact(protocol.PREFIX.size, deadline))
        hlen, plen = protocol.parse_prefix(prefix, max_payload)
        header = protocol.parse_header(bytes(self._read_exact(hlen, deadline)))
        return header, memoryview(self._read_exact(plen, deadline))

    def _write(self, buffers: list, deadline: float) -> None:
        poller = select.poll()
        poller.register(self._to_worker, select.POLLOUT)
        for buf in buffers:
            view = memoryview(buf)
            while view:
                try:
                    view = view[os.write(self._to_worker, view):]
                    continue
                except BlockingIOError:
                    pass
                except (BrokenPipeError, ConnectionResetError):
                    raise _Died from None
                left = deadline - time.monotonic()
                if left <= 0:
                    raise _Timeout
                poller.poll(max(1, int(left * 1000)))

    # ------------------------------------------------------------ ending

    def _death(self, during: str) -> tuple[str, str]:
        """The worker closed its pipe: reap it and say why in plain words."""
        rc, usage = _reap(self._proc, 2.0)
        self._kill()
        if rc is None:
            return "crashed", "the worker stopped answering"
        sig = -rc if rc < 0 else 0
        if rc > 128 and self.kind.name == "bwrap":
            # bwrap exits with 128 + n when its child died of signal n, and with the child's own
            # code otherwise: os._exit(137) and a SIGKILL read the same. A signal is believed
            # only where the worker's resource use (wait4, descendants included) bears it out.
            sig = rc - 128 if self._signal_shown(rc - 128, usage) else 0
            if not sig:
                return "crashed", f"the worker process ended with status {rc}: either it was " \
                                  f"killed by signal {rc - 128} or it exited with code {rc}; " \
                                  "the sandbox reports both alike"
        if sig == signal.SIGXCPU:
            return "timeout", f"the worker used up its CPU time limit ({self.limits.cpu_seconds} s)"
        if sig == signal.SIGKILL:
            return "memory", "the worker was killed by the system, most likely for using too much memory"
        if sig:
            try:
                name = signal.Signals(sig).name
            except ValueError:
                name = f"signal {sig}"
            return "crashed", f"the worker crashed ({name})"
        if during == "start":
            return "crashed", f"exit code {rc}"
        if during == "load":
            return "exit", f"the module ended the process while it was loading (exit code {rc})"
        return "crashed", f"the worker process ended during the call (exit code {rc}), " \
                          "for example through os._exit()"

    def _signal_shown(self, sig: int, usage) -> bool:
        """Whether ``usage`` (None: unknown) makes signal ``sig`` the likely cause of death."""
        if usage is None:
            return False
        if sig == signal.SIGXCPU:       # RLIMIT_CPU: the CPU time must have been used
            return usage.ru_utime + usage.ru_stime >= 0.9 * self.limits.cpu_seconds
        # nothing else can be confirmed: ru_maxrss, say, includes the grader's own peak (the
        # child's memory before exec), so a SIGKILL for memory looks like os._exit(137)
        return False

    def _kill(self) -> None:
        """Kill the worker, its process group, its pid namespace and every process of its uid."""
        proc, self._proc = self._proc, None
        if proc is not None:
            kill_group(proc.pid)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        if self._slot is not None:
            kill_uid(self._slot.uid)
        for fd in (self._to_worker, self._from_worker):
            if fd >= 0:
                os.close(fd)
        self._to_worker = self._from_worker = -1
        if self._drain is not None:
            self._drain.stop()
            self._drain = None
