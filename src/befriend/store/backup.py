"""`befriend backup`: a consistent copy of the SQLite journal, taken with SQLite's
online backup API while other processes may be writing.

The copy is made into a temporary file next to the destination, checked with
``PRAGMA integrity_check``, switched to a self-contained single file (no -wal), and
only then renamed into place, so the destination is either the complete backup or
untouched. PostgreSQL journals are backed up with ``pg_dump``.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from befriend.store.db import BUSY_TIMEOUT_SECONDS, DB_FILENAME
from befriend.store.errors import (
    DatabaseBusyError,
    DiskFullError,
    ReadOnlyError,
    StoreError,
)


@dataclass(frozen=True, slots=True)
class BackupReport:
    path: Path
    entries: int
    size: int


def sqlite_path(database_url: str | None, home: Path) -> Path:
    """The SQLite file to back up; PostgreSQL gets a plain pointer to pg_dump."""
    if database_url is None:
        return home / DB_FILENAME
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise StoreError(
            "befriend backup copies a SQLite journal, and yours is in "
            f"{url.get_backend_name()} ({url.render_as_string(hide_password=True)}). "
            "Back it up with PostgreSQL's own tool, e.g. `pg_dump -Fc -f FILE DBNAME`, "
            "or save your entries with `befriend export`."
        )
    return Path(url.database)


def backup_sqlite(source: Path, dest: Path, *, force: bool = False) -> BackupReport:
    """Copy the journal at ``source`` to ``dest`` (a new file unless ``force``)."""
    if not source.exists():
        raise StoreError(
            f"There's no journal at {source} yet, so there's nothing to back up. "
            "Write an entry first with `befriend write`."
        )
    dest = dest.expanduser()
    if dest.exists() and dest.is_dir():
        raise StoreError(f"{dest} is a folder; give the name of the backup file to create.")
    if dest.exists() and dest.resolve() == source.resolve():
        raise StoreError("The backup can't replace the journal itself; choose another file.")
    if dest.exists() and not force:
        raise StoreError(f"{dest} already exists. Choose a new name, or add --force to replace it.")
    if not dest.parent.is_dir():
        raise StoreError(f"The folder {dest.parent} doesn't exist; create it first.")
    tmp = dest.with_name(f".{dest.name}.befriend-partial-{os.getpid()}")
    try:
        _copy(source, tmp)
        os.replace(tmp, dest)
    except sqlite3.OperationalError as exc:
        raise _sqlite_error(exc, dest) from None
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFullError(str(dest.parent)) from None
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise StoreError(
                f"befriend can't write to {dest.parent}. Choose a folder you can write to."
            ) from None
        raise
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            leftover.unlink(missing_ok=True)
    with sqlite3.connect(dest) as check:
        entries = check.execute("SELECT count(*) FROM entries").fetchone()[0]
    check.close()
    return BackupReport(path=dest, entries=int(entries), size=dest.stat().st_size)


def _copy(source: Path, tmp: Path) -> None:
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    dst = sqlite3.connect(tmp)
    try:
        # pages=-1: the whole database in one step, under one read snapshot, so a
        # writer in another process can neither tear the copy nor restart it.
        src.backup(dst, pages=-1)
        dst.execute("PRAGMA journal_mode = DELETE")
        status = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if status != "ok":
            raise StoreError(
                "The copy didn't pass SQLite's integrity check, so no backup was written. "
                "Your journal itself may be damaged: keep a copy of the folder and ask for help."
            )
    finally:
        dst.close()
        src.close()


def _sqlite_error(exc: sqlite3.OperationalError, dest: Path) -> StoreError:
    message = str(exc).lower()
    if "locked" in message or "busy" in message:
        return DatabaseBusyError()
    if "full" in message:
        return DiskFullError(str(dest.parent))
    if "readonly" in message:
        return ReadOnlyError(str(dest.parent))
    return StoreError(f"The backup couldn't be made ({exc}). Nothing was written to {dest}.")
