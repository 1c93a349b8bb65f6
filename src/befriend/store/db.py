"""The database engine: SQLite in ``settings.home`` by default, or any URL.

``open_engine(settings)`` builds the engine; ``migrate(engine)`` brings the schema
to the current revision (run on start-up by ``open_journal``). Both translate
database failures into :class:`~befriend.store.errors.StoreError` with a clear
message; see :func:`translate_errors`.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session

from befriend.store.errors import (
    DatabaseBusyError,
    DatabaseCorruptError,
    DatabaseOpenError,
    DiskFullError,
    MigrationError,
    ReadOnlyError,
    StoreError,
)

if TYPE_CHECKING:
    from befriend.settings import Settings

DB_FILENAME: Final[str] = "befriend.db"
# How long a writer waits for another one to finish before giving up (seconds).
# Long enough for any single befriend transaction; short enough to answer a person.
BUSY_TIMEOUT_SECONDS: float = 10.0
# The Alembic revision this code expects (tests check it is the scripts' head).
# Below this much free space, an I/O error from SQLite is taken to mean "disk full".
NEARLY_FULL_BYTES: Final[int] = 1 << 20
SCHEMA_REVISION: Final[str] = "0003_safety_plan"
MIGRATIONS_DIR: Final[Path] = Path(__file__).parent / "migrations"
_WRITE = "befriend_write"


def database_url(settings: Settings) -> str:
    """The URL from ``BEFRIEND_DATABASE_URL``, else the SQLite file in the home folder."""
    if settings.database_url:
        return settings.database_url
    return f"sqlite:///{settings.home / DB_FILENAME}"


def describe(engine: Engine) -> str:
    """Where the data lives, for messages (never shows a password)."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return url.database or "an in-memory database"
    return str(url.render_as_string(hide_password=True))


def open_engine(settings: Settings) -> Engine:
    """An engine for the journal. For SQLite: the data folder is created (0700),
    WAL mode, foreign keys on, a busy timeout, and write transactions that take
    the write lock up front (``BEGIN IMMEDIATE``)."""
    url_text = database_url(settings)
    try:
        url = make_url(url_text)
    except ArgumentError:
        raise DatabaseOpenError(
            "BEFRIEND_DATABASE_URL isn't a database URL befriend understands. Use, for "
            "example, postgresql+psycopg://user@localhost/befriend, or unset it to use "
            "the SQLite file in your data folder."
        ) from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url_text, url.database)
    if backend == "postgresql":
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        return create_engine(url, pool_pre_ping=True)
    raise DatabaseOpenError(
        f"befriend can store its journal in SQLite or PostgreSQL, not {backend}. "
        "Set BEFRIEND_DATABASE_URL to a postgresql:// URL, or unset it."
    )


