"""Options shared by several commands, defined once and reused as decorators."""
from __future__ import annotations

import contextlib
import os

import click

lang_option = click.option(
    "--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
    help="Language of every student-facing text.",
)
student_lang_option = click.option(
    "--lang", type=click.Choice(["en", "zh"]), default=None, show_default="en; zh for a .zh.ipynb notebook",
    help="Language of every student-facing text.",
)


def resolve_lang(lang: str | None, paths) -> str:
    """--lang when given; otherwise zh when the work is a Chinese notebook (``*.zh.ipynb``)."""
    if lang:
        return lang
    return "zh" if paths and all(str(p).lower().endswith(".zh.ipynb") for p in paths) else "en"


sandbox_option = click.option(
    "--sandbox", type=click.Choice(["auto", "bwrap", "none"]),
    default=lambda: os.environ.get("CONVGRADE_SANDBOX", "auto"), show_default="auto",
    help="How student code is isolated. 'bwrap' fails closed when bubblewrap is missing; "
         "'none' uses resource limits only (not a security boundary). "
         "Environment: CONVGRADE_SANDBOX.",
)
device_option = click.option(
    "--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
    help="Where torch computes the ground truth for the large cases (auto: the GPU when present).",
)
assignment_option = click.option(
    "--assignment", "-a", default=None, metavar="A",
    help="a1_shapes, a2_conv2d, a3_kernel_matrix or a4_transposed_conv (short: a1..a4). "
         "May be left out where the module's file name tells it.",
)


@contextlib.contextmanager
def unwritable_is_usage_error(target):
    """Turn an OSError while writing ``target`` (a file in the way, no permission, a full disk)
    into a plain message and exit status 2: the user's to fix, not a traceback."""
    try:
        yield
    except OSError as err:
        where = err.filename or target
        why = (f"{where} is a file, not a folder" if isinstance(err, (FileExistsError, NotADirectoryError))
               else f"{where}: {err.strerror or err}")
        click.echo(f"convgrade: cannot write {target}: {why}", err=True)
        raise SystemExit(2) from None
