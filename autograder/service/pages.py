"""Student pages: sign in, upload, history, one submission's live status and feedback page."""
from __future__ import annotations

import time
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import defer
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from autograder.reports.feedback import render_html
from autograder.reports.gradescope import from_results_json
from autograder.service.api import submission_json
from autograder.service.models import STAFF, Submission
from autograder.service.state import Refused
from autograder.service.texts import texts
from autograder.service.tokens import authenticate
from autograder.service.uploads import TooLarge, read_capped_form
from autograder.service.web import redirect, render, service_of, signed_in
from autograder.service.web_auth import SESSION_COOKIE, SESSION_SECONDS, csrf_ok, session_value


async def home(request: Request) -> Response:
    person = await signed_in(request)
    if person is None:
        return render(request, "login.html")
    if person.role == STAFF:
        return redirect("/staff")
    service = service_of(request)
    history = await run_in_threadpool(_history, service, person.name)
    return render(request, "student.html", person=person, history=history,
                  message=request.query_params.get("msg", "")[:300])


def _history(service, student: str) -> list[dict]:
    with service.db.session() as s:
        rows = s.scalars(select(Submission).options(defer(Submission.data)).where(
            Submission.student == student, Submission.regrade_of.is_(None))
            .order_by(Submission.id.desc()).limit(200)).all()
    out = []
    for r in rows:
        body = submission_json(service, _Viewer(student), str(r.id)) if r.status == "done" else None
        result = body and body["result"]
        out.append({"id": r.id, "assignment": r.assignment, "status": r.status, "filename": r.filename,
                    "when": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(r.submitted_at)),
                    "score": result and (result["score"], result["max_score"])})
    return out


class _Viewer:
    role = "student"

    def __init__(self, name: str):
        self.name = name


async def login(request: Request) -> Response:
    service = service_of(request)
    form = await request.form(max_files=0, max_fields=4)
    if not csrf_ok(request, form.get("csrf")):
        return render(request, "login.html", status=403, error=texts(service.course.lang)["bad_form"])
    person = await run_in_threadpool(authenticate, service.db, str(form.get("token", "")).strip())
    if person is None:
        return render(request, "login.html", status=401, error=texts(service.course.lang)["bad_token"])
    response = redirect("/staff" if person.role == STAFF else "/")
    response.set_cookie(SESSION_COOKIE, session_value(person, service.secret), max_age=SESSION_SECONDS,
                        httponly=True, samesite="strict", path="/", secure=request.url.scheme == "https")
    return response


async def logout(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=4)
    response = redirect("/")
    if csrf_ok(request, form.get("csrf")):
        response.delete_cookie(SESSION_COOKIE, path="/")
    return response


async def upload(request: Request) -> Response:
    service = service_of(request)
    t = texts(service.course.lang)
    person = await signed_in(request)
    if person is None:
        return redirect("/")
    try:
        form = await read_capped_form(request, service.course.submission.max_bytes)
    except TooLarge:
        return redirect("/?msg=" + quote(t["too_large"].format(limit=service.course.submission.max_bytes)))
    if not csrf_ok(request, form.get("csrf")):
        return redirect("/?msg=" + quote(t["bad_form"]))
    file, assignment = form.get("file"), str(form.get("assignment", ""))
    if file is None or isinstance(file, str) or not file.filename:
        return redirect("/?msg=" + quote(t["no_file"]))
    data = await file.read()
    try:
        sid = await run_in_threadpool(service.accept, person, assignment, file.filename, data)
    except Refused as r:
        text = (t["cooldown"].format(seconds=r.retry_after) if r.key == "cooldown" else
                t["too_large"].format(limit=service.course.submission.max_bytes) if r.status == 413 else
                r.detail or t.get(r.key, r.key))
        return redirect("/?msg=" + quote(text[:300]))
    return redirect(f"/submissions/{sid}")


async def submission_page(request: Request) -> Response:
    person = await signed_in(request)
    if person is None:
        return redirect("/")
    service = service_of(request)
    body = await run_in_threadpool(submission_json, service, person, request.path_params["sid"])
    if body is None:
        return render(request, "error.html", status=404, key="not_found")
    return render(request, "submission.html", person=person, sub=body)


async def submission_status(request: Request) -> Response:
    person = await signed_in(request)
    if person is None:
        return JSONResponse({"error": "sign in"}, status_code=401)
    body = await run_in_threadpool(submission_json, service_of(request), person, request.path_params["sid"])
    if body is None:
        return JSONResponse({"error": "no such submission"}, status_code=404)
    return JSONResponse({"id": body["id"], "status": body["status"]})


async def feedback_page(request: Request) -> Response:
    """The feedback report (today's HTML report) as this person may see it."""
    person = await signed_in(request)
    if person is None:
        return redirect("/")
    service = service_of(request)
    body = await run_in_threadpool(submission_json, service, person, request.path_params["sid"])
    if body is None or body["result"] is None:
        return render(request, "error.html", status=404, key="not_found")
    page = await run_in_threadpool(render_html, from_results_json(body["result"]), service.course.lang)
    return HTMLResponse(page, headers={"Content-Security-Policy":
                                       "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
                                       "frame-ancestors 'self'"})


routes = [
    Route("/", home, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/upload", upload, methods=["POST"]),
    Route("/submissions/{sid}", submission_page, methods=["GET"]),
    Route("/submissions/{sid}/status", submission_status, methods=["GET"]),
    Route("/submissions/{sid}/feedback", feedback_page, methods=["GET"]),
]
