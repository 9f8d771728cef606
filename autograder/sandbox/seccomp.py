"""The seccomp filter of a worker: system calls that numpy code never needs are refused.

The grader builds the filter with libseccomp (``pyseccomp``) and hands the compiled BPF
program to the worker, which installs it itself (``prctl(PR_SET_SECCOMP)``, see
``worker_main.install_seccomp``) after its limits and uid drop and before numpy and the
submission. A refused call fails with EPERM (``PermissionError`` in Python); calls of any
other architecture (32-bit x86 on x86_64) kill the process.

The deny list starts from Docker's default profile and nsjail's examples and adds what would
let two sandboxes talk through kernel state they share: file locks on the read-only files
every sandbox binds, the key rings of a uid, file notifications, new namespaces, tracing.
``fork``, ``execve`` and sockets are refused as well (threads are not): every process of a
submission is its worker, running the worker's program, so the worker's own limits are the
submission's limits.
"""
from __future__ import annotations

import errno
import os
import tempfile

DENIED = (
    # kernel state that outlives a sandbox or is shared between sandboxes
    "add_key", "keyctl", "request_key", "flock", "inotify_init", "inotify_init1",
    "inotify_add_watch", "fanotify_init", "fanotify_mark", "name_to_handle_at",
    "open_by_handle_at", "mincore",
    # namespaces, mounts, root changes
    "unshare", "setns", "mount", "umount", "umount2", "pivot_root", "chroot", "mount_setattr",
    "fsopen", "fsconfig", "fsmount", "fspick", "move_mount", "open_tree",
    # other processes and the kernel itself
    "ptrace", "process_vm_readv", "process_vm_writev", "process_madvise", "pidfd_getfd", "kcmp",
    "perf_event_open", "bpf", "userfaultfd", "io_uring_setup", "io_uring_enter",
    "io_uring_register", "kexec_load", "kexec_file_load", "init_module", "finit_module",
    "delete_module", "create_module", "query_module", "get_kernel_syms", "reboot", "swapon",
    "swapoff", "acct", "quotactl", "quotactl_fd", "lookup_dcookie", "nfsservctl", "uselib",
    "ustat", "sysfs", "_sysctl", "syslog", "vhangup", "iopl", "ioperm", "personality",
    "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "stime",
    "set_mempolicy", "mbind", "move_pages", "migrate_pages", "get_mempolicy",
    "setdomainname", "sethostname", "vm86", "vm86old", "lsm_set_self_attr",
    # new processes and programs: a submission is one process running the worker (threads
    # allowed); no network, not even a local socket
    "fork", "vfork", "execve", "execveat", "socket", "socketpair",
)

# fcntl commands that take, test or watch locks, leases and notifications
FCNTL_DENIED = {"F_GETLK": 5, "F_SETLK": 6, "F_SETLKW": 7, "F_SETOWN": 8, "F_SETSIG": 10,
                "F_SETOWN_EX": 15, "F_OFD_GETLK": 36, "F_OFD_SETLK": 37, "F_OFD_SETLKW": 38,
                "F_SETLEASE": 1024, "F_GETLEASE": 1025, "F_NOTIFY": 1026}
CLONE_NAMESPACES = {"CLONE_NEWNS": 0x00020000, "CLONE_NEWCGROUP": 0x02000000,
                    "CLONE_NEWUTS": 0x04000000, "CLONE_NEWIPC": 0x08000000,
                    "CLONE_NEWUSER": 0x10000000, "CLONE_NEWPID": 0x20000000,
                    "CLONE_NEWNET": 0x40000000, "CLONE_NEWTIME": 0x00000080}
CLONE_THREAD = 0x00010000


class SeccompUnavailable(RuntimeError):
    """This machine cannot build the filter (no libseccomp, or no pyseccomp)."""


def build_filter() -> bytes:
    """The compiled BPF program (``struct sock_filter`` entries, 8 bytes each)."""
    try:
        import pyseccomp as sc
    except (ImportError, OSError, AttributeError) as exc:   # no library: the module cannot load
        raise SeccompUnavailable(f"libseccomp and its Python bindings (pyseccomp) are needed: "
                                 f"{type(exc).__name__}: {exc}") from None
    deny = sc.ERRNO(errno.EPERM)
    try:
        flt = sc.SyscallFilter(sc.ALLOW)
        for name in DENIED:
            _add(sc, flt, deny, name)
        for value in FCNTL_DENIED.values():
            _add(sc, flt, deny, "fcntl", sc.Arg(1, sc.EQ, value))
        for flag in CLONE_NAMESPACES.values():
            _add(sc, flt, deny, "clone", sc.Arg(0, sc.MASKED_EQ, flag, flag))
        _add(sc, flt, deny, "clone", sc.Arg(0, sc.MASKED_EQ, CLONE_THREAD, 0))  # fork by clone
        _add(sc, flt, sc.ERRNO(errno.ENOSYS), "clone3")      # the C library falls back to clone
        with tempfile.TemporaryFile() as f:
            flt.export_bpf(f)
            f.seek(0)
            program = f.read()
    except OSError as exc:
        raise SeccompUnavailable(f"libseccomp could not build the filter: {exc}") from None
    if not program or len(program) % 8:
        raise SeccompUnavailable("libseccomp exported an empty or malformed filter")
    return program


def _add(sc, flt, action: int, name: str, *args) -> None:
    """Add one rule; a call this kernel's architecture does not have is skipped."""
    try:
        number = sc.resolve_syscall(sc.system_arch(), name)
    except (OSError, ValueError):
        return
    if number < 0:
        return
    flt.add_rule(action, name, *args)


def kernel_supports_seccomp() -> bool:
    """Whether this kernel has seccomp filters (``Seccomp:`` in /proc/self/status)."""
    try:
        with open(f"/proc/{os.getpid()}/status", encoding="ascii", errors="replace") as f:
            return any(line.startswith("Seccomp:") for line in f)
    except OSError:
        return False
