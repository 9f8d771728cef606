"""The sandbox with real worker processes and the real bubblewrap: no mocks.

Deadlines are short (1-2 s) so that hostile submissions cost little. Tests that rely on the
filesystem view, the network namespace or the missing torch run in bwrap mode only; the
others run in both modes.
"""
from __future__ import annotations

import os
import socket
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from autograder.commands.doctor_cmd import doctor
from autograder.sandbox import (Limits, SandboxUnavailable, Worker, doctor_report,
                                resolve_sandbox)
from autograder.sandbox import protocol
from autograder.sandbox.processes import pids_of_uid
from support import bwrap_probe, needs_bwrap

REPO = Path(__file__).resolve().parents[1]
ROOT = os.geteuid() == 0
FAST = Limits(load_timeout=5, call_timeout=2)
needs_root = pytest.mark.skipif(not ROOT, reason="the uid drop needs root")
MODES = ["bwrap", "none"]


@pytest.fixture(autouse=True)
def _bwrap_mode_needs_bwrap(request):
    """A test run with mode "bwrap" takes the bwrap_kind fixture: skipped where bubblewrap is
    unusable, a failure where CONVGRADE_SANDBOX=bwrap demands it."""
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None and callspec.params.get("mode") == "bwrap":
        request.getfixturevalue("bwrap_kind")


@dataclass(frozen=True)
class Chunk:
    code: str
    origin: str = "mod.py"
    first_line: int = 1


def make(code: str, mode: str, limits: Limits = FAST, **kw) -> Worker:
    return Worker([Chunk(textwrap.dedent(code))], "mod", sandbox=mode, limits=limits, **kw)


def assert_no_leftovers(uid: int | None) -> None:
    if uid is not None:
        assert pids_of_uid(uid) == [], "a process of the worker's uid survived close()"


# ---------------------------------------------------------------- values

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float16", "float32", "float64", "complex64", "complex128"]
IDENTITY = """
def ident(*args, **kwargs):
    return args, kwargs
def kind(x):
    return type(x).__name__, x.dtype.name, list(x.shape)
"""


@pytest.mark.parametrize("mode", MODES)
def test_values_round_trip_exactly(mode):
    rng = np.random.default_rng(0)
    arrays = [(rng.standard_normal((2, 3, 4)) * 50).astype(d) for d in DTYPES]
    arrays += [np.zeros((0, 3)), np.array(2.5), np.arange(12.0).reshape(3, 4).T,
               np.array([np.nan, np.inf, -np.inf, -0.0]), np.arange(5, dtype=">i4")]
    plain = [None, True, 3, 2**80, -1.5, float("nan"), float("-inf"), "héllo", 1 + 2j,
             [1, (2, [3.0])], {"a": (1, None)}]
    with make(IDENTITY, mode) as w:
        assert w.start().functions == ["ident", "kind"]
        r = w.call("ident", tuple(arrays), {"plain": plain})
        assert r.status == "ok", r
        got_arrays, got_kwargs = r.value
        for sent, got in zip(arrays, got_arrays):
            assert type(got) is np.ndarray and got.dtype == sent.dtype.newbyteorder("=")
            assert got.shape == sent.shape and got.flags.writeable and got.flags.owndata
            np.testing.assert_array_equal(got, sent)
        assert np.signbit(got_arrays[-2][3])
        got_plain = got_kwargs["plain"]
        assert got_plain[:5] == plain[:5] and np.isnan(got_plain[5])
        assert got_plain[6:] == plain[6:]
        assert w.call("kind", (np.ones((2, 2), dtype=np.float32),)).value == \
            ("ndarray", "float32", [2, 2])
    assert_no_leftovers(w.uid)


@pytest.mark.parametrize("mode", MODES)
def test_returns_are_converted_to_plain_values(mode):
    code = """
    import numpy as np
    class Liar(np.ndarray):
        def __eq__(self, other):
            return True
    def subclass():
        return np.arange(4.0).view(Liar)
    def scalars():
        return np.float32(1.5), np.int64(7), np.bool_(True), np.complex128(1j)
    def objects():
        return np.array([1, "a"], dtype=object)
    def custom():
        class Thing:
            pass
        return Thing()
    def nested():
        return [np.arange(3), (np.float64(2.0), {"k": np.ones(2, dtype=np.int8)})]
    """
    with make(code, mode) as w:
        r = w.call("subclass")
        assert r.status == "ok" and type(r.value) is np.ndarray
        assert not np.array_equal(r.value, np.zeros(4))
        r = w.call("scalars")
        assert r.value == (1.5, 7, True, 1j)
        assert [type(v) for v in r.value] == [float, int, bool, complex]
        r = w.call("objects")
        assert r.status == "bad_return" and "object" in r.detail
        r = w.call("custom")
        assert r.status == "bad_return" and "Thing" in r.detail
        r = w.call("nested")
        assert r.status == "ok" and r.value[1][1]["k"].dtype == np.int8


