"""Shared fixtures. Every test runs with BEFRIEND_HOME in a temporary folder, so no
test can touch a real user's data."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "befriend-home"
    monkeypatch.setenv("BEFRIEND_HOME", str(home))
    monkeypatch.delenv("BEFRIEND_COUNTRY", raising=False)
    monkeypatch.delenv("BEFRIEND_THREADS", raising=False)
    for name in (
        "BEFRIEND_BACKEND",
        "BEFRIEND_LLM_URL",
        "BEFRIEND_LLM_MODEL",
        "BEFRIEND_LLM_TIMEOUT",
        "BEFRIEND_LLM_API_KEY",
        "BEFRIEND_LLM_ALLOW_REMOTE",
    ):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(scope="session")
def analyzer():  # type: ignore[no-untyped-def]
    """The real packaged analyzer (model included), shared across tests."""
    from befriend.analyzer import Analyzer

    return Analyzer()
