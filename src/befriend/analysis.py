"""The result types of the analyzer, and their JSON form (a public contract)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from befriend.labels import LABELS


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a label fired: a span of the original text and what found it.

    ``source`` is ``"rule:<id>"`` for a rule, ``"model:<name>"`` for the classifier
    head, or ``"safety:<id>"`` for the safety screen.
    """

    label: str
    start: int
    end: int
    source: str
    score: float

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "text": text[self.start : self.end],
            "source": self.source,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True, slots=True)
class SentenceAnalysis:
    start: int
    end: int
    text: str
    labels: tuple[str, ...]
    scores: dict[str, float]
    evidence: tuple[Evidence, ...]

    def to_dict(self, full_text: str) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "labels": list(self.labels),
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
            "evidence": [e.to_dict(full_text) for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Analysis:
    """The analysis of one text.

    labels: text-level labels (the union of the sentences' labels), in taxonomy order.
    scores: a score in [0, 1] for each of the twelve labels (the highest sentence score).
    balance: ``balanced``, ``too_tender``, ``too_harsh`` or ``none``.
    crisis: the safety screen's verdict, or-ed with the crisis label.
    """

    text: str
    labels: tuple[str, ...]
    scores: dict[str, float]
    sentences: tuple[SentenceAnalysis, ...]
    balance: str
    crisis: bool
    version: str
    safety_signals: tuple[str, ...] = field(default=())

    def has(self, label: str) -> bool:
        return label in self.labels

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape documented in docs/jsonl.md."""
        return {
            "text": self.text,
            "labels": list(self.labels),
            "scores": {k: round(self.scores[k], 4) for k in LABELS},
            "sentences": [s.to_dict(self.text) for s in self.sentences],
            "balance": self.balance,
            "crisis": self.crisis,
            "safety_signals": list(self.safety_signals),
            "version": self.version,
        }
