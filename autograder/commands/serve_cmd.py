"""``convgrade serve``: the course server; ``convgrade serve tokens``: issue tokens."""
from __future__ import annotations

import sys

import click

HOST_HELP = "Address to listen on. Anything but 127.0.0.1 reaches other machines: put TLS in front."


@click.group(invoke_without_command=True)
@click.option("--course", "course_file", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Course file (TOML): open assignments and their policies, submission policy, staff. "
                   "Without it: all four assignments open, no deadline.")
@click.option("--db", "db_url", default=None, metavar="URL",
              help="Database: sqlite:///PATH or postgresql://USER@HOST/DB "
                   "(default: a SQLite file in ./convgrade-data/).")
@click.option("--host", default="127.0.0.1", show_default=True, help=HOST_HELP)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Local grading processes (each holds one grading session); with --scheduler, the "
                   "submissions sent to the cluster at once.")
@click.option("--scheduler", envvar="CONVGRADE_SCHEDULER", default=None, metavar="tcp://HOST:PORT",
              help="Grade on the Dask cluster of this scheduler (workers run `convgrade worker`; each "
                   "chooses its sandbox as on one machine); also CONVGRADE_SCHEDULER.")
@click.pass_context
def serve(ctx: click.Context, course_file: str | None, db_url: str | None, host: str, port: int,
          workers: int, scheduler: str | None) -> None:
    """Serve the course: students submit and get feedback, staff watch the dashboard.

    \b
    convgrade serve tokens --roster roster.csv > tokens.csv
    convgrade serve tokens --staff ta-lin >> tokens.csv
    convgrade serve --course course.toml
    """
    ctx.ensure_object(dict)
    ctx.obj.update(course_file=course_file, db_url=db_url)
    if ctx.invoked_subcommand is not None:
        return
    from autograder.cluster.executor import ClusterUnavailable
    from autograder.sandbox.resolve import SandboxUnavailable
    from autograder.service.course import CourseError
    from autograder.service.server import run

    try:
        run(course_file, db_url, host, port, workers, scheduler)
    except CourseError as exc:
        raise click.UsageError(str(exc)) from None
    except ClusterUnavailable as exc:
        click.echo(f"convgrade serve: {exc}", err=True)
        sys.exit(2)
    except SandboxUnavailable as exc:
        raise click.ClickException(f"the course demands the bwrap sandbox, which cannot run here: {exc}") from None


@serve.command("tokens")
@click.option("--roster", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="CSV roster with a student_id (or id, sid) column: one token per student.")
@click.option("--staff", "staff_name", default=None, metavar="NAME", help="One staff member's name.")
@click.option("--course", "course_file", type=click.Path(dir_okay=False), default=None, metavar="FILE")
@click.option("--db", "db_url", default=None, metavar="URL")
@click.pass_context
def tokens(ctx: click.Context, roster: str | None, staff_name: str | None, course_file: str | None,
           db_url: str | None) -> None:
    """Print CSV id,token for a roster's students or one staff member; only a hash is stored.

    A token is shown this once: hand it out now. Issuing again replaces the old token."""
    from autograder.service.course import CourseError, load_course
    from autograder.service.database import Database, default_url
    from autograder.service.models import STAFF, STUDENT
    from autograder.service.tokens import issue_tokens, roster_ids, tokens_csv

    if (roster is None) == (staff_name is None):
        raise click.UsageError("give either --roster FILE or --staff NAME")
    course_file = course_file or ctx.obj.get("course_file")
    db_url = db_url or ctx.obj.get("db_url") or default_url()
    try:
        course = load_course(course_file)
        people = roster_ids(roster) if roster else [(staff_name.strip(), {})]
    except (CourseError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    if staff_name is not None and not staff_name.strip():
        raise click.UsageError("--staff needs a name")
    if staff_name and course.staff and staff_name not in course.staff:
        click.echo(f"convgrade: note: {staff_name!r} is not in the course file's staff list", err=True)
    db = Database.open(db_url)
    try:
        pairs = issue_tokens(db, people, STUDENT if roster else STAFF)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    finally:
        db.close()
    sys.stdout.write(tokens_csv(pairs))
