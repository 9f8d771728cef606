"""The service's tables (SQLAlchemy 2). Times are UTC seconds since the epoch (floats), the same
in SQLite and PostgreSQL. The schema itself is created and migrated by Alembic (migrations/)."""
from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

QUEUED, GRADING, DONE, FAILED = "queued", "grading", "done", "failed"
STUDENT, STAFF = "student", "staff"


class Base(DeclarativeBase):
    pass


class Person(Base):
    """A student of the roster or a member of staff; only the hash of their token is kept."""

    __tablename__ = "people"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    meta: Mapped[str] = mapped_column(Text, default="{}")           # roster columns, JSON
    created_at: Mapped[float] = mapped_column(Float)


class Submission(Base):
    """One upload (or one regrade of an upload), its bytes, and its result once graded.

    ``counted`` marks the rows the gradebook reads (a regrade row counts only once committed);
    ``claim`` and ``lease_until`` belong to the grading process that holds it."""

    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student: Mapped[str] = mapped_column(String(200), index=True)
    assignment: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(10), default=QUEUED)
    claim: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lease_until: Mapped[float | None] = mapped_column(Float, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    graded_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    result: Mapped[str | None] = mapped_column(Text, nullable=True)  # results.json as graded
    reason: Mapped[str] = mapped_column(Text, default="")
    counted: Mapped[bool] = mapped_column(Boolean, default=True)
    regrade_of: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), nullable=True)
    batch: Mapped[str | None] = mapped_column(String(40), nullable=True)

    __table_args__ = (Index("ix_submissions_status", "status", "id"),
                      Index("ix_submissions_assignment", "assignment", "student"))


class OverrideRow(Base):
    """A manual score set by staff, with the reason shown to the student."""

    __tablename__ = "overrides"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    student: Mapped[str] = mapped_column(String(200))
    assignment: Mapped[str] = mapped_column(String(40))
    score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    test: Mapped[str] = mapped_column(String(300), default="")
    group_name: Mapped[str] = mapped_column(String(200), default="")
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[float] = mapped_column(Float)


class Setting(Base):
    """Server-wide values that must survive a restart (the session-signing secret)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
