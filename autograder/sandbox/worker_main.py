"""Bootstrap of the sandboxed worker: limits, identity, then the submission, then a call loop.

Runs as ``python -I -S -B -u worker_main.py CONFIG_JSON`` (inside bubblewrap or not) and
imports only the standard library and numpy. Order matters and is the point of this file:

1. resource limits (address space, CPU, file size, open files, no core dumps);
2. one BLAS thread (before numpy is imported);
3. read the wire-format module while still allowed to;
4. cap the files of the private /tmp (bwrap as root); drop to the worker's fresh uid/gid, then limit the number of processes;
   install the seccomp filter the grader built (no locks, key rings, namespaces, fork...);
5. numpy and the import blocker; then say "ready" and wait for the submission;
6. the submission's code arrives over the pipe (one "load" message: module name, chunks as
   UTF-8 bytes) and runs in a fresh module; then answer calls until told to stop.

Every worker goes through the same steps, whether the grader waits for "ready" at once or
started it ahead of time (a warm spare): a process serves exactly one submission.
"""
import json
import os
import resource
import sys
import time
import types

THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
               "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "BLIS_NUM_THREADS")
MESSAGE_LIMIT = 2000
NAME_LIMIT = 100


def set_limits(limits: dict) -> None:
    """Apply the rlimits that do not depend on the uid."""
    pairs = (("as", resource.RLIMIT_AS), ("cpu", resource.RLIMIT_CPU),
             ("fsize", resource.RLIMIT_FSIZE), ("nofile", resource.RLIMIT_NOFILE),
             ("core", resource.RLIMIT_CORE))
    for key, which in pairs:
        if limits.get(key) is not None:
            hard = limits[key] + 1 if key == "cpu" else limits[key]   # SIGXCPU, then SIGKILL
            resource.setrlimit(which, (limits[key], hard))


def cap_tmp(spec) -> None:
    """Remount the sandbox's private /tmp with a cap on its files (inodes) as well as its
    bytes; only root inside bubblewrap can, before the uid drop. Failing ends the worker."""
    if not spec:
        return
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    options = f"size={int(spec['bytes'])},nr_inodes={int(spec['inodes'])},mode=1777".encode()
    if libc.mount(b"tmpfs", spec["path"].encode(), b"tmpfs", 32, options) != 0:   # MS_REMOUNT
        raise SystemExit(f"could not cap the files of {spec['path']} (errno {ctypes.get_errno()})")


def drop_privileges(uid, gid) -> None:
    """Become the worker's own uid/gid (only when started as root)."""
    if uid is None:
        return
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
    if os.getuid() != uid or os.geteuid() != uid:
        raise SystemExit("could not drop privileges")


