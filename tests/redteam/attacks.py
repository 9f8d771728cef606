"""The table of hostile submissions and the containment each one must show.

Every attack is a correct module (the reference solution, markers removed) with the attack file
appended, so the attack redefines one function (or runs at import). An attack that could win
only by breaking containment answers correctly *only when it broke out*: a score of 0 on what it
attacked is the proof that it stayed inside.
"""
from __future__ import annotations

from dataclasses import dataclass

A1, A2 = "a1_shapes", "a2_conv2d"


@dataclass(frozen=True)
class Attack:
    name: str
    file: str                    # under submissions/
    assignment: str
    attacked: tuple[str, ...]    # functions that must score 0 (empty: the whole module, at load)
    message: str = ""            # regex that the student-visible text must match: a clear reason
    statuses: tuple[str, ...] = ("partial", "graded")
    bwrap_only: bool = False     # only bwrap contains it (resource limits alone are no boundary)
    listen: bool = False         # the grader's side opens a TCP port for the attack to find
    raises_value_error: bool = False   # its "raises" tests pass legitimately

    @property
    def at_load(self) -> bool:
        return not self.attacked


LOAD_FAILED = ("failed_to_load", "timeout")

ATTACKS = [
    Attack("infinite loop", "loop_call.py", A1, ("receptive_field",), r"did not finish"),
    Attack("sleep", "sleep_call.py", A1, ("receptive_field",), r"did not finish"),
    # filling 1 GiB page by page can outlast the short call deadline on a loaded machine: either stop is containment
    Attack("memory bomb at call", "memory_bomb_call.py", A1, ("receptive_field",), r"memory|did not finish"),
    Attack("memory bomb at import", "memory_bomb_import.py", A1, (), r"memory", LOAD_FAILED),
    Attack("fork bomb", "fork_bomb.py", A1, ("receptive_field",), r"did not finish|crash"),
    Attack("daemon outliving its parent", "daemon.py", A1, ("receptive_field",)),
    Attack("read hidden suite, solutions, caches", "read_hidden.py", A1, ("receptive_field",),
           bwrap_only=True),
    Attack("write results, gradebook, grader files", "write_grader_files.py", A1,
           ("receptive_field",), bwrap_only=True),
    Attack("sys.exit at import", "sys_exit_import.py", A1, (), r"sys\.exit", LOAD_FAILED),
    Attack("os._exit at import", "os_exit_import.py", A1, (), r"ended the process|exit", LOAD_FAILED),
    Attack("sys.exit at call", "sys_exit_call.py", A1, ("receptive_field",), r"sys\.exit"),
    Attack("os._exit at call", "os_exit_call.py", A1, ("receptive_field",), r"ended|os\._exit|crash"),
    Attack("fake test output and JSON on stdout", "fake_output.py", A1, ("receptive_field",)),
    Attack("network", "network.py", A1, ("receptive_field",), bwrap_only=True, listen=True),
    Attack("subprocess", "subprocess_escape.py", A1, ("receptive_field",), bwrap_only=True),
    Attack("slow import", "slow_import.py", A1, (), r"longer than", LOAD_FAILED),
    Attack("stdout flood", "stdout_flood.py", A1, ("receptive_field",)),
    Attack("exception with a gigantic message", "giant_exception.py", A1, ("receptive_field",),
           r"RuntimeError"),
    Attack("monkeypatched builtins, an int equal to everything", "monkeypatch_builtins.py", A1,
           ("receptive_field",)),
    Attack("torch: plain import", "torch_import_module.py", A1, (), r"not allowed", LOAD_FAILED),
    Attack("torch: importlib", "torch_importlib.py", A1, ("receptive_field",), r"not allowed|ImportError"),
    Attack("torch: exec of base64", "torch_exec_base64.py", A1, ("receptive_field",),
           r"not allowed|ImportError"),
    Attack("torch: sys.path and meta_path", "torch_sys_path.py", A1, ("receptive_field",),
           r"not allowed|ImportError", bwrap_only=True),
    Attack("scipy", "scipy_call.py", A1, ("receptive_field",), r"not allowed|ImportError"),
    Attack("monkeypatched numpy comparisons", "monkeypatch_numpy.py", A2, ("conv1d",)),
    Attack("ndarray subclass that equals everything", "ndarray_subclass.py", A2, ("conv1d",)),
    Attack("__array__ liar", "array_liar.py", A2, ("conv1d",), r"array|type"),
    Attack("object array", "object_array.py", A2, ("conv1d",), r"object|dtype|array"),
    Attack("hang inside __array__", "array_hang.py", A2, ("conv1d",), r"array|type|returned"),
    Attack("printing the hidden inputs", "leak_print.py", A2, ("conv1d",)),
    Attack("raising the hidden inputs", "leak_raise.py", A2, ("conv1d",), r"ValueError",
           raises_value_error=True),
    # kernel state shared between sandboxes, and what a numpy submission never needs (seccomp)
    Attack("locks on a standard-library file as a channel", "lock_channel.py", A1, ("receptive_field",),
           bwrap_only=True),
    Attack("hidden inputs into the uid's key ring", "keyring.py", A1, ("receptive_field",),
           bwrap_only=True),
    Attack("a key left by an earlier submission", "keyring_reader.py", A1, ("receptive_field",),
           bwrap_only=True),
    Attack("unshare(CLONE_NEWUSER), setns", "new_namespaces.py", A1, ("receptive_field",),
           bwrap_only=True),
    Attack("ptrace, process_vm, perf, bpf, userfaultfd, io_uring, inotify, mount", "kernel_calls.py",
           A1, ("receptive_field",), bwrap_only=True),
    Attack("memory spread over forked children and threads", "memory_children.py", A1,
           ("receptive_field",)),
    Attack("200,000 files in /tmp", "tmp_inodes.py", A1, ("receptive_field",), bwrap_only=True),
    # forged frames on the grader's pipe
    Attack("forged frame: elapsed = 10**400", "forged_elapsed.py", A1, ("receptive_field",),
           r"cannot read|not an array"),
    Attack("forged frame: shape [2**62, 4, 0]", "forged_shape.py", A1, ("receptive_field",),
           r"cannot read|not an array"),
    Attack("forged frame: 300 arrays aliasing one 8 MiB payload", "forged_alias.py", A1,
           ("receptive_field",), r"cannot read|not an array"),
    Attack("forged frame: a payload of 2**62 bytes", "forged_prefix.py", A1, ("receptive_field",),
           r"cannot read|not an array"),
    Attack("forged load report: elapsed = 10**400", "forged_load.py", A1, (), r"load", LOAD_FAILED),
    # the speed yardstick
    Attack("CPU spinners inflating the reference timing", "speed_spinners.py", A2, ("conv2d", "conv1d"),
           raises_value_error=True),
    Attack("a kept answer for the speed retry", "speed_cache.py", A2, ("conv2d", "conv1d"),
           raises_value_error=True),
]
