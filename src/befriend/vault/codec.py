"""The sealing codec: the journal's TextCodec when the vault is on."""

from __future__ import annotations

from befriend.vault.vault import Vault


class SealingCodec:
    """Seals text on the way into the database and opens it on the way out.

    ``context`` names where a blob lives (``"entries.text:<id>"``); a blob sealed
    for one place will not open in another. Callers that pass no context get blobs
    bound only to the journal's key.
    """

    sealed = True

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.key_record: bytes | None = vault.record.to_bytes()

    def encode(self, text: str, context: str = "") -> bytes:
        return self.vault.seal_text(text, context)

    def decode(self, blob: bytes, context: str = "") -> str:
        return self.vault.open_text(blob, context)