def die_with_parent() -> None:
    """Outside bubblewrap: SIGKILL this worker when the grader goes (set after the uid drop,
    which clears it)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, 9, 0, 0, 0)   # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError, ImportError):
        pass


def install_seccomp(program_hex) -> None:
    """Install the grader's compiled seccomp filter (BPF, hex) on this process; no way back.

    Any failure ends the worker: a sandbox that asked for the filter never runs without it."""
    if program_hex is None:
        return
    import ctypes
    program = bytes.fromhex(program_hex)

    class SockFilter(ctypes.Structure):
        _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte),
                    ("k", ctypes.c_uint32)]

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]

    count = len(program) // 8
    table = (SockFilter * count).from_buffer_copy(program)
    prog = SockFprog(count, table)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong,
                           ctypes.c_ulong]
    if libc.prctl(38, 1, None, 0, 0) != 0:                       # PR_SET_NO_NEW_PRIVS
        raise SystemExit(f"could not set no_new_privs (errno {ctypes.get_errno()})")
    if libc.prctl(22, 2, ctypes.addressof(prog), 0, 0) != 0:     # PR_SET_SECCOMP, FILTER
        raise SystemExit(f"could not install the seccomp filter (errno {ctypes.get_errno()})")


def receive_submission(proto, cfg: dict) -> tuple:
    """Wait for the one "load" message: (module name, tolerant, chunks with their code)."""
    try:
        header, payload = proto.read_message(cfg["fd_in"], cfg["max_payload"])
    except EOFError:
        raise SystemExit(0) from None
    if header.get("op") != "load":
        raise SystemExit(0)                     # the grader gave up on this worker
    codes = proto.from_tree(header["code"], payload)
    chunks = []
    for meta, code in zip(header["chunks"], codes):
        chunks.append({"origin": meta["origin"], "first_line": meta["first_line"],
                       "code": code.tobytes().decode("utf-8", "surrogatepass")})
    return header["module"], bool(header["tolerant"]), chunks


def open_path(paths: list, through_fds: bool) -> list:
    """sys.path for after the uid drop; ``through_fds`` reaches directories that the
    dropped uid could not walk to (a Python in a private home) through /proc/self/fd,
    and points the packages already imported (``collections``, ...) there too."""
    if not through_fds:
        return list(paths)
    mapping = {}
    for p in paths:
        try:
            mapping[p] = f"/proc/self/fd/{os.open(p, os.O_RDONLY | os.O_DIRECTORY)}"
        except OSError:
            pass
    for module in list(sys.modules.values()):
        search = getattr(module, "__path__", None)
        if type(search) is list:
            search[:] = [remap(entry, mapping) for entry in search]
    return list(mapping.values())


def remap(path: str, mapping: dict) -> str:
    for real, through in mapping.items():
        if path == real or path.startswith(real + "/"):
            return through + path[len(real):]
    return path


def bounded(text, limit: int = MESSAGE_LIMIT) -> str:
    text = str.__str__(text) if issubclass(type(text), str) else "<not text>"
    return text if len(text) <= limit else text[:limit] + f"... [{len(text) - limit} more characters cut]"


def exception_text(exc: BaseException) -> str:
    """A bounded message that avoids building a huge string when it can."""
    args = getattr(exc, "args", ())
    try:
        if type(args) is tuple and len(args) == 1 and issubclass(type(args[0]), str):
            return bounded(args[0])
        return bounded(str(exc))
    except BaseException:  # noqa: BLE001 - a hostile __str__
        return "<the exception's message could not be read>"


class Blocker:
    """A meta path finder that refuses libraries other than the standard library and numpy
    with a clear message. Only a friendlier message: the filesystem view is the barrier."""

    def __init__(self, allowed_extra: set, stdlib_paths: list | None = None):
        self.allowed_extra = allowed_extra
        self.stdlib_paths = list(stdlib_paths or [])
        self._in_stdlib: dict = {}

    def refused(self, fullname) -> str | None:
        if type(fullname) is not str:
            return None
        top = fullname.partition(".")[0]
        if top in sys.stdlib_module_names or top in self.allowed_extra or top in sys.modules:
            return None
        if self._found_in_stdlib(top):          # private stdlib modules such as _sysconfigdata_*
            return None
        return top

    def _found_in_stdlib(self, top: str) -> bool:
        if top not in self._in_stdlib:
            import importlib.machinery
            try:
                spec = importlib.machinery.PathFinder.find_spec(top, self.stdlib_paths)
            except (ImportError, ValueError):
                spec = None
            self._in_stdlib[top] = spec is not None
        return self._in_stdlib[top]

    def find_spec(self, fullname, path=None, target=None):
        top = self.refused(fullname)
        if top is not None:
            raise ModuleNotFoundError(not_allowed(top), name=top)
        return None


def not_allowed(top: str) -> str:
    return (f"'{top}' is not allowed in submissions: only the Python standard library "
            f"and numpy can be imported")


def forbidden_module(exc: BaseException, blocker: Blocker):
    if not isinstance(exc, ImportError):
        return None
    return blocker.refused(getattr(exc, "name", None))


class BadReturn(Exception):
    """The student's value cannot be sent back."""


