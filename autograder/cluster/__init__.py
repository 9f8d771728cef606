"""Grading on a Dask distributed cluster (`--scheduler tcp://HOST:PORT`).

    coordinator (convgrade grade --out / serve)  --job JSON-->  Dask worker (convgrade worker)
                journal or database (truth)      <--results.json text--  one GradingSession each

The coordinator sends each submission's code (never a path: workers share no filesystem with it)
as a task; each Dask worker process keeps one GradingSession per set of grading options, so the
torch import, the references and the speed yardstick are paid once per worker, not per task.
A task whose worker dies is run again by the scheduler; the coordinator records each result once.
Without a scheduler nothing here is imported and Dask is not needed.
"""
