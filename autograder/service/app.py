"""The ASGI application: routes, security headers, and the lifespan that opens the database
(migrating it), starts the grading processes and stops them.

    app = create_app(ServiceConfig(course=load_course(None), db_url="sqlite:///data/cg.db"))
"""
from __future__ import annotations

from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from autograder.service import api, pages, staff_pages
from autograder.service.database import Database
from autograder.service.executor import LocalExecutor
from autograder.service.state import HERE, Service, ServiceConfig

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
       "frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'")


class SecurityHeaders:
    """Adds a content security policy and friends to every answer (a page may set its own CSP)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                         (b"cache-control", b"no-store")]
                if b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", CSP.encode()))
                message["headers"] = headers + [h for h in extra if h[0] not in names]
            await send(message)
        await self.app(scope, receive, send_with_headers)


def create_app(config: ServiceConfig) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette):
        db = Database.open(config.db_url)
        app.state.service = Service(config, db, db.secret())
        app.state.executor = None
        if config.grade and config.scheduler:
            from autograder.service.cluster_executor import ClusterExecutor

            executor = ClusterExecutor(db, config.course, config.scheduler, config.workers, config.lease)
            executor.start()
            app.state.executor = executor
        elif config.grade:
            executor = LocalExecutor(db, config.db_url, config.course_path, config.workers,
                                     config.lease, config.log_dir)
            executor.start()
            app.state.executor = executor
        try:
            yield
        finally:
            if app.state.executor is not None:
                app.state.executor.stop()
            db.close()

    routes = [*api.routes, *pages.routes, *staff_pages.routes,
              Mount("/static", StaticFiles(directory=HERE / "static"), name="static")]
    return Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(SecurityHeaders)])
