"""Uploads: read the body up to a cap (413 beyond it), then refuse what the assignment does not
take (422): not a .py or .ipynb, named for another assignment, not text, not a notebook."""
from __future__ import annotations

from pathlib import PurePosixPath

from starlette.requests import Request

from autograder.submission import decode_source, detect_assignment, notebook_chunks

FORM_OVERHEAD = 64 * 1024          # multipart headers and the small fields around the file
ACCEPTED = (".py", ".ipynb")


class TooLarge(Exception):
    pass


async def read_capped_form(request: Request, max_file_bytes: int):
    """The multipart form, read only while the body stays under the cap (raises TooLarge)."""
    cap = max_file_bytes + FORM_OVERHEAD
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > cap:
        raise TooLarge()
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > cap:
            raise TooLarge()
    request._body = bytes(body)      # Starlette's form parser reads a body already received
    return await request.form(max_files=1, max_fields=8)


def upload_problem(filename: str, data: bytes, assignment: str, max_bytes: int) -> str | None:
    """Why this upload is not a submission for ``assignment``; None when it is one."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name
    label = name[:80] or "the file"
    if len(data) > max_bytes:
        return "too_large"
    if not name.lower().endswith(ACCEPTED):
        return f"{label}: upload a Python file (.py) or a notebook (.ipynb)."
    named_for = detect_assignment(name)
    if named_for and named_for != assignment:
        return f"{label} is named for {named_for}, not {assignment}."
    if not data.strip():
        return f"{label} is empty."
    if name.lower().endswith(".py"):
        _, problem = decode_source(data, label)
        return problem
    chunks, _, problems = notebook_chunks(data, label)
    if problems:
        return " ".join(problems)
    return None if chunks else f"{label} holds no code cell."
