"""Bad conditions around the journal: a locked database, a read-only or full data
folder, a damaged database file. Each gets one clear line, exit code 1, and
nothing half-written."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from befriend.cli.main import app

runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args), prog_name="befriend")


def count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
    finally:
        conn.close()


def one_line(result: Any) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return str(lines[0])


@contextmanager
def small_disk(where: Path, size: str = "2m") -> Iterator[Path]:
    """A real, tiny filesystem (tmpfs) to fill up or make read-only. Needs root."""
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        capture_output=True,
    )
    if done.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root; the read-only and full-disk tests need it")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def remount(where: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(where)], check=True)


def test_a_locked_database_is_busy_and_nothing_is_written(
    _isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert invoke("write", "--text", "The first entry.").exit_code == 0
    db = _isolated_home / "befriend.db"
    monkeypatch.setattr("befriend.store.db.BUSY_TIMEOUT_SECONDS", 0.2)
    holder = sqlite3.connect(db)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        line = one_line(invoke("write", "--text", "Blocked by the lock."))
    finally:
        holder.rollback()
        holder.close()
    assert line == (
        "befriend: The journal is busy: another befriend (or another program) is holding it "
        "locked. Nothing was changed. Wait a moment, close other befriend windows, and try again."
    )
    assert count(db) == 1
    # reading still works while someone writes (WAL)
    assert invoke("journal", "list").exit_code == 0


def test_a_read_only_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with small_disk(tmp_path / "disk") as disk:
        home = disk / "home"
        monkeypatch.setenv("BEFRIEND_HOME", str(home))
        assert invoke("write", "--text", "Saved while the disk was writable.").exit_code == 0
        remount(disk, "ro")
        line = one_line(invoke("write", "--text", "This can't be saved."))
        assert line.startswith(f"befriend: befriend can't write to its data folder ({home}")
        assert "Nothing was changed." in line
        remount(disk, "rw")
        assert count(home / "befriend.db") == 1


def test_a_data_folder_that_cant_be_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with small_disk(tmp_path / "disk") as disk:
        remount(disk, "ro")
        monkeypatch.setenv("BEFRIEND_HOME", str(disk / "new-home"))
        line = one_line(invoke("journal", "list"))
        assert line == (
            f"befriend: befriend can't write to its data folder ({disk / 'new-home'}): it is "
            "read-only. Nothing was changed. Check the folder's permissions, or point "
            "BEFRIEND_HOME at a folder you can write to."
        )


def test_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with small_disk(tmp_path / "disk", size="1m") as disk:
        home = disk / "home"
        monkeypatch.setenv("BEFRIEND_HOME", str(home))
        assert invoke("write", "--text", "Saved while there was room.").exit_code == 0
        filler = disk / "filler"
        with filler.open("wb", buffering=0) as f:
            try:
                while True:
                    f.write(b"\0" * 4096)
            except OSError:
                pass
        line = one_line(invoke("write", "--text", "A long entry. " * 2000))
        assert line.startswith(f"befriend: The disk holding befriend's data ({home}")
        assert "is full. Nothing was changed. Free some space and try again." in line
        filler.unlink()
        assert count(home / "befriend.db") == 1


def test_a_damaged_database_file(_isolated_home: Path) -> None:
    _isolated_home.mkdir(parents=True)
    (_isolated_home / "befriend.db").write_bytes(b"this is not a database at all" * 100)
    line = one_line(invoke("journal", "list"))
    assert line == (
        f"befriend: The journal database at {_isolated_home / 'befriend.db'} is damaged or "
        "isn't a befriend database. Nothing was changed. Restore it from a backup "
        "(`befriend backup` makes one), or move it aside to start a new journal."
    )


def test_a_bad_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEFRIEND_DATABASE_URL", "mysql://me@localhost/db")
    assert one_line(invoke("journal", "list")) == (
        "befriend: befriend can store its journal in SQLite or PostgreSQL, not mysql. "
        "Set BEFRIEND_DATABASE_URL to a postgresql:// URL, or unset it."
    )
    monkeypatch.setenv("BEFRIEND_DATABASE_URL", "postgresql+psycopg://me:secret@127.0.0.1:1/x")
    line = one_line(invoke("journal", "list"))
    assert line == (
        "befriend: befriend couldn't use the PostgreSQL database at "
        "postgresql+psycopg://me:***@127.0.0.1:1/x. Check that the server is running and "
        "that BEFRIEND_DATABASE_URL is right."
    )


class _RefusingCursor:
    """Refuses the switch to write-ahead logging ``refusals`` times, then allows it."""

    def __init__(self, refusals: int, error: str = "database is locked") -> None:
        self.refusals = refusals
        self.error = error
        self.switched = False

    def execute(self, sql: str) -> _RefusingCursor:
        if sql == "PRAGMA journal_mode = WAL":
            if self.refusals:
                self.refusals -= 1
                raise sqlite3.OperationalError(self.error)
            self.switched = True
        return self

    def fetchone(self) -> tuple[str]:
        return ("wal" if self.switched else "delete",)


def test_a_refused_switch_to_wal_is_tried_again() -> None:
    from befriend.store.db import _use_wal

    cursor = _RefusingCursor(refusals=3)
    _use_wal(cursor)
    assert cursor.switched and cursor.refusals == 0


def test_other_errors_in_the_switch_to_wal_are_not_retried() -> None:
    from befriend.store.db import _use_wal

    cursor = _RefusingCursor(refusals=1, error="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        _use_wal(cursor)
    assert cursor.refusals == 0 and not cursor.switched
