"""The tables, as SQLAlchemy 2 declarative models.

Columns holding the user's own words are ``LargeBinary`` and go through the
journal's :class:`~befriend.store.codec.TextCodec` (so they can be sealed).
Everything derived (labels, scores, offsets) is stored in clear so progress works
without the passphrase; it never holds a snippet of the text, only offsets.

Changing a model needs a new Alembic revision in ``befriend/store/migrations``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite stores no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("befriend stores only timezone-aware timestamps")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Entry(Base):
    """One journal entry. ``text`` is the codec's bytes of what the user wrote."""

    __tablename__ = "entries"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    text: Mapped[bytes] = mapped_column(LargeBinary)
    # "write" | "import" | "practice" | ...
    source: Mapped[str] = mapped_column(String(32), default="write")

    analyses: Mapped[list[EntryAnalysis]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", passive_deletes=True
    )


class EntryAnalysis(Base):
    """The analyzer's reading of an entry, by analyzer version. No text, only offsets.

    ``sentences``: ``[{"start", "end", "labels", "scores", "evidence": [{"label",
    "start", "end", "source", "score"}]}]``. One row per entry has ``is_current``.
    """

    __tablename__ = "entry_analyses"
    __table_args__ = (
        Index("ix_entry_analyses_entry_current", "entry_id", "is_current"),
        Index("ix_entry_analyses_version_current", "analyzer_version", "is_current"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("entries.id", ondelete="CASCADE"), index=True
    )
    analyzer_version: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    labels: Mapped[list[str]] = mapped_column(JSON)
    scores: Mapped[dict[str, float]] = mapped_column(JSON)
    balance: Mapped[str] = mapped_column(String(32))
    crisis: Mapped[bool] = mapped_column(Boolean)
    safety_signals: Mapped[list[str]] = mapped_column(JSON, default=list)
    sentences: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)

    entry: Mapped[Entry] = relationship(back_populates="analyses")


class PracticeSession(Base):
    """A guided practice (issue 4). ``state`` is the codec's bytes of a JSON object
    holding the user's answers so far."""

    __tablename__ = "practice_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32), default="in_progress")  # | "done"
    step: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CheckIn(Base):
    """A daily check-in. ``answers`` maps item id to 1..5; ``note`` goes through the
    codec; ``followup`` leaves room for issue 4."""

    __tablename__ = "checkins"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    answers: Mapped[dict[str, int]] = mapped_column(JSON)
    note: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    followup: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class SafetyPlanRecord(Base):
    """The person's safety plan (issue 4): ``plan`` is the codec's bytes of its JSON
    (``befriend.safety.plan``). One row per journal."""

    __tablename__ = "safety_plans"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    plan: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Setting(Base):
    """Small per-journal records (e.g. the vault's key record, ``vault.key_record``)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)
