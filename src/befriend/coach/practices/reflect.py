"""What befriend gives back after each step: a gentle, specific reflection built
from the person's own words (never a score), and, for the motivating practice,
the contrast between the critic's voice and the coach's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from befriend.coach.gap import HARSH_LABELS, GapItem, Quote, friend_gap, quotes_for

if TYPE_CHECKING:
    from befriend.analysis import Analysis
    from befriend.coach.practices.steps import PracticeStep

QUOTE_CHARS: Final[int] = 140
MIN_QUOTE_WORDS: Final[int] = 5
UNREAD: Final[str] = (
    "befriend couldn't read this one closely ({why}), but it's saved with the rest."
)
AFTER_CRISIS: Final[str] = (
    "Thank you for writing this. There's nothing more to do with it right now."
)
NO_WHEN: Final[str] = (
    "If you can, add when you'll do it: a day or a time makes a step easier to start."
)
_WHEN = re.compile(
    r"\b(today|tonight|tomorrow|morning|afternoon|evening|weekend|week|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|before|after|at|by|next|this|every|"
    r"when|lunch|breakfast|dinner|bed|noon|\d)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ReflectionLine:
    text: str
    label: str | None = None
    quote: Quote | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "label": self.label,
            "quote": self.quote.to_dict() if self.quote else None,
        }


def _short(text: str) -> str:
    text = " ".join(text.split()).rstrip(".!?;:, ")
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


def reflect(step: PracticeStep, analysis: Analysis) -> tuple[ReflectionLine, ...]:
    """One line noticing what is there (if any), one gentle note (if any), else the
    step's plain line."""
    lines: list[ReflectionLine] = []
    for group in (step.affirm, step.notes):
        for rule in group:
            quotes = quotes_for(analysis, rule.label)
            if quotes:
                q = quotes[0]
                # A rule's span can be a few words ("You can set"); quote the sentence.
                shown = q.sentence if len(q.text.split()) < MIN_QUOTE_WORDS else q.text
                lines.append(ReflectionLine(rule.line.format(quote=_short(shown)), rule.label, q))
                break
    if not lines and step.plain:
        lines.append(ReflectionLine(step.plain))
    return tuple(lines)


def has_when(text: str) -> bool:
    """Whether an action says when (a day, a time, 'after lunch', a number)."""
    return bool(_WHEN.search(text))


# -- the critic and the coach ------------------------------------------------------------
COACH_GIVES: Final[dict[str, str]] = {
    "self_kindness": "The coach brings a warmth the critic never offers.",
    "common_humanity": "The coach remembers that lots of people struggle with this; "
    "the critic makes it about you alone.",
    "mindfulness": "The coach names what's going on calmly, without blowing it up.",
    "tender": "The coach makes room for how hard this is.",
    "fierce": "The coach points to a step you can take, and backs you to take it.",
}
CRITIC_ONLY: Final[dict[str, str]] = {
    "self_judgment": "The critic attacks who you are; the coach leaves that out.",
    "isolation": "The critic says you're the only one; the coach doesn't.",
    "over_identification": "The critic turns one habit into a verdict on all of you; "
    "the coach keeps it to the habit.",
    "fear_motivation": "The critic pushes with threat and punishment; the coach doesn't need to.",
    "complacency": "The critic shrugs the problem off; the coach takes it seriously.",
    "compassion_block": "The critic doubts you deserve kindness; the coach doesn't.",
}
STILL_IN_COACH: Final[dict[str, str]] = {
    "self_judgment": "A little of the critic is still in the coach's words.",
    "isolation": "The coach still says you're alone in this.",
    "over_identification": "The coach still makes it a verdict on all of you.",
    "fear_motivation": "The coach still pushes with fear.",
    "complacency": "Both voices shrug the problem off a little.",
    "compassion_block": "The coach still doubts that kindness is allowed.",
}


@dataclass(frozen=True, slots=True)
class Contrast:
    """The critic's voice beside the coach's, each finding with the person's phrases."""

    coach_gives: tuple[GapItem, ...]
    """Kind labels in the coach's words that the critic's lack (coach's phrases)."""
    critic_only: tuple[GapItem, ...]
    """Harsh labels in the critic's words that the coach's leave out (critic's phrases)."""
    still_in_coach: tuple[GapItem, ...]
    """Harsh labels in both: the coach's phrases that still carry them."""

    @property
    def summary(self) -> str:
        if self.still_in_coach:
            return (
                "The coach is kinder than the critic, and a little of the critic is still "
                "in there: see below."
                if self.coach_gives or self.critic_only
                else "The two voices sound alike so far. Try the coach again, the way "
                "you'd speak to someone you believe in."
            )
        if self.coach_gives or self.critic_only:
            return "Same problem, two voices. Here's what changed when care did the talking."
        return (
            "The two voices read much the same. That can happen when the critic was "
            "already quiet, or the coach hasn't found their voice yet."
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "coach_gives": [i.to_dict() for i in self.coach_gives],
            "critic_only": [i.to_dict() for i in self.critic_only],
            "still_in_coach": [i.to_dict() for i in self.still_in_coach],
        }


def contrast(critic: Analysis, coach: Analysis) -> Contrast:
    """Labels present in one voice and not the other, with the phrases (the same
    comparison as the friend gap: :func:`befriend.coach.friend_gap`)."""
    gap = friend_gap(critic, coach)
    gives = tuple(
        GapItem(i.label, COACH_GIVES[i.label], i.quotes) for i in gap.given_to_friend_not_self
    )
    only = tuple(
        GapItem(i.label, CRITIC_ONLY[i.label], i.quotes) for i in gap.harsh_on_self_not_friend
    )
    still = tuple(
        GapItem(label, STILL_IN_COACH[label], quotes_for(coach, label))
        for label in HARSH_LABELS
        if coach.has(label)
    )
    return Contrast(gives, only, still)
