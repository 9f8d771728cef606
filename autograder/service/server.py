"""Run the service with uvicorn: ``convgrade serve``.

Binds 127.0.0.1 unless told otherwise; any other address gets a warning to put TLS in front.
"""
from __future__ import annotations

import sys
from pathlib import Path

from autograder.service.course import load_course
from autograder.service.database import DEFAULT_DATA, default_url
from autograder.service.state import ServiceConfig

LOOPBACK = ("127.0.0.1", "localhost", "::1")

TLS_WARNING = ("convgrade serve: listening on {host}, beyond this machine. Tokens and code travel in "
               "clear text unless a reverse proxy with TLS (HTTPS) stands in front; see the README.")


def host_warning(host: str) -> str | None:
    """The warning printed when the server listens beyond this machine."""
    return None if host in LOOPBACK else TLS_WARNING.format(host=host)


def run(course_file: str | None, db_url: str | None, host: str, port: int, workers: int,
        scheduler: str | None = None) -> None:
    import uvicorn

    from autograder.service.app import create_app

    course = load_course(course_file)
    from autograder.sandbox import resolve_sandbox

    if scheduler:                          # the cluster's workers give the sandbox; the scheduler must answer now
        from autograder.cluster.executor import connect

        connect(scheduler).close()
    else:
        resolve_sandbox(course.sandbox)    # the course demands bwrap and it cannot run: fail closed, now
    data = DEFAULT_DATA
    url = db_url or default_url(data)
    config = ServiceConfig(course=course, db_url=url, course_path=Path(course_file) if course_file else None,
                           workers=workers, log_dir=data / "logs", scheduler=scheduler)
    warning = host_warning(host)
    if warning:
        print(warning, file=sys.stderr)
    uvicorn.run(create_app(config), host=host, port=port, log_level="warning", proxy_headers=True,
                forwarded_allow_ips="127.0.0.1", timeout_graceful_shutdown=5)
