"""Turning encryption on, changing the passphrase, and turning it off, for a journal.

Each operation re-writes every text field in ONE write transaction together with the
key record, so a crash, a wrong passphrase or a disk error leaves the journal as it
was. The slow part (Argon2id) runs before the transaction, so the write lock is held
only while values are re-sealed. Afterwards :func:`compact` rewrites the database
file so that no old plain (or old-key) copy of a page stays behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from befriend.store.codec import (
    CHECKIN_NOTE,
    ENTRY_TEXT,
    PRACTICE_STATE,
    SAFETY_PLAN,
    PlainCodec,
    TextCodec,
    context_for,
)
from befriend.store.errors import JournalLockedError
from befriend.store.journal import VAULT_KEY_RECORD
from befriend.store.models import CheckIn, Entry, PracticeSession, SafetyPlanRecord, Setting
from befriend.vault.codec import SealingCodec
from befriend.vault.errors import VaultStateError
from befriend.vault.kdf import DEFAULT_KDF, KdfParams
from befriend.vault.reseal import reseal_value
from befriend.vault.vault import Vault, create_vault, unlock

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from befriend.store.journal import Journal

# Every column that holds the user's words: (model, column attribute, codec context
# prefix). tests/test_vault_journal.py fails when a LargeBinary column is missing.
SEALED_COLUMNS: Final[tuple[tuple[Any, str, str], ...]] = (
    (Entry, "text", ENTRY_TEXT),
    (PracticeSession, "state", PRACTICE_STATE),
    (CheckIn, "note", CHECKIN_NOTE),
    (SafetyPlanRecord, "plan", SAFETY_PLAN),
)
_CHUNK: Final = 500
# How long PostgreSQL's VACUUM FULL may wait for another session's lock before
# befriend gives up on compacting (the re-sealing is already committed by then).
COMPACT_LOCK_TIMEOUT_MS: Final = 5000


@dataclass(frozen=True, slots=True)
class VaultReport:
    """What an operation did: how many stored values it re-wrote, and whether the
    database could be compacted afterwards (see :func:`compact`)."""

    values: int
    compacted: bool


def key_record(journal: Journal) -> bytes | None:
    """The journal's key record, or None when encryption is off."""
    return journal.get_setting(VAULT_KEY_RECORD)


def unlocker(passphrase: str) -> Callable[[bytes], TextCodec]:
    """The ``unlock`` hook for :func:`befriend.store.open_journal`."""

    def _unlock(record: bytes) -> TextCodec:
        return SealingCodec(unlock(record, passphrase))

    return _unlock


class LockedCodec:
    """The codec of an encrypted journal opened WITHOUT its passphrase: dates,
    labels, scores and check-in answers can be read (so progress works), but any
    attempt to read or write text raises :class:`JournalLockedError`."""

    sealed = True

    def __init__(self, record: bytes) -> None:
        self.key_record: bytes | None = record

    def encode(self, text: str, context: str = "") -> bytes:
        raise JournalLockedError()

    def decode(self, blob: bytes, context: str = "") -> str:
        raise JournalLockedError()


def encrypt_journal(
    journal: Journal, passphrase: str, params: KdfParams = DEFAULT_KDF
) -> VaultReport:
    """Turn encryption on: seal every text field under a new key for ``passphrase``."""
    if key_record(journal) is not None:
        raise VaultStateError(
            "Your journal is already encrypted, so nothing was changed. To change the "
            "passphrase, run `befriend passphrase`."
        )
    vault = create_vault(passphrase, params)
    values = _reseal_all(journal, expected=None, old=None, new=vault)
    journal.codec = SealingCodec(vault)
    return VaultReport(values=values, compacted=compact(journal))


def change_passphrase(
    journal: Journal, old_passphrase: str, new_passphrase: str, params: KdfParams = DEFAULT_KDF
) -> VaultReport:
    """Re-seal everything under a NEW data key for ``new_passphrase`` (see
    docs/vault-format.md for why the data key changes too)."""
    record = require_key_record(journal)
    old = unlock(record, old_passphrase)
    new = create_vault(new_passphrase, params)
    values = _reseal_all(journal, expected=record, old=old, new=new)
    journal.codec = SealingCodec(new)
    return VaultReport(values=values, compacted=compact(journal))


