"""`convgrade serve` on PostgreSQL: a throwaway cluster (initdb + pg_ctl from Debian's postgresql,
on a Unix socket under a temp folder, run as an unprivileged user when the tests run as root),
the schema made by Alembic, concurrent claims, and the whole flow over HTTP."""
from __future__ import annotations

import csv
import io
import os
import pwd
import shutil
import signal
import subprocess
import threading
from pathlib import Path

import httpx
import pytest

from autograder.service import jobs
from autograder.service.course import SubmissionPolicy
from autograder.service.database import Database
from serve_support import EXAMPLES, Server, issue, post, wait_done, write_course


def _pg_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return versions[-1].parent if versions else None


PG_BIN = _pg_bin()
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(PG_BIN is None, reason="PostgreSQL's initdb/pg_ctl are not installed "
                                 "(Debian package 'postgresql'; scripts/setup.sh --dev installs it)")]


def _as_user(args: list[str], user: str | None) -> list[str]:
    if user is None:
        return args
    return ["su", "-s", "/bin/sh", user, "-c", " ".join(_quote(a) for a in args)]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


@pytest.fixture(scope="module")
def pg_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pg")
    user = None
    if os.geteuid() == 0:                     # initdb refuses to run as root
        user = "nobody"
        uid = pwd.getpwnam(user).pw_uid
        os.chmod(folder, 0o755)
        for parent in folder.parents:          # the temp folder must be reachable for that user
            if parent == Path("/"):
                break
            if not os.stat(parent).st_mode & 0o001:
                os.chmod(parent, os.stat(parent).st_mode | 0o011)
        os.chown(folder, uid, -1)
    data = folder / "data"
    subprocess.run(_as_user([str(PG_BIN / "initdb"), "-D", str(data), "-U", "convgrade", "-A", "trust",
                             "--no-sync"], user), check=True, capture_output=True, timeout=120)
    options = f"-k {folder} -c listen_addresses='' -c fsync=off"
    subprocess.run(_as_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                             str(folder / "pg.log"), "-w", "start"], user), check=True, capture_output=True,
                   timeout=120)
    try:
        yield f"postgresql://convgrade@/postgres?host={folder}"
    finally:
        pidfile = data / "postmaster.pid"
        pid = int(pidfile.read_text().split()[0]) if pidfile.exists() else None
        subprocess.run(_as_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], user),
                       capture_output=True, timeout=60)
        if pid is not None and pidfile.exists():      # pg_ctl could not stop it: nothing may outlive the test
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def test_concurrent_claims_on_postgresql(pg_url):
    db = Database.open(pg_url)
    try:
        assert db.dialect == "postgresql"
        policy = SubmissionPolicy(cooldown_seconds=0, daily_cap=0)
        ids = [jobs.store_submission(db, f"p{i}", "a3_kernel_matrix", "kernel_matrix.py", b"x = 1\n", policy) for i in range(40)]
        taken, lock = [], threading.Lock()

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
        Database.open(pg_url).close()          # migrating again is a no-op
    finally:
        db.close()


def test_the_flow_on_postgresql(pg_url, tmp_path):
    course = write_course(tmp_path, cooldown=0)
    tokens = issue(pg_url, course, roster=["pg1"])
    tokens.update(issue(pg_url, course, staff="ta-lin"))
    server = Server(course, pg_url, workers=1).start()
    try:
        data = (EXAMPLES / "a1_shapes" / "correct_shapes.py").read_bytes()
        r = post(server, tokens["pg1"], "a1_shapes", "shapes.py", data)
        assert r.status_code == 202
        done = wait_done(server, tokens["pg1"], r.json()["id"])
        assert done["status"] == "done" and done["result"]["score"] == done["result"]["max_score"] > 0
        text = httpx.get(server.url + "/api/v1/assignments/a1_shapes/gradebook.csv",
                         headers={"Authorization": f"Bearer {tokens['ta-lin']}"}).text
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [r["student"] for r in rows] == ["pg1"] and rows[0]["total"] == rows[0]["max"]
    finally:
        server.stop()
