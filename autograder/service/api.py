"""The JSON API (SPEC: Service): health, submissions, gradebook. ``Authorization: Bearer TOKEN``."""
from __future__ import annotations

import time

from sqlalchemy import select
from sqlalchemy.orm import defer
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from autograder.reports.gradebook import LAYOUTS
from autograder.service.models import STAFF, OverrideRow, Submission
from autograder.service.state import Refused, Service
from autograder.service.texts import texts
from autograder.service.uploads import TooLarge, read_capped_form
from autograder.service.visibility import overrides_of, result_for
from autograder.service.web_auth import bearer


def _service(request: Request) -> Service:
    return request.app.state.service


def _error(status: int, message: str, **headers: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


async def health(request: Request) -> Response:
    service = _service(request)
    try:
        await run_in_threadpool(_ping, service)
    except Exception:
        return _error(503, "the database does not answer")
    executor = request.app.state.executor
    graders = executor.alive() if executor is not None else 0
    return JSONResponse({"status": "ok", "graders": graders, "assignments": sorted(service.course.assignments)})


def _ping(service: Service) -> None:
    with service.db.session() as s:
        s.execute(select(1))


async def post_submission(request: Request) -> Response:
    service = _service(request)
    person = await run_in_threadpool(bearer, request, service.db)
    if person is None:
        return _error(401, "missing or invalid token", **{"WWW-Authenticate": "Bearer"})
    t = texts(service.course.lang)
    try:
        form = await read_capped_form(request, service.course.submission.max_bytes)
    except TooLarge:
        return _error(413, t["too_large"].format(limit=service.course.submission.max_bytes))
    except Exception:
        return _error(422, "send multipart/form-data with the fields assignment and file")
    upload, assignment = form.get("file"), form.get("assignment")
    if upload is None or isinstance(upload, str) or not isinstance(assignment, str):
        return _error(422, "send multipart/form-data with the fields assignment and file")
    data = await upload.read()
    try:
        sid = await run_in_threadpool(service.accept, person, _assignment_name(assignment),
                                      upload.filename or "", data)
    except Refused as r:
        return _refused(r, t, service)
    return JSONResponse({"id": sid, "status": "queued"}, status_code=202,
                        headers={"Location": f"/api/v1/submissions/{sid}"})


def _assignment_name(value: str) -> str:
    from autograder.assignments import UnknownAssignment, get_assignment

    try:
        return get_assignment(value.strip()).name
    except UnknownAssignment:
        return value.strip()[:40]


def _refused(r: Refused, t: dict[str, str], service: Service) -> JSONResponse:
    if r.status == 429:
        message = t["cooldown"].format(seconds=r.retry_after) if r.key == "cooldown" else t["daily_cap"]
        return _error(429, message, **{"Retry-After": str(r.retry_after)})
    if r.status == 413:
        return _error(413, t["too_large"].format(limit=service.course.submission.max_bytes))
    return _error(r.status, r.detail or t.get(r.key, r.key))


async def get_submission(request: Request) -> Response:
    service = _service(request)
    person = await run_in_threadpool(bearer, request, service.db)
    if person is None:
        return _error(401, "missing or invalid token", **{"WWW-Authenticate": "Bearer"})
    raw = request.path_params["sid"]
    body = await run_in_threadpool(submission_json, service, person, raw)
    return _error(404, "no such submission") if body is None else JSONResponse(body)


def submission_json(service: Service, person, raw: str) -> dict | None:
    """The API's view of one submission, or None when this person may not see it."""
    if not raw.isdigit() or len(raw) > 12:
        return None
    staff = person.role == STAFF
    with service.db.session() as s:
        row = s.scalars(select(Submission).options(defer(Submission.data))
                        .where(Submission.id == int(raw))).one_or_none()
        if row is None or (not staff and (row.student != person.name or row.regrade_of is not None)):
            return None
        if row.assignment not in service.course.assignments:
            return None
        overrides = overrides_of(list(s.scalars(select(OverrideRow).where(
            OverrideRow.assignment == row.assignment, OverrideRow.student == row.student))))
    result = result_for(row, service.course, overrides, staff=staff, now=time.time())
    body = {"id": row.id, "student": row.student, "assignment": row.assignment, "status": row.status,
            "result": result}
    if row.status == "failed":
        body["reason"] = row.reason
    return body


async def gradebook(request: Request) -> Response:
    from autograder.service.staff_data import gradebook_csv

    service = _service(request)
    person = await run_in_threadpool(bearer, request, service.db)
    if person is None:
        from autograder.service.web_auth import session_person

        person = await run_in_threadpool(session_person, request, service.db, service.secret)
    if person is None:
        return _error(401, "missing or invalid token", **{"WWW-Authenticate": "Bearer"})
    if person.role != STAFF:
        return _error(403, "the gradebook is for the course staff")
    assignment = _assignment_name(request.path_params["assignment"])
    layout = request.query_params.get("layout", "plain")
    if assignment not in service.course.assignments:
        return _error(404, "no such assignment")
    if layout not in LAYOUTS:
        return _error(422, f"layout must be one of {', '.join(LAYOUTS)}")
    text = await run_in_threadpool(gradebook_csv, service.db, service.course, assignment, layout)
    return PlainTextResponse(text, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{assignment}-{layout}-gradebook.csv"'})


routes = [
    Route("/api/v1/health", health, methods=["GET"]),
    Route("/api/v1/submissions", post_submission, methods=["POST"]),
    Route("/api/v1/submissions/{sid}", get_submission, methods=["GET"]),
    Route("/api/v1/assignments/{assignment}/gradebook.csv", gradebook, methods=["GET"]),
]
