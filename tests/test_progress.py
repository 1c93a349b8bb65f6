"""Progress computations on plain records, the summary wording, and the charts."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from befriend.labels import LABELS
from befriend.progress import (
    EntryRecord,
    checkin_record,
    compute_progress,
    summary_lines,
)
from befriend.progress.summary import NOTHING_YET, ONE_ENTRY

TODAY = date(2026, 11, 26)  # a Thursday, in ISO week 48


def entry(day: date, *sentences: set[str], hour: int = 20, balance: str = "none") -> EntryRecord:
    moment = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    return EntryRecord(moment, tuple(frozenset(s) for s in sentences), balance)


def test_nothing_at_all_gives_a_kind_message_not_an_error() -> None:
    progress = compute_progress([], [], days=28, today=TODAY, tz=UTC)
    assert progress.empty
    assert summary_lines(progress) == [NOTHING_YET]
    assert [d.critic_share for d in progress.daily] == [None] * 28
    assert progress.to_dict()["total"]["critic_share"] is None


def test_one_entry_is_counted_and_says_there_is_no_trend_yet() -> None:
    records = [entry(TODAY, {"self_judgment", "over_identification"}, {"self_kindness"}, set())]
    progress = compute_progress(records, [], days=7, today=TODAY, tz=UTC)
    assert summary_lines(progress) == [
        "In the last 7 days: 1 entry on 1 day, 3 sentences, and 0 check-ins.",
        "Your inner critic spoke in 33% of sentences (1 of 3).",
        "Sentences with self-kindness 1 and self-judgment 1; common humanity 0 and isolation 0; "
        "mindfulness 0 and over-identification 1.",
        "Tender energy showed in 0 sentences, fierce energy in 0 sentences.",
        ONE_ENTRY,
    ]


def test_days_weeks_and_gaps() -> None:
    records = [
        entry(date(2026, 11, 20), {"self_judgment"}, {"tender"}),  # Fri, week 47
        entry(date(2026, 11, 20), {"fierce"}, hour=8),
        entry(date(2026, 11, 24), {"isolation", "fear_motivation"}, {"common_humanity"}),
        entry(date(2026, 11, 26), {"mindfulness", "tender"}, {"compassion_block"}, set()),
        entry(date(2026, 11, 10), {"self_judgment"}),  # outside the 10-day window
        entry(date(2026, 11, 27), {"self_judgment"}),  # after today
    ]
    progress = compute_progress(records, [], days=10, today=TODAY, tz=UTC)
    assert progress.start == date(2026, 11, 17)
    assert [d.entries for d in progress.daily] == [0, 0, 0, 2, 0, 0, 0, 1, 0, 1]
    assert progress.days_written == 3
    assert [w.label for w in progress.weekly] == ["2026-W47", "2026-W48"]
    assert [(w.start, w.end) for w in progress.weekly] == [
        (date(2026, 11, 17), date(2026, 11, 22)),
        (date(2026, 11, 23), date(2026, 11, 26)),
    ]
    week47, week48 = progress.weekly
    assert (week47.sentences, week47.critic_sentences) == (3, 1)
    assert (week48.sentences, week48.critic_sentences) == (5, 2)
    assert week48.critic_share == pytest.approx(0.4)
    assert (week47.tender, week47.fierce, week48.tender, week48.fierce) == (1, 1, 1, 0)
    assert week48.kind == {"kindness": 0, "common_humanity": 1, "mindfulness": 1}
    assert week48.opposite == {"kindness": 0, "common_humanity": 1, "mindfulness": 0}
    assert week48.pair_share("common_humanity") == 0.5
    assert week48.pair_share("kindness") is None
    assert progress.total.entries == 4
    assert progress.daily[0].critic_share is None  # a gap stays a gap, not a zero


def test_days_are_the_users_local_days() -> None:
    late = EntryRecord(datetime(2026, 11, 25, 23, 30, tzinfo=UTC), (frozenset(),))
    east = compute_progress([late], [], days=2, today=TODAY, tz=timezone(timedelta(hours=2)))
    west = compute_progress([late], [], days=2, today=TODAY, tz=timezone(timedelta(hours=-5)))
    assert [d.entries for d in east.daily] == [0, 1]
    assert [d.entries for d in west.daily] == [1, 0]


def test_naive_stored_times_are_read_as_utc() -> None:
    naive = EntryRecord.from_analysis_dict(
        datetime(2026, 11, 26, 1, 0), [{"labels": ["self_judgment"]}, {"labels": []}]
    )
    assert naive.created_at.tzinfo is UTC
    assert naive.sentence_labels == (frozenset({"self_judgment"}), frozenset())


def test_checkin_trends_turn_reversed_items_round() -> None:
    checkins = [
        checkin_record(datetime(2026, 11, 25, 9, tzinfo=UTC), {"mood": 2, "kindness": 4,
                                                               "putdowns": 4}),
        checkin_record(datetime(2026, 11, 26, 9, tzinfo=UTC), {"mood": 4, "comfort": 5,
                                                               "unknown": 3, "action": 9}),
    ]  # fmt: skip
    progress = compute_progress([], checkins, days=2, today=TODAY, tz=UTC)
    first, second = progress.daily
    assert first.checkin_mean("mood") == 2
    assert first.checkin_mean("kindness") == 3  # kindness 4 and putdowns 4 turned round to 2
    assert second.checkin_mean("tender") == 5
    assert second.checkin_mean("fierce") is None  # 9 is not an answer; dropped
    assert progress.total.checkin_mean("mood") == 3
    assert summary_lines(progress) == [
        "In the last 2 days: 0 entries on 0 days, 0 sentences, and 2 check-ins.",
        "In your check-ins, mood averaged 3.0 of 5.",
    ]


def test_halves_are_compared_only_with_enough_sentences() -> None:
    start = TODAY - timedelta(days=13)
    harsh = [{"self_judgment"}] * 6 + [set()] * 4
    kind = [{"self_kindness"}] * 8 + [{"self_judgment"}] * 2
    records = [entry(start, *harsh), entry(TODAY, *kind)]
    lines = summary_lines(compute_progress(records, [], days=14, today=TODAY, tz=UTC))
    assert lines[2] == "That was 60% in the first 7 days and 20% in the last 7."
    few = [entry(start, {"self_judgment"}), entry(TODAY, set())]
    lines = summary_lines(compute_progress(few, [], days=14, today=TODAY, tz=UTC))
    assert not any(line.startswith("That was") for line in lines)


def test_days_must_be_positive() -> None:
    with pytest.raises(ValueError):
        compute_progress([], [], days=0, today=TODAY)


def month_of_records() -> tuple[list[EntryRecord], list]:  # type: ignore[type-arg]
    entries, checkins = [], []
    for n in range(28):
        day = TODAY - timedelta(days=27 - n)
        if n % 5 == 3:
            continue
        critic = [{"self_judgment"}] * (6 - n // 6)
        kind = [{"self_kindness", "tender"}, {"fierce"}, {"common_humanity"}] * (1 + n // 10)
        entries.append(entry(day, *critic, *kind))
        checkins.append(checkin_record(entries[-1].created_at, {"mood": 1 + n // 7}))
    return entries, checkins


def test_png_chart_is_a_real_png() -> None:
    from befriend.progress.charts import png_bytes

    entries, checkins = month_of_records()
    data = png_bytes(compute_progress(entries, checkins, days=28, today=TODAY, tz=UTC))
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1300, 1350)


def test_empty_png_still_draws() -> None:
    from befriend.progress.charts import png_bytes

    data = png_bytes(compute_progress([], [], days=28, today=TODAY, tz=UTC))
    assert data[:8] == b"\x89PNG\r\n\x1a\n"


def test_html_report_is_self_contained() -> None:
    from befriend.progress.report import html_report

    entries, checkins = month_of_records()
    progress = compute_progress(entries, checkins, days=28, today=TODAY, tz=UTC)
    page = html_report(progress, generated_at=datetime(2026, 11, 26, 21, 0, tzinfo=UTC))
    assert page.startswith("<!DOCTYPE html>")
    assert page.count('<img alt="') == 4
    assert page.count('src="data:image/png;base64,') == 4
    assert re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?!data:)[^"'\s>]+""", page) == []
    assert "http://" not in page and "https://" not in page
    assert "a reflection aid, not a validated measure" in page
    assert "<h2>How often the inner critic speaks</h2>" in page