def plain(value, np, allowed: dict, depth: int = 0):
    """Convert a returned value into plain types without running the student's hooks."""
    if depth > 64:
        raise BadReturn("a value nested more than 64 levels deep")
    t = type(value)
    if value is None or t is bool:
        return value
    if issubclass(t, np.ndarray):
        base = np.ndarray.view(value, np.ndarray)
        if base.dtype.name not in allowed or base.dtype.fields is not None:
            raise BadReturn(f"a numpy array of dtype {base.dtype.name}")
        return np.array(base, dtype=base.dtype, copy=True, order="C", subok=False)
    if issubclass(t, np.generic):
        if issubclass(t, (np.bool_, np.integer, np.floating, np.complexfloating)):
            return np.generic.item(value)
        raise BadReturn(f"a numpy scalar of type {t.__name__}")
    if issubclass(t, int):
        return int.__index__(value)
    if issubclass(t, float):
        return float.__float__(value)
    if issubclass(t, complex):
        return complex(complex.real.__get__(value), complex.imag.__get__(value))
    if issubclass(t, str):
        return bounded(value, 1 << 20)
    if issubclass(t, (list, tuple)):
        items = [plain(v, np, allowed, depth + 1)
                 for v in (list.__iter__(value) if issubclass(t, list) else tuple.__iter__(value))]
        return items if issubclass(t, list) else tuple(items)
    if issubclass(t, dict):
        out = {}
        for k, v in dict.items(value):
            if not issubclass(type(k), str):
                raise BadReturn(f"a dict with a key of type {type(k).__name__}")
            out[str.__str__(k)] = plain(v, np, allowed, depth + 1)
        return out
    raise BadReturn(f"a value of type {bounded(t.__name__, NAME_LIMIT)}")


class Worker:
    """The loop inside the sandbox."""

    def __init__(self, cfg: dict, proto, np):
        self.cfg, self.proto, self.np = cfg, proto, np
        self.fd_in, self.fd_out = cfg["fd_in"], cfg["fd_out"]
        self.blocker = Blocker({"numpy"}, sys.path[:2])   # stdlib and lib-dynload, as the worker sees them
        self.module = None
        self.origins = set()      # file names the submission's code was compiled under

    def send(self, header: dict, trees: dict | None = None) -> None:
        self.proto.write_all(self.fd_out, self.proto.pack(header, trees or {}))

    def load(self, chunks: list) -> dict:
        """Execute the chunks in order in one module namespace."""
        name = self.cfg["module"]
        module = types.ModuleType(name)
        module.__file__ = f"{name}.py"
        sys.modules[name] = module
        cell_errors = []
        start = time.perf_counter()
        for chunk in chunks:
            failure = self.run_chunk(chunk, module)
            if failure is None:
                continue
            if self.cfg["tolerant"]:
                cell_errors.append(bounded(f"{chunk['origin']}: {failure['message']}"))
                continue
            failure.update(functions=[], cell_errors=cell_errors,
                           elapsed=time.perf_counter() - start)
            return failure
        self.module = module
        functions = sorted(k for k, v in vars(module).items()
                           if not k.startswith("_") and callable(v)
                           and not isinstance(v, types.ModuleType))
        return {"status": "ok", "functions": functions, "message": "", "line": None,
                "cell_errors": cell_errors, "elapsed": time.perf_counter() - start}

    def run_chunk(self, chunk: dict, module) -> dict | None:
        origin = bounded(chunk["origin"], 200)
        self.origins.add(origin)
        source = "\n" * max(0, chunk["first_line"] - 1) + chunk["code"]
        try:
            code = compile(source, origin, "exec", dont_inherit=True)
        except SyntaxError as exc:
            return {"status": "syntax_error", "line": exc.lineno,
                    "message": bounded(f"{origin}, line {exc.lineno}: {exc.msg}", 500)}
        except (ValueError, MemoryError, RecursionError) as exc:
            return {"status": "syntax_error", "line": None,
                    "message": f"{origin}: the code could not be compiled ({type(exc).__name__})"}
        try:
            exec(code, module.__dict__)
        except SystemExit:
            return {"status": "exit", "line": None,
                    "message": f"{origin}: the module called sys.exit() while it was loading"}
        except MemoryError:
            return {"status": "memory", "line": None,
                    "message": f"{origin}: the module ran out of memory while it was loading"}
        except BaseException as exc:  # noqa: BLE001 - anything the student raises
            line = error_line(exc, origin)
            where = f"{origin}, line {line}" if line else origin
            top = forbidden_module(exc, self.blocker)
            if top is not None:
                return {"status": "forbidden_import", "line": line, "forbidden_module": top,
                        "message": f"{where}: {not_allowed(top)}"}
            status = "import_error" if isinstance(exc, ImportError) else "exception"
            return {"status": status, "line": line,
                    "message": f"{where}: {bounded(type(exc).__name__, NAME_LIMIT)}: "
                               f"{exception_text(exc)}"}
        return None

    def call(self, header: dict, payload) -> tuple[dict, dict]:
        """Run one call; returns (header, value trees)."""
        out = {"kind": "result", "id": header.get("id"), "status": "ok", "exc_type": None,
               "exc_message": None, "forbidden_module": None, "detail": "", "elapsed": 0.0}
        fn = vars(self.module).get(header.get("function")) if self.module else None
        if fn is None or not callable(fn):
            out.update(status="missing", detail="the submission does not define this function")
            return out, {}
        budget = self.proto.Budget()
        args = self.proto.from_tree(header.get("args"), payload, budget)
        kwargs = self.proto.from_tree(header.get("kwargs"), payload, budget)
        start = time.perf_counter()
        try:
            value = fn(*args, **kwargs)
        except SystemExit:
            out.update(status="crashed", detail="the function called sys.exit()")
            return out, {}
        except MemoryError:
            out.update(status="memory", detail="the function ran out of memory",
                       exc_type="MemoryError", elapsed=time.perf_counter() - start)
            return out, {}
        except BaseException as exc:  # noqa: BLE001 - anything the student raises
            out["elapsed"] = time.perf_counter() - start
            top = forbidden_module(exc, self.blocker)
            out.update(status="raised", exc_type=bounded(type(exc).__name__, NAME_LIMIT),
                       exc_message=not_allowed(top) if top else exception_text(exc),
                       forbidden_module=top)
            out["exc_origin"], out["exc_line"] = raise_site(exc, self.origins)
            return out, {}
        out["elapsed"] = time.perf_counter() - start
        try:
            return out, {"value": plain(value, self.np, self.proto.ALLOWED_DTYPES)}
        except BadReturn as exc:
            out.update(status="bad_return", detail=f"the function returned {exc.args[0]}")
        except MemoryError:
            out.update(status="memory", detail="out of memory while copying the result")
        except BaseException as exc:  # noqa: BLE001 - a hostile hook during conversion
            out.update(status="bad_return",
                       detail=f"the returned value could not be read ({type(exc).__name__})")
        return out, {}

    def serve(self) -> None:
        while True:
            try:
                header, payload = self.proto.read_message(self.fd_in, self.cfg["max_payload"])
            except EOFError:
                return
            if header.get("op") != "call":
                return
            out, trees = self.call(header, payload)
            try:
                self.send(out, trees)
            except (self.proto.UnsupportedValue, ValueError) as exc:
                out.update(status="bad_return", detail=f"the returned value cannot be sent ({exc})")
                self.send(out)


