"""The vault library: sealing, unlocking, the formats and their failure modes."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from befriend.vault import (
    DEFAULT_KDF,
    ForeignKeyError,
    KdfParams,
    SealingCodec,
    UnsealedTextError,
    VaultFormatError,
    WeakPassphraseError,
    WrongPassphraseError,
    create_vault,
    is_sealed,
    unlock,
)
from befriend.vault.blob import HEADER_BYTES, TAG_BYTES, padded_length
from befriend.vault.reseal import reseal_value

# Small Argon2 costs keep the tests fast; the defaults are checked separately.
FAST = KdfParams(memory_kib=64, iterations=1, parallelism=1)
PASS = "a long enough passphrase"
VAULT = create_vault(PASS, FAST)


def test_defaults_are_strong_and_used_when_no_params_are_given() -> None:
    assert KdfParams(memory_kib=65536, iterations=3, parallelism=4) == DEFAULT_KDF
    vault = create_vault(PASS)
    assert vault.record.params == DEFAULT_KDF
    assert unlock(vault.record.to_bytes(), PASS).key_id == vault.key_id


def test_seal_and_open_round_trip_with_context() -> None:
    blob = VAULT.seal_text("I'm not a failure, I had a bad week.", "entries.text:1")
    assert is_sealed(blob)
    assert b"failure" not in blob
    assert VAULT.open_text(blob, "entries.text:1") == "I'm not a failure, I had a bad week."


@settings(max_examples=200, deadline=None)
@given(text=st.text(), context=st.text(max_size=60))
def test_any_unicode_text_round_trips(text: str, context: str) -> None:
    codec = SealingCodec(VAULT)
    blob = codec.encode(text, context)
    assert blob[:5] == b"\x89BFV\x01"
    assert codec.decode(blob, context) == text


def test_a_blob_does_not_open_in_another_place() -> None:
    blob = VAULT.seal_text("private", "entries.text:1")
    for elsewhere in ("entries.text:2", "checkins.note:1", ""):
        with pytest.raises(VaultFormatError, match="damaged or has been moved"):
            VAULT.open_text(blob, elsewhere)


def test_every_changed_byte_is_detected() -> None:
    blob = VAULT.seal_text("short", "c")
    for index in range(len(blob)):
        changed = bytearray(blob)
        changed[index] ^= 0x01
        with pytest.raises((VaultFormatError, ForeignKeyError, UnsealedTextError)):
            VAULT.open_text(bytes(changed), "c")


def test_truncated_and_extended_blobs_are_refused() -> None:
    blob = VAULT.seal_text("short", "c")
    for bad in (blob[:-1], blob[: HEADER_BYTES + TAG_BYTES - 1], blob[:5], blob + b"\x00"):
        with pytest.raises(VaultFormatError):
            VAULT.open_text(bad, "c")


def test_a_blob_from_another_journal_says_so() -> None:
    other = create_vault(PASS, FAST)
    blob = other.seal_text("theirs", "c")
    with pytest.raises(ForeignKeyError) as caught:
        VAULT.open_text(blob, "c")
    assert caught.value.message.startswith(
        "Some text in the journal was sealed with a different key from this journal's"
    )


def test_plain_text_where_sealed_text_belongs_is_refused() -> None:
    with pytest.raises(UnsealedTextError):
        SealingCodec(VAULT).decode(b"plain words", "c")


def test_an_unknown_blob_version_asks_for_an_update() -> None:
    blob = bytearray(VAULT.seal_text("x", "c"))
    blob[4] = 2
    with pytest.raises(VaultFormatError) as caught:
        VAULT.open_text(bytes(blob), "c")
    assert caught.value.message == (
        "Some sealed text uses format version 2, which this befriend doesn't know (it may come "
        "from a newer befriend). Nothing was changed. Update befriend and try again."
    )


def test_the_same_text_seals_differently_each_time() -> None:
    assert VAULT.seal_text("same", "c") != VAULT.seal_text("same", "c")


def test_wrong_passphrase_is_one_clear_error() -> None:
    with pytest.raises(WrongPassphraseError) as caught:
        unlock(VAULT.record.to_bytes(), PASS + "!")
    assert caught.value.message == (
        "That passphrase doesn't open this journal, so nothing was changed. "
        "Passphrases are case-sensitive; check it and try again."
    )
    assert caught.value.code == "wrong_passphrase"


def test_passphrase_is_compared_after_unicode_normalisation() -> None:
    composed = unicodedata.normalize("NFC", "café crème brûlée")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    vault = create_vault(composed, FAST)
    assert unlock(vault.record.to_bytes(), decomposed).key_id == vault.key_id


def test_short_passphrases_are_refused() -> None:
    with pytest.raises(WeakPassphraseError, match="shorter than 8 characters"):
        create_vault("1234567", FAST)


@pytest.mark.parametrize("index", [28, 43, 44, 51, 52, 63, 64, 111])
def test_changing_salt_key_id_nonce_or_wrapped_key_fails_the_check(index: int) -> None:
    record = bytearray(VAULT.record.to_bytes())
    record[index] ^= 0x01  # salt 28..43, key id 44..51, nonce 52..63, wrapped key 64..111
    with pytest.raises(WrongPassphraseError):
        unlock(bytes(record), PASS)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: b"\x89BFX" + r[4:], "isn't one befriend wrote"),
        (lambda r: r[:4] + b"\x07" + r[5:], "format version 7"),
        (lambda r: r[:-1], "damaged"),
        (lambda r: r[:20], "damaged"),
        (lambda r: r[:6] + b"scrypt00" + r[14:], "key derivation 'scrypt00'"),
        (lambda r: b"", "isn't one befriend wrote"),
    ],
)
def test_damaged_or_foreign_key_records_are_named(change: object, message: str) -> None:
    record = VAULT.record.to_bytes()
    with pytest.raises(VaultFormatError, match=message):
        unlock(change(record), PASS)  # type: ignore[operator]


def test_absurd_costs_in_a_record_are_refused_before_any_work() -> None:
    record = bytearray(VAULT.record.to_bytes())
    record[15:19] = (0xFFFFFFFF).to_bytes(4, "big")  # memory: 4 TiB
    with pytest.raises(VaultFormatError, match="key-derivation settings befriend won't use"):
        unlock(bytes(record), PASS)


@given(st.integers(min_value=0, max_value=10_000_000))
def test_padding_hides_small_differences_and_costs_little(length: int) -> None:
    padded = padded_length(length)
    assert padded >= max(length, 32)
    if length > 32:
        assert padded <= length * 1.125
    assert padded_length(padded) == padded


def test_short_texts_all_seal_to_the_same_size() -> None:
    sizes = {len(VAULT.seal_text("x" * n, "c")) for n in range(31)}
    assert sizes == {HEADER_BYTES + 32 + TAG_BYTES}


def test_reseal_moves_between_plain_and_two_keys() -> None:
    new = create_vault("another passphrase", FAST)
    plain = b"Walked anyway."
    sealed_old = reseal_value(plain, "ctx", None, VAULT)
    sealed_new = reseal_value(sealed_old, "ctx", VAULT, new)
    assert new.open(sealed_new, "ctx") == plain
    assert reseal_value(sealed_new, "ctx", new, None) == plain
    # plain text met while resealing is sealed (the repair path)
    assert new.open(reseal_value(plain, "ctx", VAULT, new), "ctx") == plain


def test_reseal_refuses_sealed_text_without_a_key_and_non_text() -> None:
    with pytest.raises(VaultFormatError, match="no key record"):
        reseal_value(VAULT.seal_text("x", "c"), "c", None, None)
    with pytest.raises(VaultFormatError, match="neither readable text"):
        reseal_value(b"\xff\xfe", "c", None, VAULT)


def test_a_vault_never_shows_its_key() -> None:
    assert repr(VAULT) == f"Vault(key_id={VAULT.key_id.hex()})"
    assert set(VAULT.record.describe()) == {
        "format",
        "kdf",
        "memory_kib",
        "iterations",
        "parallelism",
        "key_id",
    }


def test_the_sealing_codec_is_a_text_codec() -> None:
    from befriend.store.codec import TextCodec

    codec = SealingCodec(VAULT)
    assert isinstance(codec, TextCodec)
    assert codec.sealed is True
    assert codec.key_record == VAULT.record.to_bytes()
