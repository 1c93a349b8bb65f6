"""Migrations: from an empty database, from the previous schema, and the code's
expected revision is the scripts' head."""

from __future__ import annotations

from typing import Any

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
