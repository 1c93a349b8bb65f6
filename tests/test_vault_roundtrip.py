"""Hypothesis: arbitrary unicode text goes through write -> encrypt -> export ->
import (into another encrypted journal) and comes back the same, with its ids and
timestamps."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from befriend.settings import Settings
from befriend.store import NewEntry, open_journal
from befriend.store.models import Entry
from befriend.store.service import export, import_file
from befriend.vault import KdfParams, is_sealed
from befriend.vault.journal import encrypt_journal, unlocker

FAST = KdfParams(memory_kib=64, iterations=1, parallelism=1)
START = datetime(2026, 1, 1, tzinfo=UTC)


def _settings(folder: Path) -> Settings:
    return Settings(home=folder, country=None, threads=None)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    texts=st.lists(st.text(min_size=1), min_size=1, max_size=4),
    fmt=st.sampled_from(["json", "markdown"]),
)
def test_write_encrypt_export_import_round_trip(analyzer: Any, texts: list[str], fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = open_journal(_settings(root / "a"))
        try:
            added = source.add_entries(
                [
                    NewEntry(text=t, created_at=START + timedelta(minutes=n))
                    for n, t in enumerate(texts)
                ]
            ).added
            encrypt_journal(source, "first passphrase", FAST)
            with source.transaction() as s:
                assert all(is_sealed(v) for v in s.scalars(select(Entry.text)))
            dump = root / f"export.{fmt}"
            with dump.open("w", encoding="utf-8", newline="") as out:
                assert export(source, out, fmt) == len(texts)
            originals = [source.get(i) for i in added]
            assert [o.text for o in originals] == texts
        finally:
            source.close()

        target = open_journal(_settings(root / "b"))
        try:
            encrypt_journal(target, "second passphrase", FAST)
            report = import_file(target, analyzer, dump)
            assert sorted(report.added) == sorted(added)
        finally:
            target.close()

        reopened = open_journal(_settings(root / "b"), unlock=unlocker("second passphrase"))
        try:
            for original in originals:
                back = reopened.get(original.id)
                assert back.text == original.text
                assert back.created_at == original.created_at
                assert back.updated_at == original.updated_at
        finally:
            reopened.close()
