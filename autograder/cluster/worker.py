"""The convgrade side of a Dask worker: a plugin holding the GradingSessions, and the task.

Started by `convgrade worker --scheduler ADDRESS` (which runs `dask worker ... --preload
autograder.cluster.preload`), or by any `dask worker` given that preload. The worker's own
machine decides the sandbox (`--sandbox`, CONVGRADE_SANDBOX; as on a single machine) and the
device of the large references (a worker declaring the resource GPU computes them on CUDA when
torch sees a GPU there, on the CPU otherwise; the result says which).
"""
from __future__ import annotations

import json
import os
import socket
import threading
from typing import Any

from distributed import WorkerPlugin, get_worker

PLUGIN_NAME = "convgrade"


def reference_device(resources: dict[str, float]) -> str:
    """``cuda`` for a worker that declares a GPU and has one; ``cpu`` otherwise."""
    from autograder.reference import resolve_device

    return resolve_device("auto" if float(resources.get("GPU", 0) or 0) > 0 else "cpu")


class GradingWorkerPlugin(WorkerPlugin):
    """Holds one GradingSession per distinct set of grading options for this worker process."""

    name = PLUGIN_NAME

    def __init__(self, sandbox: str | None = None):
        self.sandbox = sandbox or os.environ.get("CONVGRADE_SANDBOX") or "auto"
        self.sessions: dict[str, Any] = {}
        self.lock = threading.Lock()
        self.resources: dict[str, float] = {}
        self.address = ""
        self.gpu_declared = False

    def setup(self, worker) -> None:
        self.resources = dict(getattr(worker.state, "total_resources", {}) or {})
        self.address = str(worker.address)
        self.gpu_declared = float(self.resources.get("GPU", 0) or 0) > 0

    def teardown(self, worker) -> None:
        with self.lock:
            for session in self.sessions.values():
                session.close()
            self.sessions.clear()

    def grade(self, job_text: str) -> str:
        """Grade one job (JSON text) and answer with results.json text."""
        from autograder.grader_process import options_from_json, submission_from_json
        from autograder.reports.gradescope import to_results_json

        job = json.loads(job_text)
        options = dict(job.get("options") or {})
        demanded = options.get("sandbox", "auto")
        options["sandbox"] = self.sandbox if demanded in (None, "", "auto") else demanded
        options["device"] = reference_device(self.resources)
        key = json.dumps(options, sort_keys=True)
        with self.lock:             # one submission at a time per worker process
            session = self.sessions.get(key)
            if session is None:
                from autograder.engine import GradingSession

                session = GradingSession(options_from_json(options))
                self.sessions[key] = session
            result = session.grade(submission_from_json(job["submission"]), job.get("assignment"))
            data = to_results_json(result)
        data.setdefault("extra_data", {})["grader"] = {
            "worker": self.address or socket.gethostname(),
            "sandbox": str(getattr(session.sandbox, "name", session.sandbox)),
            "reference_device": options["device"], "gpu_declared": self.gpu_declared}
        return json.dumps(data, allow_nan=False)


def grade_job(job_text: str) -> str:
    """The Dask task: grade on this worker's plugin (registered by the preload)."""
    worker = get_worker()
    plugin = worker.plugins.get(PLUGIN_NAME)
    if plugin is None:
        raise RuntimeError("this Dask worker has no convgrade plugin: start it with "
                           "`convgrade worker` or `dask worker --preload autograder.cluster.preload`")
    return plugin.grade(job_text)
