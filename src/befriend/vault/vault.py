"""A vault: the journal's data key, unlocked, able to seal and open text.

Two keys, as in most disk encryption: a random 256-bit *data key* seals the text,
and a *passphrase key* derived with Argon2id wraps the data key in the key record.
A wrong passphrase fails to unwrap it, so it is caught before any text is read.
"""

from __future__ import annotations

import os

from befriend.vault import blob, record
from befriend.vault.errors import WeakPassphraseError, WrongPassphraseError
from befriend.vault.kdf import DEFAULT_KDF, KEY_BYTES, SALT_BYTES, KdfParams, derive_key

MIN_PASSPHRASE_CHARS = 8


class Vault:
    """An unlocked data key. Holds the key in memory only; never stored in clear."""

    __slots__ = ("_key", "key_id", "record")

    def __init__(self, key: bytes, key_record: record.KeyRecord) -> None:
        self._key = key
        self.key_id = key_record.key_id
        self.record = key_record

    def __repr__(self) -> str:
        return f"Vault(key_id={self.key_id.hex()})"

    def seal(self, data: bytes, context: str = "") -> bytes:
        """Seal ``data`` so it opens only with this key and the same ``context``."""
        return blob.seal(self._key, self.key_id, data, context)

    def open(self, sealed: bytes, context: str = "") -> bytes:
        return blob.open_blob(self._key, self.key_id, sealed, context)

    def seal_text(self, text: str, context: str = "") -> bytes:
        return self.seal(text.encode("utf-8"), context)

    def open_text(self, sealed: bytes, context: str = "") -> str:
        return self.open(sealed, context).decode("utf-8")


def check_new_passphrase(passphrase: str) -> None:
    """Refuse passphrases too short to protect anything."""
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        raise WeakPassphraseError(
            f"That passphrase is shorter than {MIN_PASSPHRASE_CHARS} characters, which is easy "
            "to guess. Nothing was changed. Choose a longer one: a few unrelated words work "
            "well and are easier to remember."
        )


def create_vault(passphrase: str, params: KdfParams = DEFAULT_KDF) -> Vault:
    """A new random data key, wrapped under ``passphrase``. Store ``vault.record.to_bytes()``."""
    check_new_passphrase(passphrase)
    params.check()
    return _wrap(os.urandom(KEY_BYTES), os.urandom(record.KEY_ID_BYTES), passphrase, params)


def _wrap(key: bytes, key_id: bytes, passphrase: str, params: KdfParams) -> Vault:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt = os.urandom(SALT_BYTES)
    nonce = os.urandom(record.NONCE_BYTES)
    header = record.build_header(params, salt, key_id, nonce)
    wrapping_key = derive_key(passphrase, salt, params)
    wrapped = AESGCM(wrapping_key).encrypt(nonce, key, header)
    return Vault(key, record.parse(header + wrapped))


def unlock(key_record: bytes, passphrase: str) -> Vault:
    """Open a key record with ``passphrase``; :class:`WrongPassphraseError` if it is wrong."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    parsed = record.parse(key_record)
    wrapping_key = derive_key(passphrase, parsed.salt, parsed.params)
    try:
        key = AESGCM(wrapping_key).decrypt(parsed.nonce, parsed.wrapped_key, parsed.header)
    except InvalidTag:
        raise WrongPassphraseError() from None
    return Vault(key, parsed)
