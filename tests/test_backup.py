"""`befriend backup`: a consistent copy, even while another process writes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from befriend.cli.main import app
from befriend.store.backup import backup_sqlite
from store_helpers import WRITE_LOOP, check_sqlite, env

runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args), prog_name="befriend")


def test_backup_makes_a_single_file_journal_befriend_can_open(
    _isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for text in ("One.", "Two, said kindly."):
        assert invoke("write", "--text", text).exit_code == 0
    copy = tmp_path / "journal-backup.db"
    result = invoke("backup", str(copy))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Backed up 2 entries to {copy} (")
    assert (copy.stat().st_mode & 0o777) == 0o600
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert list(tmp_path.glob(".journal-backup.db*")) == []  # no partial file left
    restored = tmp_path / "restored"
    restored.mkdir()
    (restored / "befriend.db").write_bytes(copy.read_bytes())
    monkeypatch.setenv("BEFRIEND_HOME", str(restored))
    listed = invoke("journal", "search", "kindly", "--json")
    assert listed.exit_code == 0 and '"Two, said kindly."' in listed.stdout


def test_backup_wont_replace_a_file_without_force(_isolated_home: Path, tmp_path: Path) -> None:
    assert invoke("write", "--text", "One.").exit_code == 0
    copy = tmp_path / "b.db"
    copy.write_text("precious")
    refused = invoke("backup", str(copy))
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"befriend: {copy} already exists. Choose a new name, or add --force to replace it.\n"
    )
    assert copy.read_text() == "precious"
    forced = invoke("backup", str(copy), "--force", "--json")
    assert forced.exit_code == 0
    assert json.loads(forced.stdout) == {
        "path": str(copy),
        "entries": 1,
        "bytes": copy.stat().st_size,
    }


def test_backup_before_any_entry_says_so(tmp_path: Path) -> None:
    result = invoke("backup", str(tmp_path / "b.db"))
    assert result.exit_code == 1
    assert result.stderr.startswith("befriend: There's no journal at ")


def test_a_postgresql_journal_points_to_pg_dump(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BEFRIEND_DATABASE_URL", "postgresql+psycopg://me:secret@db.local/journal")
    result = invoke("backup", str(tmp_path / "b.db"))
    assert result.exit_code == 1
    assert result.stderr == (
        "befriend: befriend backup copies a SQLite journal, and yours is in postgresql "
        "(postgresql+psycopg://me:***@db.local/journal). Back it up with PostgreSQL's own tool, "
        "e.g. `pg_dump -Fc -f FILE DBNAME`, or save your entries with `befriend export`.\n"
    )


def test_backups_taken_while_another_process_writes_are_consistent(
    _isolated_home: Path, tmp_path: Path
) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITE_LOOP, "busy", "2000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "ready"
    source = _isolated_home / "befriend.db"
    sizes = []
    try:
        for n in range(8):
            report = backup_sqlite(source, tmp_path / f"copy-{n}.db")
            check_sqlite(report.path, set())  # whole entries only, integrity ok
            sizes.append(report.entries)
    finally:
        writer.kill()
        writer.communicate()
    assert sizes == sorted(sizes)  # each copy is a later snapshot of the same journal