def error_line(exc: BaseException, origin: str):
    tb, line = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == origin:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def raise_site(exc: BaseException, origins: set):
    """(file, line) of the innermost traceback frame in the submission's own code, or (None, None).

    The grader checks both against the code it sent and reads the source line itself."""
    tb, found = exc.__traceback__, (None, None)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if type(name) is str and name in origins:
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def load_module(name: str, source: str, filename: str):
    module = types.ModuleType(name)
    module.__file__ = filename
    exec(compile(source, filename, "exec"), module.__dict__)
    return module


def main() -> None:
    cfg = json.loads(sys.argv[1])
    set_limits(cfg["limits"])
    for var in THREAD_VARS:
        os.environ[var] = "1"
    with open(cfg["protocol"], encoding="utf-8") as f:
        proto_source = f.read()
    path = open_path(cfg["sys_path"], cfg["path_through_fds"])
    cap_tmp(cfg.get("tmp_cap"))
    drop_privileges(cfg["uid"], cfg["gid"])
    if cfg["limits"].get("nproc") is not None:
        n = cfg["limits"]["nproc"]
        resource.setrlimit(resource.RLIMIT_NPROC, (n, n))
    sys.path[:] = path
    sys.path_importer_cache.clear()
    if cfg["die_with_parent"]:
        die_with_parent()
    install_seccomp(cfg.get("seccomp"))
    import numpy as np
    proto = load_module("_convgrade_protocol", proto_source, cfg["protocol"])
    worker = Worker(cfg, proto, np)
    sys.meta_path.insert(0, worker.blocker)
    os.chdir(cfg["cwd"])
    worker.send({"kind": "ready"})
    cfg["module"], cfg["tolerant"], chunks = receive_submission(proto, cfg)
    worker.blocker.allowed_extra.add(cfg["module"])
    loaded = worker.load(chunks)
    del chunks
    worker.send({"kind": "loaded", **loaded})
    if loaded["status"] == "ok":
        worker.serve()


if __name__ == "__main__":
    main()
