"""Typed records the journal hands out, and their conversion to and from rows.

A stored analysis keeps offsets, labels and scores only (no text), so nothing
derived repeats the user's words in clear; :meth:`StoredAnalysis.to_analysis`
rebuilds the full :class:`~befriend.analysis.Analysis` from the entry's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from befriend.analysis import Analysis, Evidence, SentenceAnalysis
from befriend.store.models import EntryAnalysis


@dataclass(frozen=True, slots=True)
class StoredSentence:
    start: int
    end: int
    labels: tuple[str, ...]
    scores: dict[str, float]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class StoredAnalysis:
    analyzer_version: str
    created_at: datetime
    labels: tuple[str, ...]
    scores: dict[str, float]
    balance: str
    crisis: bool
    safety_signals: tuple[str, ...]
    sentences: tuple[StoredSentence, ...]

    def to_analysis(self, text: str) -> Analysis:
        return Analysis(
            text=text,
            labels=self.labels,
            scores=dict(self.scores),
            sentences=tuple(
                SentenceAnalysis(
                    start=s.start,
                    end=s.end,
                    text=text[s.start : s.end],
                    labels=s.labels,
                    scores=dict(s.scores),
                    evidence=s.evidence,
                )
                for s in self.sentences
            ),
            balance=self.balance,
            crisis=self.crisis,
            version=self.analyzer_version,
            safety_signals=self.safety_signals,
        )

    def summary(self) -> dict[str, Any]:
        """A JSON-ready summary with no text: labels, balance, crisis, version."""
        return {
            "labels": list(self.labels),
            "balance": self.balance,
            "crisis": self.crisis,
            "version": self.analyzer_version,
        }


@dataclass(frozen=True, slots=True)
class EntryRecord:
    """One entry, decoded, with its current analysis (None if it has none yet, e.g.
    text the analyzer can't read)."""

    id: str
    created_at: datetime
    updated_at: datetime
    text: str
    source: str
    analysis: StoredAnalysis | None

    def full_analysis(self) -> Analysis | None:
        return None if self.analysis is None else self.analysis.to_analysis(self.text)


@dataclass(frozen=True, slots=True)
class NewEntry:
    """An entry to add: ``id``/timestamps are kept when given (import), else new."""

    text: str
    analysis: Analysis | None = None
    source: str = "write"
    id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


def analysis_row(entry_id: str, analysis: Analysis, created_at: datetime) -> EntryAnalysis:
    """A row for ``analysis`` holding offsets, labels and scores: no text."""
    return EntryAnalysis(
        entry_id=entry_id,
        analyzer_version=analysis.version,
        created_at=created_at,
        labels=list(analysis.labels),
        scores={k: float(v) for k, v in analysis.scores.items()},
        balance=analysis.balance,
        crisis=bool(analysis.crisis),
        safety_signals=list(analysis.safety_signals),
        sentences=[
            {
                "start": s.start,
                "end": s.end,
                "labels": list(s.labels),
                "scores": {k: float(v) for k, v in s.scores.items()},
                "evidence": [
                    {
                        "label": e.label,
                        "start": e.start,
                        "end": e.end,
                        "source": e.source,
                        "score": float(e.score),
                    }
                    for e in s.evidence
                ],
            }
            for s in analysis.sentences
        ],
        is_current=True,
    )


def stored_analysis(row: EntryAnalysis) -> StoredAnalysis:
    return StoredAnalysis(
        analyzer_version=row.analyzer_version,
        created_at=row.created_at,
        labels=tuple(row.labels),
        scores=dict(row.scores),
        balance=row.balance,
        crisis=bool(row.crisis),
        safety_signals=tuple(row.safety_signals or ()),
        sentences=tuple(
            StoredSentence(
                start=int(s["start"]),
                end=int(s["end"]),
                labels=tuple(s["labels"]),
                scores=dict(s["scores"]),
                evidence=tuple(
                    Evidence(
                        label=e["label"],
                        start=int(e["start"]),
                        end=int(e["end"]),
                        source=e["source"],
                        score=float(e["score"]),
                    )
                    for e in s["evidence"]
                ),
            )
            for s in row.sentences
        ),
    )
