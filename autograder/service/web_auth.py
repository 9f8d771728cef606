"""Who is asking: a Bearer token (API) or a signed session cookie (pages), and CSRF checks.

Session cookie: ``<person id>.<issued>.<HMAC-SHA256(secret, id.issued.token hash)>``, HttpOnly,
SameSite=Strict; issuing a new token to a person ends their old sessions. Forms carry the value
of a random ``convgrade_csrf`` cookie in a hidden field (double submit) and a POST whose Origin
names another site is refused.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from urllib.parse import urlsplit

from starlette.requests import Request

from autograder.service.database import Database
from autograder.service.models import Person
from autograder.service.tokens import authenticate

SESSION_COOKIE = "convgrade_session"
CSRF_COOKIE = "convgrade_csrf"
SESSION_SECONDS = 14 * 86400


def bearer(request: Request, db: Database) -> Person | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return authenticate(db, token.strip()) if scheme.lower() == "bearer" else None


def session_value(person: Person, secret: str, now: float | None = None) -> str:
    issued = int(time.time() if now is None else now)
    return f"{person.id}.{issued}.{_sign(secret, person.id, issued, person.token_hash or '')}"


def session_person(request: Request, db: Database, secret: str) -> Person | None:
    raw = request.cookies.get(SESSION_COOKIE, "")
    parts = raw.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    pid, issued = int(parts[0]), int(parts[1])
    if time.time() - issued > SESSION_SECONDS:
        return None
    with db.session() as s:
        person = s.get(Person, pid)
    if person is None or not person.token_hash:
        return None
    if not hmac.compare_digest(parts[2], _sign(secret, pid, issued, person.token_hash)):
        return None
    return person


def _sign(secret: str, pid: int, issued: int, token_hash: str) -> str:
    return hmac.new(secret.encode(), f"{pid}.{issued}.{token_hash}".encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> tuple[str, bool]:
    """The CSRF value for this browser, and whether the cookie must be set now."""
    value = request.cookies.get(CSRF_COOKIE, "")
    if len(value) == 43:
        return value, False
    return secrets.token_urlsafe(32), True


def csrf_ok(request: Request, form_value: object) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not cookie or not isinstance(form_value, str) or not hmac.compare_digest(cookie, form_value):
        return False
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = request.headers.get("host", "")
        if urlsplit(origin).netloc != host:
            return False
    return True
