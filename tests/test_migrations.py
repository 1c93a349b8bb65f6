"""Migrations: from an empty database, from the previous schema, and the code's
expected revision is the scripts' head."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from befriend.store.db import SCHEMA_REVISION, alembic_config, current_revision, migrate


def test_the_code_expects_the_newest_revision() -> None:
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_REVISION


def test_an_empty_database_is_migrated_on_start_up(database_url: str | None) -> None:
    from sqlalchemy import inspect

    from befriend.settings import load_settings
    from befriend.store import open_engine

    engine = open_engine(load_settings())
    try:
        assert current_revision(engine) is None
        assert migrate(engine) is True
        assert current_revision(engine) == SCHEMA_REVISION
        assert migrate(engine) is False  # nothing to do the second time
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {"entries", "entry_analyses", "practice_sessions", "checkins", "settings"} <= tables


def test_the_models_match_the_migrated_schema(journal: Any) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from befriend.store.models import Base

    with journal.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


FIXTURE = Path(__file__).parent / "data" / "journal" / "v0001.db"


def test_a_journal_from_the_first_schema_opens_and_is_upgraded(_isolated_home: Path) -> None:
    """tests/data/journal/v0001.db was made at 0001_initial by
    scripts/make_journal_fixture.py and must never change."""
    from datetime import UTC, datetime

    from befriend.settings import load_settings
    from befriend.store import open_journal

    _isolated_home.mkdir(parents=True)
    shutil.copy(FIXTURE, _isolated_home / "befriend.db")
    with open_journal(load_settings()) as journal:
        assert current_revision(journal.engine) == SCHEMA_REVISION
        first, second = journal.entries(oldest_first=True)
        assert journal.get_setting("fixture") == b"v0001"
    assert first.id == "5f0c9a51-0c7e-4b8e-9d7f-1f3c2b6d8a01"
    assert first.text == "I'm such an idiot. Everyone else copes fine."
    assert first.created_at == datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    assert first.analysis is not None
    assert first.analysis.analyzer_version == "befriend-analyzer/0 fixture"
    assert first.full_analysis().sentences[0].text == "I'm such an idiot."
    assert second.text == "Ünïcödé ✓ and a second line\nstays exact."
    assert second.source == "import" and second.analysis is None


def test_the_previous_schema_is_upgraded_with_its_data(database_url: str | None) -> None:
    from sqlalchemy import inspect

    from befriend.settings import load_settings
    from befriend.store import Journal, open_engine

    engine = open_engine(load_settings())
    try:
        migrate(engine, "0001_initial")
        assert current_revision(engine) == "0001_initial"
        old = Journal(engine)
        saved = old.add_entry("written before the upgrade")
        assert migrate(engine) is True
        assert current_revision(engine) == SCHEMA_REVISION
        indexes = {i["name"] for i in inspect(engine).get_indexes("entry_analyses")}
        assert "ix_entry_analyses_version_current" in indexes
        assert Journal(engine).get(saved.id).text == "written before the upgrade"
    finally:
        engine.dispose()


def test_a_journal_from_a_newer_befriend_is_refused_clearly(database_url: str | None) -> None:
    from sqlalchemy import text

    from befriend.settings import load_settings
    from befriend.store import open_engine, open_journal
    from befriend.store.errors import MigrationError

    engine = open_engine(load_settings())
    migrate(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(MigrationError, match="probably written by a newer befriend"):
        open_journal(load_settings())
