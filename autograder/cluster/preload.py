"""`dask worker ADDRESS --preload autograder.cluster.preload`: make a Dask worker a convgrade worker.

Refuses to start (raises) when the sandbox this worker must give (CONVGRADE_SANDBOX=bwrap) cannot
run here, so a course that demands bubblewrap never grades on a machine without it.
"""
from __future__ import annotations

import os


async def dask_setup(worker) -> None:
    from autograder.cluster.worker import GradingWorkerPlugin
    from autograder.sandbox import resolve_sandbox

    sandbox = os.environ.get("CONVGRADE_SANDBOX") or "auto"
    resolve_sandbox(sandbox)                    # SandboxUnavailable: the worker does not start
    await worker.plugin_add(GradingWorkerPlugin(sandbox), name="convgrade")
