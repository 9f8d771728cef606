"""`convgrade serve` over real HTTP: a uvicorn server in a subprocess on a loopback port, with real
grading processes and the sandbox the environment names (CI: bwrap)."""
from __future__ import annotations

import csv
import io
import re
import subprocess
import time
from contextlib import closing

import httpx
import pytest

from serve_support import CLI, EXAMPLES, Server, issue, post, wait_done, write_course

pytestmark = pytest.mark.slow
CORRECT = (EXAMPLES / "a1_shapes" / "correct_shapes.py").read_bytes()
BUGGY = (EXAMPLES / "a1_shapes" / "buggy_ceil_shapes.py").read_bytes()
STUDENTS = ["s1", "s2", "s3", "s4", "s5", "s6", "s7", 'x"><img src=z onerror=alert(1)>']


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve-api")
    course = write_course(folder, cooldown=30, max_bytes=100_000)
    db_url = f"sqlite:///{folder / 'data' / 'cg.db'}"
    tokens = issue(db_url, course, roster=STUDENTS)
    tokens.update(issue(db_url, course, staff="ta-lin"))
    server = Server(course, db_url, workers=1).start()
    try:
        yield server, tokens
    finally:
        server.stop()


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def test_health(served):
    server, _ = served
    r = httpx.get(server.url + "/api/v1/health")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    assert r.headers["x-content-type-options"] == "nosniff"


def test_submit_graded_then_visible_per_policy(served):
    server, tokens = served
    r = post(server, tokens["s1"], "a1_shapes", "shapes.py", BUGGY)
    assert r.status_code == 202, r.text
    body = r.json()
    assert set(body) == {"id", "status"} and body["status"] == "queued"
    done = wait_done(server, tokens["s1"], body["id"])
    assert (done["student"], done["assignment"], done["status"]) == ("s1", "a1_shapes", "done")
    mine = done["result"]
    # no deadline and hidden results not shown before it: the student sees public tests only
    assert mine["tests"] and not any(t["extra_data"]["hidden"] for t in mine["tests"])
    assert mine["extra_data"]["tests_not_shown"] > 0
    assert any("misconception:off-by-one-size" in t["tags"] for t in mine["tests"])
    staff = httpx.get(f"{server.url}/api/v1/submissions/{body['id']}", headers=_auth(tokens["ta-lin"])).json()
    assert len(staff["result"]["tests"]) == len(mine["tests"]) + mine["extra_data"]["tests_not_shown"]
    assert any(t["extra_data"]["hidden"] for t in staff["result"]["tests"])
    # another student sees nothing of it
    other = httpx.get(f"{server.url}/api/v1/submissions/{body['id']}", headers=_auth(tokens["s2"]))
    assert other.status_code == 404


def test_refusals(served):
    server, tokens = served
    assert post(server, "cg_not-a-token", "a1_shapes", "shapes.py", CORRECT).status_code == 401
    assert httpx.get(server.url + "/api/v1/submissions/1").status_code == 401
    big = post(server, tokens["s3"], "a1_shapes", "shapes.py", b"#" * 300_000)
    assert big.status_code == 413
    for name, data in [("shapes.txt", CORRECT), ("conv2d.py", CORRECT), ("shapes.py", b"\x00\xff" * 10)]:
        r = post(server, tokens["s3"], "a1_shapes", name, data)
        assert r.status_code == 422, (name, r.text)
    assert post(server, tokens["s3"], "a9_nothing", "shapes.py", CORRECT).status_code == 422
    r = httpx.post(server.url + "/api/v1/submissions", headers=_auth(tokens["s3"]), data={"assignment": "a1"})
    assert r.status_code == 422
    assert post(server, tokens["ta-lin"], "a1_shapes", "shapes.py", CORRECT).status_code == 403
    # none of the refused uploads was stored: the first real one is still accepted at once
    assert post(server, tokens["s3"], "a1_shapes", "shapes.py", CORRECT).status_code == 202


def test_cooldown_answers_429_with_retry_after(served):
    server, tokens = served
    assert post(server, tokens["s4"], "a1_shapes", "shapes.py", CORRECT).status_code == 202
    r = post(server, tokens["s4"], "a1", "shapes.py", CORRECT)
    assert r.status_code == 429
    assert 1 <= int(r.headers["Retry-After"]) <= 30


