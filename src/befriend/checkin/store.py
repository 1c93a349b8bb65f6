"""Check-ins in the journal's database (the ``checkins`` table).

Answers are numbers and stay in clear, so progress can read them without the
passphrase; the optional note is the user's own words and goes through the
journal's codec (sealed when the vault is on).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from befriend.checkin.items import validate_answers
from befriend.checkin.score import PastCheckin

if TYPE_CHECKING:
    from befriend.store.journal import Journal


@dataclass(frozen=True, slots=True)
class SavedCheckin:
    id: str
    created_at: datetime
    answers: dict[str, int]
    has_note: bool


def add_checkin(
    journal: Journal,
    answers: Mapping[str, object],
    *,
    note: str | None = None,
    created_at: datetime | None = None,
    followup: dict[str, Any] | None = None,
) -> SavedCheckin:
    """Check and save one check-in in one transaction. ``followup`` holds answers
    about earlier practices (see ``befriend.coach.practices.followup``)."""
    from befriend.store.codec import CHECKIN_NOTE, context_for
    from befriend.store.models import CheckIn, new_id, utcnow

    clean = validate_answers(answers)
    note = note.strip() if note else None
    checkin_id = new_id()
    when = created_at or utcnow()
    with journal.transaction(write=True) as session:
        if note is not None:
            journal.check_codec(session)  # the vault may have changed since opening
        session.add(
            CheckIn(
                id=checkin_id,
                created_at=when,
                answers=clean,
                followup=followup,
                note=None
                if not note
                else journal.codec.encode(note, context_for(CHECKIN_NOTE, checkin_id)),
            )
        )
    return SavedCheckin(id=checkin_id, created_at=when, answers=clean, has_note=bool(note))


def checkins_since(journal: Journal, since: datetime | None = None) -> list[PastCheckin]:
    """Check-ins (answers only, never the note), oldest first."""
    from sqlalchemy import select

    from befriend.progress.records import checkin_record
    from befriend.store.models import CheckIn

    stmt = select(CheckIn.created_at, CheckIn.answers).order_by(CheckIn.created_at, CheckIn.id)
    if since is not None:
        stmt = stmt.where(CheckIn.created_at >= since)
    with journal.transaction() as session:
        rows = session.execute(stmt).all()
    return [checkin_record(created_at, answers or {}) for created_at, answers in rows]
