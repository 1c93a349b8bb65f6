"""Progress over days and ISO weeks, from plain records (no database here)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from statistics import fmean
from typing import Any

from befriend.checkin.items import CheckinItem, load_items, oriented
from befriend.progress.measures import CHECKIN_DIMENSIONS, CRITIC, PAIRS
from befriend.progress.records import CheckinRecord, EntryRecord, aware


@dataclass(slots=True)
class Bucket:
    """Counts for one day, one ISO week (clipped to the window) or the whole window."""

    start: date
    end: date  # inclusive
    label: str
    entries: int = 0
    sentences: int = 0
    critic_sentences: int = 0
    kind: dict[str, int] = field(default_factory=lambda: {name: 0 for name, _, _ in PAIRS})
    opposite: dict[str, int] = field(default_factory=lambda: {name: 0 for name, _, _ in PAIRS})
    tender: int = 0
    fierce: int = 0
    balances: Counter[str] = field(default_factory=Counter)
    checkins: int = 0
    # dimension -> the oriented answers given in this bucket
    answers: dict[str, list[float]] = field(
        default_factory=lambda: {name: [] for name, _ in CHECKIN_DIMENSIONS}
    )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def critic_share(self) -> float | None:
        """Share of sentences with a critic label; None when there were no sentences."""
        return self.critic_sentences / self.sentences if self.sentences else None

    def pair_share(self, name: str) -> float | None:
        """Of the sentences on either side of a pair, the share on the compassionate
        side; None when neither side was seen."""
        both = self.kind[name] + self.opposite[name]
        return self.kind[name] / both if both else None

    def checkin_mean(self, dimension: str) -> float | None:
        values = self.answers[dimension]
        return fmean(values) if values else None

    def add_entry(self, entry: EntryRecord) -> None:
        self.entries += 1
        self.balances[entry.balance] += 1
        for labels in entry.sentence_labels:
            self.sentences += 1
            if labels & CRITIC:
                self.critic_sentences += 1
            for name, kind, opposite in PAIRS:
                self.kind[name] += kind in labels
                self.opposite[name] += opposite in labels
            self.tender += "tender" in labels
            self.fierce += "fierce" in labels

    def add_checkin(self, checkin: CheckinRecord, items: Sequence[CheckinItem]) -> None:
        self.checkins += 1
        for dimension, components in CHECKIN_DIMENSIONS:
            values = [
                oriented(item, checkin.answers[item.id])
                for item in items
                if item.component in components and item.id in checkin.answers
            ]
            if values:
                self.answers[dimension].append(fmean(values))

    def merge(self, other: Bucket) -> None:
        self.entries += other.entries
        self.sentences += other.sentences
        self.critic_sentences += other.critic_sentences
        for name, _, _ in PAIRS:
            self.kind[name] += other.kind[name]
            self.opposite[name] += other.opposite[name]
        self.tender += other.tender
        self.fierce += other.fierce
        self.balances.update(other.balances)
        self.checkins += other.checkins
        for name, _ in CHECKIN_DIMENSIONS:
            self.answers[name].extend(other.answers[name])

    def to_dict(self) -> dict[str, Any]:
        def r(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "label": self.label,
            "entries": self.entries,
            "sentences": self.sentences,
            "critic_sentences": self.critic_sentences,
            "critic_share": r(self.critic_share),
            "pairs": {
                name: {
                    "compassionate": self.kind[name],
                    "opposite": self.opposite[name],
                    "compassionate_share": r(self.pair_share(name)),
                }
                for name, _, _ in PAIRS
            },
            "tender_sentences": self.tender,
            "fierce_sentences": self.fierce,
            "balances": dict(sorted(self.balances.items())),
            "checkins": self.checkins,
            "checkin_means": {name: r(self.checkin_mean(name)) for name, _ in CHECKIN_DIMENSIONS},
        }


@dataclass(frozen=True, slots=True)
class Progress:
    start: date
    end: date
    daily: tuple[Bucket, ...]
    weekly: tuple[Bucket, ...]
    total: Bucket
    first_half: Bucket
    second_half: Bucket

    @property
    def days(self) -> int:
        return len(self.daily)

    @property
    def empty(self) -> bool:
        return self.total.entries == 0 and self.total.checkins == 0

    @property
    def days_written(self) -> int:
        return sum(1 for day in self.daily if day.entries)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "days_with_entries": self.days_written,
            "total": self.total.to_dict(),
            "first_half": self.first_half.to_dict(),
            "second_half": self.second_half.to_dict(),
            "weekly": [w.to_dict() for w in self.weekly],
            "daily": [d.to_dict() for d in self.daily],
        }


def local_date(moment: datetime, tz: tzinfo | None) -> date:
    """The calendar day of ``moment`` where the user is (``tz``; None = this machine)."""
    return aware(moment).astimezone(tz).date()


def _week_label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _combine(buckets: Sequence[Bucket], label: str) -> Bucket:
    combined = Bucket(start=buckets[0].start, end=buckets[-1].end, label=label)
    for bucket in buckets:
        combined.merge(bucket)
    return combined


def compute_progress(
    entries: Iterable[EntryRecord],
    checkins: Iterable[CheckinRecord],
    *,
    days: int = 28,
    today: date,
    tz: tzinfo | None = None,
    items: Sequence[CheckinItem] | None = None,
) -> Progress:
    """Daily, weekly (ISO weeks, clipped to the window) and total counts for the
    ``days`` days ending with ``today``. Records outside the window are ignored;
    days with nothing written stay in, empty."""
    if days < 1:
        raise ValueError("days must be at least 1")
    items = load_items() if items is None else items
    start = today - timedelta(days=days - 1)
    daily = [
        Bucket(start=start + timedelta(n), end=start + timedelta(n), label="") for n in range(days)
    ]
    for bucket in daily:
        bucket.label = bucket.start.isoformat()
    for entry in entries:
        offset = (local_date(entry.created_at, tz) - start).days
        if 0 <= offset < days:
            daily[offset].add_entry(entry)
    for checkin in checkins:
        offset = (local_date(checkin.created_at, tz) - start).days
        if 0 <= offset < days:
            daily[offset].add_checkin(checkin, items)

    weeks: dict[str, list[Bucket]] = {}
    for bucket in daily:
        weeks.setdefault(_week_label(bucket.start), []).append(bucket)
    weekly = tuple(_combine(group, label) for label, group in weeks.items())
    half = days // 2
    return Progress(
        start=start,
        end=today,
        daily=tuple(daily),
        weekly=weekly,
        total=_combine(daily, "total"),
        first_half=_combine(daily[:half] or daily, "first half"),
        second_half=_combine(daily[half:], "second half"),
    )
