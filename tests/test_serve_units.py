"""The parts of `convgrade serve` below HTTP, on a real SQLite database: the course file, tokens,
the queue (cooldown, daily cap, atomic claims, leases, results recorded once), upload checks and
what a student may see of a result."""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from datetime import datetime, timezone

import pytest

from autograder.policy import Policy
from autograder.reports.gradescope import to_results_json
from autograder.results import GradingResult
from autograder.results import TestResult as TR
from autograder.service import jobs
from autograder.service.course import Course, CourseError, SubmissionPolicy, load_course
from autograder.service.database import Database
from autograder.service.models import DONE, FAILED, STAFF, STUDENT, Submission
from autograder.service.tokens import authenticate, issue_tokens, roster_ids, token_hash
from autograder.service.uploads import upload_problem
from autograder.service.visibility import result_for

from serve_support import EXAMPLES


@pytest.fixture
def db(tmp_path):
    database = Database.open(f"sqlite:///{tmp_path / 'cg.db'}")
    yield database
    database.close()


# ------------------------------------------------------------------ course file


def test_course_file_reads_policies_and_submission_policy(tmp_path):
    (tmp_path / "p.toml").write_text('[assignment]\nname = "a2_conv2d"\ndeadline = 2030-01-01T00:00:00Z\n'
                                     '[groups.conv2d]\npoints = 40\n')
    (tmp_path / "c.toml").write_text('[submission]\ncooldown_seconds = 5\ndaily_cap = 3\n'
                                     '[staff]\nnames = ["ta"]\n[assignments.a2]\npolicy = "p.toml"\n')
    course = load_course(tmp_path / "c.toml")
    assert list(course.assignments) == ["a2_conv2d"]
    assert course.policy("a2_conv2d").groups["conv2d"].points == 40
    assert course.policy("a2_conv2d").deadline == datetime(2030, 1, 1, tzinfo=timezone.utc)
    assert course.submission == SubmissionPolicy(cooldown_seconds=5, daily_cap=3)
    assert course.staff == ("ta",)


@pytest.mark.parametrize("text, words", [
    ("[assignments.a9]\n", "not an assignment"),
    ("[submission]\ncooldown_seconds = -1\n[assignments.a1]\n", "cooldown_seconds"),
    ("[course]\nsandbox = 'docker'\n[assignments.a1]\n", "course.sandbox"),
    ("[course]\ntitle = 'x'\n", "no [assignments.NAME]"),
    ("[assignments.a1]\npolicy = 'missing.toml'\n", "missing.toml does not exist"),
    ("[[[", "not valid TOML"),
])
def test_course_file_errors_name_the_file_and_key(tmp_path, text, words):
    path = tmp_path / "course.toml"
    path.write_text(text)
    with pytest.raises(CourseError) as err:
        load_course(path)
    assert str(path) in str(err.value) and words in str(err.value)


# ------------------------------------------------------------------ tokens


def test_tokens_are_stored_only_as_hashes_and_reissue_replaces(db, tmp_path):
    pairs = issue_tokens(db, [("s1", {}), ("s2", {"email": "s2@example.edu"})], STUDENT)
    staff = issue_tokens(db, [("ta", {})], STAFF)
    dump = "\n".join(sqlite3.connect(tmp_path / "cg.db").iterdump())
    for _, token in pairs + staff:
        assert token not in dump and token_hash(token) in dump
    assert authenticate(db, pairs[0][1]).name == "s1"
    assert authenticate(db, staff[0][1]).role == STAFF
    assert authenticate(db, pairs[0][1][:-1] + "x") is None
    assert authenticate(db, "") is None
    new = issue_tokens(db, [("s1", {})], STUDENT)
    assert authenticate(db, pairs[0][1]) is None and authenticate(db, new[0][1]).name == "s1"
    with pytest.raises(ValueError, match="already registered as student"):
        issue_tokens(db, [("s1", {})], STAFF)


