"""The key record: what a journal needs, besides the passphrase, to open its text.

It is stored by the journal under the setting ``vault.key_record``. Layout of
format version 1 (big-endian; see docs/vault-format.md)::

    magic        4   b"\\x89BFK"
    version      1   0x01
    kdf name     1+n length, then ASCII: b"argon2id"
    kdf version  1   0x13 (Argon2 v1.3)
    memory       4   KiB
    iterations   4
    parallelism  4
    salt         1+n length (16..64), then the salt
    key id       8   names the data key; every sealed blob repeats it
    nonce       12
    wrapped key 48   AES-256-GCM of the 32-byte data key under the passphrase key

The associated data of the wrapped key is every byte before it, so the header
(salt and cost parameters included) cannot be altered without the passphrase
check failing. The wrapped key is also the verifier: a wrong passphrase fails to
unwrap it, before any text is touched.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Final

from befriend.vault.errors import VaultFormatError
from befriend.vault.kdf import ARGON2_VERSION, KDF_NAME, KdfParams

MAGIC: Final = b"\x89BFK"
VERSION: Final = 1
KEY_ID_BYTES: Final = 8
NONCE_BYTES: Final = 12
WRAPPED_BYTES: Final = 32 + 16
_COSTS = struct.Struct(">BIII")


@dataclass(frozen=True, slots=True)
class KeyRecord:
    """A parsed key record. ``header`` is the authenticated prefix (every byte
    before the wrapped key)."""

    version: int
    kdf: str
    kdf_version: int
    params: KdfParams
    salt: bytes
    key_id: bytes
    nonce: bytes
    wrapped_key: bytes
    header: bytes

    def to_bytes(self) -> bytes:
        return self.header + self.wrapped_key

    def describe(self) -> dict[str, object]:
        """The non-secret facts of the record, for `befriend` to show."""
        return {
            "format": self.version,
            "kdf": self.kdf,
            "memory_kib": self.params.memory_kib,
            "iterations": self.params.iterations,
            "parallelism": self.params.parallelism,
            "key_id": self.key_id.hex(),
        }


def build_header(params: KdfParams, salt: bytes, key_id: bytes, nonce: bytes) -> bytes:
    name = KDF_NAME.encode("ascii")
    return b"".join(
        [
            MAGIC,
            bytes([VERSION, len(name)]),
            name,
            _COSTS.pack(ARGON2_VERSION, params.memory_kib, params.iterations, params.parallelism),
            bytes([len(salt)]),
            salt,
            key_id,
            nonce,
        ]
    )


def parse(record: bytes) -> KeyRecord:
    """Parse and check a key record; :class:`VaultFormatError` says what is wrong."""
    data = bytes(record)
    if not data.startswith(MAGIC):
        raise VaultFormatError(
            "The journal's key record isn't one befriend wrote, so the journal can't be "
            "unlocked. Nothing was changed. Restore the journal from a backup or an export."
        )
    if len(data) <= len(MAGIC) or data[len(MAGIC)] != VERSION:
        version = data[len(MAGIC)] if len(data) > len(MAGIC) else "?"
        raise VaultFormatError(
            f"The journal's key record uses format version {version}, which this befriend "
            "doesn't know (it may come from a newer befriend). Nothing was changed. Update "
            "befriend and try again."
        )
    try:
        at = len(MAGIC) + 1
        name_len = data[at]
        kdf = data[at + 1 : at + 1 + name_len].decode("ascii")
        at += 1 + name_len
        kdf_version, memory, iterations, parallelism = _COSTS.unpack_from(data, at)
        at += _COSTS.size
        salt_len = data[at]
        salt = data[at + 1 : at + 1 + salt_len]
        at += 1 + salt_len
        key_id = data[at : at + KEY_ID_BYTES]
        nonce = data[at + KEY_ID_BYTES : at + KEY_ID_BYTES + NONCE_BYTES]
        at += KEY_ID_BYTES + NONCE_BYTES
        header, wrapped = data[:at], data[at:]
    except (IndexError, struct.error, UnicodeDecodeError):
        raise _damaged() from None
    if (
        len(salt) != salt_len
        or not 16 <= salt_len <= 64
        or len(key_id) != KEY_ID_BYTES
        or len(nonce) != NONCE_BYTES
        or len(wrapped) != WRAPPED_BYTES
    ):
        raise _damaged()
    if kdf != KDF_NAME or kdf_version != ARGON2_VERSION:
        raise VaultFormatError(
            f"The journal's key record uses the key derivation {kdf!r} (version {kdf_version}), "
            "which this befriend doesn't know. Nothing was changed. Update befriend and try again."
        )
    params = KdfParams(memory_kib=memory, iterations=iterations, parallelism=parallelism)
    params.check()
    return KeyRecord(
        version=VERSION,
        kdf=kdf,
        kdf_version=kdf_version,
        params=params,
        salt=salt,
        key_id=key_id,
        nonce=nonce,
        wrapped_key=wrapped,
        header=header,
    )


def _damaged() -> VaultFormatError:
    return VaultFormatError(
        "The journal's key record is damaged, so the journal can't be unlocked. Nothing was "
        "changed. Restore the journal from a backup or an export."
    )
