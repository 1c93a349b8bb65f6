"""Export, import and re-analysis: lossless round trips, all-or-nothing imports."""

from __future__ import annotations

import dataclasses
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from befriend.cli.main import app
from befriend.store import NewEntry
from befriend.store.errors import ImportFormatError
from befriend.store.service import export, import_file, reanalyze

runner = CliRunner()
WHEN = datetime(2025, 3, 9, 1, 59, 59, 999999, tzinfo=UTC)

# Everything a person could type, and worse: no lone surrogates (they aren't text).
unicode_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=300
)


def invoke(*args: str, input: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=input, prog_name="befriend")


def snapshot(journal: Any) -> list[tuple[str, str, datetime, datetime, str]]:
    return [(r.id, r.text, r.created_at, r.updated_at, r.source) for r in journal.iter_entries()]


def seed(journal: Any, texts: list[str]) -> None:
    journal.add_entries(
        [
            NewEntry(text=t, created_at=WHEN.replace(microsecond=n), source="write")
            for n, t in enumerate(texts)
        ]
    )


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_export_then_import_into_an_empty_journal_is_lossless(
    journal: Any, analyzer: Any, tmp_path: Path, fmt: str
) -> None:
    texts = [
        "Plain words.",
        "```\ncode fences ``` and <!-- befriend-entry {} --> inside\n````",
        "\n\nleading and trailing blank lines\n\n",
        "",
        "tabs\tand\r\nwindows line ends\r\n",
        "emoji 🧡 and RTL مرحبا and NUL \x00 here",
    ]
    seed(journal, texts)
    before = snapshot(journal)
    out = io.StringIO()
    assert export(journal, out, fmt) == len(texts)
    path = tmp_path / f"export.{fmt}"
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    for r in journal.entries():
        journal.delete(r.id)
    report = import_file(journal, analyzer, path)
    assert report.format == fmt
    assert sorted(report.added) == sorted(b[0] for b in before)
    assert snapshot(journal) == before
    # and a second time adds nothing
    again = import_file(journal, analyzer, path)
    assert again.added == () and sorted(again.already_there) == sorted(report.added)
    assert snapshot(journal) == before


def test_the_json_export_has_a_stable_shape(journal: Any) -> None:
    seed(journal, ["one"])
    out = io.StringIO()
    export(journal, out, "json", now=WHEN)
    doc = json.loads(out.getvalue())
    assert doc == {
        "format": "befriend-journal",
        "version": 1,
        "exported_at": "2025-03-09T01:59:59.999999+00:00",
        "entries": [
            {
                "id": doc["entries"][0]["id"],
                "created_at": "2025-03-09T01:59:59.000000+00:00",
                "updated_at": "2025-03-09T01:59:59.000000+00:00",
                "source": "write",
                "text": "one",
                "analysis": None,
            }
        ],
    }


# `befriend write` refuses blank text, so the round trip starts from text with something in it.
written_text = unicode_text.filter(lambda t: t.strip() != "")


@given(
    texts=st.lists(written_text, min_size=1, max_size=3), fmt=st.sampled_from(["json", "markdown"])
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_unicode_survives_write_export_import(
    texts: list[str], fmt: str, analyzer: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """write (analysed, screened, saved) -> export -> import into another journal."""
    from befriend.settings import load_settings
    from befriend.store import open_journal
    from befriend.store.service import write_entry

    folder = tmp_path_factory.mktemp("roundtrip")
    settings_a = dataclasses.replace(load_settings(), home=folder / "a")
    settings_b = dataclasses.replace(load_settings(), home=folder / "b")
    with open_journal(settings_a) as source:
        for text in texts:
            write_entry(source, analyzer, text)
        before = snapshot(source)
        out = io.StringIO()
        export(source, out, fmt)
    path = folder / f"export.{fmt}"
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    with open_journal(settings_b) as target:
        report = import_file(target, analyzer, path)
        assert sorted(report.added) == sorted(b[0] for b in before)
        assert snapshot(target) == before
    assert [b[1] for b in before] == texts


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "isn't a befriend export (it has neither befriend's JSON nor its Markdown layout)"),
        (b"\xff\xfe\x00garbage", "isn't a befriend export (it isn't UTF-8 text)"),
        (
            b'{"hello": 1}',
            'isn\'t a befriend export (its JSON has no "format": "befriend-journal")',
        ),
        (b'{"format": "befriend-journal", "version": 1, "entries": [', "is damaged (invalid JSON"),
        (
            b'{"format": "befriend-journal", "version": 9, "entries": []}',
            "is a befriend export of version 9",
        ),
        (
            b'{"format": "befriend-journal", "version": 1, "entries": [{"id": "x", "text": "t"}]}',
            'is damaged (entry 1 has no valid "id")',
        ),
    ],
)
def test_a_foreign_or_damaged_file_is_refused_and_nothing_is_written(
    journal: Any, analyzer: Any, tmp_path: Path, content: bytes, message: str
) -> None:
    seed(journal, ["already here"])
    before = snapshot(journal)
    path = tmp_path / "file"
    path.write_bytes(content)
    with pytest.raises(ImportFormatError, match=r"nothing was imported|Update befriend") as caught:
        import_file(journal, analyzer, path)
    assert message in caught.value.message
    assert snapshot(journal) == before


