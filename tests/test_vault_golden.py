"""Journals sealed by earlier befriend releases keep opening, forever.

The files under tests/data/vault/v<N>/ were written once by
scripts/make_vault_golden.py and must never be regenerated.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from befriend.vault import KdfParams, SealingCodec, WrongPassphraseError, unlock
from befriend.vault.record import parse

GOLDEN = Path(__file__).parent / "data" / "vault"
VERSIONS = sorted(p for p in GOLDEN.iterdir() if p.is_dir())


def test_there_is_a_golden_folder_for_format_1() -> None:
    assert [p.name for p in VERSIONS][:1] == ["v1"]


@pytest.mark.parametrize("folder", VERSIONS, ids=lambda p: p.name)
def test_golden_blobs_open_to_their_text(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    record = (folder / "key_record.bin").read_bytes()
    parsed = parse(record)
    assert parsed.params == KdfParams(**manifest["kdf"])
    assert parsed.key_id.hex() == manifest["key_id"]
    codec = SealingCodec(unlock(record, manifest["passphrase"]))
    assert len(manifest["blobs"]) >= 6
    for item in manifest["blobs"]:
        blob = (folder / item["file"]).read_bytes()
        assert codec.decode(blob, item["context"]) == item["text"]


@pytest.mark.parametrize("folder", VERSIONS, ids=lambda p: p.name)
def test_golden_key_record_refuses_a_wrong_passphrase(folder: Path) -> None:
    record = (folder / "key_record.bin").read_bytes()
    with pytest.raises(WrongPassphraseError):
        unlock(record, "correct horse battery stapler")


def test_golden_format_1_bytes_are_as_documented() -> None:
    record = (GOLDEN / "v1" / "key_record.bin").read_bytes()
    assert record[:5] == b"\x89BFK\x01"
    assert record[5:14] == b"\x08argon2id"
    assert record[14] == 0x13
    assert int.from_bytes(record[15:19], "big") == 256
    assert int.from_bytes(record[19:23], "big") == 2
    assert int.from_bytes(record[23:27], "big") == 2
    assert record[27] == 16
    key_id = record[44:52]
    assert len(record) == 28 + 16 + 8 + 12 + 48
    blob = (GOLDEN / "v1" / "blob-01.bin").read_bytes()
    assert blob[:5] == b"\x89BFV\x01"
    assert blob[5:13] == key_id


def test_a_golden_encrypted_journal_opens_upgrades_and_decrypts(_isolated_home: Path) -> None:
    """v1/journal.db: the first schema (0001_initial) sealed with vault format 1."""
    import shutil
    from datetime import UTC, datetime

    from befriend.settings import load_settings
    from befriend.store import open_journal
    from befriend.store.codec import CHECKIN_NOTE, context_for
    from befriend.store.errors import JournalLockedError
    from befriend.store.models import CheckIn
    from befriend.vault.journal import decrypt_journal, unlocker

    manifest = json.loads((GOLDEN / "v1" / "manifest.json").read_text(encoding="utf-8"))
    _isolated_home.mkdir(parents=True)
    shutil.copy(GOLDEN / "v1" / "journal.db", _isolated_home / "befriend.db")
    with pytest.raises(JournalLockedError):
        open_journal(load_settings())
    with open_journal(load_settings(), unlock=unlocker(manifest["passphrase"])) as journal:
        first, second = journal.entries(oldest_first=True)
        assert first.text == "I'm such an idiot. Everyone else copes fine."
        assert first.created_at == datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
        assert second.text == "Ünïcödé ✓ and a second line\nstays exact."
        note_id = "c0ffee00-0000-4000-8000-000000000001"
        with journal.transaction() as s:
            note = bytes(s.get(CheckIn, note_id).note)
        assert journal.codec.decode(note, context_for(CHECKIN_NOTE, note_id)) == (
            "Slept badly. Walked anyway."
        )
        decrypt_journal(journal, manifest["passphrase"])
    with open_journal(load_settings()) as plain:
        assert [e.text for e in plain.entries(oldest_first=True)] == [first.text, second.text]
