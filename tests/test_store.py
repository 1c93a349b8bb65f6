"""The journal store on SQLite and PostgreSQL: entries, analyses, ids, settings."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from befriend.store import NewEntry, PlainCodec, is_sealed, open_journal
from befriend.store.codec import SEALED_MAGIC
from befriend.store.errors import (
    AmbiguousIdError,
    EntryNotFoundError,
    JournalLockedError,
    SealedDataError,
)

TEXT = "I'm such an idiot. Everyone else copes fine."


def test_add_then_get_gives_back_the_text_and_the_analysis(journal: Any, analyzer: Any) -> None:
    analysis = analyzer.analyze(TEXT)
    saved = journal.add_entry(TEXT, analysis)
    again = journal.get(saved.id)
    assert again.text == TEXT
    assert again.source == "write"
    assert again.created_at.tzinfo is UTC
    assert again.created_at == saved.created_at
    assert again.analysis is not None
    assert again.analysis.analyzer_version == analyzer.version
    assert again.full_analysis().to_dict() == analysis.to_dict()


def test_the_stored_analysis_holds_offsets_not_text(journal: Any, analyzer: Any) -> None:
    from sqlalchemy import select

    from befriend.store.models import EntryAnalysis

    journal.add_entry(TEXT, analyzer.analyze(TEXT))
    with journal.transaction() as s:
        row = s.scalars(select(EntryAnalysis)).one()
        stored = repr((row.labels, row.scores, row.sentences, row.safety_signals))
    assert "idiot" not in stored
    assert "copes" not in stored
    assert row.sentences[0]["start"] == 0


def test_entries_are_listed_newest_first_and_by_label(journal: Any, analyzer: Any) -> None:
    texts = ["I failed the exam and I feel awful.", TEXT, "It's okay, everyone struggles."]
    ids = [journal.add_entry(t, analyzer.analyze(t)).id for t in texts]
    assert [r.id for r in journal.entries()] == ids[::-1]
    assert [r.id for r in journal.entries(oldest_first=True)] == ids
    assert [r.id for r in journal.entries(limit=2)] == ids[::-1][:2]
    assert [r.id for r in journal.entries(label="self_judgment")] == [ids[1]]
    assert journal.count() == 3
    assert [r.id for r in journal.iter_entries(chunk=2)] == ids


def test_search_ignores_case_and_finds_nothing_when_absent(journal: Any) -> None:
    first = journal.add_entry("Café au lait with my SISTER")
    journal.add_entry("A long walk")
    assert [r.id for r in journal.search("sister")] == [first.id]
    assert journal.search("nothing like this") == []


def test_an_id_prefix_finds_the_entry_and_an_unknown_id_says_so(journal: Any) -> None:
    saved = journal.add_entry("hello there")
    assert journal.get(saved.id[:8]).id == saved.id
    assert journal.get(saved.id.upper()).id == saved.id
    with pytest.raises(EntryNotFoundError, match="no journal entry with the id 'nope'"):
        journal.get("nope")
    with pytest.raises(EntryNotFoundError):
        journal.get("abc")  # too short to be a prefix


def test_an_ambiguous_prefix_asks_for_more(journal: Any) -> None:
    journal.add_entries(
        [
            NewEntry(text="one", id="aaaa1111-0000-4000-8000-000000000001"),
            NewEntry(text="two", id="aaaa2222-0000-4000-8000-000000000002"),
        ]
    )
    with pytest.raises(AmbiguousIdError, match="2 entries have ids starting with 'aaaa'"):
        journal.get("aaaa")


def test_delete_removes_the_entry_and_its_analyses(journal: Any, analyzer: Any) -> None:
    from sqlalchemy import func, select

    from befriend.store.models import EntryAnalysis

    saved = journal.add_entry(TEXT, analyzer.analyze(TEXT))
    kept = journal.add_entry("another day")
    assert journal.delete(saved.id[:8]) == saved.id
    assert [r.id for r in journal.entries()] == [kept.id]
    with journal.transaction() as s:
        assert s.scalar(select(func.count()).select_from(EntryAnalysis)) == 0
    with pytest.raises(EntryNotFoundError):
        journal.delete(saved.id)


def test_add_entries_keeps_ids_and_times_and_skips_ids_already_there(journal: Any) -> None:
    when = datetime(2024, 2, 29, 23, 59, 58, 123456, tzinfo=UTC)
    item = NewEntry(
        text="kept as is",
        id="0b6f2b0e-3c51-4d43-9b0f-2a1d6f1f4c11",
        created_at=when,
        updated_at=when,
        source="import",
    )
    first = journal.add_entries([item])
    second = journal.add_entries([item])
    assert first.added == (item.id,)
    assert second.added == () and second.already_there == (item.id,)
    got = journal.get(item.id)
    assert (got.created_at, got.updated_at, got.source) == (when, when, "import")


def test_stale_and_set_analyses_bring_entries_up_to_a_version(journal: Any, analyzer: Any) -> None:
    bare = journal.add_entry(TEXT)  # saved without an analysis
    assert journal.stale(analyzer.version) == [(bare.id, TEXT)]
    analysis = analyzer.analyze(TEXT)
    assert journal.set_analyses([(bare.id, analysis)]) == 1
    assert journal.set_analyses([(bare.id, analysis)]) == 0  # idempotent
    assert journal.stale(analyzer.version) == []
    assert journal.get(bare.id).analysis.analyzer_version == analyzer.version


def test_settings_are_stored_as_bytes(journal: Any) -> None:
    assert journal.get_setting("x") is None
    journal.put_setting("x", b"\x00\x01")
    journal.put_setting("x", b"\x02")
    assert journal.get_setting("x") == b"\x02"


def test_a_journal_with_a_vault_key_needs_a_way_to_unlock(database_url: str | None) -> None:
    from befriend.settings import load_settings
    from befriend.store import VAULT_KEY_RECORD

    with open_journal(load_settings()) as j:
        j.put_setting(VAULT_KEY_RECORD, b"record")
    with pytest.raises(JournalLockedError, match="needs your passphrase"):
        open_journal(load_settings())
    seen: list[bytes] = []

    def unlock(record: bytes) -> PlainCodec:
        seen.append(record)
        return PlainCodec()

    with open_journal(load_settings(), unlock=unlock) as j:
        assert isinstance(j.codec, PlainCodec)
    assert seen == [b"record"]


def test_the_plain_codec_refuses_sealed_bytes() -> None:
    codec = PlainCodec()
    assert codec.decode(codec.encode("é\x00✓")) == "é\x00✓"
    assert not is_sealed(codec.encode("\x89 starts with U+0089"))
    assert is_sealed(SEALED_MAGIC + b"rest")
    with pytest.raises(SealedDataError):
        codec.decode(SEALED_MAGIC + b"rest")


def test_sqlite_file_and_folder_are_private(tmp_path: Path, _isolated_home: Path) -> None:
    from befriend.settings import load_settings

    with open_journal(load_settings()) as j:
        j.add_entry("private")
    assert (_isolated_home.stat().st_mode & 0o777) == 0o700
    assert ((_isolated_home / "befriend.db").stat().st_mode & 0o777) == 0o600


def test_the_database_url_setting() -> None:
    from befriend.settings import load_settings
    from befriend.store.db import database_url

    assert load_settings({"BEFRIEND_HOME": "/x"}).database_url is None
    assert database_url(load_settings({"BEFRIEND_HOME": "/x"})) == "sqlite:////x/befriend.db"
    chosen = load_settings({"BEFRIEND_HOME": "/x", "BEFRIEND_DATABASE_URL": " postgresql://h/db "})
    assert chosen.database_url == "postgresql://h/db"
    assert database_url(chosen) == "postgresql://h/db"


def test_a_deleted_entry_leaves_no_trace_in_the_sqlite_files(_isolated_home: Path) -> None:
    from befriend.settings import load_settings
    from befriend.store.db import scrub

    marker = "zebra-quokka-marmalade-secret"
    with open_journal(load_settings()) as j:
        kept = j.add_entry("an ordinary day")
        gone = j.add_entry(f"I told nobody about {marker}.")
        files = list(_isolated_home.glob("befriend.db*"))
        assert any(marker.encode() in f.read_bytes() for f in files)
        j.delete(gone.id)
        assert j.get(kept.id).text == "an ordinary day"
        for f in _isolated_home.glob("befriend.db*"):
            assert marker.encode() not in f.read_bytes(), f.name
        assert scrub(j.engine) is True
