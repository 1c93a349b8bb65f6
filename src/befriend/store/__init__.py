"""The journal's storage: SQLite by default, PostgreSQL by URL.

Importing this package imports SQLAlchemy, so the CLI imports it inside commands.
"""

from __future__ import annotations

from befriend.store.codec import SEALED_MAGIC, PlainCodec, TextCodec, is_sealed
from befriend.store.db import migrate, open_engine
from befriend.store.journal import VAULT_KEY_RECORD, Journal, Unlock, open_journal
from befriend.store.records import EntryRecord, NewEntry, StoredAnalysis

__all__ = [
    "SEALED_MAGIC",
    "VAULT_KEY_RECORD",
    "EntryRecord",
    "Journal",
    "NewEntry",
    "PlainCodec",
    "StoredAnalysis",
    "TextCodec",
    "Unlock",
    "is_sealed",
    "migrate",
    "open_engine",
    "open_journal",
]
