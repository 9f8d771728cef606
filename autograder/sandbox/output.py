"""The worker's stdout/stderr: drained in a thread, kept as a bounded, escaped excerpt."""
from __future__ import annotations

import os
import select
import threading

PREFIX = "worker| "


class OutputBuffer:
    """Keeps the first ``cap`` bytes a worker printed (over all its restarts), counts the rest."""

    def __init__(self, cap: int):
        self.cap = cap
        self.kept = bytearray()
        self.dropped = 0
        self.lock = threading.Lock()

    def add(self, data: bytes) -> None:
        with self.lock:
            room = max(self.cap - len(self.kept), 0)
            self.kept += data[:room]
            self.dropped += max(len(data) - room, 0)

    def excerpt(self) -> str:
        """Escaped text, every line prefixed, so it can never pass for a grader's line."""
        with self.lock:
            raw, dropped = bytes(self.kept), self.dropped
        return escape(raw, dropped)


class OutputDrain:
    """Reads one worker's output pipe into an :class:`OutputBuffer` until EOF or stop()."""

    def __init__(self, fd: int, buffer: OutputBuffer):
        self.fd, self.buffer = fd, buffer
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, name="convgrade-worker-output",
                                       daemon=True)
        self.thread.start()

    def run(self) -> None:
        poller = select.poll()
        poller.register(self.fd, select.POLLIN | select.POLLHUP)
        while not self.stopping.is_set():
            if not poller.poll(100):
                continue
            try:
                data = os.read(self.fd, 1 << 20)
            except OSError:
                return
            if not data:
                return
            self.buffer.add(data)

    def stop(self, grace: float = 1.0) -> None:
        """Wait up to ``grace`` s for EOF, then stop reading and close the pipe."""
        self.thread.join(timeout=grace)
        self.stopping.set()
        self.thread.join(timeout=2)
        if not self.thread.is_alive():
            os.close(self.fd)


def escape(raw: bytes, dropped: int = 0) -> str:
    text = raw.decode("utf-8", errors="backslashreplace")
    lines = []
    for line in text.split("\n"):
        safe = "".join(c if c == "\t" or c.isprintable() else repr(c)[1:-1] for c in line)
        lines.append(PREFIX + safe)
    if lines and lines[-1] == PREFIX:
        lines.pop()
    if dropped:
        lines.append(f"{PREFIX}[... {dropped} more bytes of output not kept]")
    return "\n".join(lines)