def decrypt_journal(journal: Journal, passphrase: str) -> VaultReport:
    """Turn encryption off: store every text field as plain UTF-8 again."""
    record = require_key_record(journal)
    old = unlock(record, passphrase)
    values = _reseal_all(journal, expected=record, old=old, new=None)
    journal.codec = PlainCodec()
    return VaultReport(values=values, compacted=compact(journal))


def require_key_record(journal: Journal) -> bytes:
    record = key_record(journal)
    if record is None:
        raise VaultStateError(
            "Your journal isn't encrypted, so there is no passphrase to use. Nothing was "
            "changed. To turn encryption on, run `befriend encrypt`."
        )
    return record


def _reseal_all(
    journal: Journal, *, expected: bytes | None, old: Vault | None, new: Vault | None
) -> int:
    """Move every stored text value from ``old`` to ``new`` and store ``new``'s key
    record (or remove it), all in one write transaction."""
    count = 0
    with journal.transaction(write=True) as s:
        current = s.get(Setting, VAULT_KEY_RECORD)
        if (None if current is None else bytes(current.value)) != expected:
            raise VaultStateError(
                "Another befriend changed this journal's encryption while this one was "
                "working, so nothing was changed here. Run the command again."
            )
        for model, column, prefix in SEALED_COLUMNS:
            for row_id, value in _values(s, model, column):
                context = context_for(prefix, row_id)
                resealed = reseal_value(value, context, old, new)
                s.execute(
                    model.__table__.update()
                    .where(model.__table__.c.id == row_id)
                    .values({column: resealed})
                )
                count += 1
        if new is not None:
            s.merge(Setting(key=VAULT_KEY_RECORD, value=new.record.to_bytes()))
        elif current is not None:
            s.delete(current)
    return count


def _values(s: Session, model: Any, column: str) -> Iterator[tuple[str, bytes]]:
    """``(id, value)`` of every non-null value of ``model.column``, a chunk at a time
    (keyset pagination on the id, so updates behind the cursor don't disturb it)."""
    from sqlalchemy import select

    table = model.__table__
    last = ""
    while True:
        rows = s.execute(
            select(table.c.id, table.c[column])
            .where(table.c.id > last, table.c[column].is_not(None))
            .order_by(table.c.id)
            .limit(_CHUNK)
        ).all()
        if not rows:
            return
        for row_id, value in rows:
            yield str(row_id), bytes(value)
        last = str(rows[-1][0])


def compact(journal: Journal) -> bool:
    """Rewrite the database so no old copy of a re-sealed value stays in it.

    SQLite: :func:`befriend.store.db.scrub` (checkpoint the write-ahead log and
    truncate it, VACUUM, which rebuilds the file from the live rows only, and
    truncate the log again). PostgreSQL: VACUUM FULL on the tables that hold text.
    Returns False when it couldn't finish (another program using the database, or
    no permission); the re-sealing itself is already committed either way.
    """
    engine = journal.engine
    if engine.url.get_backend_name() == "sqlite":
        from befriend.store.db import scrub

        return scrub(engine)
    if engine.url.get_backend_name() != "postgresql":
        return False
    import psycopg

    raw = engine.raw_connection()
    try:
        driver: Any = raw.driver_connection
        driver.rollback()
        driver.autocommit = True
        try:
            with driver.cursor() as cursor:
                tables = [m.__tablename__ for m, _, _ in SEALED_COLUMNS] + ["settings"]
                # VACUUM FULL needs each table to itself; don't wait on another session.
                cursor.execute(f"SET lock_timeout = '{COMPACT_LOCK_TIMEOUT_MS}ms'")
                try:
                    cursor.execute(f"VACUUM FULL {', '.join(tables)}")
                finally:
                    cursor.execute("RESET lock_timeout")  # the connection goes back to the pool
        finally:
            driver.autocommit = False
        return True
    except psycopg.Error:
        return False
    finally:
        raw.close()
