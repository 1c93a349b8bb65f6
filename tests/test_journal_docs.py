"""docs/journal.md keeps up with the journal's commands and options."""

from __future__ import annotations

from pathlib import Path

import pytest

from befriend.cli.main import app

DOC = (Path(__file__).parent.parent / "docs" / "journal.md").read_text(encoding="utf-8")


def _journal_commands() -> list[str]:
    group = next(g for g in app.registered_groups if g.typer_instance.info.name == "journal")
    names = [
        f"journal {c.name or c.callback.__name__}" for c in group.typer_instance.registered_commands
    ]  # type: ignore[union-attr]
    return [*names, "write", "export", "import", "backup"]


@pytest.mark.parametrize("command", _journal_commands())
def test_every_journal_command_is_in_the_journal_page(command: str) -> None:
    assert f"`befriend {command}" in DOC


def test_the_storage_facts_in_the_page_match_the_code() -> None:
    from befriend.store.db import BUSY_TIMEOUT_SECONDS, DB_FILENAME
    from befriend.store.exchange import FORMAT, FORMAT_VERSION

    assert f"`{DB_FILENAME}`" in DOC
    assert f"more than {BUSY_TIMEOUT_SECONDS:.0f} seconds" in DOC
    assert f'"format": "{FORMAT}", "version": {FORMAT_VERSION}' in DOC
