"""Check-ins and progress records in a real journal, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from befriend.checkin import CheckinAnswerError
from befriend.checkin.store import add_checkin, checkins_since
from befriend.progress.load import NoTextCodec, entry_records, load_records

T0 = datetime(2026, 11, 20, 19, 30, tzinfo=UTC)


def test_checkins_round_trip_with_the_note_through_the_codec(journal: Any) -> None:
    from sqlalchemy import select

    from befriend.store.models import CheckIn

    saved = add_checkin(journal, {"mood": 4, "putdowns": 2}, note="  a good walk  ", created_at=T0)
    add_checkin(journal, {"mood": 2}, created_at=T0 + timedelta(days=1))
    assert saved.answers == {"putdowns": 2, "mood": 4}
    assert saved.has_note
    found = checkins_since(journal)
    assert [(c.created_at, dict(c.answers)) for c in found] == [
        (T0, {"putdowns": 2, "mood": 4}),
        (T0 + timedelta(days=1), {"mood": 2}),
    ]
    assert [c.created_at for c in checkins_since(journal, T0 + timedelta(hours=1))] == [
        T0 + timedelta(days=1)
    ]
    with journal.transaction() as session:
        row = session.scalars(select(CheckIn).where(CheckIn.id == saved.id)).one()
        assert journal.codec.decode(row.note, f"checkins.note:{saved.id}") == "a good walk"


def test_a_bad_checkin_writes_nothing(journal: Any) -> None:
    with pytest.raises(CheckinAnswerError):
        add_checkin(journal, {"mood": 0})
    assert checkins_since(journal) == []


def test_progress_reads_labels_of_current_analyses_only(journal: Any, analyzer: Any) -> None:
    from befriend.store import NewEntry

    texts = ["I'm such an idiot. Everyone else copes fine.", "I feel hurt right now."]
    analyses = [analyzer.analyze(t) for t in texts]
    journal.add_entries(
        [
            NewEntry(text=t, analysis=a, created_at=T0 + timedelta(days=n))
            for n, (t, a) in enumerate(zip(texts, analyses, strict=True))
        ]
    )
    journal.add_entries([NewEntry(text="Not analysed yet.", created_at=T0)])
    records = entry_records(journal)
    assert [r.created_at for r in records] == [T0, T0 + timedelta(days=1)]
    for record, analysis in zip(records, analyses, strict=True):
        assert record.sentence_labels == tuple(frozenset(s.labels) for s in analysis.sentences)
        assert record.balance == analysis.balance
    assert "self_judgment" in records[0].sentence_labels[0]
    entries, checkins = load_records(journal, T0 + timedelta(hours=1))
    assert len(entries) == 1 and checkins == []


def test_progress_never_decodes_text() -> None:
    codec = NoTextCodec()
    with pytest.raises(Exception, match="doesn't read text"):
        codec.decode(b"anything")
    with pytest.raises(Exception, match="doesn't write text"):
        codec.encode("anything")