def test_gradebook_for_staff_only_in_every_layout(served):
    server, tokens = served
    sid = post(server, tokens["s5"], "a1_shapes", "shapes.py", CORRECT).json()["id"]
    wait_done(server, tokens["s5"], sid)
    url = server.url + "/api/v1/assignments/a1_shapes/gradebook.csv"
    assert httpx.get(url, headers=_auth(tokens["s5"])).status_code == 403
    assert httpx.get(url).status_code == 401
    assert httpx.get(url + "?layout=excel", headers=_auth(tokens["ta-lin"])).status_code == 422
    plain = httpx.get(url + "?layout=plain", headers=_auth(tokens["ta-lin"]))
    assert plain.status_code == 200 and plain.headers["content-type"].startswith("text/csv")
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO(plain.text))}
    assert rows["s5"]["total"] == rows["s5"]["max"] and float(rows["s5"]["max"]) > 0
    canvas = list(csv.reader(io.StringIO(httpx.get(url + "?layout=canvas", headers=_auth(tokens["ta-lin"])).text)))
    assert canvas[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert any(r[0] == "Name s5" and r[2] == "s5" for r in canvas[1:])
    moodle = list(csv.reader(io.StringIO(httpx.get(url + "?layout=moodle", headers=_auth(tokens["ta-lin"])).text)))
    assert moodle[0][:2] == ["ID number", "Email address"]
    assert any(r[0] == "s5" and r[1] == "s5@example.edu" for r in moodle[1:])


def test_submit_command_line_client(served):
    server, tokens = served
    path = EXAMPLES / "a1_shapes" / "correct_shapes.py"
    out = subprocess.run([*CLI, "submit", str(path), "--assignment", "a1", "--server", server.url,
                          "--token", tokens["s6"], "--timeout", "300"], capture_output=True, text=True, timeout=400)
    assert out.returncode == 0, out.stderr
    assert re.search(r"score: (\d+) / \1\b", out.stdout)
    again = subprocess.run([*CLI, "submit", str(path), "-a", "a1", "--server", server.url,
                            "--token", tokens["s6"]], capture_output=True, text=True, timeout=120)
    assert again.returncode == 1 and "retry after" in again.stderr


def _signed_in(server, token) -> httpx.Client:
    client = httpx.Client(base_url=server.url, follow_redirects=False, timeout=60)
    client.get("/")
    r = client.post("/login", data={"token": token, "csrf": client.cookies["convgrade_csrf"]})
    assert r.status_code == 303, r.text
    return client


def test_forms_need_the_csrf_value_and_pages_escape_student_strings(served):
    server, tokens = served
    hostile = STUDENTS[-1]
    with httpx.Client(base_url=server.url, timeout=60) as anonymous:
        anonymous.get("/")
        r = anonymous.post("/login", data={"token": tokens["s7"], "csrf": "forged"})
        assert r.status_code == 403 and "convgrade_session" not in r.cookies
    with closing(_signed_in(server, tokens[hostile])) as student:
        files = {"file": ("<script>alert(1)</script>shapes.py", BUGGY)}
        r = student.post("/upload", data={"assignment": "a1_shapes", "csrf": "wrong"}, files=files)
        assert r.status_code == 303 and "/submissions/" not in r.headers["location"]
        r = student.post("/upload", data={"assignment": "a1_shapes", "csrf": student.cookies["convgrade_csrf"]},
                         files=files)
        assert r.status_code == 303 and r.headers["location"].startswith("/submissions/"), r.headers
        page = student.get(r.headers["location"]).text
        assert "<img src=z" not in page and "&lt;img src=z" in page
        cross = student.post("/upload", headers={"Origin": "https://evil.example"},
                             data={"assignment": "a1_shapes", "csrf": student.cookies["convgrade_csrf"]}, files=files)
        assert "/submissions/" not in cross.headers["location"]
        assert student.get("/staff").status_code == 403
    with closing(_signed_in(server, tokens["ta-lin"])) as staff:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            page = staff.get("/staff/assignments/a1_shapes").text
            if "onerror" in page:
                break
            time.sleep(1)
        assert "onerror" in page and "<img src=z" not in page
        assert "&lt;img src=z onerror=alert(1)&gt;" in page
        # the class's misconceptions name the students behind each, escaped
        assert re.search(r'off-by-one-size</code> \(\d+\):.*x&#34;&gt;&lt;img src=z', page), page


def test_staff_override_with_reason_then_regrade_previewed_and_committed(served):
    server, tokens = served
    sid = post(server, tokens["s2"], "a1_shapes", "shapes.py", BUGGY).json()["id"]
    before = wait_done(server, tokens["s2"], sid)["result"]
    with closing(_signed_in(server, tokens["ta-lin"])) as staff:
        csrf = staff.cookies["convgrade_csrf"]
        r = staff.post("/staff/students/s2/overrides", data={
            "csrf": csrf, "assignment": "a1_shapes", "target": "", "score": "7", "reason": "regrade request 3"})
        assert r.status_code == 303 and "saved" in r.headers["location"]
        r = staff.post("/staff/students/s2/overrides", data={
            "csrf": csrf, "assignment": "a1_shapes", "target": "", "score": "9", "reason": " "})
        assert "saved" not in r.headers["location"]
        url = "/api/v1/assignments/a1_shapes/gradebook.csv"
        rows = {r["student"]: r for r in csv.DictReader(io.StringIO(staff.get(url).text))}
        assert rows["s2"]["total"] == "7" and "regrade request 3" in rows["s2"]["overrides"]
        mine = httpx.get(f"{server.url}/api/v1/submissions/{sid}", headers=_auth(tokens["s2"])).json()["result"]
        assert "regrade request 3" in mine["output"]
        # regrade s2: previewed, nothing counts before the commit
        r = staff.post("/staff/assignments/a1_shapes/regrade", data={"csrf": csrf, "student": "s2"})
        assert r.status_code == 303 and r.headers["location"].startswith("/staff/regrades/")
        preview = r.headers["location"]
        deadline = time.monotonic() + 300
        while "still being regraded" in (page := staff.get(preview).text) and time.monotonic() < deadline:
            time.sleep(1)
        assert "Nobody&#39;s score changes." in page or "Nobody's score changes." in page
        r = staff.post(preview + "/commit", data={"csrf": csrf})
        assert "1%20regraded" in r.headers["location"] or "1 regraded" in staff.get(r.headers["location"]).text
        rows = list(csv.DictReader(io.StringIO(staff.get(url).text)))
        assert [r["student"] for r in rows].count("s2") == 1
    # the student never sees the regrade copy as a submission of their own
    copy = httpx.get(f"{server.url}/api/v1/submissions/{sid + 1}", headers=_auth(tokens["ta-lin"])).json()
    assert copy["student"] == "s2" and copy["result"]["score"] == 7      # the override holds on the regrade
    assert httpx.get(f"{server.url}/api/v1/submissions/{sid + 1}", headers=_auth(tokens["s2"])).status_code == 404
    assert before["score"] != 7
