"""Sealed blobs: the bytes stored in place of the user's text when the vault is on.

Layout of format version 1 (all sizes in bytes; see docs/vault-format.md)::

    magic    4   b"\\x89BFV"
    version  1   0x01
    key id   8   which data key sealed it (from the key record)
    nonce   12   random, never reused with the same key
    sealed   n   AES-256-GCM ciphertext of the padded plaintext, then the 16-byte tag

The associated data is the 25-byte header followed by the UTF-8 *context* (for
example ``entries.text:<entry id>``), so a blob only opens in the place it was
sealed for: swapping blobs between rows or columns makes them fail to open.

The plaintext is padded before sealing (a 0x80 byte, then zeros, up to the Padmé
length), so a blob's size tells its text's length only to within about 12 %.
"""

from __future__ import annotations

import os
from typing import Final

from befriend.vault.errors import ForeignKeyError, UnsealedTextError, VaultFormatError

MAGIC: Final = b"\x89BFV"
VERSION: Final = 1
KEY_ID_BYTES: Final = 8
NONCE_BYTES: Final = 12
TAG_BYTES: Final = 16
HEADER_BYTES: Final = len(MAGIC) + 1 + KEY_ID_BYTES + NONCE_BYTES  # 25
MIN_PADDED: Final = 32  # short texts all look the same size


def is_sealed(blob: bytes) -> bool:
    """True when ``blob`` starts with the sealed-blob magic (0x89 never starts UTF-8)."""
    return bytes(blob[: len(MAGIC)]) == MAGIC


def padded_length(length: int) -> int:
    """Padmé (Nikitin et al., 2019): round up so that only O(log log n) bits of the
    length show; never more than ~12 % overhead. ``length`` counts the 0x80 marker."""
    if length <= MIN_PADDED:
        return MIN_PADDED
    exponent = length.bit_length() - 1  # floor(log2 length)
    size_bits = exponent.bit_length()  # floor(log2 exponent) + 1
    mask = (1 << (exponent - size_bits)) - 1
    return (length + mask) & ~mask


def pad(data: bytes) -> bytes:
    marked = data + b"\x80"
    return marked + b"\x00" * (padded_length(len(marked)) - len(marked))


def unpad(padded: bytes) -> bytes:
    end = len(padded.rstrip(b"\x00"))
    if end == 0 or padded[end - 1] != 0x80:
        raise _damaged()
    return padded[: end - 1]


def associated_data(header: bytes, context: str) -> bytes:
    return header + context.encode("utf-8")


def seal(key: bytes, key_id: bytes, data: bytes, context: str) -> bytes:
    """Seal ``data`` for ``context`` under the data key ``key`` (32 bytes)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header = MAGIC + bytes([VERSION]) + key_id + os.urandom(NONCE_BYTES)
    nonce = header[-NONCE_BYTES:]
    return header + AESGCM(key).encrypt(nonce, pad(data), associated_data(header, context))


def blob_key_id(blob: bytes) -> bytes:
    """The key id of a sealed blob, after checking its magic, version and size."""
    if not is_sealed(blob):
        raise UnsealedTextError()
    if len(blob) < HEADER_BYTES + TAG_BYTES:
        raise _damaged()
    version = blob[len(MAGIC)]
    if version != VERSION:
        raise VaultFormatError(
            f"Some sealed text uses format version {version}, which this befriend doesn't know "
            "(it may come from a newer befriend). Nothing was changed. Update befriend and try "
            "again."
        )
    return bytes(blob[len(MAGIC) + 1 : len(MAGIC) + 1 + KEY_ID_BYTES])


def open_blob(key: bytes, key_id: bytes, blob: bytes, context: str) -> bytes:
    """The data sealed in ``blob`` for ``context``; raises if it was sealed elsewhere,
    under another key, or has been changed."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    blob = bytes(blob)
    if blob_key_id(blob) != key_id:
        raise ForeignKeyError()
    header = blob[:HEADER_BYTES]
    nonce = header[-NONCE_BYTES:]
    try:
        padded = AESGCM(key).decrypt(nonce, blob[HEADER_BYTES:], associated_data(header, context))
    except InvalidTag:
        raise _damaged() from None
    return unpad(padded)


def _damaged() -> VaultFormatError:
    return VaultFormatError(
        "Some sealed text in the journal is damaged or has been moved from where it was "
        "written, so befriend won't trust it. Nothing was changed. Restore the journal from a "
        "backup or an export."
    )
