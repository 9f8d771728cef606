"""The example course through the real CLI: one final score everywhere, and lateness only from
times the TA trusts (file dates only when the policy names "mtime")."""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "batch" / "a1_shapes"
POLICY = REPO / "examples" / "policy" / "a1_shapes.toml"
DEADLINE = datetime(2025, 2, 15, 4, 59, tzinfo=timezone.utc)      # the example policy's, in UTC


def _grade(*args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "cli.py", "grade", *args, "--visibility", "public"],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def _table(out: Path) -> dict[str, dict[str, str]]:
    return {r["student"]: r for r in csv.DictReader(io.StringIO((out / "gradebook.csv").read_text()))}


def _printed(stdout: str) -> dict[str, float]:
    return {m[1]: float(m[2]) for m in re.finditer(r"^(\w+): ([\d.]+) / [\d.]+ \(\w+\)$", stdout, re.M)}


def test_example_course_one_score_everywhere_and_nobody_late_from_file_dates(tmp_path):
    subs = tmp_path / "a1_shapes"
    shutil.copytree(EXAMPLE, subs)
    late = 1_800_000_000                                     # 2027: long after the deadline
    for f in subs.iterdir():
        os.utime(f, (late, late))
    out = tmp_path / "out"
    proc = _grade(str(subs), "-a", "a1", "--policy", str(POLICY), "--out", str(out))
    table, printed = _table(out), _printed(proc.stdout)
    assert set(table) == set(printed) == {"lovelaceada", "turingalan", "hoppergrace"}
    for student, row in table.items():
        total = float(row["total"])
        assert printed[student] == total and row["late_days"] == "0" and row["time_source"] == "unknown"
        result = json.loads((out / "results" / f"{student}.json").read_text())
        assert result["score"] == total == result["extra_data"]["final_score"]["final"]
        assert f"**{total:g} / 100**" in (out / "feedback" / f"{student}.md").read_text()
        assert f"{total:g} / 100" in (out / "feedback" / f"{student}.html").read_text()
        assert f"<td>{total:g}/100</td>" in (out / "summary.html").read_text()
    assert "0 of 3 submissions late" in proc.stdout
    assert "No known submission time for 3 submissions (not marked late" in proc.stdout
    assert "Canvas marks 1 as late but gives no time" in proc.stdout and "hoppergrace" in proc.stdout

    # the policy names file dates as a source: now the 2027 dates count, and say where they came from
    policy = tmp_path / "mtime.toml"
    policy.write_text(POLICY.read_text().replace("[late]\n", '[late]\ntime_source = "mtime"\n', 1))
    assert 'time_source = "mtime"' in policy.read_text()
    proc = _grade(str(subs), "-a", "a1", "--policy", str(policy), "--out", str(out))
    table = _table(out)
    for student, row in table.items():
        assert float(row["total"]) == 0 and int(row["late_days"]) > 3        # past max_days: 0
        assert row["time_source"].startswith("file date") and row["submitted_at"].startswith("2027-")
        assert _printed(proc.stdout)[student] == 0
    assert "3 of 3 submissions late" in proc.stdout


def test_times_file_and_override_on_one_file_without_out(tmp_path):
    sub = tmp_path / "smithjane_shapes.py"
    shutil.copy(next(EXAMPLE.glob("lovelaceada_*")), sub)
    times = tmp_path / "times.csv"
    when = DEADLINE.replace(hour=6)                           # a day's start late, after the grace
    times.write_text(f"student,submitted_at\nsmithjane_shapes,{when.isoformat()}\n")
    proc = _grade(str(sub), "-a", "a1", "--policy", str(POLICY), "--times", str(times),
                  "--json", str(tmp_path / "r.json"))
    result = json.loads((tmp_path / "r.json").read_text())
    final = result["extra_data"]["final_score"]
    assert [a["kind"] for a in final["adjustments"]] == ["late"] and final["final"] == 90
    assert result["score"] == 90 and _printed(proc.stdout) == {"smithjane_shapes": 90}
    assert final["time_source"] == "the times file times.csv"
