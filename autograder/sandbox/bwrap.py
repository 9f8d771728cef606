"""The filesystem view of a worker and the bubblewrap command line that builds it.

Inside, the worker sees /usr (and the /lib*, /bin links), a few files of /etc, the Python
prefix bound alone at its own path, numpy bound alone under ``/opt/convgrade/site``, the two
worker files, the submission (read-only) and a fresh /tmp. Every site-packages and
dist-packages directory inside a bound tree is masked by an empty tmpfs, so that torch, scipy
and everything else installed on the machine simply is not there.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass

ROOT = "/opt/convgrade"
SITE = f"{ROOT}/site"
WORKER_DIR = f"{ROOT}/worker"
SUBMISSION = f"{ROOT}/submission"
TOP_LEVEL = ("bin", "sbin", "lib", "lib32", "lib64", "libx32")
ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "passwd", "group")
NAMESPACES = ("--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
              "--unshare-cgroup-try", "--die-with-parent", "--new-session")
THREAD_ENV = {v: "1" for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                               "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
                               "BLIS_NUM_THREADS")}
TMP_BYTES = 64 << 20


@dataclass(frozen=True)
class Layout:
    """Where the pieces the worker needs live on this machine (discovered at run time)."""

    python: str          # the real interpreter (not a venv's link)
    prefix: str          # sys.base_prefix
    stdlib: str
    dynload: str
    numpy_dir: str
    numpy_libs: str | None
    worker_main: str
    protocol: str


def discover() -> Layout:
    """Find the interpreter, its standard library and numpy for the current process."""
    import numpy

    here = os.path.dirname(os.path.abspath(__file__))
    stdlib = os.path.realpath(sysconfig.get_paths()["stdlib"])
    dynload = next((os.path.realpath(p) for p in sys.path if p.endswith("lib-dynload")),
                   os.path.join(stdlib, "lib-dynload"))
    numpy_dir = os.path.realpath(os.path.dirname(numpy.__file__))
    libs = os.path.join(os.path.dirname(numpy_dir), "numpy.libs")
    return Layout(
        python=os.path.realpath(sys.executable),
        prefix=os.path.realpath(sys.base_prefix),
        stdlib=stdlib, dynload=dynload, numpy_dir=numpy_dir,
        numpy_libs=libs if os.path.isdir(libs) else None,
        worker_main=os.path.join(here, "worker_main.py"),
        protocol=os.path.join(here, "protocol.py"),
    )


def find_bwrap() -> str | None:
    return shutil.which("bwrap")


def bwrap_version(bwrap: str) -> str:
    try:
        out = subprocess.run([bwrap, "--version"], capture_output=True, text=True, timeout=5)
        return out.stdout.strip() or out.stderr.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        return f"unknown ({type(exc).__name__})"


def is_under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def site_dirs(roots: list[str]) -> list[str]:
    """Existing site-packages / dist-packages directories inside the bound trees."""
    found = set()
    for root in roots:
        for pattern in ("lib*/python3*/site-packages", "lib*/python3*/dist-packages",
                        "local/lib*/python3*/site-packages", "local/lib*/python3*/dist-packages"):
            found.update(os.path.realpath(p) for p in glob.glob(os.path.join(root, pattern)))
    return sorted(p for p in found if os.path.isdir(p) and any(is_under(p, r) for r in roots))


def parents(path: str) -> list[str]:
    """'/a/b/c' -> ['/a', '/a/b'] (the directories bwrap must create before binding c)."""
    parts = path.strip("/").split("/")[:-1]
    return ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]


def mkdirs(path: str, done: set) -> list[str]:
    """--dir arguments, mode 0755, for every parent of ``path`` not yet made."""
    args = []
    for p in parents(path):
        if p not in done and not is_under(p, "/usr"):
            done.add(p)
            args += ["--perms", "0755", "--dir", p]
    return args


def bwrap_args(bwrap: str, layout: Layout, submission_dir: str, unprivileged: bool) -> list[str]:
    """The bubblewrap command line up to (not including) the command it runs."""
    args = [bwrap, *NAMESPACES]
    if unprivileged:
        args += ["--unshare-user", "--disable-userns"]
    args += ["--ro-bind", "/usr", "/usr"]
    for name in TOP_LEVEL:
        host = f"/{name}"
        if os.path.islink(host):
            args += ["--symlink", os.readlink(host), host]
        elif os.path.isdir(host):
            args += ["--ro-bind", host, host]
    for name in ETC_FILES:
        if os.path.exists(f"/etc/{name}"):
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    made: set = set()
    roots = ["/usr"]
    if not is_under(layout.prefix, "/usr"):
        args += mkdirs(layout.prefix, made) + ["--ro-bind", layout.prefix, layout.prefix]
        roots.append(layout.prefix)
    if not any(is_under(layout.python, r) for r in roots):
        args += mkdirs(layout.python, made) + ["--ro-bind", layout.python, layout.python]
    for masked in site_dirs(roots):
        args += ["--tmpfs", masked]
    args += mkdirs(f"{SITE}/numpy", made) + ["--ro-bind", layout.numpy_dir, f"{SITE}/numpy"]
    if layout.numpy_libs:
        args += ["--ro-bind", layout.numpy_libs, f"{SITE}/numpy.libs"]
    args += mkdirs(f"{WORKER_DIR}/x", made)
    args += ["--ro-bind", layout.worker_main, f"{WORKER_DIR}/worker_main.py",
             "--ro-bind", layout.protocol, f"{WORKER_DIR}/protocol.py",
             "--ro-bind", submission_dir, SUBMISSION]
    args += ["--proc", "/proc", "--dev", "/dev",
             "--perms", "1777", "--size", str(TMP_BYTES), "--tmpfs", "/tmp",
             "--hostname", "convgrade", "--chdir", "/tmp", "--clearenv"]
    for key, value in worker_env("/tmp").items():
        args += ["--setenv", key, value]
    return args


def numpy_through_fds(site: str, layout: Layout) -> tuple[int, ...]:
    """Outside bubblewrap, for a worker that drops its uid: open numpy's folders here and point
    ``site/numpy`` (and ``numpy.libs``) at ``/proc/self/fd/N``, so the worker, inheriting the
    descriptors, reaches numpy even where it lies in a folder its uid cannot walk (a private
    home or venv). Returns the descriptors to pass to it (and close after the spawn)."""
    fds = []
    for name, real in (("numpy", layout.numpy_dir), ("numpy.libs", layout.numpy_libs)):
        if real is None:
            continue
        fd = os.open(real, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        fds.append(fd)
        link = os.path.join(site, name)
        if os.path.lexists(link):
            os.unlink(link)
        os.symlink(f"/proc/self/fd/{fd}", link)
    return tuple(fds)


def worker_env(home: str) -> dict:
    """The whole environment of a worker."""
    return {"PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8", **THREAD_ENV}


PROBE = ("import sys; sys.path.insert(0, '" + WORKER_DIR + "'); import worker_main; "
         "worker_main.install_seccomp(sys.argv[1] or None); "
         "status = open('/proc/self/status').read(); "
         "sys.exit(0 if not sys.argv[1] or 'Seccomp:\t2' in status else 3)")


def probe(bwrap: str, layout: Layout, scratch: str, unprivileged: bool,
          seccomp: bytes | None = None) -> str | None:
    """Start the interpreter inside the sandbox once (installing ``seccomp`` when given);
    None when it works, else why not."""
    cmd = bwrap_args(bwrap, layout, scratch, unprivileged) + [
        layout.python, "-I", "-S", "-c", PROBE, seccomp.hex() if seccomp else ""]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20,
                             stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"bwrap could not be started: {exc}"
    if out.returncode != 0:
        reason = (out.stderr.strip().splitlines() or [f"exit status {out.returncode}"])[-1]
        return f"bwrap failed to start a worker: {reason[:300]}"
    return None
