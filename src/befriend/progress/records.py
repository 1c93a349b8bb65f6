"""Plain records progress works on, independent of how they are stored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from befriend.checkin.score import PastCheckin

CheckinRecord = PastCheckin


@dataclass(frozen=True, slots=True)
class EntryRecord:
    """One entry's stored analysis: when, and the labels of each sentence."""

    created_at: datetime
    sentence_labels: tuple[frozenset[str], ...]
    balance: str = "none"

    @classmethod
    def from_analysis_dict(
        cls, created_at: datetime, sentences: Sequence[Mapping[str, Any]], balance: str = "none"
    ) -> EntryRecord:
        """From the stored per-sentence JSON (each sentence has a ``labels`` list)."""
        return cls(
            created_at=aware(created_at),
            sentence_labels=tuple(frozenset(s.get("labels") or ()) for s in sentences),
            balance=balance,
        )


def aware(moment: datetime) -> datetime:
    """A timezone-aware datetime; a naive one is taken to be UTC (as stored)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def checkin_record(created_at: datetime, answers: Mapping[str, Any]) -> CheckinRecord:
    """A check-in record, keeping only whole-number answers 1-5 (stored data may be
    from a newer version with items this one doesn't know; those are skipped later)."""
    clean = {
        str(k): int(v)
        for k, v in answers.items()
        if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 5
    }
    return PastCheckin(created_at=aware(created_at), answers=clean)
