"""The friend gap: what a person gives a friend and withholds from themselves, and
the harsh words they aim at themselves and would never aim at the friend
(TAXONOMY.md, "the friend gap"). Each finding carries the person's own phrases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from befriend.labels import DISPLAY

if TYPE_CHECKING:
    from befriend.analysis import Analysis

# The kind labels a friend can be given, and the harsh ones a person can aim at
# themselves, in the order they are shown.
GIVEN_LABELS: Final[tuple[str, ...]] = (
    "self_kindness",
    "common_humanity",
    "mindfulness",
    "tender",
    "fierce",
)
HARSH_LABELS: Final[tuple[str, ...]] = (
    "self_judgment",
    "isolation",
    "over_identification",
    "fear_motivation",
    "complacency",
    "compassion_block",
)

GIVEN_READINGS: Final[dict[str, str]] = {
    "self_kindness": "You met your friend with warmth and understanding. Your words to yourself haven't had that warmth yet.",
    "common_humanity": "You reminded your friend that lots of people go through this. You haven't told yourself the same yet.",
    "mindfulness": "You named what your friend was feeling, plainly and gently. Your own feelings went unnamed.",
    "tender": "You comforted your friend and made room for how they feel. You haven't offered yourself that comfort yet.",
    "fierce": "You backed your friend: a boundary, a need met, or a step to take. You haven't given yourself that backing yet.",
}
HARSH_READINGS: Final[dict[str, str]] = {
    "self_judgment": "You were harsh with yourself here, in words you didn't use on your friend.",
    "isolation": "You told yourself you're alone in this, or the only one who struggles. You didn't say that to your friend.",
    "over_identification": "You turned one moment into a verdict on all of you. Your friend got to keep it one moment.",
    "fear_motivation": "You pushed yourself with threat or punishment. You didn't push your friend that way.",
    "complacency": "You waved a real problem away for yourself. With your friend, you didn't.",
    "compassion_block": "You doubted whether you should be kind to yourself at all. You didn't doubt your friend deserved it.",
}


@dataclass(frozen=True, slots=True)
class Quote:
    """A phrase from the person's own text: ``text`` is ``source_text[start:end]``."""

    text: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    evidence: str
    """What found it: ``rule:<id>`` for a phrase, ``model:<name>`` for a whole sentence."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "sentence_start": self.sentence_start,
            "sentence_end": self.sentence_end,
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class GapItem:
    """One label on one side of the gap, with the phrases that carry it."""

    label: str
    reading: str
    quotes: tuple[Quote, ...]

    @property
    def display(self) -> str:
        return DISPLAY[self.label]

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "display": self.display,
            "reading": self.reading,
            "quotes": [q.to_dict() for q in self.quotes],
        }


@dataclass(frozen=True, slots=True)
class FriendGap:
    given_to_friend_not_self: tuple[GapItem, ...]
    """Kind labels in the words to the friend, missing from the words to oneself."""
    harsh_on_self_not_friend: tuple[GapItem, ...]
    """Harsh labels in the words to oneself, missing from the words to the friend."""
    given_to_both: tuple[str, ...]
    """Kind labels already in both texts."""

    @property
    def empty(self) -> bool:
        return not self.given_to_friend_not_self and not self.harsh_on_self_not_friend

    def to_dict(self) -> dict[str, Any]:
        return {
            "given_to_friend_not_self": [i.to_dict() for i in self.given_to_friend_not_self],
            "harsh_on_self_not_friend": [i.to_dict() for i in self.harsh_on_self_not_friend],
            "given_to_both": list(self.given_to_both),
        }


def quotes_for(analysis: Analysis, label: str) -> tuple[Quote, ...]:
    """The phrases in ``analysis`` that carry ``label``: a rule's span where a rule
    found it (the widest of overlapping spans), else the whole sentence."""
    out: list[Quote] = []
    for sentence in analysis.sentences:
        if label not in sentence.labels:
            continue
        spans = sorted(
            (e for e in sentence.evidence if e.label == label and e.source.startswith("rule:")),
            key=lambda e: (e.start, -(e.end - e.start)),
        )
        kept: list[tuple[int, int, str]] = []
        for ev in spans:
            if kept and ev.start < kept[-1][1]:
                if ev.end > kept[-1][1]:
                    kept[-1] = (kept[-1][0], ev.end, kept[-1][2])
                continue
            kept.append((ev.start, ev.end, ev.source))
        if not kept:
            model = next((e for e in sentence.evidence if e.label == label), None)
            kept = [(sentence.start, sentence.end, model.source if model else "model")]
        out.extend(
            Quote(
                analysis.text[start:end],
                start,
                end,
                sentence.text,
                sentence.start,
                sentence.end,
                source,
            )
            for start, end, source in kept
        )
    return tuple(out)


def friend_gap(self_analysis: Analysis, friend_analysis: Analysis) -> FriendGap:
    """Compare the words to oneself with the words to a friend."""
    given = tuple(
        GapItem(label, GIVEN_READINGS[label], quotes_for(friend_analysis, label))
        for label in GIVEN_LABELS
        if friend_analysis.has(label) and not self_analysis.has(label)
    )
    harsh = tuple(
        GapItem(label, HARSH_READINGS[label], quotes_for(self_analysis, label))
        for label in HARSH_LABELS
        if self_analysis.has(label) and not friend_analysis.has(label)
    )
    both = tuple(
        label for label in GIVEN_LABELS if friend_analysis.has(label) and self_analysis.has(label)
    )
    return FriendGap(given, harsh, both)