def test_protocol_refuses_what_it_does_not_allow():
    payload = memoryview(bytes(64))
    good = {"a": ["float64", [2, 4], 0, 64]}
    assert protocol.from_tree(good, payload).shape == (2, 4)
    for bad in ({"a": ["object", [8], 0, 64]}, {"a": ["float64", [3, 4], 0, 96]},
                {"a": ["float64", [2, 4], 8, 64]}, {"a": ["float64", [-1], 0, 8]},
                {"a": ["float64", [2, 4], 0, 32]}, {"x": 1}, [1, 2], {"f": "1e400"}):
        with pytest.raises(protocol.ProtocolError):
            protocol.from_tree(bad, payload)
    with pytest.raises(protocol.ProtocolError):
        protocol.parse_prefix(protocol.PREFIX.pack(b"NOPE", 2, 0), 100)
    with pytest.raises(protocol.ProtocolError):
        protocol.parse_prefix(protocol.PREFIX.pack(protocol.MAGIC, 2, 1000), 100)
    with pytest.raises(protocol.UnsupportedValue):
        protocol.to_tree(object(), [])


def test_protocol_refuses_forged_sizes_and_aliasing():
    payload = memoryview(bytes(64))
    for bad in ({"a": ["float64", [2 ** 62, 4, 0], 0, 0]},          # an empty array, absurd shape
                {"a": ["float64", [2, 4], 2 ** 70, 64]}, {"a": ["float64", [2, 4], 0, -64]},
                {"a": ["float64", [2, 4], -8, 64]}, {"a": ["float64", [2, 4], 0, 10 ** 30]},
                {"a": ["float64", [2.0, 4], 0, 64]}, {"a": ["float64", [True, 8], 0, 64]}):
        with pytest.raises(protocol.ProtocolError):
            protocol.from_tree(bad, payload)
    one = {"a": ["float64", [8], 0, 64]}
    assert protocol.from_tree({"l": [one]}, payload)[0].shape == (8,)
    for aliased in ({"l": [one, one]}, {"l": [one] * 300}):       # many entries, one payload
        with pytest.raises(protocol.ProtocolError, match="share"):
            protocol.from_tree(aliased, payload)
    half = [{"a": ["float64", [4], 0, 32]}, {"a": ["float64", [4], 16, 32]}]   # overlapping
    with pytest.raises(protocol.ProtocolError):
        protocol.from_tree({"t": half}, payload)


@pytest.mark.parametrize("elapsed", [10 ** 400, -1, float("inf"), float("nan"), 1e300, "1", None,
                                     [1], True])
def test_a_forged_elapsed_is_a_protocol_error(elapsed):
    from autograder.sandbox import answers
    report = {"kind": "loaded", "status": "ok", "functions": [], "message": "", "line": None,
              "cell_errors": [], "elapsed": elapsed}
    with pytest.raises(protocol.ProtocolError):
        answers.load_result(report)
    call = {"kind": "result", "id": 1, "status": "raised", "elapsed": elapsed}
    with pytest.raises(protocol.ProtocolError):
        answers.call_result(call, memoryview(b""), 1)
    assert answers.load_result({**report, "elapsed": 0.5, "line": 10 ** 400}).line is None


def test_host_paths_are_cut_from_worker_texts(tmp_path):
    from autograder.sandbox import answers
    scrub = answers.Scrubber(str(tmp_path))
    text = f"{REPO}/autograder/engine.py and {tmp_path}/x and /tmp/mine and /usr/lib/python3"
    cleaned = scrub(text)
    assert str(REPO) not in cleaned and str(tmp_path) not in cleaned
    assert "/tmp/mine" in cleaned and "/usr/lib/python3" in cleaned


# ---------------------------------------------------------------- loading