def _sqlite_engine(url_text: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        _prepare_sqlite_file(Path(database))
    engine = create_engine(url_text, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            _use_wal(cursor)
            # FULL: a committed entry survives a power cut, not only a killed process.
            cursor.execute("PRAGMA synchronous = FULL")
            # Deleted or replaced text is overwritten with zeros, not left in free pages.
            cursor.execute("PRAGMA secure_delete = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _use_wal(cursor: Any) -> None:
    """Switch the database to write-ahead logging if it isn't already.

    On a new journal two befriend processes can both be reading the empty file when
    one of them asks for the switch; SQLite then refuses at once, without waiting
    (its busy timeout would deadlock there). So the switch is tried again, briefly,
    until it works or the busy timeout has passed.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            message = str(exc).lower()
            if ("locked" not in message and "busy" not in message) or (time.monotonic() > deadline):
                raise
            time.sleep(0.05)


def _prepare_sqlite_file(path: Path) -> None:
    """Create the data folder (0700) and the database file (0600) if missing."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
    except OSError as exc:
        raise _os_error(exc, str(folder)) from None


def _os_error(exc: OSError, where: str) -> StoreError:
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyError(where)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(where)
    return DatabaseOpenError(
        f"befriend couldn't open its data folder {where}: {exc.strerror or exc}. "
        "Check the path in BEFRIEND_HOME and its permissions."
    )


@contextmanager
def translate_errors(engine: Engine) -> Iterator[None]:
    """Turn database failures into one clear :class:`StoreError`."""
    try:
        yield
    except DBAPIError as exc:
        raise _translate(exc, engine) from exc
    except OSError as exc:
        raise _os_error(exc, describe(engine)) from exc


def _translate(exc: DBAPIError, engine: Engine) -> StoreError:
    where = describe(engine)
    message = str(exc.orig).lower()
    sqlstate = getattr(exc.orig, "sqlstate", None) or ""
    if "locked" in message or "busy" in message or sqlstate in ("55P03", "40P01"):
        return DatabaseBusyError()
    if "readonly" in message or "read-only" in message or sqlstate == "25006":
        return ReadOnlyError(where)
    if "disk is full" in message or "disk full" in message or sqlstate.startswith("53"):
        return DiskFullError(where)
    if "disk i/o error" in message and _nearly_full(engine):
        return DiskFullError(_folder(engine))
    if "not a database" in message or "malformed" in message:
        return DatabaseCorruptError(
            f"The journal database at {where} is damaged or isn't a befriend database. "
            "Nothing was changed. Restore it from a backup (`befriend backup` makes one), "
            "or move it aside to start a new journal."
        )
    if "unable to open" in message and engine.url.get_backend_name() == "sqlite":
        folder = Path(engine.url.database or ".").parent
        if folder.exists() and not os.access(folder, os.W_OK):
            return ReadOnlyError(str(folder))
    if isinstance(exc, OperationalError) and engine.url.get_backend_name() == "postgresql":
        return DatabaseOpenError(
            f"befriend couldn't use the PostgreSQL database at {where}. Check that the "
            "server is running and that BEFRIEND_DATABASE_URL is right."
        )
    return DatabaseOpenError(
        f"The journal database at {where} couldn't be used "
        f"({str(exc.orig).splitlines()[0] if str(exc.orig) else type(exc.orig).__name__}). "
        "Nothing was changed."
    )


def _folder(engine: Engine) -> str:
    return str(Path(engine.url.database or ".").parent)


def _nearly_full(engine: Engine) -> bool:
    """SQLite reports some writes that fail for lack of space as plain I/O errors."""
    if engine.url.get_backend_name() != "sqlite":
        return False
    try:
        return shutil.disk_usage(_folder(engine)).free < NEARLY_FULL_BYTES
    except OSError:
        return False


@contextmanager
def transaction(engine: Engine, *, write: bool) -> Iterator[Session]:
    """One transaction as an ORM session: committed on success, rolled back on any
    error. ``write=True`` takes SQLite's write lock at the start, so two writers
    queue up (busy timeout) instead of failing half-way."""
    with translate_errors(engine), engine.connect() as conn:
        conn.execution_options(**{_WRITE: write})
        with conn.begin(), Session(bind=conn, expire_on_commit=False) as session:
            yield session
            session.flush()


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at (None for an empty database). Plain
    SQL, so that opening a current journal doesn't need to import Alembic."""
    with translate_errors(engine), engine.connect() as conn, conn.begin():
        if not inspect(conn).has_table("alembic_version"):
            return None
        versions = list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    if len(versions) > 1:
        raise MigrationError(
            f"The journal at {describe(engine)} records {len(versions)} schema versions at "
            "once, which befriend doesn't understand. Nothing was changed."
        )
    return str(versions[0]) if versions else None


def alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def migrate(engine: Engine, revision: str = "head") -> bool:
    """Bring the schema up to ``revision`` in one transaction. Returns True when a
    migration ran. Cheap when the schema is current (one query)."""
    if revision == "head" and current_revision(engine) == SCHEMA_REVISION:
        return False
    from alembic import command
    from alembic.util import CommandError

    cfg = alembic_config()
    with translate_errors(engine), engine.connect() as conn:
        conn.execution_options(**{_WRITE: True})
        with conn.begin():
            if engine.url.get_backend_name() == "postgresql":
                # Two processes starting at once: the second waits, then finds work done.
                conn.execute(text("SELECT pg_advisory_xact_lock(7081992)"))
            cfg.attributes["connection"] = conn
            try:
                command.upgrade(cfg, revision)
            except CommandError as exc:
                raise MigrationError(
                    f"The journal at {describe(engine)} has a schema this befriend doesn't "
                    f"know ({exc}). It was probably written by a newer befriend: update "
                    "befriend and try again. Nothing was changed."
                ) from None
    return True


def scrub(engine: Engine) -> bool:
    """Leave no old copy of deleted or replaced text in SQLite's files: checkpoint
    the write-ahead log into the database and truncate it, then rebuild the file
    (VACUUM) so no free page keeps old bytes. Best effort: returns False (and changes
    nothing) when another process is using the journal, or for PostgreSQL, whose
    storage befriend doesn't manage."""
    if engine.url.get_backend_name() != "sqlite":
        return False
    import sqlite3

    try:
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            if raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:
                return False
            raw.execute("VACUUM")
            return not raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except (sqlite3.Error, DBAPIError, OSError):
        return False
