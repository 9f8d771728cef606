"""Course policy: points and visibility per group, lateness, manual overrides (no grading here)."""
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from autograder.policy import (LatePolicy, Override, Policy, PolicyError, apply_policy, late_days, load_overrides,
                               load_policy)
from autograder.results import GradingResult
from autograder.results import TestResult as Outcome

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "policy" / "a1_shapes.toml"
UTC = timezone.utc


def _result() -> GradingResult:
    tests = []
    for i in range(4):
        tests.append(Outcome(f"conv_output_size [hidden] c{i}", "conv_output_size", 1.0,
                                score=1.0 if i < 3 else 0.0, status="passed" if i < 3 else "failed",
                                group="conv_output_size"))
    tests.append(Outcome("receptive_field [public] r", "receptive_field", 2.0, score=0.0,
                            group="receptive_field"))
    return GradingResult("alice", "a1_shapes", tests=tests)


def _write(tmp_path: Path, text: str, name: str = "p.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_example_policy_reads_every_key():
    p = load_policy(EXAMPLE)
    assert p.title and p.lms_id == "12345" and p.total_points == 100
    assert p.deadline is not None and p.deadline.tzinfo is not None
    assert p.late.grace_minutes == 15 and p.late.percent_per_day == 10 and p.late.max_days == 3
    assert p.groups["conv_output_size"].points == 20
    assert p.groups["receptive_field"].visibility == "after_due_date"


def test_group_points_and_visibility(tmp_path):
    p = load_policy(_write(tmp_path, '[groups.conv_output_size]\npoints = 20\nvisibility = "hidden"\n'))
    graded = apply_policy(_result(), p)
    groups = graded.group_scores()
    assert groups["conv_output_size"] == (15.0, 20.0)           # 3 of 4 equal tests
    assert groups["receptive_field"] == (0.0, 2.0)              # untouched
    assert graded.total == 15.0 and graded.max_score == 22.0
    assert {t.visibility for t in graded.result.tests if t.group == "conv_output_size"} == {"hidden"}
    assert _result().tests[0].max_score == 1.0                   # the engine's result is not changed


def test_total_points_rescales_after_groups(tmp_path):
    p = load_policy(_write(tmp_path, "[assignment]\npoints = 100\n[groups.receptive_field]\npoints = 6\n"))
    graded = apply_policy(_result(), p)
    assert graded.max_score == pytest.approx(100.0)
    assert graded.total == pytest.approx(30.0)                   # 3 of (4 + 6) points
    assert graded.percent == pytest.approx(30.0)


def test_late_days_with_grace_and_cap():
    deadline = datetime(2025, 2, 14, 23, 59, tzinfo=UTC)
    p = Policy(deadline=deadline, late=LatePolicy(percent_per_day=10, max_days=2, grace_minutes=15))
    assert late_days(deadline + timedelta(minutes=14), p) == 0
    assert late_days(deadline + timedelta(minutes=16), p) == 1
    assert late_days(deadline + timedelta(days=1, minutes=16), p) == 2
    assert late_days(None, p) == 0
    result = _result()                                            # 3 of 6 points
    assert apply_policy(result, p, submitted_at=deadline).total == 3.0
    one = apply_policy(result, p, submitted_at=deadline + timedelta(hours=2))
    assert (one.late_days, one.late_penalty, one.total) == (1, 10.0, 2.7)
    assert any("1 day late" in n for n in one.notes)
    past = apply_policy(result, p, submitted_at=deadline + timedelta(days=3))
    assert past.late_penalty == 100.0 and past.total == 0.0


def test_naive_deadline_is_local_time(tmp_path):
    p = load_policy(_write(tmp_path, "[assignment]\ndeadline = 2025-02-14T23:59:00\n"))
    assert p.deadline == datetime(2025, 2, 14, 23, 59).astimezone()


def test_overrides_for_test_group_and_total(tmp_path):
    path = _write(tmp_path, '''
[[override]]
student = "alice"
test = "conv_output_size [hidden] c3"
score = 1
reason = "equivalent formula, checked by hand"

[[override]]
student = "alice"
group = "receptive_field"
score = 1
reason = "half credit: right idea"

[[override]]
student = "bob"
score = 50
reason = "exam replacement"
''', "overrides.toml")
    overrides = load_overrides(path)
    assert [o.target for o in overrides] == ["test 'conv_output_size [hidden] c3'", "group 'receptive_field'", "total"]
    alice = apply_policy(_result(), Policy(), overrides)
    assert alice.total == 5.0 and len(alice.applied) == 2
    fixed = [t for t in alice.result.tests if t.name.endswith("c3")][0]
    assert fixed.status == "passed" and "equivalent formula" in fixed.output
    bob = apply_policy(_result(), Policy(), overrides, student="bob")
    assert bob.total == 50 and "exam replacement" in " ".join(bob.notes)


def test_total_override_wins_over_late_penalty():
    deadline = datetime(2025, 1, 1, tzinfo=UTC)
    p = Policy(deadline=deadline, late=LatePolicy(percent_per_day=50))
    o = [Override("alice", 6.0, "illness, documented")]
    graded = apply_policy(_result(), p, o, submitted_at=deadline + timedelta(days=1))
    assert graded.late_penalty == 50.0 and graded.total == 6.0


def test_override_for_unknown_group_is_reported_not_applied():
    graded = apply_policy(_result(), Policy(), [Override("alice", 3, "x", group="nope")])
    assert graded.applied == [] and any("ignored" in n for n in graded.notes)


@pytest.mark.parametrize("text, words", [
    ("[groups.a]\npoints = -1\n", "groups.a.points must be a number"),
    ('[groups.a]\nvisibility = "secret"\n', "visibility must be one of"),
    ("[assignment]\ndeadline = 5\n", "deadline must be a date"),
    ("[assignment\n", "not valid TOML"),
    ('[late]\ntime_source = "zip"\n', "late.time_source must be one of records, mtime"),
])
def test_bad_policy_files_say_what_is_wrong(tmp_path, text, words):
    with pytest.raises(PolicyError, match=words):
        load_policy(_write(tmp_path, text))


def test_override_needs_a_reason(tmp_path):
    path = _write(tmp_path, '[[override]]\nstudent = "a"\nscore = 1\n', "o.toml")
    with pytest.raises(PolicyError, match="needs a reason"):
        load_overrides(path)
    assert load_overrides(tmp_path / "missing.toml") == []


def test_final_score_records_every_step_with_its_reason_in_order():
    deadline = datetime(2025, 1, 1, tzinfo=UTC)
    p = Policy(deadline=deadline, late=LatePolicy(percent_per_day=10))
    o = [Override("alice", 2.0, "regrade request 7", group="receptive_field"),
         Override("alice", 4.5, "oral exam")]
    graded = apply_policy(_result(), p, o, submitted_at=deadline + timedelta(hours=30),
                          time_source="the times file t.csv")
    final = graded.result.final
    assert (final.tests_score, final.max_score) == (3.0, 6.0)
    assert [(a.kind, a.before, a.after) for a in final.adjustments] == [
        ("override_group", 3.0, 5.0), ("late", 5.0, 4.0), ("override_total", 4.0, 4.5)]
    assert final.adjustments[1].late_days == 2 and final.adjustments[1].percent == 20
    assert final.final == graded.total == graded.result.final_score == 4.5
    assert graded.result.score == 5.0                  # the tests' sum is kept apart from the final
    assert final.time_source == "the times file t.csv" and final.submitted_at.startswith("2025-01-02T06:00")


def test_no_known_time_is_never_late_and_says_so():
    p = Policy(deadline=datetime(2025, 1, 1, tzinfo=UTC), late=LatePolicy(percent_per_day=100))
    graded = apply_policy(_result(), p, submitted_at=None, time_source="ignored without a time")
    assert graded.total == 3.0 and graded.late_days == 0
    assert "No recorded submission time: not marked late" in graded.notes
    assert graded.result.final.time_source == "" and graded.result.final.deadline.startswith("2025-01-01")


def test_breakdown_and_results_json_carry_the_same_final_score():
    from autograder.reports.gradescope import from_results_json, to_results_json
    from autograder.reports.score_breakdown import breakdown_lines

    deadline = datetime(2025, 1, 1, tzinfo=UTC)
    p = Policy(deadline=deadline, late=LatePolicy(percent_per_day=10))
    graded = apply_policy(_result(), p, submitted_at=deadline + timedelta(days=1), time_source="Gradescope")
    data = to_results_json(graded.result)
    assert data["score"] == graded.total == 2.7
    again = from_results_json(data)
    assert again.final == graded.result.final and again.final_score == 2.7
    en, zh = breakdown_lines(again, "en"), breakdown_lines(again, "zh")
    assert en[0] == "Tests: 3 / 6" and en[-1] == "Final score: 2.7 / 6"
    assert "10% deducted, 3 -> 2.7" in en[1] and "Gradescope" in en[2]
    assert zh[-1] == "最终成绩：2.7 / 6" and "晚交 1 天" in zh[1]
    assert breakdown_lines(_result()) == []            # no policy applied: nothing to explain