@pytest.mark.parametrize("mode", MODES)
def test_load_reports_syntax_errors_at_the_right_line(mode):
    chunks = [Chunk("x = 1\n", "nb.ipynb, cell 1", 1),
              Chunk("def f(:\n    pass\n", "nb.ipynb, cell 4", 10)]
    with Worker(chunks, "conv2d", sandbox=mode, limits=FAST) as w:
        loaded = w.start()
    assert loaded.status == "syntax_error" and loaded.line == 10
    assert "nb.ipynb, cell 4, line 10" in loaded.message


@pytest.mark.parametrize("mode", MODES)
def test_tolerant_load_skips_failing_chunks(mode):
    chunks = [Chunk("def a():\n    return __name__\n", "nb.ipynb, cell 1"),
              Chunk("raise RuntimeError('plot failed')\n", "nb.ipynb, cell 2"),
              Chunk("%matplotlib inline\n", "nb.ipynb, cell 3"),
              Chunk("def b():\n    return 2\n", "nb.ipynb, cell 4")]
    with Worker(chunks, "conv2d", sandbox=mode, limits=FAST, tolerant=True) as w:
        loaded = w.start()
        assert loaded.status == "ok" and loaded.functions == ["a", "b"]
        assert len(loaded.cell_errors) == 2 and "cell 2" in loaded.cell_errors[0]
        assert w.call("a").value == "conv2d"
        assert w.call("nope").status == "missing"
    with Worker(chunks, "conv2d", sandbox=mode, limits=FAST) as w:
        loaded = w.start()
        assert loaded.status == "exception" and "RuntimeError" in loaded.message
        assert "cell 2, line 1" in loaded.message


@pytest.mark.parametrize("mode", MODES)
def test_exit_at_import_and_crash_in_a_call(mode):
    with make("import sys\nsys.exit(0)\n", mode) as w:
        assert w.start().status == "exit"
    code = """
    import os, sys
    def die():
        os._exit(3)
    def leave():
        sys.exit(1)
    def fine():
        return 1
    """
    with make(code, mode) as w:
        r = w.call("die")
        assert r.status == "crashed" and "exit code 3" in r.detail
        assert w.call("fine").value == 1
        assert w.call("leave").status == "crashed"
        assert w.call("fine").value == 1
    assert_no_leftovers(w.uid)


@pytest.mark.parametrize("mode", MODES)
def test_load_timeout(mode):
    with make("while True:\n    pass\n", mode, Limits(load_timeout=1)) as w:
        assert w.start().status == "timeout"
    assert_no_leftovers(w.uid)


# ---------------------------------------------------------------- limits

HOSTILE = """
import os, sys, time
import numpy as np
def spin():
    while True:
        pass
def nap():
    while True:
        time.sleep(0.05)
def hog():
    return np.ones(10 * 1024**3 // 8)
def fine(x):
    return x + 1
def flood():
    block = "y" * (1 << 20)
    for _ in range(50):
        sys.stdout.write(block)
    return 1
def shout():
    raise ValueError("x" * 100_000_000)
class Slow(Exception):
    def __str__(self):
        while True:
            pass
def slow_message():
    raise Slow()
def fake_grader_line():
    print("57 passed\\x1b[0m")
    return 0
"""


@pytest.mark.parametrize("mode", MODES)
def test_timeouts_kill_and_the_next_call_respawns(mode):
    with make(HOSTILE, mode, Limits(call_timeout=1)) as w:
        first = w.start()
        assert first.ok
        pid = w.pid
        r = w.call("spin")
        assert r.status == "timeout" and "1 s" in r.detail
        assert w.call("fine", (1,)).value == 2 and w.pid != pid
        assert w.call("nap", timeout=0.5).status == "timeout"
        assert w.call("slow_message", timeout=0.5).status == "timeout"
        assert w.call("fine", (2,)).value == 3
    assert_no_leftovers(w.uid)


@pytest.mark.parametrize("mode", MODES)
def test_memory_exhaustion(mode):
    with make(HOSTILE, mode) as w:
        r = w.call("hog")
        assert r.status == "memory", r
        assert w.call("fine", (1,)).value == 2


