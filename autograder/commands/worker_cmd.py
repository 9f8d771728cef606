"""`convgrade worker --scheduler ADDRESS`: this machine grades for a Dask cluster."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

from autograder.commands.options import sandbox_option


@click.command("worker")
@click.option("--scheduler", envvar="CONVGRADE_SCHEDULER", required=True, metavar="tcp://HOST:PORT",
              help="The Dask scheduler to join (also CONVGRADE_SCHEDULER).")
@click.option("--processes", "nworkers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Grading processes on this machine (each holds one grading session).")
@click.option("--gpu", is_flag=True,
              help="Declare the resource GPU=1: this worker computes the references of the large "
                   "cases on CUDA (on the CPU when torch finds no GPU here; each result says which).")
@click.option("--name", default=None, help="The worker's name on the scheduler's dashboard.")
@click.option("--memory-limit", default="auto", show_default=True,
              help="Dask's memory limit per process (the sandbox's own limits apply inside).")
@sandbox_option
def worker(scheduler: str, nworkers: int, gpu: bool, name: str | None, memory_limit: str, sandbox: str) -> None:
    """Grade for the Dask cluster whose scheduler is at --scheduler.

    \b
    Runs `dask worker SCHEDULER --preload autograder.cluster.preload` with one thread per
    process. Refuses to start when --sandbox bwrap (or CONVGRADE_SANDBOX=bwrap) is demanded and
    this machine cannot give bubblewrap.
    """
    from autograder.sandbox import SandboxUnavailable, resolve_sandbox

    try:
        kind = resolve_sandbox(sandbox)
    except SandboxUnavailable as exc:
        click.echo(f"convgrade worker: not starting: {exc}", err=True)
        sys.exit(2)
    dask = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")
    if dask is None:
        click.echo("convgrade worker: Dask is not installed here: pip install 'convgrade[cluster]'", err=True)
        sys.exit(2)
    args = [dask, "worker", scheduler, "--nthreads", "1", "--nworkers", str(nworkers),
            "--preload", "autograder.cluster.preload", "--memory-limit", memory_limit, "--no-dashboard"]
    if gpu:
        args += ["--resources", "GPU=1"]
    if name:
        args += ["--name", name]
    env = dict(os.environ)
    env["CONVGRADE_SANDBOX"] = sandbox
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    click.echo(f"convgrade worker: joining {scheduler} with {nworkers} process(es), sandbox "
               f"{getattr(kind, 'name', kind)}{', GPU declared' if gpu else ''}", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(dask, args, env)
