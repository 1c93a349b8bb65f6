"""Passphrase -> key: Argon2id (RFC 9106) through argon2-cffi's low-level API.

The defaults follow RFC 9106's second recommended option for memory-constrained
machines: 64 MiB of memory, 3 passes, 4 lanes. On a laptop one derivation takes a
fraction of a second, which is paid once per command; an attacker guessing
passphrases pays it for every guess. Tests pass smaller parameters explicitly.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Final

from befriend.vault.errors import VaultFormatError

KDF_NAME: Final = "argon2id"
ARGON2_VERSION: Final = 0x13  # Argon2 v1.3, the only version RFC 9106 specifies
KEY_BYTES: Final = 32  # AES-256
SALT_BYTES: Final = 16

# Bounds a key record must stay within to be opened at all, so a damaged or hostile
# record cannot ask for terabytes of memory or hours of work.
MAX_MEMORY_KIB: Final = 4 * 1024 * 1024  # 4 GiB
MAX_ITERATIONS: Final = 64
MAX_PARALLELISM: Final = 64


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost parameters. ``memory_kib`` is in KiB (65536 = 64 MiB)."""

    memory_kib: int = 64 * 1024
    iterations: int = 3
    parallelism: int = 4

    def check(self) -> None:
        """Raise :class:`VaultFormatError` if the parameters are outside safe bounds."""
        ok = (
            1 <= self.parallelism <= MAX_PARALLELISM
            and 8 * self.parallelism <= self.memory_kib <= MAX_MEMORY_KIB
            and 1 <= self.iterations <= MAX_ITERATIONS
        )
        if not ok:
            raise VaultFormatError(
                "The journal's key record asks for key-derivation settings befriend won't use "
                f"(memory {self.memory_kib} KiB, {self.iterations} passes, {self.parallelism} "
                "lanes), so it looks damaged. Nothing was changed. Restore the journal from a "
                "backup or an export."
            )


DEFAULT_KDF: Final = KdfParams()


def passphrase_bytes(passphrase: str) -> bytes:
    """The bytes a passphrase stands for: Unicode NFC, then UTF-8, so the same
    passphrase typed on systems that compose accents differently opens the journal."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """A 32-byte key from ``passphrase`` and ``salt`` with Argon2id v1.3."""
    from argon2.low_level import Type, hash_secret_raw

    params.check()
    return hash_secret_raw(
        secret=passphrase_bytes(passphrase),
        salt=salt,
        time_cost=params.iterations,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
        version=ARGON2_VERSION,
    )
