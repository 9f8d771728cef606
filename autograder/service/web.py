"""Helpers shared by the page modules: rendering with the CSRF cookie, who is signed in."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from autograder.service.models import Person
from autograder.service.state import Service
from autograder.service.texts import texts
from autograder.service.web_auth import CSRF_COOKIE, csrf_token, session_person


def service_of(request: Request) -> Service:
    return request.app.state.service


async def signed_in(request: Request) -> Person | None:
    service = service_of(request)
    return await run_in_threadpool(session_person, request, service.db, service.secret)


def render(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    service = service_of(request)
    csrf, fresh = csrf_token(request)
    html = service.templates.get_template(template).render(
        t=texts(service.course.lang), lang=service.course.lang, course=service.course, csrf=csrf, **context)
    response = HTMLResponse(html, status_code=status)
    if fresh:
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict", path="/",
                            secure=request.url.scheme == "https")   # behind a TLS proxy (X-Forwarded-Proto)
    return response


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)
