"""The journal: the one typed API the CLI (and later the web app) uses for entries.

``open_journal(settings)`` gives a ready, migrated :class:`Journal`. Every write
is one transaction; user text goes through the journal's codec only.

The vault seam: when the database holds a key record (setting
:data:`VAULT_KEY_RECORD`), the text is sealed, and ``open_journal`` needs either a
``codec`` or an ``unlock`` callable that turns the key record into a codec
(``befriend.vault`` supplies one). Without either it raises
:class:`~befriend.store.errors.JournalLockedError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Final

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from befriend.store.codec import ENTRY_TEXT, PlainCodec, TextCodec, context_for
from befriend.store.db import migrate, open_engine, transaction
from befriend.store.db import scrub as scrub_files
from befriend.store.errors import AmbiguousIdError, EntryNotFoundError, StoreError
from befriend.store.models import Entry, EntryAnalysis, Setting, new_id, utcnow
from befriend.store.records import (
    EntryRecord,
    NewEntry,
    analysis_row,
    stored_analysis,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from befriend.analysis import Analysis
    from befriend.settings import Settings

VAULT_KEY_RECORD: Final[str] = "vault.key_record"
MIN_ID_PREFIX: Final[int] = 4
_CHUNK: Final[int] = 500

Unlock = Callable[[bytes], TextCodec]


@dataclass(frozen=True, slots=True)
class AddReport:
    added: tuple[str, ...]
    already_there: tuple[str, ...]


class Journal:
    """Entries and their analyses, read and written through ``codec``."""

    def __init__(self, engine: Engine, codec: TextCodec | None = None) -> None:
        self.engine = engine
        self.codec: TextCodec = codec if codec is not None else PlainCodec()

    # -- plumbing other repositories share (check-ins, practice sessions, vault) -----
    @contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[Session]:
        """One transaction; committed when the block ends without an error."""
        with transaction(self.engine, write=write) as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def backend(self) -> str:
        return self.engine.url.get_backend_name()

    # -- settings --------------------------------------------------------------------
    def get_setting(self, key: str) -> bytes | None:
        with self.transaction() as s:
            row = s.get(Setting, key)
            return None if row is None else bytes(row.value)

    def put_setting(self, key: str, value: bytes) -> None:
        with self.transaction(write=True) as s:
            s.merge(Setting(key=key, value=value))

    def check_codec(self, s: Session) -> None:
        """Call in every write transaction that stores user text, before encoding:
        refuses when another befriend turned encryption on or off, or changed the
        passphrase (a new key), since this journal was opened, so no text is ever
        stored plain in an encrypted journal or sealed under a key that is gone."""
        row = s.get(Setting, VAULT_KEY_RECORD)
        mine: bytes | None = getattr(self.codec, "key_record", None)
        if (None if row is None else bytes(row.value)) != mine:
            from befriend.store.errors import JournalChangedError

            raise JournalChangedError()

    # -- entries ---------------------------------------------------------------------
    def add_entry(
        self,
        text: str,
        analysis: Analysis | None = None,
        *,
        source: str = "write",
    ) -> EntryRecord:
        """Save one entry and its analysis in one transaction. The analysis must be
        computed before (it is slow; the transaction stays short)."""
        report = self.add_entries([NewEntry(text=text, analysis=analysis, source=source)])
        return self.get(report.added[0])

    def add_entries(self, items: Sequence[NewEntry]) -> AddReport:
        """Save many entries in ONE transaction (all or nothing). An item whose id is
        already in the journal is left alone and reported in ``already_there``."""
        for item in items:
            if item.analysis is not None and item.analysis.text != item.text:
                raise StoreError("An analysis can only be saved with the text it was made from.")
        added: list[str] = []
        there: list[str] = []
        with self.transaction(write=True) as s:
            self.check_codec(s)
            wanted = [i.id for i in items if i.id is not None]
            existing = self._existing_ids(s, wanted)
            for item in items:
                if item.id is not None and item.id in existing:
                    there.append(item.id)
                    continue
                now = utcnow()
                entry_id = item.id or new_id()
                entry = Entry(
                    id=entry_id,
                    created_at=item.created_at or now,
                    updated_at=item.updated_at or item.created_at or now,
                    text=self._encode(item.text, entry_id),
                    source=item.source,
                )
                s.add(entry)
                existing.add(entry.id)
                if item.analysis is not None:
                    s.add(analysis_row(entry.id, item.analysis, now))
                added.append(entry.id)
        return AddReport(added=tuple(added), already_there=tuple(there))

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are already in the journal."""
        with self.transaction() as s:
            return self._existing_ids(s, ids)

    @staticmethod
    def _existing_ids(s: Session, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            found.update(s.scalars(select(Entry.id).where(Entry.id.in_(chunk))))
        return found

    def resolve_id(self, entry_id: str) -> str:
        """The full id for ``entry_id`` or a unique prefix of it (4+ characters)."""
        wanted = entry_id.strip().lower()
        with self.transaction() as s:
            if s.get(Entry, wanted) is not None:
                return wanted
            if len(wanted) < MIN_ID_PREFIX or not all(c in "0123456789abcdef-" for c in wanted):
                raise EntryNotFoundError(entry_id)
            matches = list(s.scalars(select(Entry.id).where(Entry.id.startswith(wanted)).limit(2)))
        if not matches:
            raise EntryNotFoundError(entry_id)
        if len(matches) > 1:
            raise AmbiguousIdError(entry_id, self._count_prefix(wanted))
        return matches[0]

    def _count_prefix(self, prefix: str) -> int:
        with self.transaction() as s:
            return int(s.scalar(select(func.count()).where(Entry.id.startswith(prefix))) or 0)

    def get(self, entry_id: str) -> EntryRecord:
        full = self.resolve_id(entry_id)
        with self.transaction() as s:
            entry = s.get(Entry, full)
            if entry is None:
                raise EntryNotFoundError(entry_id)
            return self._records(s, [entry])[0]

    def entries(
        self, *, limit: int | None = None, label: str | None = None, oldest_first: bool = False
    ) -> list[EntryRecord]:
        """Entries, newest first (or oldest first), optionally only those whose
        current analysis has ``label``."""
        order = (
            (Entry.created_at, Entry.id)
            if oldest_first
            else (
                Entry.created_at.desc(),
                Entry.id.desc(),
            )
        )
        with self.transaction() as s:
            stmt = select(Entry).order_by(*order)
            if label is None and limit is not None:
                stmt = stmt.limit(limit)
            records = self._records(s, list(s.scalars(stmt)))
        if label is not None:
            records = [r for r in records if r.analysis is not None and label in r.analysis.labels]
            if limit is not None:
                records = records[:limit]
        return records

    def iter_entries(self, *, chunk: int = 200) -> Iterator[EntryRecord]:
        """All entries, oldest first, a chunk per short read transaction."""
        after: tuple[datetime, str] | None = None
        while True:
            with self.transaction() as s:
                stmt = select(Entry).order_by(Entry.created_at, Entry.id).limit(chunk)
                if after is not None:
                    stmt = stmt.where(
                        (Entry.created_at > after[0])
                        | ((Entry.created_at == after[0]) & (Entry.id > after[1]))
                    )
                rows = list(s.scalars(stmt))
                records = self._records(s, rows)
            if not records:
                return
            yield from records
            after = (records[-1].created_at, records[-1].id)

    def search(self, query: str, *, limit: int | None = None) -> list[EntryRecord]:
        """Entries whose text contains ``query`` (case-insensitive), newest first.
        Decodes in Python, so it works on a sealed journal too."""
        needle = query.casefold()
        found = [r for r in self.entries() if needle in r.text.casefold()]
        return found if limit is None else found[:limit]

    def count(self) -> int:
        with self.transaction() as s:
            return int(s.scalar(select(func.count()).select_from(Entry)) or 0)

    def delete(self, entry_id: str, *, scrub: bool = True) -> str:
        """Delete an entry and its analyses; returns the full id. With ``scrub`` (and
        SQLite), the old bytes are then cleared from the log and free pages too, when
        no other process is using the journal (see :func:`befriend.store.db.scrub`)."""
        full = self.resolve_id(entry_id)
        with self.transaction(write=True) as s:
            if s.get(Entry, full) is None:  # deleted by someone else meanwhile
                raise EntryNotFoundError(entry_id)
            s.execute(delete(EntryAnalysis).where(EntryAnalysis.entry_id == full))
            s.execute(delete(Entry).where(Entry.id == full))
        if scrub:
            scrub_files(self.engine)
        return full

    # -- analyses ------------------------------------------------------------------
    def stale(self, version: str) -> list[tuple[str, str]]:
        """``(id, text)`` of entries whose current analysis isn't ``version`` (or that
        have none), oldest first."""
        with self.transaction() as s:
            current = select(EntryAnalysis.entry_id).where(
                EntryAnalysis.is_current.is_(True), EntryAnalysis.analyzer_version == version
            )
            rows = s.execute(
                select(Entry.id, Entry.text)
                .where(Entry.id.not_in(current))
                .order_by(Entry.created_at, Entry.id)
            ).all()
        return [(row[0], self._decode(row[1], row[0])) for row in rows]

    def set_analyses(self, results: Iterable[tuple[str, Analysis]]) -> int:
        """Make each analysis the current one for its entry, in one transaction.
        Earlier analyses are kept, marked not current. An entry that already has a
        current analysis of the same version is left alone (so this is idempotent),
        as is one deleted meanwhile. Returns how many entries changed."""
        changed = 0
        now = utcnow()
        with self.transaction(write=True) as s:
            for entry_id, analysis in results:
                entry = s.get(Entry, entry_id)
                if entry is None or self._decode(entry.text, entry.id) != analysis.text:
                    continue
                current = s.scalars(
                    select(EntryAnalysis).where(
                        EntryAnalysis.entry_id == entry_id, EntryAnalysis.is_current.is_(True)
                    )
                ).all()
                if any(row.analyzer_version == analysis.version for row in current):
                    continue
                for row in current:
                    row.is_current = False
                s.add(analysis_row(entry_id, analysis, now))
                changed += 1
        return changed

    # -- helpers ---------------------------------------------------------------------
    def _encode(self, text: str, entry_id: str) -> bytes:
        return self.codec.encode(text, context_for(ENTRY_TEXT, entry_id))

    def _decode(self, blob: bytes, entry_id: str) -> str:
        return self.codec.decode(bytes(blob), context_for(ENTRY_TEXT, entry_id))

    def _records(self, s: Session, entries: list[Entry]) -> list[EntryRecord]:
        ids = [e.id for e in entries]
        analyses: dict[str, EntryAnalysis] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            for row in s.scalars(
                select(EntryAnalysis).where(
                    EntryAnalysis.entry_id.in_(chunk), EntryAnalysis.is_current.is_(True)
                )
            ):
                analyses[row.entry_id] = row
        return [
            EntryRecord(
                id=e.id,
                created_at=e.created_at,
                updated_at=e.updated_at,
                text=self._decode(e.text, e.id),
                source=e.source,
                analysis=stored_analysis(analyses[e.id]) if e.id in analyses else None,
            )
            for e in entries
        ]


def open_journal(
    settings: Settings | None = None,
    *,
    codec: TextCodec | None = None,
    unlock: Unlock | None = None,
) -> Journal:
    """A ready journal: engine opened, schema migrated, codec chosen.

    ``codec`` wins when given. Otherwise a journal with a vault key record is opened
    with ``unlock(key_record)``, and one without gets the plain codec.
    """
    from befriend.settings import load_settings

    settings = settings if settings is not None else load_settings()
    engine = open_engine(settings)
    try:
        migrate(engine)
        journal = Journal(engine, codec)
        if codec is None:
            record = journal.get_setting(VAULT_KEY_RECORD)
            if record is not None:
                if unlock is None:
                    from befriend.store.errors import JournalLockedError

                    raise JournalLockedError()
                journal.codec = unlock(record)
    except BaseException:
        engine.dispose()
        raise
    return journal


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive time is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
