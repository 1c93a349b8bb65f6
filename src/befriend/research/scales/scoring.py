"""Scoring one respondent's answers with a key: subscale, total and two-factor means,
the missing-answer rule, and the optional bands.

Arithmetic is exact (fractions) until the very end, so a band edge such as 2.5 and
the missing-answer threshold never depend on floating-point rounding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

from befriend.errors import BefriendError
from befriend.research.scales.keys import SCORES, Instrument, load_instrument

DEFAULT_MIN_ANSWERED: Final[float] = 0.8

# Rough bands often given alongside the scale (low below 2.5, moderate 2.5 to 3.5,
# high above 3.5 on the 1-5 answer range). They are guidance for reading a score, not
# population norms, and befriend labels them so wherever it shows them.
BAND_LOW_BELOW: Final[Fraction] = Fraction(5, 2)
BAND_HIGH_ABOVE: Final[Fraction] = Fraction(7, 2)


class MinAnsweredError(BefriendError):
    code = "bad_input"


def check_min_answered(min_answered: float) -> Fraction:
    """The missing-answer rule as an exact fraction; it must be above 0 and at most 1."""
    if not 0 < min_answered <= 1:
        raise MinAnsweredError(
            f"The share of items a score needs must be above 0 and at most 1 (you gave "
            f"{min_answered}); 0.8, the default, means at least 80% of a score's items."
        )
    # repr, not the float itself: Fraction(0.8) is a hair above 4/5, which would
    # wrongly turn away a respondent who answered exactly 4 of 5 items.
    return Fraction(repr(float(min_answered)))


def items_needed(count: int, min_answered: float) -> int:
    """The fewest of ``count`` items that satisfy the rule (never fewer than one)."""
    return _needed(check_min_answered(min_answered), count)


def _needed(share: Fraction, count: int) -> int:
    return max(1, -(-share.numerator * count // share.denominator))  # a ceiling


def band(value: float | Fraction | None) -> str | None:
    """``low`` below 2.5, ``moderate`` from 2.5 to 3.5, ``high`` above 3.5."""
    if value is None:
        return None
    exact = value if isinstance(value, Fraction) else Fraction(value)
    if exact < BAND_LOW_BELOW:
        return "low"
    if exact > BAND_HIGH_ABOVE:
        return "high"
    return "moderate"


@dataclass(frozen=True, slots=True)
class Coverage:
    """How many of a score's items were answered, and how many it needed."""

    answered: int
    items: int
    needed: int

    @property
    def scored(self) -> bool:
        return self.answered >= self.needed


@dataclass(frozen=True, slots=True)
class Scores:
    """One respondent's scores. ``values`` holds each score of ``SCORES`` (``None``
    when too few items were answered); ``coverage`` says how many items each used."""

    values: dict[str, float | None]
    coverage: dict[str, Coverage]

    def bands(self) -> dict[str, str | None]:
        return {name: band(value) for name, value in self.values.items()}

    def notes(self) -> list[str]:
        """Plain notes on every score that used fewer than all of its items."""
        notes: list[str] = []
        for name in SCORES:
            c = self.coverage[name]
            if c.answered == c.items:
                continue
            if c.scored:
                notes.append(f"{name} from {c.answered} of {c.items} items")
            else:
                notes.append(
                    f"{name} not scored: {c.answered} of {c.items} items answered, needs {c.needed}"
                )
        return notes


def score_answers(
    instrument: Instrument | str,
    answers: Mapping[int, int],
    *,
    min_answered: float = DEFAULT_MIN_ANSWERED,
) -> Scores:
    """Score one respondent on ``instrument`` (an :class:`Instrument`, or ``"scs"`` /
    ``"scs-sf"``). ``answers`` maps item number to a valid answer; an item that is
    absent counts as unanswered.

    - a subscale is the mean of its items as answered (the negative ones too);
    - ``total`` is the mean of all items after reversing the reverse-scored ones;
    - ``compassionate`` is the mean of the positive items, ``uncompassionate`` the
      mean of the negative items as answered (higher means more of them);
    - each score needs ``min_answered`` of its items and is then the mean of those
      present.
    """
    share = check_min_answered(min_answered)
    if isinstance(instrument, str):
        instrument = load_instrument(instrument)
    for item, answer in answers.items():
        if item not in range(1, instrument.items + 1):
            raise ValueError(f"item {item} is not an item of the {instrument.name}")
        if not instrument.answer_min <= answer <= instrument.answer_max:
            raise ValueError(f"answer {answer} to item {item} is out of range")
    reversed_items = instrument.reversed_items
    values: dict[str, float | None] = {}
    coverage: dict[str, Coverage] = {}
    for name in SCORES:
        items = instrument.items_of(name)
        present = [i for i in items if i in answers]
        needed = _needed(share, len(items))
        coverage[name] = Coverage(answered=len(present), items=len(items), needed=needed)
        if len(present) < needed:
            values[name] = None
            continue
        if name == "total":
            points = [
                instrument.reverse(answers[i]) if i in reversed_items else answers[i]
                for i in present
            ]
        else:
            points = [answers[i] for i in present]
        values[name] = float(Fraction(sum(points), len(points)))
    return Scores(values=values, coverage=coverage)
