"""Re-sealing one stored value: plain -> sealed (encrypt), sealed -> sealed under a
new key (passphrase change), sealed -> plain (decrypt).

The journal calls :func:`reseal_value` for every text column of every row inside
one transaction, so either every value moves to the new state or none does.
"""

from __future__ import annotations

from befriend.vault.blob import is_sealed
from befriend.vault.errors import VaultFormatError
from befriend.vault.vault import Vault


def reseal_value(blob: bytes, context: str, old: Vault | None, new: Vault | None) -> bytes:
    """``blob`` as stored, moved from ``old`` (None: plain) to ``new`` (None: plain).

    A plain value met while ``old`` is set is accepted and sealed (this is how
    `befriend passphrase` repairs text written unsealed); a sealed value met while
    ``old`` is None is refused, because there is no key to open it.
    """
    blob = bytes(blob)
    if is_sealed(blob):
        if old is None:
            raise VaultFormatError(
                "The journal holds sealed text but has no key record to open it, so it can't be "
                "changed. Nothing was changed. Restore the journal from a backup or an export."
            )
        data = old.open(blob, context)
    else:
        try:
            blob.decode("utf-8")
        except UnicodeDecodeError:
            raise VaultFormatError(
                "Some text in the journal is neither readable text nor sealed by befriend, so it "
                "looks damaged. Nothing was changed. Restore the journal from a backup or an "
                "export."
            ) from None
        data = blob
    return new.seal(data, context) if new is not None else data
