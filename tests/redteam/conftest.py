"""Shared fixtures of the red-team suite: one grading session per test process, hostile modules
built from the reference solutions, and the containment checks.

The sandbox comes from the root conftest's ``sandbox_kind``: CONVGRADE_SANDBOX=bwrap (what CI
sets) makes the suite demand bubblewrap, and a machine where it is missing or broken FAILS here;
without the variable the suite takes what ``auto`` gives and skips the attacks only bwrap contains.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import sysconfig
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.reports.gradescope import schema_problems, to_results_json
from autograder.sandbox import Limits
from autograder.sandbox.processes import BASE_UID, MAX_SLOTS, pids_of_uid
from autograder.submission import Chunk, Submission
import speed
from support import demanded_sandbox, solution_source

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SUBMISSIONS = HERE / "submissions"
MODULES = {"a1_shapes": "shapes", "a2_conv2d": "conv2d"}
TEXT_LIMIT = 20_000           # bytes of student-visible text per test, and for the top level
SECRET = "RT-SECRET"          # every attack that prints or raises tags its text with this
LIMITS = Limits(call_timeout=1.5, load_timeout=3.0, memory_bytes=1 << 30, cpu_seconds=60)


demanded_mode = demanded_sandbox          # the sandbox CONVGRADE_SANDBOX asks for
solution_text = solution_source           # the reference solution without nbgrader's markers


@pytest.fixture(scope="session")
def session(grading_session):
    """One GradingSession per test process (torch and the references paid once)."""
    with grading_session(limits=LIMITS) as s:
        yield s


@dataclass
class Places:
    """Paths and values an attack file may name (as __NAME__ placeholders)."""

    canary: Path          # a folder outside the sandbox standing for OUT and the grader's files
    token: str            # marks the processes an attack starts (in their environment)
    port: int = 0         # a TCP port the grader's side listens on

    def substitute(self, text: str) -> str:
        site = sysconfig.get_paths()["purelib"]
        values = {"__CANARY__": str(self.canary), "__TOKEN__": self.token, "__REPO__": str(REPO),
                  "__SITE_PACKAGES__": site, "__PORT__": str(self.port)}
        for key, value in values.items():
            text = text.replace(key, value)
        return text


def hostile_module(assignment: str, attack_file: str, places: Places) -> str:
    """The correct module with the attack appended (the attack redefines what it attacks)."""
    attack = (SUBMISSIONS / attack_file).read_text(encoding="utf-8")
    return solution_text(assignment) + "\n\n# ---- attack ----\n" + places.substitute(attack)


def submission_of(assignment: str, code: str, name: str = "student") -> Submission:
    module = MODULES[assignment]
    return Submission(name, assignment, [Chunk(code, f"{module}.py", 1)], False, Path(f"{module}.py"))


@pytest.fixture
def places(tmp_path):
    canary = tmp_path / "canary"
    (canary / "results").mkdir(parents=True)
    (canary / "gradebook.csv").write_text("student,total\nalice,100\n")
    (canary / "results" / "alice.json").write_text('{"score": 100}')
    (canary / "engine.py").write_text("# the grader's own file\n")
    return Places(canary=canary, token=f"rt{uuid.uuid4().hex[:12]}")


# ------------------------------------------------------------------------------ containment


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def processes_with_token(token: str) -> list[int]:
    """Live processes that carry ``token`` in their environment or their name (the attacks set
    both: a name set with prctl survives fork, where a changed os.environ does not show)."""
    found = []
    needle = token.encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                env = f.read()
            with open(f"/proc/{entry}/comm", "rb") as f:
                env += b"\0" + f.read()
            with open(f"/proc/{entry}/stat", "rb") as f:
                state = f.read().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if needle in env and state not in (b"Z", b"X"):
            found.append(int(entry))
    return found


def orphaned_worker_pids() -> dict[int, list[int]]:
    """Processes of a worker uid whose slot nobody holds (a worker that outlived its grader).

    A slot's lock is held while its worker lives; holding it here proves no grader owns the uid,
    so any process of that uid seen meanwhile is left over.
    """
    folder = Path(tempfile.gettempdir()) / f"convgrade-slots-{os.geteuid()}"
    if os.geteuid() != 0 or not folder.is_dir():
        return {}
    left = {}
    for uid in sorted(worker_uids_alive()):
        slot = uid - BASE_UID
        fd = os.open(folder / f"{slot}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue                        # a live worker owns this uid
        try:
            pids = pids_of_uid(uid)
            if pids:
                left[uid] = pids
        finally:
            os.close(fd)
    return left


def worker_uids_alive() -> set[int]:
    """Worker uids (the whole rotating range) that have a live process now."""
    uids = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                uid = os.stat(f"/proc/{entry}").st_uid
            except OSError:
                continue
            if BASE_UID <= uid < BASE_UID + MAX_SLOTS:
                uids.add(uid)
    return uids


def wait_until_gone(check, timeout: float = 5.0):
    """Poll ``check`` until it finds nothing, for ``timeout`` seconds on an idle machine (scaled
    to this one's speed); returns what it found last."""
    end = time.monotonic() + speed.deadline(timeout)
    while True:
        left = check()
        if not left or time.monotonic() > end:
            return left
        time.sleep(0.1)


def student_texts(data: dict) -> list[tuple[str, str]]:
    """Every student-visible text of a results.json: (where, text)."""
    texts = [("output", data["output"])]
    texts += [(f"test {t['number']} {t['name']}", t["output"]) for t in data["tests"]]
    texts += [(f"test {t['number']} name", t["name"]) for t in data["tests"]]
    return texts


def assert_valid_results(data: dict) -> None:
    assert schema_problems(data) == [], schema_problems(data)
    json.loads(json.dumps(data, allow_nan=False))          # strict JSON: no NaN, no inf
    for where, text in student_texts(data):
        assert len(text.encode("utf-8")) < TEXT_LIMIT, f"{where}: {len(text)} characters"


def results_json(result) -> dict:
    data = to_results_json(result)
    assert_valid_results(data)
    return data


def scores_by_function(data: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for t in data["tests"]:
        fn = next(tag.split(":", 1)[1] for tag in t["tags"] if tag.startswith("function:"))
        out.setdefault(fn, []).append(t)
    return out


_FLOAT = re.compile(r"-?\d+\.\d{6,}(?:e[-+]?\d+)?")


def hidden_values(assignment: str) -> set[str]:
    """Distinctive text forms (repr, 8 decimals) of every float in the hidden inputs of a suite
    that do not also occur in the public inputs."""
    import importlib

    import numpy as np

    from autograder.cases import materialize

    def values(module_name: str) -> set[str]:
        mod = importlib.import_module(f"autograder.suites.{assignment}.{module_name}")
        cases = [v for v in vars(mod).values() if isinstance(v, list)]
        found: set[str] = set()
        for group in cases:
            for case in group:
                if not hasattr(case, "function") or not hasattr(case, "seed"):
                    continue
                args, kwargs = materialize(case)
                for a in list(args) + list(kwargs.values()):
                    if isinstance(a, np.ndarray) and a.dtype.kind == "f" and 0 < a.size:
                        for v in a.ravel()[:64].tolist():
                            if v != int(v):
                                found.add(repr(v))
                                found.add(f"{v:.8f}")
        return found

    return values("test_hidden") - values("test_public")


def leaked_values(texts: list[tuple[str, str]], secrets: set[str]) -> list[str]:
    leaks = []
    for where, text in texts:
        for number in _FLOAT.findall(text):
            if number in secrets:
                leaks.append(f"{where}: {number}")
    return leaks
