"""Secret tokens: issued once, stored as a SHA-256 hash, checked in constant time.

    pairs = issue_tokens(db, roster_ids(path), STUDENT)   # [(id, token)]; shown once
    person = authenticate(db, token)                       # Person or None

A token holds 32 random bytes, so an unsalted SHA-256 is enough to keep the stored hash useless
to whoever reads the database; the comparison of the hashes is constant-time all the same.
"""
from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import secrets
import time
from pathlib import Path

from sqlalchemy import select

from autograder.service.database import Database
from autograder.service.models import STAFF, STUDENT, Person

TOKEN_PREFIX = "cg_"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def roster_ids(path: Path | str) -> list[tuple[str, dict[str, str]]]:
    """(student id, roster columns) per row of a CSV roster; the id column is ``student_id``,
    ``id`` or ``sid``, else the first column. Raises ValueError naming the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot be read as a UTF-8 CSV roster ({exc})") from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise ValueError(f"{path}: the roster is empty (a header line such as 'student_id,name,email' is needed)")
    key = next((k for k in ("student_id", "id", "sid") if k in reader.fieldnames), reader.fieldnames[0])
    out, seen = [], set()
    for line, row in enumerate(reader, start=2):
        sid = (row.get(key) or "").strip()
        if not sid:
            raise ValueError(f"{path}, line {line}: no {key}")
        if len(sid) > 200 or any(c in sid for c in "/\\\x00\n\r") :
            raise ValueError(f"{path}, line {line}: {key} {sid[:40]!r} is not a usable id")
        if sid in seen:
            raise ValueError(f"{path}, line {line}: {key} {sid!r} appears twice")
        seen.add(sid)
        meta = {k: (v or "").strip() for k, v in row.items() if k and k != key and v}
        meta.setdefault("sid", sid)
        out.append((sid, meta))
    return out


def issue_tokens(db: Database, people: list[tuple[str, dict[str, str]]], role: str) -> list[tuple[str, str]]:
    """A new token for each person (replacing an older one); returns (id, token) pairs."""
    if role not in (STUDENT, STAFF):
        raise ValueError(f"role must be {STUDENT} or {STAFF}")
    pairs = []
    with db.session() as s:
        for name, meta in people:
            token = new_token()
            person = s.scalars(select(Person).where(Person.name == name)).one_or_none()
            if person is None:
                person = Person(name=name, role=role, created_at=time.time(), meta="{}")
                s.add(person)
            elif person.role != role:
                raise ValueError(f"{name!r} is already registered as {person.role}")
            person.token_hash = token_hash(token)
            person.meta = json.dumps(meta, sort_keys=True)
            pairs.append((name, token))
    return pairs


def authenticate(db: Database, token: str | None) -> Person | None:
    """The person holding ``token``, or None."""
    if not token or len(token) > 200:
        return None
    digest = token_hash(token)
    with db.session() as s:
        person = s.scalars(select(Person).where(Person.token_hash == digest)).one_or_none()
    if person is None or not hmac.compare_digest(person.token_hash or "", digest):
        return None
    return person


def tokens_csv(pairs: list[tuple[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["id", "token"])
    writer.writerows(pairs)
    return buf.getvalue()