def test_roster_errors_name_file_and_line(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("student_id,name\ns1,A\ns1,B\n")
    with pytest.raises(ValueError, match=r"roster.csv, line 3: .*appears twice"):
        roster_ids(path)
    path.write_text("student_id,name\n,A\n")
    with pytest.raises(ValueError, match=r"line 2: no student_id"):
        roster_ids(path)
    path.write_text("name,email\nAda,ada@example.edu\n")
    assert roster_ids(path)[0][0] == "Ada"


# ------------------------------------------------------------------ the queue


def test_cooldown_and_daily_cap(db):
    policy = SubmissionPolicy(cooldown_seconds=60, daily_cap=2)
    day = 86400 * 20000
    jobs.store_submission(db, "s1", "a1_shapes", "shapes.py", b"x = 1\n", policy, now=day + 10)
    with pytest.raises(jobs.Cooldown) as c:
        jobs.store_submission(db, "s1", "a1_shapes", "shapes.py", b"x = 2\n", policy, now=day + 40)
    assert c.value.reason == "cooldown" and c.value.retry_after == 30
    jobs.store_submission(db, "s2", "a1_shapes", "shapes.py", b"x = 2\n", policy, now=day + 40)
    jobs.store_submission(db, "s1", "a1_shapes", "shapes.py", b"x = 3\n", policy, now=day + 100)
    with pytest.raises(jobs.Cooldown) as c:
        jobs.store_submission(db, "s1", "a1_shapes", "shapes.py", b"x = 4\n", policy, now=day + 200)
    assert c.value.reason == "daily_cap" and c.value.retry_after == 86400 - 200
    jobs.store_submission(db, "s1", "a1_shapes", "shapes.py", b"x = 5\n", policy, now=day + 86400 + 1)


def _queue(db, n):
    policy = SubmissionPolicy(cooldown_seconds=0, daily_cap=0)
    return [jobs.store_submission(db, f"s{i}", "a1_shapes", "shapes.py", f"x = {i}\n".encode(), policy)
            for i in range(n)]


def test_concurrent_claims_take_each_submission_once(db):
    ids = _queue(db, 30)
    taken: list[int] = []
    lock = threading.Lock()

    def grab(owner):
        while (job := jobs.claim(db, owner)) is not None:
            with lock:
                taken.append(job.id)
            assert jobs.finish(db, job.claim, job.id, "{}")
    threads = [threading.Thread(target=grab, args=(f"g{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(taken) == ids


def test_expired_lease_is_taken_again_and_only_the_new_claim_records(db):
    [sid] = _queue(db, 1)
    first = jobs.claim(db, "dead", lease=0.2)
    assert jobs.claim(db, "other") is None              # the lease still holds
    time.sleep(0.3)
    second = jobs.claim(db, "alive")
    assert second.id == sid
    assert not jobs.heartbeat(db, first.claim, sid)
    assert not jobs.finish(db, first.claim, sid, '{"from": "dead"}')
    assert jobs.finish(db, second.claim, sid, '{"from": "alive"}')
    assert not jobs.finish(db, second.claim, sid, '{"again": 1}')
    with db.session() as s:
        row = s.get(Submission, sid)
        assert (row.status, json.loads(row.result), row.attempts) == (DONE, {"from": "alive"}, 2)


def test_release_requeues_a_dead_process_claims_and_attempts_are_capped(db):
    [sid] = _queue(db, 1)
    for attempt in range(jobs.MAX_ATTEMPTS):
        job = jobs.claim(db, f"g{attempt}")
        assert job.id == sid
        assert jobs.release(db, f"g{attempt}") == 1
    assert jobs.claim(db, "last") is None               # gave up instead of crashing graders forever
    with db.session() as s:
        row = s.get(Submission, sid)
        assert row.status == FAILED and "regrade" in row.reason


# ------------------------------------------------------------------ uploads


@pytest.mark.parametrize("name, data, words", [
    ("shapes.txt", b"x = 1", ".py) or a notebook"),
    ("conv2d.py", b"x = 1", "named for a2_conv2d"),
    ("shapes.py", b"\x00\x01\x02", "binary"),
    ("shapes.py", b"   ", "empty"),
    ("shapes.ipynb", b"{not json", "not a valid notebook"),
    ("shapes.py", b"x" * 2000, "too_large"),
])
def test_upload_problems(name, data, words):
    assert words in upload_problem(name, data, "a1_shapes", max_bytes=1000)


def test_good_uploads_pass():
    for path in (EXAMPLES / "a1_shapes").iterdir():
        assert upload_problem(path.name.replace("correct_", ""), path.read_bytes(), "a1_shapes", 10**7) is None, path


# ------------------------------------------------------------------ what a student sees


def _graded_row(db, deadline):
    result = GradingResult(submission="s1", assignment="a1_shapes", tests=[
        TR("conv_output_size [public] a", "conv_output_size", 1.0, 1.0, "passed"),
        TR("conv_output_size [hidden] b", "conv_output_size", 1.0, 0.0, "failed", hidden=True),
        TR("pool_output_size [public] c", "pool_output_size", 2.0, 0.0, "failed",
                   misconceptions=["ceil-mode-window"])])
    with db.session() as s:
        row = Submission(student="s1", assignment="a1_shapes", filename="shapes.py", data=b"", sha256="",
                         submitted_at=time.time(), status=DONE, attempts=1, reason="", counted=True,
                         result=json.dumps(to_results_json(result)))
        s.add(row)
    course = Course(assignments={"a1_shapes": Policy(assignment="a1_shapes", deadline=deadline)})
    return row, course


def test_student_sees_hidden_results_only_after_the_deadline(db):
    future = datetime.fromtimestamp(time.time() + 3600, timezone.utc)
    row, course = _graded_row(db, future)
    mine = result_for(row, course, [], staff=False, now=time.time())
    assert [t["name"] for t in mine["tests"]] == ["conv_output_size [public] a", "pool_output_size [public] c"]
    assert (mine["score"], mine["max_score"], mine["extra_data"]["tests_not_shown"]) == (1.0, 3.0, 1)
    assert "1 more test" in mine["output"]
    staff = result_for(row, course, [], staff=True, now=time.time())
    assert len(staff["tests"]) == 3 and staff["score"] == 1.0 and staff["max_score"] == 4.0
    later = result_for(row, course, [], staff=False, now=time.time() + 7200)
    assert len(later["tests"]) == 3
    shown_early = Course(assignments=course.assignments,
                         submission=SubmissionPolicy(show_hidden_before_deadline=True))
    assert len(result_for(row, shown_early, [], staff=False, now=time.time())["tests"]) == 3


# ------------------------------------------------------------------ operations


def test_migrations_match_the_models(db):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from autograder.service.models import Base

    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_only_loopback_is_quiet_and_the_example_course_loads():
    from autograder.service.server import host_warning
    from serve_support import ROOT

    assert host_warning("127.0.0.1") is None
    assert "TLS" in host_warning("0.0.0.0")
    course = load_course(ROOT / "examples" / "course" / "course.toml")
    assert course.policy("a1_shapes").deadline is not None and course.sandbox == "bwrap"


def test_serve_fails_closed_when_the_course_demands_bwrap_and_it_is_missing(tmp_path):
    import os
    import subprocess

    from serve_support import CLI

    (tmp_path / "c.toml").write_text('[course]\nsandbox = "bwrap"\n[assignments.a1]\n')
    out = subprocess.run([*CLI, "serve", "--course", str(tmp_path / "c.toml"), "--port", "0"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120, env={**os.environ, "PATH": str(tmp_path)})
    assert out.returncode == 1 and "demands the bwrap sandbox" in out.stderr
    assert not (tmp_path / "convgrade-data").exists()
