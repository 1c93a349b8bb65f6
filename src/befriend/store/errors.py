"""Errors of the journal store. Each says what is wrong and what to do."""

from __future__ import annotations

from befriend.errors import BefriendError


class StoreError(BefriendError):
    code = "store_error"


class EntryNotFoundError(StoreError):
    code = "entry_not_found"

    def __init__(self, entry_id: str) -> None:
        super().__init__(
            f"There's no journal entry with the id {entry_id!r}. "
            "Run `befriend journal list` to see your entries and their ids."
        )
        self.entry_id = entry_id


class AmbiguousIdError(StoreError):
    code = "ambiguous_id"

    def __init__(self, prefix: str, count: int) -> None:
        super().__init__(
            f"{count} entries have ids starting with {prefix!r}. "
            "Type a few more characters of the id."
        )


class DatabaseBusyError(StoreError):
    code = "database_busy"

    def __init__(self) -> None:
        super().__init__(
            "The journal is busy: another befriend (or another program) is holding it locked. "
            "Nothing was changed. Wait a moment, close other befriend windows, and try again."
        )


class ReadOnlyError(StoreError):
    code = "read_only"

    def __init__(self, where: str) -> None:
        super().__init__(
            f"befriend can't write to its data folder ({where}): it is read-only. "
            "Nothing was changed. Check the folder's permissions, or point BEFRIEND_HOME "
            "at a folder you can write to."
        )


class DiskFullError(StoreError):
    code = "disk_full"

    def __init__(self, where: str) -> None:
        super().__init__(
            f"The disk holding befriend's data ({where}) is full. Nothing was changed. "
            "Free some space and try again."
        )


class DatabaseOpenError(StoreError):
    code = "database_open"


class DatabaseCorruptError(StoreError):
    code = "database_corrupt"


class SealedDataError(StoreError):
    code = "sealed"

    def __init__(self) -> None:
        super().__init__(
            "This journal is encrypted, and befriend was asked to read it without the "
            "passphrase. Open it with your passphrase and try again."
        )


class JournalLockedError(StoreError):
    """The vault is on but no way to unlock it was given (see ``open_journal``)."""

    code = "journal_locked"

    def __init__(self) -> None:
        super().__init__(
            "Your journal is encrypted. befriend needs your passphrase to open it: "
            "type it when asked."
        )


class JournalChangedError(StoreError):
    """The journal's encryption changed while this befriend had it open."""

    code = "journal_changed"

    def __init__(self) -> None:
        super().__init__(
            "Another befriend changed this journal's encryption (turned it on or off, or "
            "changed the passphrase) while this one had it open, so nothing was saved. "
            "Run the command again."
        )


class ImportFormatError(StoreError):
    code = "import_format"


class MigrationError(StoreError):
    code = "migration_error"
