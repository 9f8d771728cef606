"""``convgrade submit``: the command-line client of ``convgrade serve`` (for students in a terminal)."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import click


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--assignment", "-a", required=True, metavar="A", help="a1_shapes ... a4_transposed_conv (or a1..a4).")
@click.option("--server", required=True, metavar="URL", default=lambda: os.environ.get("CONVGRADE_SERVER"),
              help="The course server, e.g. https://convgrade.example.edu (environment: CONVGRADE_SERVER).")
@click.option("--token", required=True, metavar="TOKEN", default=lambda: os.environ.get("CONVGRADE_TOKEN"),
              help="Your token from the course staff (environment: CONVGRADE_TOKEN).")
@click.option("--wait/--no-wait", default=True, show_default=True, help="Wait for the result and print it.")
@click.option("--timeout", default=600.0, show_default=True, help="Seconds to wait for the result.")
def submit(file: str, assignment: str, server: str, token: str, wait: bool, timeout: float) -> None:
    """Submit FILE to the course server and print the score and the feedback summary.

    Exit status: 0 when submitted (and, with --wait, graded), 1 when refused or not graded."""
    import httpx

    base = server.rstrip("/")
    headers = {"Authorization": f"Bearer {token}"}
    path = Path(file)
    try:
        with httpx.Client(timeout=60.0, headers=headers) as client:
            r = client.post(f"{base}/api/v1/submissions", data={"assignment": assignment},
                            files={"file": (path.name, path.read_bytes())})
            if r.status_code != 202:
                raise click.ClickException(_refusal(r))
            sid = r.json()["id"]
            click.echo(f"submitted {path.name} for {assignment}: submission {sid}")
            if not wait:
                return
            body = _wait(client, f"{base}/api/v1/submissions/{sid}", timeout)
    except httpx.HTTPError as exc:
        raise click.ClickException(f"cannot reach {base}: {exc}") from None
    _print_result(body)


def _refusal(r) -> str:
    try:
        message = r.json().get("error", "")
    except (ValueError, AttributeError):
        message = r.text[:200]
    if r.status_code == 429:
        return f"not accepted yet: {message} (retry after {r.headers.get('Retry-After', '?')} s)"
    return f"refused ({r.status_code}): {message}"


def _wait(client, url: str, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    delay = 0.5
    while True:
        r = client.get(url)
        if r.status_code != 200:
            raise click.ClickException(_refusal(r))
        body = r.json()
        if body["status"] in ("done", "failed"):
            return body
        if time.monotonic() > deadline:
            raise click.ClickException(f"still {body['status']} after {timeout:g} s; look again later")
        time.sleep(delay)
        delay = min(3.0, delay * 1.5)


def _print_result(body: dict) -> None:
    if body["status"] == "failed" or not body.get("result"):
        raise click.ClickException(f"could not be graded: {body.get('reason', '')}")
    result = body["result"]
    click.echo(f"score: {result['score']:g} / {result['max_score']:g}")
    for test in result["tests"]:
        mark = "PASS" if test["status"] == "passed" else "FAIL"
        click.echo(f"  {mark}  {test['name']}  ({test['score']:g}/{test['max_score']:g})")
    if result.get("output"):
        click.echo("\n" + result["output"])
    click.echo(json.dumps({"id": body["id"], "status": body["status"]}))
