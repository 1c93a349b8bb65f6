"""Encryption at rest for the journal (docs/vault-format.md, docs/privacy.md).

Argon2id turns the passphrase into a key that wraps a random data key; the data
key seals each text field with AES-256-GCM. Everything here is plain functions
and small classes; the CLI (``befriend.cli.vault``) only asks for passphrases.
"""

from __future__ import annotations

from befriend.vault.blob import is_sealed
from befriend.vault.codec import SealingCodec
from befriend.vault.errors import (
    ForeignKeyError,
    PassphraseMismatchError,
    UnsealedTextError,
    VaultError,
    VaultFormatError,
    VaultStateError,
    WeakPassphraseError,
    WrongPassphraseError,
)
from befriend.vault.kdf import DEFAULT_KDF, KdfParams
from befriend.vault.record import KeyRecord
from befriend.vault.vault import Vault, check_new_passphrase, create_vault, unlock

KEY_RECORD_SETTING = "vault.key_record"

__all__ = [
    "DEFAULT_KDF",
    "KEY_RECORD_SETTING",
    "ForeignKeyError",
    "KdfParams",
    "KeyRecord",
    "PassphraseMismatchError",
    "SealingCodec",
    "UnsealedTextError",
    "Vault",
    "VaultError",
    "VaultFormatError",
    "VaultStateError",
    "WeakPassphraseError",
    "WrongPassphraseError",
    "check_new_passphrase",
    "create_vault",
    "is_sealed",
    "unlock",
]
