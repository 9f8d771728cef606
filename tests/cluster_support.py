"""A real Dask cluster for tests: a `dask scheduler` and `convgrade worker` processes on loopback,
each in its own process group, all killed when the test ends."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, str(ROOT / "cli.py")]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A scheduler and workers as separate process groups; everything is killed at close."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.procs: dict[str, subprocess.Popen] = {}
        port = self.address.rsplit(":", 1)[1]
        self._start("scheduler", [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", port,
                                  "--no-dashboard"])

    def _start(self, name: str, args: list[str], env: dict | None = None) -> None:
        log = open(self.tmp / f"{name}.log", "wb")
        self.procs[name] = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=self.tmp,
                                            env=env or dict(os.environ), start_new_session=True)

    def add_worker(self, name: str, *extra: str) -> None:
        self._start(name, CLI + ["worker", "--scheduler", self.address, "--name", name, *extra])

    def wait_for_workers(self, n: int, timeout: float = 180) -> None:
        from distributed import Client

        with Client(self.address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(n, timeout=timeout)
            # the preload registers the plugin while the worker starts: wait until each has it
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                plugins = client.run(lambda dask_worker: "convgrade" in dask_worker.plugins)
                if len(plugins) >= n and all(plugins.values()):
                    return
                time.sleep(0.5)
        raise AssertionError("the workers never registered convgrade's plugin")

    def kill(self, name: str) -> None:
        proc = self.procs[name]
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)

    def close(self) -> None:
        for name in reversed(list(self.procs)):
            self.kill(name)


@pytest.fixture
def cluster(tmp_path):
    c = Cluster(tmp_path)
    try:
        yield c
    finally:
        c.close()
