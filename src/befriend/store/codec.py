"""How user text becomes bytes in the database, and back.

Every column that holds words the user wrote (entry text, practice answers,
check-in notes) is written and read ONLY through a :class:`TextCodec`. The plain
codec stores UTF-8; the vault (``befriend.vault``) supplies a sealing codec whose
blobs start with :data:`SEALED_MAGIC`. Because 0x89 can never start UTF-8 text, any
stored blob can be told apart: plain or sealed.
"""

from __future__ import annotations

from typing import Final, Protocol, runtime_checkable

from befriend.store.errors import SealedDataError

SEALED_MAGIC: Final[bytes] = b"\x89BFV"


@runtime_checkable
class TextCodec(Protocol):
    """Turns user text into bytes for storage and back.

    ``sealed`` is True when the bytes are encrypted (the vault is on).
    ``context`` names where the blob lives (see :func:`context_for`); a sealing
    codec binds the blob to it, so a blob copied to another row won't open.
    A codec may also have ``key_record``: the vault key record it seals under
    (None: plain); :meth:`Journal.check_codec` compares it with the journal's before
    text is written (a codec without it counts as plain).
    """

    sealed: bool

    def encode(self, text: str, context: str = "") -> bytes: ...

    def decode(self, blob: bytes, context: str = "") -> str: ...


def context_for(column: str, row_id: str) -> str:
    """The codec context of one stored field, e.g. ``entries.text:<entry id>``."""
    return f"{column}:{row_id}"


ENTRY_TEXT: Final[str] = "entries.text"
PRACTICE_STATE: Final[str] = "practice_sessions.state"
CHECKIN_NOTE: Final[str] = "checkins.note"
SAFETY_PLAN: Final[str] = "safety_plans.plan"


def is_sealed(blob: bytes) -> bool:
    """True when ``blob`` was written by a sealing codec."""
    return blob.startswith(SEALED_MAGIC)


class PlainCodec:
    """UTF-8, no encryption: the default when the vault is off."""

    sealed = False
    key_record: bytes | None = None

    def encode(self, text: str, context: str = "") -> bytes:
        return text.encode("utf-8")

    def decode(self, blob: bytes, context: str = "") -> str:
        if is_sealed(blob):
            raise SealedDataError()
        return bytes(blob).decode("utf-8")