@pytest.mark.parametrize("mode", MODES)
def test_output_flood_and_huge_messages_are_bounded(mode):
    limits = Limits(call_timeout=5, output_bytes=4096)
    with make(HOSTILE, mode, limits) as w:
        assert w.call("flood").value == 1
        r = w.call("shout")
        assert r.status == "raised" and r.exc_type == "ValueError"
        assert len(r.exc_message) < 3000
        assert w.call("fake_grader_line").value == 0
        text = w.output_excerpt()
    assert len(text) < 2 * 4096 + 200 and "more bytes of output not kept" in text
    assert all(line.startswith("worker| ") for line in text.splitlines())
    assert "\x1b" not in text


@needs_root
@pytest.mark.parametrize("mode", MODES)
def test_fork_bomb_is_contained(mode):
    code = """
    import os, subprocess, time
    def bomb():
        made = 0
        for _ in range(200):
            try:
                pid = os.fork()
            except OSError:
                break
            if pid == 0:
                time.sleep(60)
                os._exit(0)
            made += 1
        return made
    def spawn():
        subprocess.Popen(["sleep", "60"])
    """
    with make(code, mode, Limits(call_timeout=5)) as w:
        r = w.call("bomb")
        assert r.status == "ok" and r.value == 0          # fork is refused by seccomp
        r = w.call("spawn")
        assert r.status == "raised" and r.exc_type == "PermissionError"
        assert len(pids_of_uid(w.uid)) == 1
    assert_no_leftovers(w.uid)


@needs_root
@pytest.mark.parametrize("mode", MODES)
def test_threads_are_capped_by_the_fresh_uid(mode):
    code = """
    import threading, time
    stop = threading.Event()
    def threads():
        made = 0
        for _ in range(50):
            try:
                threading.Thread(target=stop.wait, daemon=True).start()
            except RuntimeError:
                break
            made += 1
        return made
    """
    with make(code, mode, Limits(call_timeout=5, processes=4)) as w:
        r = w.call("threads")
        assert r.status == "ok" and 0 < r.value < 4
    assert_no_leftovers(w.uid)


@needs_root
@pytest.mark.parametrize("mode", MODES)
def test_each_worker_gets_a_fresh_uid(mode):
    code = """
    import os
    def me():
        return os.getuid()
    """
    seen = []
    for _ in range(3):
        with make(code, mode) as first, make(code, mode) as second:
            seen += [first.call("me").value, second.call("me").value]
            assert seen[-2:] == [first.uid, second.uid]
    assert len(set(seen)) == len(seen)


@pytest.mark.parametrize("mode", MODES)
def test_identity_and_environment(mode):
    code = """
    import os
    def who():
        return os.getuid(), os.environ.get("OPENBLAS_NUM_THREADS"), sorted(os.environ)
    """
    with make(code, mode) as w:
        uid, threads, env = w.call("who").value
    assert threads == "1" and "PYTHONPATH" not in env
    if ROOT:
        assert uid == w.uid and uid >= 61000


# ---------------------------------------------------------------- the filesystem view

READER = """
import os
def read(path):
    with open(path) as f:
        return f.read()
def write(path):
    with open(path, "w") as f:
        f.write("x")
    return 1
def listdir(path):
    return os.listdir(path)
"""


