"""Reading progress records from the journal: derived data only, never text.

Labels, offsets and check-in answers are stored in clear, so progress works on an
encrypted journal without the passphrase: it opens the journal with
:class:`NoTextCodec`, which refuses to read or write any text.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from befriend.errors import BefriendError
from befriend.progress.records import CheckinRecord, EntryRecord

if TYPE_CHECKING:
    from befriend.store.journal import Journal


class NoTextCodec:
    """A codec for commands that must not touch the user's words."""

    sealed = True

    def encode(self, text: str, context: str = "") -> bytes:
        raise BefriendError("This command doesn't write text; nothing was saved.")

    def decode(self, blob: bytes, context: str = "") -> str:
        raise BefriendError("This command doesn't read text; nothing was shown.")


def entry_records(journal: Journal, since: datetime | None = None) -> list[EntryRecord]:
    """Each entry's time and its current analysis's sentence labels, oldest first.
    Entries with no analysis yet (e.g. text the analyzer couldn't read) are left out."""
    from sqlalchemy import select

    from befriend.store.models import Entry, EntryAnalysis

    stmt = (
        select(Entry.created_at, EntryAnalysis.sentences, EntryAnalysis.balance)
        .join(EntryAnalysis, EntryAnalysis.entry_id == Entry.id)
        .where(EntryAnalysis.is_current.is_(True))
        .order_by(Entry.created_at, Entry.id)
    )
    if since is not None:
        stmt = stmt.where(Entry.created_at >= since)
    with journal.transaction() as session:
        rows = session.execute(stmt).all()
    return [
        EntryRecord.from_analysis_dict(created_at, sentences or [], balance)
        for created_at, sentences, balance in rows
    ]


def load_records(
    journal: Journal, since: datetime | None = None
) -> tuple[list[EntryRecord], list[CheckinRecord]]:
    from befriend.checkin.store import checkins_since

    return entry_records(journal, since), checkins_since(journal, since)
