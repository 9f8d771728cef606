"""What ``run_autograder`` runs inside Gradescope's container: grade one submission.

    python -m autograder.export.gradescope_run --root /autograder

Before any student code runs, the source folder (hidden suites, solutions, convgrade itself)
and the results folder are closed to everyone but root (mode 0700), so the worker, which runs
as a dedicated non-root uid (or inside bubblewrap where the container allows it), can neither
read the one nor write the other. The grader then writes ``results/results.json`` itself.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

CONFIG_NAME = "convgrade.json"
CLOSED = ("source", "results", "submission")


def close_folders(root: Path) -> list[str]:
    """chmod 0700 (and chown root, when root) the folders the student's code must not touch."""
    notes = []
    for name in CLOSED:
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            os.chown(folder, 0, 0)
        os.chmod(folder, 0o700)
    if os.geteuid() != 0:
        notes.append("the grader does not run as root: without bubblewrap the student's code "
                     "runs as the grader's own user")
    return notes


def read_config(root: Path) -> dict:
    path = root / "source" / CONFIG_NAME
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def choose(submissions: list, assignment: str):
    """The one submission in Gradescope's submission folder (one student's upload)."""
    from autograder.assignments import get_assignment
    from autograder.submission import Submission

    if len(submissions) == 1:
        return submissions[0]
    usable = [s for s in submissions if s.ok]
    if len(usable) == 1:
        return usable[0]
    names = ", ".join(sorted(s.name for s in submissions)) or "nothing"
    what = "several files that could each be the module" if usable else "no file to grade"
    module = get_assignment(assignment).filename if assignment else "the module"
    return Submission("submission", assignment, [], problems=[
        f"the upload holds {what} (found: {names}); upload {module} or one notebook."])


def grade(root: Path) -> dict:
    """Grade ``root/submission`` and return the results.json object."""
    from autograder.engine import GradeOptions, GradingSession
    from autograder.reports.gradescope import to_results_json
    from autograder.submission import load_submissions

    notes = close_folders(root)
    config = read_config(root)
    assignment = config.get("assignment")
    options = GradeOptions(visibility="all", lang=config.get("lang", "en"),
                           sandbox=config.get("sandbox", "auto"), device="cpu")
    submission = choose(load_submissions(root / "submission", assignment), assignment)
    submission.name = "submission"
    with GradingSession(options) as session:
        result = session.grade(submission, assignment)
    data = to_results_json(result)
    data["extra_data"]["gradescope_notes"] = notes
    return data


def failure(exc: BaseException) -> dict:
    """The results.json of a grader that failed: the student sees that it was not their fault.
    Made by ``GradingResult.failed`` like every failed result; spelled out here only for the
    case where the grader's own package cannot be imported."""
    output = ("The autograder itself failed; your submission was not graded. "
              "Please tell your instructor.")
    try:
        from autograder.reports.gradescope import to_results_json
        from autograder.results import GRADER_ERROR, GradingResult

        data = to_results_json(GradingResult.failed("submission", "", GRADER_ERROR,
                                                    f"{type(exc).__name__}: {exc}", output))
        data.update({"visibility": "visible", "stdout_visibility": "hidden"})
        return data
    except Exception:  # noqa: BLE001 - the package itself is broken: the literal below
        pass
    return {"score": 0.0, "output": ("The autograder itself failed; your submission was not graded. "
                                     "Please tell your instructor."),
            "visibility": "visible", "stdout_visibility": "hidden", "tests": [],
            "extra_data": {"status": "grader_error", "reason": f"{type(exc).__name__}: {exc}"}}


def write_results(root: Path, data: dict) -> Path:
    """results/results.json, written whole (a temporary file renamed into place)."""
    folder = root / "results"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "results.json"
    partial = folder / ".results.json.part"
    partial.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path,
                        default=Path(os.environ.get("CONVGRADE_AUTOGRADER_ROOT", "/autograder")))
    root = parser.parse_args(argv).root.resolve()
    try:
        data, code = grade(root), 0
    except Exception as exc:  # the grader failed: still a results.json Gradescope can show
        traceback.print_exc()
        data, code = failure(exc), 1
    write_results(root, data)
    print(f"convgrade: {data.get('score', 0)} / {data.get('max_score', 0)} "
          f"({data['extra_data'].get('status')})")
    return code


if __name__ == "__main__":
    sys.exit(main())
