"""Shared fixtures. Every test runs with BEFRIEND_HOME in a temporary folder, so no
test can touch a real user's data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "befriend-home"
    monkeypatch.setenv("BEFRIEND_HOME", str(home))
    monkeypatch.delenv("BEFRIEND_COUNTRY", raising=False)
    monkeypatch.delenv("BEFRIEND_THREADS", raising=False)
    monkeypatch.delenv("BEFRIEND_DATABASE_URL", raising=False)
    return home


@pytest.fixture(scope="session")
def analyzer():  # type: ignore[no-untyped-def]
    """The real packaged analyzer (model included), shared across tests."""
    from befriend.analyzer import Analyzer

    return Analyzer()


# -- the journal's database: SQLite always, PostgreSQL when a server is given ------------
PG_URL_VAR = "BEFRIEND_TEST_PG_URL"


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """Each store test runs twice: on the default SQLite file in BEFRIEND_HOME (the
    value is None), and on an emptied PostgreSQL database from BEFRIEND_TEST_PG_URL
    (set by .ci/run). Locally the PostgreSQL run is skipped without a server; in CI
    (CI=true) it fails instead."""
    if request.param == "sqlite":
        return None
    url = os.environ.get(PG_URL_VAR, "").strip()
    if not url:
        message = f"{PG_URL_VAR} is not set: no PostgreSQL server to test against"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI must run the PostgreSQL tests; see .ci/run)")
        pytest.skip(message)
    _reset_postgres(url)
    monkeypatch.setenv("BEFRIEND_DATABASE_URL", url)
    return url


@pytest.fixture
def journal(database_url: str | None) -> Iterator[Any]:
    """A fresh, migrated journal on each backend."""
    from befriend.settings import load_settings
    from befriend.store import open_journal

    opened = open_journal(load_settings())
    try:
        yield opened
    finally:
        opened.close()
