"""Staff pages: the course overview, a live dashboard per assignment, a student's history,
overrides with a reason, and regrades previewed before they are committed."""
from __future__ import annotations

import time
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import defer
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from autograder.service import jobs, staff_data
from autograder.service.models import STAFF, OverrideRow, Submission
from autograder.service.texts import texts
from autograder.service.web import redirect, render, service_of, signed_in
from autograder.service.web_auth import csrf_ok


async def _staff(request: Request):
    person = await signed_in(request)
    if person is None:
        return None, redirect("/")
    if person.role != STAFF:
        return None, render(request, "error.html", status=403, key="forbidden")
    return person, None


async def overview(request: Request) -> Response:
    person, refused = await _staff(request)
    if refused:
        return refused
    service = service_of(request)
    counts = {a: await run_in_threadpool(jobs.queue_counts, service.db, a) for a in service.course.assignments}
    return render(request, "staff_home.html", person=person, counts=counts)


async def assignment_page(request: Request) -> Response:
    person, refused = await _staff(request)
    if refused:
        return refused
    service = service_of(request)
    a = request.path_params["assignment"]
    if a not in service.course.assignments:
        return render(request, "error.html", status=404, key="not_found")
    board = await run_in_threadpool(staff_data.dashboard, service.db, service.course, a)
    return render(request, "staff_assignment.html", person=person, board=board,
                  message=request.query_params.get("msg", "")[:300])


async def student_page(request: Request) -> Response:
    person, refused = await _staff(request)
    if refused:
        return refused
    service = service_of(request)
    name = request.path_params["student"]

    def load():
        with service.db.session() as s:
            subs = s.scalars(select(Submission).options(defer(Submission.data)).where(
                Submission.student == name).order_by(Submission.id.desc())).all()
            overrides = s.scalars(select(OverrideRow).where(OverrideRow.student == name)
                                  .order_by(OverrideRow.id)).all()
        return subs, overrides
    subs, overrides = await run_in_threadpool(load)
    history = [{"id": r.id, "assignment": r.assignment, "status": r.status, "counted": r.counted,
                "regrade": r.regrade_of is not None, "filename": r.filename,
                "when": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(r.submitted_at))} for r in subs]
    return render(request, "staff_student.html", person=person, student=name, history=history,
                  overrides=overrides, message=request.query_params.get("msg", "")[:300])


async def add_override(request: Request) -> Response:
    person, refused = await _staff(request)
    if refused:
        return refused
    service = service_of(request)
    t = texts(service.course.lang)
    form = await request.form(max_files=0, max_fields=10)
    name = request.path_params["student"]
    back = f"/staff/students/{quote(name)}?msg="
    if not csrf_ok(request, form.get("csrf")):
        return redirect(back + quote(t["bad_form"]))
    assignment, reason = str(form.get("assignment", "")), str(form.get("reason", "")).strip()
    target = str(form.get("target", "")).strip()
    try:
        score = float(str(form.get("score", "")))
    except ValueError:
        score = -1.0
    if assignment not in service.course.assignments or not reason or not (0 <= score < 1e9):
        return redirect(back + quote(t["need_reason"]))
    test, group = (target, "") if "[" in target or "::" in target else ("", target)

    def save():
        with service.db.session() as s:
            s.add(OverrideRow(student=name, assignment=assignment, score=score, reason=reason[:2000],
                              test=test[:300], group_name=group[:200], author=person.name,
                              created_at=time.time()))
    await run_in_threadpool(save)
    return redirect(back + quote(t["override_saved"]))


async def regrade(request: Request) -> Response:
    person, refused = await _staff(request)
    if refused:
        return refused
    service = service_of(request)
    t = texts(service.course.lang)
    a = request.path_params["assignment"]
    form = await request.form(max_files=0, max_fields=6)
    if a not in service.course.assignments or not csrf_ok(request, form.get("csrf")):
        return redirect(f"/staff/assignments/{quote(a)}?msg=" + quote(t["bad_form"]))
    student = str(form.get("student", "")).strip() or None
    try:
        batch = await run_in_threadpool(staff_data.start_regrade, service.db, service.course, a, student)
    except KeyError:
        return render(request, "error.html", status=404, key="not_found")
    return redirect(f"/staff/regrades/{batch}")


async def regrade_preview(request: Request) -> Response:
    person, refused = await _staff(request)
    if refused:
        return refused
    service = service_of(request)
    batch = request.path_params["batch"]
    try:
        moved, waiting = await run_in_threadpool(staff_data.regrade_preview, service.db, service.course, batch)
    except KeyError:
        return render(request, "error.html", status=404, key="not_found")
    return render(request, "regrade.html", person=person, batch=batch, moved=moved, waiting=waiting,
                  message=request.query_params.get("msg", "")[:300])


async def regrade_commit(request: Request) -> Response:
    person, refused = await _staff(request)
    if refused:
        return refused
    service = service_of(request)
    t = texts(service.course.lang)
    batch = request.path_params["batch"]
    form = await request.form(max_files=0, max_fields=4)
    if not csrf_ok(request, form.get("csrf")):
        return redirect(f"/staff/regrades/{quote(batch)}?msg=" + quote(t["bad_form"]))
    n = await run_in_threadpool(staff_data.commit_regrade, service.db, batch)
    return redirect(f"/staff/regrades/{quote(batch)}?msg=" + quote(t["committed"].format(n=n)))


routes = [
    Route("/staff", overview, methods=["GET"]),
    Route("/staff/assignments/{assignment}", assignment_page, methods=["GET"]),
    Route("/staff/assignments/{assignment}/regrade", regrade, methods=["POST"]),
    Route("/staff/students/{student}", student_page, methods=["GET"]),
    Route("/staff/students/{student}/overrides", add_override, methods=["POST"]),
    Route("/staff/regrades/{batch}", regrade_preview, methods=["GET"]),
    Route("/staff/regrades/{batch}/commit", regrade_commit, methods=["POST"]),
]