@needs_root
@pytest.mark.parametrize("mode", MODES)
def test_files_outside_cannot_be_read_or_written(mode, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("hidden expected values")
    tmp_path.chmod(0o700)
    with make(READER, mode) as w:
        r = w.call("read", (str(secret),))
        assert r.status == "raised" and r.exc_type in ("FileNotFoundError", "PermissionError")
        r = w.call("write", (str(tmp_path / "out.txt"),))
        assert r.status == "raised"
    assert not (tmp_path / "out.txt").exists()


@needs_bwrap
def test_the_repository_is_invisible_in_bwrap():
    with make(READER, "bwrap") as w:
        for path in (REPO / "autograder", REPO / "autograder" / "suites", REPO / "solutions",
                     REPO / ".venv"):
            r = w.call("listdir", (str(path),))
            assert r.status == "raised" and r.exc_type == "FileNotFoundError", path
        r = w.call("read", (str(REPO / "autograder" / "sandbox" / "runner.py"),))
        assert r.status == "raised"
        r = w.call("write", ("/opt/convgrade/submission/x.py",))
        assert r.status == "raised"
        assert w.call("write", ("/tmp/scratch.txt",)).value == 1


@needs_bwrap
def test_no_network_in_bwrap():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    code = f"""
    import socket
    def connect():
        socket.create_connection(("127.0.0.1", {port}), timeout=1).close()
        return "connected"
    """
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            pass                         # the server is reachable from the grader
        for mode in ("none", "bwrap"):   # seccomp refuses network sockets; bwrap has no network
            with make(code, mode) as w:
                r = w.call("connect")
                assert r.status == "raised" and r.exc_type == "PermissionError", mode
    finally:
        server.close()


TORCH_TRICKS = """
import base64, importlib, sys
def plain():
    import torch
def via_importlib():
    return importlib.import_module("torch")
def via_exec():
    exec(base64.b64decode(b"aW1wb3J0IHRvcmNo").decode())
def via_sys_path(site):
    sys.path.insert(0, site)
    import torch
def without_hook():
    sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "Blocker"]
    importlib.invalidate_caches()
    import torch.nn
def scipy():
    import scipy.signal
"""


@needs_bwrap
def test_torch_cannot_be_imported_whatever_the_trick():
    import site
    with make(TORCH_TRICKS, "bwrap") as w:
        for name, args in [("plain", ()), ("via_importlib", ()), ("via_exec", ()),
                           ("via_sys_path", (site.getsitepackages()[0],)),
                           ("without_hook", ())]:
            r = w.call(name, args)
            assert r.status == "raised" and r.exc_type in ("ImportError", "ModuleNotFoundError")
            assert r.forbidden_module == "torch" and "not allowed" in r.exc_message, name
        r = w.call("scipy")
        assert r.forbidden_module == "scipy" and "not allowed" in r.exc_message


@pytest.mark.parametrize("mode", MODES)
def test_forbidden_import_at_module_level(mode):
    with make("import numpy as np\nimport torch\n", mode) as w:
        loaded = w.start()
    assert loaded.status == "forbidden_import" and loaded.forbidden_module == "torch"
    assert "not allowed" in loaded.message and "line 2" in loaded.message


# ---------------------------------------------------------------- choosing the sandbox

def test_resolve_sandbox(monkeypatch, tmp_path):
    assert resolve_sandbox("none").name == "none"
    if bwrap_probe()[0] is not None:
        assert resolve_sandbox("auto").name == "bwrap"
    monkeypatch.setenv("PATH", str(tmp_path))        # no bwrap on this PATH
    with pytest.raises(SandboxUnavailable, match="bwrap"):
        resolve_sandbox("bwrap")
    assert resolve_sandbox("auto").name == "none"
    with pytest.raises(ValueError):
        resolve_sandbox("docker")


def test_doctor_command():
    result = CliRunner().invoke(doctor, [])
    assert result.exit_code == 0, result.output
    assert "sandbox: " in result.output and "protections:" in result.output
    assert "live check: a worker started" in result.output
    report = doctor_report(live=False)
    assert report.kind in ("bwrap", "none") and report.running_as_root == ROOT


@pytest.mark.parametrize("mode", MODES)
def test_paused_stops_every_thread_of_the_worker(mode):
    code = """
    import threading
    def _spin():
        while True:
            pass
    threading.Thread(target=_spin, daemon=True).start()
    def ready():
        return 1
    """
    from autograder.sandbox.processes import descendants

    def cpu(pids):
        total = 0
        for pid in pids:
            with open(f"/proc/{pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total

    with make(code, mode) as w:
        assert w.call("ready").value == 1
        pids = pids_of_uid(w.uid) if w.uid is not None else descendants(w.pid)
        with w.paused():
            before = cpu(pids)
            time.sleep(0.5)
            assert cpu(pids) - before <= 1          # clock ticks: nothing ran
        assert w.call("ready").value == 1


@needs_bwrap
def test_two_workers_of_one_submission_share_nothing_writable():
    """The worker that saw hidden inputs and the clean one that shrinks failures: other uids,
    and no place one can write that the other can read."""
    code = """
    import os
    def writable():
        found = []
        for top, dirs, files in os.walk("/"):
            if top.startswith(("/proc", "/sys")):
                dirs[:] = []
                continue
            if os.access(top, os.W_OK):
                found.append(top)
            if top.count("/") > 4:
                dirs[:] = []
        return found
    def plant(places):
        made = []
        for place in places:
            try:
                with open(os.path.join(place, "rt-planted"), "w") as f:
                    f.write("hidden")
                made.append(place)
            except OSError:
                pass
        return made
    def look(places):
        return [p for p in places if os.path.exists(os.path.join(p, "rt-planted"))]
    def me():
        return os.getuid()
    """
    slow = Limits(call_timeout=30, load_timeout=20)
    with make(code, "bwrap", slow) as seen, make(code, "bwrap", slow) as clean:
        places = seen.call("writable").value
        assert places and all(p == "/tmp" or p.startswith(("/tmp/", "/dev")) for p in places), places
        assert seen.call("plant", (places,)).value
        assert clean.call("look", (places,)).value == []
        if seen.uid is not None:
            assert seen.call("me").value != clean.call("me").value


@pytest.mark.parametrize("mode", MODES)
def test_workers_kept_apart_never_run_together(mode):
    code = """
    import os
    def me():
        return os.getpid()
    """
    with make(code, mode) as seen:
        assert seen.call("me").status == "ok"
        with make(code, mode, apart_from=seen) as clean:
            assert clean.call("me").status == "ok"
            assert seen.pid is None and clean.pid is not None      # the first was stopped for good
            assert seen.call("me").status == "ok"                  # and comes back when called
            assert clean.pid is None and seen.pid is not None
            assert clean.call("me").status == "ok" and seen.pid is None


def test_without_seccomp_bwrap_fails_closed_and_doctor_says_so():
    """Where libseccomp's bindings cannot be loaded, --sandbox bwrap refuses to run and doctor
    names the missing filter (a fresh interpreter in which importing pyseccomp fails)."""
    import subprocess
    import sys
    script = textwrap.dedent("""
        import sys
        sys.modules["pyseccomp"] = None          # importing it now fails, as without the library
        from autograder.sandbox import SandboxUnavailable, doctor_report, resolve_sandbox
        try:
            resolve_sandbox("bwrap")
            print("RAN")
        except SandboxUnavailable as exc:
            print("REFUSED", exc)
        report = doctor_report(live=False)
        seccomp = [p for p in report.protections if p.name == "seccomp filter"][0]
        print("DOCTOR", report.kind, seccomp.active, " ".join(report.notes))
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert "REFUSED" in out.stdout and "seccomp" in out.stdout and "RAN" not in out.stdout
    assert "DOCTOR none False" in out.stdout and "no seccomp filter" in out.stdout


def test_a_filter_that_cannot_be_installed_stops_the_worker(bwrap_kind):
    """The worker never runs student code without the filter it was given."""
    kind = bwrap_kind
    broken = type(kind)(kind.name, kind.reason, kind.bwrap, kind.unprivileged, bytes(8) * 3)
    with Worker([Chunk("def f():\n    return 1\n")], "mod", sandbox=broken, limits=FAST) as w:
        loaded = w.start()
        assert loaded.status == "crashed"
        assert w.call("f").status != "ok"


@pytest.mark.parametrize("mode", MODES)
def test_an_answer_written_before_the_question_is_refused(mode):
    """A thread writes a well-formed answer for the next call in advance (an answer that would
    come back in no time); the grader finds it waiting and refuses it."""
    code = """
    import json, os, struct, sys, threading, time
    def early():
        fd = json.loads(sys.argv[1])["fd_out"]
        def later():
            time.sleep(0.2)
            data = json.dumps({"kind": "result", "id": 2, "status": "ok", "value": 42,
                               "elapsed": 0.0}).encode()
            os.write(fd, struct.pack("!4sQQ", b"CGv1", len(data), 0) + data)
        threading.Thread(target=later).start()
        return 1
    def slow():
        time.sleep(1)
        return 0
    """
    with make(code, mode, Limits(call_timeout=5)) as w:
        assert w.call("early").value == 1
        time.sleep(1.0)
        r = w.call("slow")
        assert r.status == "bad_return" and r.value is None
        assert w.call("slow").value == 0                 # a fresh worker answers for itself


@pytest.mark.parametrize("mode", MODES)
def test_no_host_path_in_what_the_worker_says(mode):
    code = """
    import numpy, sys
    print("numpy at", numpy.__file__, "path", sys.path)
    def where():
        raise ImportError(f"from {numpy.__file__} and {sys.path}")
    """
    with make(code, mode) as w:
        r = w.call("where")
        text = (r.exc_message or "") + w.output_excerpt()
    assert r.status == "raised" and "numpy" in text
    for host in (str(REPO), os.path.dirname(os.path.dirname(np.__file__))):
        assert host not in text, text
