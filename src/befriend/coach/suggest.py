"""Choosing phrases from the bank: by what the analyzer found, then by the situation.

The choice is deterministic: the same analysis, situation, seed and history give the
same phrases. Recently shown phrases are skipped while others remain.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from befriend.coach.phrases import LABEL_NEEDS, NEEDS, Phrase, PhraseBank, load_phrase_bank
from befriend.coach.situation import SituationMatch, classify_situation

if TYPE_CHECKING:
    from befriend.analysis import Analysis

# How well an "everyday" phrase fits any situation, against 0..1 for a phrase tagged
# with a situation the text is about. Below the weakest real match a text usually
# has (one keyword among several, about 0.33), so a matching specific phrase wins,
# and above zero, so with no match the general phrases come first.
EVERYDAY_FIT: Final[float] = 0.3

NEED_REASONS: Final[dict[str, str]] = {
    "self_judgment": "for the harsh words aimed at yourself",
    "over_identification": "for when one moment feels like a verdict on all of you",
    "isolation": "for feeling alone with it",
    "fear_motivation": "for pushing yourself with care instead of fear",
    "complacency": "for a real problem that needs a step, not a shrug",
    "compassion_block": "for the worry that kindness would make you soft",
    "missing_tender": "for some warmth alongside the push",
    "missing_fierce": "for a step to take: protecting, providing or motivating",
}


@dataclass(frozen=True, slots=True)
class Suggestion:
    phrase: Phrase
    need: str
    reason: str
    fit: float
    """How well the phrase's situations fit the user's (see EVERYDAY_FIT)."""
    backend: str = "curated"
    """The suggestion backend that wrote the text (befriend.coach.backends)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.phrase.to_dict(),
            "need": self.need,
            "reason": self.reason,
            "fit": round(self.fit, 4),
            "backend": self.backend,
        }


def needs_for(analysis: Analysis) -> tuple[str, ...]:
    """What phrases should answer in ``analysis``, most pressing first."""
    labels = set(analysis.labels)
    needs: list[str] = [label for label in LABEL_NEEDS if label in labels]
    if analysis.balance == "too_tender" and "complacency" not in needs:
        needs.append("complacency")
    harsh = bool(labels & {"self_judgment", "fear_motivation", "over_identification"})
    tender = bool(labels & {"tender", "self_kindness"})
    if (analysis.balance == "too_harsh" or harsh) and not tender:
        needs.append("missing_tender")
    problem = (
        harsh or bool(labels & {"complacency", "isolation"}) or analysis.balance == "too_tender"
    )
    if problem and "fierce" not in labels:
        needs.append("missing_fierce")
    return tuple(needs)


def _tiebreak(seed: int, phrase: Phrase) -> str:
    return hashlib.sha256(f"{seed}:{phrase.id}".encode()).hexdigest()


def situation_fit(phrase: Phrase, situations: Sequence[SituationMatch]) -> float:
    weights = {m.situation: m.score for m in situations}
    best = max((weights.get(s, 0.0) for s in phrase.situations), default=0.0)
    if "everyday" in phrase.situations:
        best = max(best, EVERYDAY_FIT)
    return best


def choose_phrases(
    needs: Sequence[str],
    *,
    situation: str | Sequence[SituationMatch] = "",
    count: int = 3,
    recent: Collection[str] = (),
    seed: int = 0,
    bank: PhraseBank | None = None,
) -> tuple[Suggestion, ...]:
    """Up to ``count`` phrases answering ``needs``, taken in turn (one for the first
    need, one for the second, ... then round again), each the best fit for the
    situation. ``situation`` is the user's own description (or already classified
    matches). Phrase ids in ``recent`` are skipped unless nothing else is left."""
    unknown = [n for n in needs if n not in NEEDS]
    if unknown:
        raise ValueError(f"unknown needs: {unknown}")
    bank = bank if bank is not None else load_phrase_bank()
    matches = classify_situation(situation) if isinstance(situation, str) else tuple(situation)
    ranked: dict[str, list[tuple[float, Phrase]]] = {}
    for need in dict.fromkeys(needs):
        scored = [(situation_fit(p, matches), p) for p in bank.answering(need)]
        scored.sort(key=lambda sp: (-sp[0], _tiebreak(seed, sp[1])))
        fresh = [sp for sp in scored if sp[1].id not in recent]
        ranked[need] = fresh or scored
    chosen: list[Suggestion] = []
    used: set[str] = set()
    while len(chosen) < count and any(ranked.values()):
        for need, options in ranked.items():
            while options and options[0][1].id in used:
                options.pop(0)
            if not options or len(chosen) >= count:
                continue
            fit, phrase = options.pop(0)
            used.add(phrase.id)
            chosen.append(Suggestion(phrase, need, NEED_REASONS[need], fit))
    return tuple(chosen)


def suggest_for(
    analysis: Analysis,
    *,
    situation: str = "",
    count: int = 3,
    recent: Collection[str] = (),
    seed: int = 0,
    bank: PhraseBank | None = None,
) -> tuple[Suggestion, ...]:
    """Phrases for what ``analysis`` found, fitted to the situation and the text."""
    needs = needs_for(analysis)
    if not needs:
        return ()
    return choose_phrases(
        needs,
        situation=classify_situation(situation, analysis.text),
        count=count,
        recent=recent,
        seed=seed,
        bank=bank,
    )