def test_html_report_with_nothing_yet() -> None:
    from befriend.progress.report import html_report

    page = html_report(
        compute_progress([], [], days=28, today=TODAY, tz=UTC),
        generated_at=datetime(2026, 11, 26, tzinfo=UTC),
    )
    assert NOTHING_YET.replace("'", "&#x27;") in page
    assert "<img" not in page


LABEL_SETS = st.frozensets(st.sampled_from(LABELS), max_size=4)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.datetimes(
                min_value=datetime(2026, 10, 1),
                max_value=datetime(2026, 12, 31),
                timezones=st.just(UTC),
            ),
            st.lists(LABEL_SETS, max_size=8),
        ),
        max_size=30,
    ),
    st.integers(min_value=1, max_value=60),
)
def test_days_weeks_halves_and_total_always_agree(
    raw: list[tuple[datetime, list[frozenset[str]]]], days: int
) -> None:
    records = [EntryRecord(moment, tuple(sentences)) for moment, sentences in raw]
    progress = compute_progress(records, [], days=days, today=TODAY, tz=UTC)
    inside = [r for r in records if 0 <= (TODAY - r.created_at.date()).days < days]
    for field in ("entries", "sentences", "critic_sentences", "tender", "fierce"):
        total = getattr(progress.total, field)
        assert total == sum(getattr(d, field) for d in progress.daily)
        assert total == sum(getattr(w, field) for w in progress.weekly)
        if days > 1:
            assert total == getattr(progress.first_half, field) + getattr(
                progress.second_half, field
            )
    assert progress.total.entries == len(inside)
    assert progress.total.sentences == sum(len(r.sentence_labels) for r in inside)
    assert sum(w.days for w in progress.weekly) == days
    for bucket in (*progress.daily, *progress.weekly, progress.total):
        share = bucket.critic_share
        assert share is None if bucket.sentences == 0 else 0 <= share <= 1
    assert summary_lines(progress)  # always something to say
