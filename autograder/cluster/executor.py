"""The coordinator's side: send jobs to a Dask cluster and hand each result back exactly once.

    def finished(key, result, failure): ...      # result: results.json dict, or None and a reason
    grade_on_cluster("tcp://10.0.0.5:8786", [(key, job_text), ...], finished)

The scheduler runs a task again when its worker dies (up to ``allowed_failures`` times); a task
that still cannot finish, or whose reply is not a results.json object, comes back as a failure
with a reason, so the caller records a 0 with a reason and never stops. The caller's journal or
database stays the record of truth: each key is handed to ``finished`` once.
"""
from __future__ import annotations

import os
import secrets
from typing import Callable, Iterable

from autograder.cluster.jobs import BadReply, parse_reply

SCHEDULER_ENV = "CONVGRADE_SCHEDULER"
CONNECT_TIMEOUT_S = 20.0


class ClusterUnavailable(RuntimeError):
    """No Dask scheduler answers at the address, or Dask is not installed here."""


def scheduler_address(option: str | None) -> str | None:
    """``--scheduler`` or, without it, CONVGRADE_SCHEDULER; None for local grading."""
    return option or os.environ.get(SCHEDULER_ENV) or None


def connect(address: str):
    """A distributed.Client on ``address``; ClusterUnavailable with a plain reason otherwise."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterUnavailable("grading on a cluster needs Dask: pip install 'convgrade[cluster]'") from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterUnavailable(f"no Dask scheduler answers at {address}: {exc}") from None


def grade_on_cluster(address: str, jobs: Iterable[tuple[str, str]],
                     finished: Callable[[str, dict | None, str], None]) -> None:
    """Grade every (key, job text) on the cluster at ``address``; ``finished`` once per key."""
    from distributed import as_completed

    from autograder.cluster.worker import grade_job

    jobs = list(jobs)
    if not jobs:
        return
    with connect(address) as client:
        if not client.scheduler_info().get("workers"):
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S * 3)
        futures = {}
        run = secrets.token_hex(4)         # keys unique to this run, whatever else the cluster holds
        for key, text in jobs:
            future = client.submit(grade_job, text, key=f"convgrade-{run}-{key}", pure=False)
            futures[future] = key
        for future in as_completed(futures, loop=client.loop):
            key = futures[future]
            try:
                result, failure = parse_reply(future.result()), ""
            except BadReply as exc:
                result, failure = None, str(exc)
            except Exception as exc:       # KilledWorker, a task error, a lost connection
                result, failure = None, _reason(exc)
            finished(key, result, failure)
            future.release()


def _reason(exc: BaseException) -> str:
    name = exc.__class__.__name__
    if name == "KilledWorker":
        return "every Dask worker that tried this submission died while grading it"
    first = (str(exc).strip().splitlines() or [""])[0][:200]
    return f"the cluster could not grade this submission ({name}: {first})" if first else \
        f"the cluster could not grade this submission ({name})"
