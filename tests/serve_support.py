"""Helpers for the tests of ``convgrade serve``: a real server in a subprocess on a free loopback
port, tokens issued through the real command, and clean-up of every process it started."""
from __future__ import annotations

import csv
import io
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "submissions"
CLI = [sys.executable, str(ROOT / "cli.py")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_course(folder: Path, *, cooldown: float = 0, daily_cap: int = 50, max_bytes: int = 200_000,
                 assignments: str = "[assignments.a1_shapes]\n[assignments.a2_conv2d]\n",
                 extra: str = "", sandbox: str | None = None) -> Path:
    sandbox = sandbox or os.environ.get("CONVGRADE_SANDBOX", "auto")
    path = folder / "course.toml"
    path.write_text(f"""[course]
title = "Test course"
sandbox = "{sandbox}"

[submission]
cooldown_seconds = {cooldown}
daily_cap = {daily_cap}
max_bytes = {max_bytes}
{extra}
[staff]
names = ["ta-lin"]

{assignments}""", encoding="utf-8")
    return path


def issue(db_url: str, course: Path, *, roster: list[str] | None = None, staff: str | None = None) -> dict[str, str]:
    """Tokens through the real command: {id: token}."""
    args = [*CLI, "serve", "tokens", "--course", str(course), "--db", db_url]
    if roster is not None:
        roster_file = course.parent / f"roster-{len(roster)}-{time.monotonic_ns()}.csv"
        roster_file.write_text("student_id,name,email\n" + "".join(f"{r},Name {r},{r}@example.edu\n" for r in roster))
        args += ["--roster", str(roster_file)]
    else:
        args += ["--staff", staff]
    out = subprocess.run(args, capture_output=True, text=True, timeout=120, check=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    return {r["id"]: r["token"] for r in rows}


@dataclass
class Server:
    """``convgrade serve`` in its own process group; ``stop()`` leaves nothing behind."""

    course: Path
    db_url: str
    workers: int = 1
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None
    log: Path | None = None
    extra: list[str] = field(default_factory=list)     # more options of `convgrade serve`

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120.0) -> "Server":
        self.log = self.course.parent / f"server-{self.port}-{time.monotonic_ns()}.log"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [*CLI, "serve", "--course", str(self.course), "--db", self.db_url, "--port", str(self.port),
                 "--workers", str(self.workers), *self.extra],
                cwd=self.course.parent, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-3000:]}")
            try:
                r = httpx.get(self.url + "/api/v1/health", timeout=2)
                if r.status_code == 200 and r.json()["graders"] >= 1:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server did not start: {self.log.read_text()[-3000:]}")

    def children(self) -> list[int]:
        """Pids of the grading processes (children of the server)."""
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.proc.pid)], capture_output=True, text=True)
        return [int(x) for x in out.stdout.split()]

    def kill(self) -> None:
        """SIGKILL the server alone (its grading processes must follow by themselves)."""
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            out.append(int(entry.name))
    return out


def group_alive(pgid: int, wait: float = 10.0) -> bool:
    """True when a process of the group is still running after ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while group_members(pgid):
        if time.monotonic() > deadline:
            return True
        time.sleep(0.1)
    return False


def post(server: Server, token: str, assignment: str, name: str, data: bytes) -> httpx.Response:
    return httpx.post(server.url + "/api/v1/submissions", headers={"Authorization": f"Bearer {token}"},
                      data={"assignment": assignment}, files={"file": (name, data)}, timeout=60)


def wait_done(server: Server, token: str, sid: int, timeout: float = 300.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = httpx.get(f"{server.url}/api/v1/submissions/{sid}", headers={"Authorization": f"Bearer {token}"},
                      timeout=30)
        r.raise_for_status()
        body = r.json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.3)
    raise TimeoutError(f"submission {sid} not graded in {timeout} s")