def test_a_file_damaged_half_way_writes_nothing(
    journal: Any, analyzer: Any, tmp_path: Path
) -> None:
    seed(journal, ["first", "second", "third"])
    out = io.StringIO()
    export(journal, out, "json")
    good = json.loads(out.getvalue())
    good["entries"][2]["created_at"] = "yesterday"
    for r in journal.entries():
        journal.delete(r.id)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(good))
    with pytest.raises(ImportFormatError, match='entry 3 has no valid "created_at" time'):
        import_file(journal, analyzer, path)
    assert journal.count() == 0


def test_import_cli_reports_and_refuses_in_one_line(
    database_url: str | None, tmp_path: Path
) -> None:
    assert invoke("write", "--text", "A good day with friends.").exit_code == 0
    path = tmp_path / "journal.md"
    assert invoke("export", "--format", "markdown", "--output", str(path)).exit_code == 0
    assert (path.stat().st_mode & 0o777) == 0o600
    again = invoke("import", str(path))
    assert again.exit_code == 0
    assert again.stdout == (
        f"Imported 0 entries from {path}.\nLeft 1 entry alone: already in your journal.\n"
    )
    refused = invoke("export", "--output", str(path))
    assert refused.exit_code == 1
    assert (
        refused.stderr == f"befriend: {path} already exists. Choose a new name, or add --force.\n"
    )
    junk = tmp_path / "junk.txt"
    junk.write_text("dear diary")
    bad = invoke("import", str(junk))
    assert bad.exit_code == 1
    assert bad.stderr == (
        f"befriend: {junk} isn't a befriend export (it has neither befriend's JSON nor its "
        "Markdown layout), so nothing was imported. Give a file made by `befriend export`.\n"
    )
    missing = invoke("import", str(tmp_path / "nope.json"))
    assert missing.exit_code == 1
    assert missing.stderr.startswith("befriend: There's no file at ")


def test_reanalysis_updates_old_entries_without_touching_their_text(
    journal: Any, analyzer: Any
) -> None:
    from sqlalchemy import select

    from befriend.store.models import Entry, EntryAnalysis

    text = "I'm a failure. It's okay, everyone struggles."
    old = dataclasses.replace(analyzer.analyze(text), version="befriend-analyzer/0 old")
    saved = journal.add_entry(text, old)
    unread = journal.add_entry("Das ist alles.")  # the analyzer can't read German
    with journal.transaction() as s:
        blob_before = bytes(s.get(Entry, saved.id).text)
    first = reanalyze(journal, analyzer, batch_size=1)
    assert (first.updated, first.current, first.unread) == (1, 0, 1)
    second = reanalyze(journal, analyzer)
    assert (second.updated, second.current, second.unread) == (0, 1, 1)
    with journal.transaction() as s:
        assert bytes(s.get(Entry, saved.id).text) == blob_before
        rows = s.execute(
            select(EntryAnalysis.analyzer_version, EntryAnalysis.is_current)
            .where(EntryAnalysis.entry_id == saved.id)
            .order_by(EntryAnalysis.id)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("befriend-analyzer/0 old", False),
        (analyzer.version, True),
    ]
    assert journal.get(unread.id).analysis is None


def test_reanalyze_cli_reports_in_json(database_url: str | None) -> None:
    assert invoke("write", "--text", "It's okay to rest today.").exit_code == 0
    result = invoke("journal", "reanalyze", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["updated"], report["current"], report["unread"]) == (0, 1, 0)
    assert report["version"].startswith("befriend-analyzer/2 ")


def test_importing_a_crisis_entry_shows_resources_first(
    database_url: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BEFRIEND_COUNTRY", "GB")
    path = tmp_path / "old.json"
    path.write_text(
        json.dumps(
            {
                "format": "befriend-journal",
                "version": 1,
                "entries": [
                    {
                        "id": "3d2f9a4e-1b6c-4e8a-9f0d-7c5b3a1e2d4f",
                        "created_at": "2024-05-01T22:10:00+01:00",
                        "updated_at": "2024-05-01T22:10:00+01:00",
                        "source": "write",
                        "text": "I don't want to be here anymore, everyone would be better off without me.",
                    }
                ],
            }
        )
    )
    result = invoke("import", str(path))
    assert result.exit_code == 0, result.output
    assert "116 123" in result.stderr
    assert result.output.index("116 123") < result.output.index("Imported 1 entry from")
    [entry] = json.loads(invoke("journal", "list", "--json").stdout)
    assert entry["created_at"] == "2024-05-01T21:10:00.000000+00:00"
    assert entry["analysis"]["crisis"] is True
