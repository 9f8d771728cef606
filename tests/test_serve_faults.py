"""Faults: the server killed mid-queue and restarted, a grading process killed mid-grade. Nothing
acknowledged is lost; each submission ends with one recorded result; the gradebook has one row
per student."""
from __future__ import annotations

import csv
import io
import os
import signal
import sqlite3
import time

import httpx
import pytest

from serve_support import EXAMPLES, Server, group_alive, issue, post, wait_done, write_course

pytestmark = pytest.mark.slow
CORRECT = (EXAMPLES / "a1_shapes" / "correct_shapes.py").read_bytes()


def _rows(db_file):
    with sqlite3.connect(db_file) as c:
        return c.execute("SELECT id, student, status, attempts, result IS NOT NULL FROM submissions ORDER BY id").fetchall()


def _wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise TimeoutError(what)


def test_server_killed_mid_queue_restarts_into_the_same_state(tmp_path):
    course = write_course(tmp_path, cooldown=0)
    db_file = tmp_path / "data" / "cg.db"
    db_url = f"sqlite:///{db_file}"
    students = [f"k{i}" for i in range(6)]
    tokens = issue(db_url, course, roster=students)
    server = Server(course, db_url, workers=1).start()
    try:
        ids = []
        for s in students:
            r = post(server, tokens[s], "a1_shapes", "shapes.py", CORRECT)
            assert r.status_code == 202
            ids.append(r.json()["id"])
        # kill it while at least one is graded and some still wait
        _wait_for(lambda: any(r[2] == "done" for r in _rows(db_file)), 300, "nothing graded")
        graders = server.children()
        server.kill()
        assert any(r[2] in ("queued", "grading") for r in _rows(db_file)), "the queue drained too early"
        # its grading processes do not outlive it
        _wait_for(lambda: not any(_alive(pid) for pid in graders), 30, "grading processes outlived the server")
    finally:
        server.stop()
    assert not group_alive(server.proc.pid)
    again = Server(course, db_url, workers=1).start()
    try:
        for s, sid in zip(students, ids):
            assert wait_done(again, tokens[s], sid)["status"] == "done"
    finally:
        again.stop()
    rows = _rows(db_file)
    assert [r[0] for r in rows] == ids                          # nothing lost, nothing added
    assert all(r[2] == "done" and r[4] for r in rows)
    assert all(r[3] <= 2 for r in rows)                          # at most the interrupted claim and one more


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:                        # a zombie is dead too
        return fh.read().split(")")[-1].split()[0] != "Z"


def test_grading_process_killed_mid_grade_is_replaced_and_the_submission_graded_once(tmp_path):
    course = write_course(tmp_path, cooldown=0)
    db_file = tmp_path / "data" / "cg.db"
    db_url = f"sqlite:///{db_file}"
    tokens = issue(db_url, course, roster=["v1", "v2"])
    tokens.update(issue(db_url, course, staff="ta-lin"))
    server = Server(course, db_url, workers=1).start()
    try:
        first = post(server, tokens["v1"], "a1_shapes", "shapes.py", CORRECT).json()["id"]
        _wait_for(lambda: _rows(db_file)[0][2] == "grading", 120, "never claimed")
        [grader] = server.children()
        os.kill(grader, signal.SIGKILL)
        second = post(server, tokens["v2"], "a1_shapes", "shapes.py", CORRECT).json()["id"]
        assert wait_done(server, tokens["v1"], first)["status"] == "done"
        assert wait_done(server, tokens["v2"], second)["status"] == "done"
        assert grader not in server.children() and len(server.children()) == 1
        gradebook = httpx.get(server.url + "/api/v1/assignments/a1_shapes/gradebook.csv",
                              headers={"Authorization": f"Bearer {tokens['ta-lin']}"}).text
    finally:
        server.stop()
    rows = _rows(db_file)
    assert [(r[2], r[3]) for r in rows] == [("done", 2), ("done", 1)]
    students = [r["student"] for r in csv.DictReader(io.StringIO(gradebook))]
    assert sorted(students) == ["v1", "v2"]
