"""What a final version still needs, and the response to the block.

`review_final` looks at the analysis of what the user will say to themselves and
names, warmly and specifically, what is still missing: the critic's words, a push
that runs on fear, comfort with no step where there is a real problem, or warmth
missing from a plan. Each note carries the user's own phrases and suggested ones.

`block_response` answers `compassion_block` ("being kind to myself will make me
lazy") with a short, honest explanation and an invitation to test it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from befriend.coach.gap import Quote, quotes_for
from befriend.coach.situation import classify_situation
from befriend.coach.suggest import Suggestion, choose_phrases

if TYPE_CHECKING:
    from befriend.analysis import Analysis
    from befriend.coach.phrases import PhraseBank


@dataclass(frozen=True, slots=True)
class Note:
    """One thing the final version still needs."""

    kind: str
    """``still_harsh``, ``fear_driven``, ``too_tender``, ``alone``, ``no_warmth`` or
    ``doubts_kindness``."""
    message: str
    quotes: tuple[Quote, ...] = field(default=())
    suggestions: tuple[Suggestion, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "quotes": [q.to_dict() for q in self.quotes],
            "suggestions": [s.to_dict() for s in self.suggestions],
        }


MESSAGES: Final[dict[str, str]] = {
    "still_harsh": (
        "Some of the critic's words are still here. You wouldn't hand these to a friend, "
        "so they don't need to stay in what you tell yourself. You can say what happened "
        "without the verdict on who you are."
    ),
    "fear_driven": (
        "This still pushes with threat or punishment. Wanting to do better is good; "
        "try letting care do the pushing: what do you want, and why does it matter to you?"
    ),
    "too_tender": (
        "There's real comfort here, and that counts. But the problem itself is still "
        "standing, with no step toward it. Kindness can also look like one small, "
        "concrete thing you'll do about it."
    ),
    "alone": (
        "This still says you're the only one. You aren't: many people meet this "
        "exact struggle, and saying so can take some of the weight off."
    ),
    "no_warmth": (
        "There's a plan here, which is good. What's missing is warmth alongside it: a "
        "word of comfort for the person who has to carry the plan out."
    ),
    "doubts_kindness": (
        "There's still a doubt here about whether you should be kind to yourself at "
        "all. That's a common worry, and it's worth testing rather than obeying."
    ),
}
# The labels whose phrases each note quotes, and the needs its suggestions answer.
_NOTE_LABELS: Final[dict[str, tuple[str, ...]]] = {
    "still_harsh": ("self_judgment", "over_identification"),
    "fear_driven": ("fear_motivation",),
    "too_tender": ("complacency",),
    "alone": ("isolation",),
    "no_warmth": ("fierce",),
    "doubts_kindness": ("compassion_block",),
}
_NOTE_NEEDS: Final[dict[str, tuple[str, ...]]] = {
    "still_harsh": ("self_judgment", "over_identification"),
    "fear_driven": ("fear_motivation",),
    "too_tender": ("complacency", "missing_fierce"),
    "alone": ("isolation",),
    "no_warmth": ("missing_tender",),
    "doubts_kindness": ("compassion_block",),
}

READY_BALANCED: Final[str] = (
    "This reads as something a good friend would say: warm, with a step to take, and "
    "nothing harsh left in it."
)
READY_TENDER: Final[str] = (
    "This is warm, and nothing harsh is left in it. If there's something to do about "
    "the situation, one small next step would round it out."
)
READY_FIERCE: Final[str] = (
    "There's a clear step here and nothing harsh. A word of warmth alongside it would round it out."
)
READY_PLAIN: Final[str] = (
    "Nothing harsh is left here; it reads as a plain account. You could add what "
    "you'd say to comfort or back up a friend in the same spot."
)


def _narrowest(quotes: Iterable[Quote]) -> tuple[Quote, ...]:
    """Quotes without overlaps, preferring the narrower phrase to the whole sentence."""
    kept: list[Quote] = []
    for q in sorted(quotes, key=lambda q: (q.end - q.start, q.start)):
        if not any(q.start < k.end and k.start < q.end for k in kept):
            kept.append(q)
    return tuple(sorted(kept, key=lambda q: q.start))


def missing_kinds(final: Analysis) -> tuple[str, ...]:
    labels = set(final.labels)
    kinds = []
    if labels & {"self_judgment", "over_identification"}:
        kinds.append("still_harsh")
    if "fear_motivation" in labels:
        kinds.append("fear_driven")
    if "complacency" in labels or final.balance == "too_tender":
        kinds.append("too_tender")
    if "isolation" in labels:
        kinds.append("alone")
    if "compassion_block" in labels:
        kinds.append("doubts_kindness")
    if (
        "fierce" in labels
        and not labels & {"tender", "self_kindness"}
        and (final.balance == "too_harsh" or kinds)
    ):
        kinds.append("no_warmth")
    return tuple(kinds)


@dataclass(frozen=True, slots=True)
class FinalReview:
    notes: tuple[Note, ...]
    summary: str
    """One line: what the final version is like as a whole."""

    def to_dict(self) -> dict[str, Any]:
        return {"summary": self.summary, "notes": [n.to_dict() for n in self.notes]}


def review_final(
    final: Analysis,
    *,
    situation: str = "",
    per_note: int = 2,
    recent: Collection[str] = (),
    seed: int = 0,
    bank: PhraseBank | None = None,
) -> FinalReview:
    """Notes on what ``final`` still needs, each with up to ``per_note`` phrases.
    No phrase is suggested twice across notes."""
    matches = classify_situation(situation, final.text)
    shown = set(recent)
    notes: list[Note] = []
    for kind in missing_kinds(final):
        quotes = _narrowest(q for label in _NOTE_LABELS[kind] for q in quotes_for(final, label))
        picks = choose_phrases(
            _NOTE_NEEDS[kind],
            situation=matches,
            count=per_note,
            recent=shown,
            seed=seed,
            bank=bank,
        )
        shown.update(s.phrase.id for s in picks)
        notes.append(Note(kind, MESSAGES[kind], quotes, picks))
    return FinalReview(tuple(notes), _summary(final, notes))


def _summary(final: Analysis, notes: list[Note]) -> str:
    if notes:
        return "A little more to do: " + "; ".join(_SHORT[n.kind] for n in notes) + "."
    labels = set(final.labels)
    warm = bool(labels & {"self_kindness", "tender", "common_humanity", "mindfulness"})
    if final.balance == "balanced" or (warm and "fierce" in labels):
        return READY_BALANCED
    if warm:
        return READY_TENDER
    if "fierce" in labels:
        return READY_FIERCE
    return READY_PLAIN


_SHORT: Final[dict[str, str]] = {
    "still_harsh": "some harsh words are still there",
    "fear_driven": "the push still comes from fear",
    "too_tender": "a real problem has no step yet",
    "alone": "it still says you're alone in this",
    "no_warmth": "the plan has no warmth with it",
    "doubts_kindness": "it still doubts that kindness is allowed",
}


# -- the block --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BlockResponse:
    """A short, honest answer to "being kind to myself will make me soft"."""

    quotes: tuple[Quote, ...]
    explanation: tuple[str, ...]
    invitation: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "quotes": [q.to_dict() for q in self.quotes],
            "explanation": list(self.explanation),
            "invitation": self.invitation,
            "sources": list(self.sources),
        }


BLOCK_EXPLANATION: Final[tuple[str, ...]] = (
    "Many people share that worry, and it usually comes from caring about doing well.",
    "Kindness and high standards can work together. It's what you'd give a friend you "
    "believe in: an honest look at what happened, and help to put it right.",
    "Studies point the same way. When people were encouraged to be understanding "
    "toward themselves about a failure, they spent longer preparing for a second try, "
    "and were more set on making amends and not repeating a mistake, than people who "
    "got a self-esteem boost or nothing (Breines & Chen, 2012). Students kinder to "
    "themselves also tend to fear failure less and care more about learning itself "
    "(Neff, Hsieh & Dejitterat, 2005).",
)
BLOCK_INVITATION: Final[str] = (
    "You don't have to take this on trust. Try it for one week: when something goes "
    "wrong, speak to yourself as you would to a friend, with honesty, warmth and one "
    "next step. Then look back and notice how it went."
)
BLOCK_SOURCES: Final[tuple[str, ...]] = (
    "Breines, J. G., & Chen, S. (2012). Self-compassion increases self-improvement "
    "motivation. Personality and Social Psychology Bulletin, 38(9), 1133-1143.",
    "Neff, K. D., Hsieh, Y.-P., & Dejitterat, K. (2005). Self-compassion, achievement "
    "goals, and coping with academic failure. Self and Identity, 4(3), 263-287.",
)


def block_response(analysis: Analysis) -> BlockResponse | None:
    """The block response when ``analysis`` holds ``compassion_block``, quoting the
    user's own words; otherwise ``None``."""
    quotes = quotes_for(analysis, "compassion_block")
    if not quotes:
        return None
    return BlockResponse(quotes, BLOCK_EXPLANATION, BLOCK_INVITATION, BLOCK_SOURCES)
