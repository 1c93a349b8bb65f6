"""A check-in set beside the user's own recent check-ins.

Nothing here is a norm or a diagnosis: today's answers are compared only with the
same person's answers over the last 7 and 28 days.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import fmean
from typing import Any, Final

from befriend.checkin.items import CheckinItem, load_items, oriented

NOT_A_MEASURE: Final = (
    "This check-in is a reflection aid, not a validated measure: it sets today beside "
    "your own recent days, and nothing more."
)

# A difference (on the 1-5 scale, after turning reversed items round) smaller than
# this reads as "about the same". Our choice, not from any study: a little under one
# step of the scale, so that one answer moving by one step from a steady run counts,
# and small wobbles in an average do not.
NOTABLE_DIFFERENCE: Final = 0.75

# Past answers needed before a comparison is drawn at all.
MIN_HISTORY: Final = 2

SAME = "about the same as on your recent days"


@dataclass(frozen=True, slots=True)
class PastCheckin:
    """One stored check-in, as plain data."""

    created_at: datetime
    answers: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class ReflectionRow:
    item: CheckinItem
    answer: int
    today: int  # oriented: higher reads kinder
    mean_7: float | None  # oriented mean of the last 7 days, None if no answers
    count_7: int
    mean_28: float | None
    count_28: int
    direction: str  # "up", "down", "same" or "new"
    reading: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item.id,
            "component": self.item.component,
            "answer": self.answer,
            "oriented": self.today,
            "mean_7_days": None if self.mean_7 is None else round(self.mean_7, 2),
            "count_7_days": self.count_7,
            "mean_28_days": None if self.mean_28 is None else round(self.mean_28, 2),
            "count_28_days": self.count_28,
            "direction": self.direction,
            "reading": self.reading,
        }


@dataclass(frozen=True, slots=True)
class Reflection:
    rows: tuple[ReflectionRow, ...]
    past_checkins: int  # check-ins in the 28 days before this one

    @property
    def first(self) -> bool:
        return self.past_checkins == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": [row.to_dict() for row in self.rows],
            "past_checkins_28_days": self.past_checkins,
            "note": NOT_A_MEASURE,
        }


def _window(
    item: CheckinItem, history: Sequence[PastCheckin], now: datetime, days: int
) -> list[int]:
    since = now - timedelta(days=days)
    return [
        oriented(item, past.answers[item.id])
        for past in history
        if since <= past.created_at < now and item.id in past.answers
    ]


def _direction(today: int, baseline: float | None) -> str:
    if baseline is None:
        return "new"
    if today - baseline >= NOTABLE_DIFFERENCE:
        return "up"
    if baseline - today >= NOTABLE_DIFFERENCE:
        return "down"
    return "same"


def reflect(
    answers: Mapping[str, int],
    history: Sequence[PastCheckin],
    now: datetime,
    items: tuple[CheckinItem, ...] | None = None,
) -> Reflection:
    """Today's answers beside the last 7 and 28 days of ``history`` (check-ins made
    before ``now``; later ones are ignored).

    The baseline is the last 7 days when they hold at least MIN_HISTORY answers for
    the item, else the last 28 days when those do, else there is none ("new").
    """
    items = load_items() if items is None else items
    rows: list[ReflectionRow] = []
    for item in items:
        if item.id not in answers:
            continue
        week = _window(item, history, now, 7)
        month = _window(item, history, now, 28)
        baseline = (
            fmean(week)
            if len(week) >= MIN_HISTORY
            else fmean(month)
            if len(month) >= MIN_HISTORY
            else None
        )
        today = oriented(item, answers[item.id])
        direction = _direction(today, baseline)
        reading = {
            "up": item.up,
            "down": item.down,
            "same": SAME,
            "new": "not enough check-ins yet to compare",
        }[direction]
        rows.append(
            ReflectionRow(
                item=item,
                answer=answers[item.id],
                today=today,
                mean_7=fmean(week) if week else None,
                count_7=len(week),
                mean_28=fmean(month) if month else None,
                count_28=len(month),
                direction=direction,
                reading=reading,
            )
        )
    since = now - timedelta(days=28)
    past = sum(1 for c in history if since <= c.created_at < now)
    return Reflection(rows=tuple(rows), past_checkins=past)
