"""Encryption at rest on a real journal (SQLite always, PostgreSQL when a server is
given): encrypt, change the passphrase, decrypt; what the database file holds."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import LargeBinary, select

from befriend.settings import Settings, load_settings
from befriend.store import NewEntry, open_journal
from befriend.store.codec import CHECKIN_NOTE, PRACTICE_STATE, context_for
from befriend.store.errors import JournalChangedError, JournalLockedError
from befriend.store.models import Base, CheckIn, Entry, EntryAnalysis, PracticeSession, Setting
from befriend.vault import (
    KEY_RECORD_SETTING,
    ForeignKeyError,
    KdfParams,
    VaultFormatError,
    VaultStateError,
    WrongPassphraseError,
    is_sealed,
)
from befriend.vault.journal import (
    SEALED_COLUMNS,
    LockedCodec,
    _reseal_all,
    change_passphrase,
    decrypt_journal,
    encrypt_journal,
    key_record,
    unlocker,
)
from befriend.vault.vault import create_vault

FAST = KdfParams(memory_kib=64, iterations=1, parallelism=1)
PASS = "tea in the garden at dawn"
NEW_PASS = "a walk by the river at dusk"
SECRET = "Nobody knows I cried in the stairwell at work today"
TEXTS = [SECRET, "I'm such an idiot. Everyone else copes fine.", "Walked anyway. 🌱 ünïcödé"]


def _raw(journal: Any) -> dict[str, Any]:
    """Every stored value of every table, as bytes/values, to compare before and after."""
    out: dict[str, Any] = {}
    with journal.transaction() as s:
        for table in Base.metadata.sorted_tables:
            rows = s.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(row) for row in rows]
    return out


def _fill(journal: Any) -> list[str]:
    ids = [journal.add_entry(t).id for t in TEXTS]
    with journal.transaction(write=True) as s:
        s.add(PracticeSession(id="p1", kind="friend", state=b'{"friend": "You tried."}'))
        s.add(CheckIn(id="c1", answers={"mood": 3}, note=b"Slept badly, walked anyway."))
        s.add(CheckIn(id="c2", answers={"mood": 4}, note=None))
    return ids


def test_every_text_column_is_resealed() -> None:
    sealed = {(model.__tablename__, column) for model, column, _ in SEALED_COLUMNS}
    binary = {
        (table.name, column.name)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, LargeBinary)
    }
    assert binary - {("settings", "value")} == sealed
    for model, column, prefix in SEALED_COLUMNS:
        assert prefix == f"{model.__tablename__}.{column}"


def test_encrypt_seals_everything_and_the_journal_still_reads(journal: Any) -> None:
    ids = _fill(journal)
    report = encrypt_journal(journal, PASS, FAST)
    assert report.values == len(TEXTS) + 2  # entries, one practice state, one note (not None)
    assert report.compacted
    assert journal.codec.sealed
    with journal.transaction() as s:
        assert all(is_sealed(v) for v in s.scalars(select(Entry.text)))
        assert is_sealed(s.get(PracticeSession, "p1").state)
        note = s.get(CheckIn, "c1").note
        assert s.get(CheckIn, "c2").note is None
        assert s.get(Setting, KEY_RECORD_SETTING).value[:5] == b"\x89BFK\x01"
    assert [journal.get(i).text for i in ids] == TEXTS
    assert journal.search("stairwell")[0].id == ids[0]
    vault = journal.codec.vault
    assert vault.open_text(note, context_for(CHECKIN_NOTE, "c1")) == "Slept badly, walked anyway."
    again = open_journal(load_settings(), unlock=unlocker(PASS))
    try:
        assert [again.get(i).text for i in ids] == TEXTS
        assert again.add_entry("written after").text == "written after"
    finally:
        again.close()


def test_with_encryption_on_no_entry_text_is_in_the_sqlite_files(_isolated_home: Path) -> None:
    db = _isolated_home / "befriend.db"
    wal = Path(f"{db}-wal")
    journal = open_journal(load_settings())
    try:
        _fill(journal)
        needles = [SECRET.encode(), b"cried in the stairwell", b"Slept badly", b"You tried"]
        before = db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
        assert all(n in before for n in needles)  # the check below can fail
        report = encrypt_journal(journal, PASS, FAST)
        assert report.compacted
        journal.add_entry(SECRET + " again")  # a sealed write after encrypting
        with journal.transaction() as s:
            s.connection().exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
        files = [p for p in _isolated_home.iterdir() if p.name.startswith("befriend.db")]
        assert db in files
        for path in files:
            data = path.read_bytes()
            for needle in needles:
                assert needle not in data, f"{needle!r} found in {path.name}"
    finally:
        journal.close()


def test_wrong_passphrase_changes_nothing(journal: Any) -> None:
    _fill(journal)
    encrypt_journal(journal, PASS, FAST)
    before = _raw(journal)
    with pytest.raises(WrongPassphraseError):
        change_passphrase(journal, "not the passphrase", NEW_PASS, FAST)
    with pytest.raises(WrongPassphraseError):
        decrypt_journal(journal, "not the passphrase")
    with pytest.raises(WrongPassphraseError):
        open_journal(load_settings(), unlock=unlocker("not the passphrase"))
    assert _raw(journal) == before


def test_a_locked_journal_needs_its_passphrase(journal: Any) -> None:
    _fill(journal)
    encrypt_journal(journal, PASS, FAST)
    with pytest.raises(JournalLockedError):
        open_journal(load_settings())


def test_encrypt_change_passphrase_decrypt_round_trip(journal: Any) -> None:
    ids = _fill(journal)
    plain_before = _raw(journal)
    encrypt_journal(journal, PASS, FAST)
    first_key = journal.codec.vault.key_id
    change_passphrase(journal, PASS, NEW_PASS, FAST)
    assert journal.codec.vault.key_id != first_key  # a new data key, not only a new wrap
    with pytest.raises(WrongPassphraseError):
        open_journal(load_settings(), unlock=unlocker(PASS))
    reopened = open_journal(load_settings(), unlock=unlocker(NEW_PASS))
    try:
        assert [reopened.get(i).text for i in ids] == TEXTS
    finally:
        reopened.close()
    decrypt_journal(journal, NEW_PASS)
    assert not journal.codec.sealed
    assert key_record(journal) is None
    assert _raw(journal) == plain_before  # byte for byte the plain journal again
    plain = open_journal(load_settings())
    try:
        assert [plain.get(i).text for i in ids] == TEXTS
    finally:
        plain.close()


def test_turning_on_twice_or_off_when_off_says_so(journal: Any) -> None:
    with pytest.raises(VaultStateError, match="isn't encrypted"):
        decrypt_journal(journal, PASS)
    with pytest.raises(VaultStateError, match="isn't encrypted"):
        change_passphrase(journal, PASS, NEW_PASS, FAST)
    encrypt_journal(journal, PASS, FAST)
    with pytest.raises(VaultStateError, match="already encrypted"):
        encrypt_journal(journal, PASS, FAST)


def test_blobs_swapped_between_rows_do_not_open(journal: Any) -> None:
    a, b = (journal.add_entry(t).id for t in TEXTS[:2])
    encrypt_journal(journal, PASS, FAST)
    with journal.transaction(write=True) as s:
        first, second = s.get(Entry, a), s.get(Entry, b)
        first.text, second.text = bytes(second.text), bytes(first.text)
    with pytest.raises(VaultFormatError, match="moved from where it was written"):
        journal.get(a)


def test_one_bad_value_rolls_the_whole_change_back(journal: Any) -> None:
    ids = _fill(journal)
    encrypt_journal(journal, PASS, FAST)
    stranger = create_vault("somebody else's key", FAST)
    with journal.transaction(write=True) as s:  # a blob from another journal, last by id
        s.add(PracticeSession(id="zz", kind="x", state=stranger.seal_text("{}", "")))
    before = _raw(journal)
    with pytest.raises(ForeignKeyError):
        change_passphrase(journal, PASS, NEW_PASS, FAST)
    assert _raw(journal) == before
    reopened = open_journal(load_settings(), unlock=unlocker(PASS))
    try:
        assert reopened.get(ids[0]).text == SECRET
    finally:
        reopened.close()


def test_a_change_made_meanwhile_by_another_befriend_is_not_overwritten(journal: Any) -> None:
    _fill(journal)
    encrypt_journal(journal, PASS, FAST)
    stale_record = key_record(journal)
    old = journal.codec.vault
    change_passphrase(journal, PASS, NEW_PASS, FAST)  # "the other terminal"
    before = _raw(journal)
    with pytest.raises(VaultStateError, match="Another befriend changed"):
        _reseal_all(journal, expected=stale_record, old=old, new=None)
    assert _raw(journal) == before


def test_plain_text_found_in_an_encrypted_journal_is_sealed_by_a_passphrase_change(
    journal: Any,
) -> None:
    _fill(journal)
    encrypt_journal(journal, PASS, FAST)
    with journal.transaction(write=True) as s:
        s.get(PracticeSession, "p1").state = b'{"written": "by an old befriend"}'
    change_passphrase(journal, PASS, NEW_PASS, FAST)
    with journal.transaction() as s:
        state = s.get(PracticeSession, "p1").state
    assert journal.codec.vault.open_text(state, context_for(PRACTICE_STATE, "p1")) == (
        '{"written": "by an old befriend"}'
    )


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=st.lists(st.text(), min_size=1, max_size=4))
def test_any_unicode_text_survives_encrypt_and_decrypt(tmp_path: Path, texts: list[str]) -> None:
    home = tmp_path / hashlib.sha256(repr(texts).encode()).hexdigest()[:16]
    config = Settings(home=home, country=None, threads=None)
    journal = open_journal(config)
    try:
        report = journal.add_entries([NewEntry(text=t) for t in texts])
        ids = report.added
        encrypt_journal(journal, PASS, FAST)
        sealed = open_journal(config, unlock=unlocker(PASS))
        try:
            assert [sealed.get(i).text for i in ids] == texts
        finally:
            sealed.close()
        decrypt_journal(journal, PASS)
        assert [journal.get(i).text for i in ids] == texts
    finally:
        journal.close()


def test_a_journal_opened_before_encryption_changed_refuses_to_write(journal: Any) -> None:
    ids = _fill(journal)
    other = open_journal(load_settings())  # "the other terminal", opened while plain
    try:
        encrypt_journal(journal, PASS, FAST)
        with pytest.raises(JournalChangedError) as caught:
            other.add_entry("typed while the journal was being encrypted")
        assert caught.value.message.startswith("Another befriend changed this journal's")
        unlocked = open_journal(load_settings(), unlock=unlocker(PASS))
        change_passphrase(journal, PASS, NEW_PASS, FAST)
        with pytest.raises(JournalChangedError):  # its data key is gone: it must not seal
            unlocked.add_entry("typed while the passphrase was being changed")
        unlocked.close()
    finally:
        other.close()
    reopened = open_journal(load_settings(), unlock=unlocker(NEW_PASS))
    try:
        assert [r.id for r in reopened.entries(oldest_first=True)] == ids
    finally:
        reopened.close()


def test_without_the_passphrase_labels_and_dates_read_but_text_does_not(
    journal: Any, analyzer: Any
) -> None:
    entry = journal.add_entry(TEXTS[1], analyzer.analyze(TEXTS[1]))
    encrypt_journal(journal, PASS, FAST)
    locked = open_journal(load_settings(), unlock=LockedCodec)
    try:
        with locked.transaction() as s:
            row = s.scalars(select(EntryAnalysis)).one()
            assert "self_judgment" in row.labels
            assert s.get(Entry, entry.id).created_at == entry.created_at
        with pytest.raises(JournalLockedError):
            locked.get(entry.id)
        with pytest.raises(JournalLockedError):
            locked.add_entry("no passphrase, no writing")
    finally:
        locked.close()


def test_compaction_blocked_by_another_reader_is_reported_not_fatal(
    database_url: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import befriend.store.db as db
    import befriend.vault.journal as vault_journal

    monkeypatch.setattr(db, "BUSY_TIMEOUT_SECONDS", 0.3)
    monkeypatch.setattr(vault_journal, "COMPACT_LOCK_TIMEOUT_MS", 300)
    journal = open_journal(load_settings())
    reader = open_journal(load_settings())
    try:
        ids = _fill(journal)
        with reader.transaction() as s:  # another befriend, mid-read
            assert len(list(s.scalars(select(Entry.id)))) == len(ids)
            report = encrypt_journal(journal, PASS, FAST)
        assert not report.compacted
        assert report.values == len(TEXTS) + 2
        assert [journal.get(i).text for i in ids] == TEXTS
        assert journal.codec.sealed
    finally:
        reader.close()
        journal.close()


def test_the_vault_and_the_store_agree_on_where_the_key_record_lives() -> None:
    from befriend.store import VAULT_KEY_RECORD

    assert KEY_RECORD_SETTING == VAULT_KEY_RECORD == "vault.key_record"
