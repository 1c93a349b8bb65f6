"""The published scoring keys of the Self-Compassion Scale (Neff 2003) and its Short
Form (Raes, Pommier, Neff & Van Gucht 2011), loaded from ``data/instruments.json``.

The keys are data with their source; no item wording is stored anywhere in befriend.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

from befriend.errors import BefriendError

INSTRUMENTS: Final[tuple[str, ...]] = ("scs", "scs-sf")

SUBSCALES: Final[tuple[str, ...]] = (
    "self_kindness",
    "self_judgment",
    "common_humanity",
    "isolation",
    "mindfulness",
    "over_identification",
)
FACTORS: Final[tuple[str, ...]] = ("compassionate", "uncompassionate")
# Every score befriend reports, in output-column order.
SCORES: Final[tuple[str, ...]] = (*SUBSCALES, "total", *FACTORS)

SCORE_NAMES: Final[dict[str, str]] = {
    "self_kindness": "self-kindness",
    "self_judgment": "self-judgment",
    "common_humanity": "common humanity",
    "isolation": "isolation",
    "mindfulness": "mindfulness",
    "over_identification": "over-identification",
    "total": "total",
    "compassionate": "compassionate self-responding",
    "uncompassionate": "uncompassionate self-responding",
}


class UnknownInstrumentError(BefriendError):
    code = "bad_input"

    def __init__(self, key: str) -> None:
        super().__init__(
            f"befriend doesn't know an instrument called {key!r}. "
            f"Use one of: {', '.join(INSTRUMENTS)}."
        )


@dataclass(frozen=True, slots=True)
class Instrument:
    """One questionnaire's key. ``subscales`` maps each subscale to its item numbers;
    ``reverse_scored`` names the subscales whose items count as (min + max - answer)
    in the total; ``factors`` groups subscales into the two-factor scores."""

    key: str
    name: str
    abbreviation: str
    items: int
    answer_min: int
    answer_max: int
    source: str
    subscales: dict[str, tuple[int, ...]]
    reverse_scored: frozenset[str]
    factors: dict[str, tuple[str, ...]]
    subscales_recommended: bool

    @property
    def item_numbers(self) -> tuple[int, ...]:
        return tuple(range(1, self.items + 1))

    @property
    def reversed_items(self) -> frozenset[int]:
        """Items that count reversed in the total."""
        return frozenset(i for name in self.reverse_scored for i in self.subscales[name])

    def items_of(self, score: str) -> tuple[int, ...]:
        """The items behind a score: a subscale, a factor, or ``total``."""
        if score == "total":
            return self.item_numbers
        if score in self.factors:
            return tuple(sorted(i for sub in self.factors[score] for i in self.subscales[sub]))
        return self.subscales[score]

    def reverse(self, answer: int) -> int:
        """The reversed answer: 6 - answer on a 1-5 scale."""
        return self.answer_min + self.answer_max - answer


@cache
def _raw() -> dict[str, Any]:
    text = (
        resources.files("befriend.research.scales")
        .joinpath("data/instruments.json")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def load_instrument(key: str) -> Instrument:
    """The key of ``scs`` or ``scs-sf``, checked for internal consistency."""
    normalised = key.strip().lower()
    raw = _raw()
    if normalised not in INSTRUMENTS or normalised not in raw:
        raise UnknownInstrumentError(key)
    spec = raw[normalised]
    instrument = Instrument(
        key=normalised,
        name=spec["name"],
        abbreviation=spec["abbreviation"],
        items=int(spec["items"]),
        answer_min=int(spec["answers"][0]),
        answer_max=int(spec["answers"][1]),
        source=spec["source"],
        subscales={name: tuple(int(i) for i in spec["subscales"][name]) for name in SUBSCALES},
        reverse_scored=frozenset(spec["reverse_scored"]),
        factors={name: tuple(spec["factors"][name]) for name in FACTORS},
        subscales_recommended=bool(spec["subscales_recommended"]),
    )
    _check(instrument)
    return instrument


def _check(instrument: Instrument) -> None:
    """A packaging defect, not a user error: fail loudly."""
    keyed = sorted(i for items in instrument.subscales.values() for i in items)
    if keyed != list(instrument.item_numbers):
        raise ValueError(f"{instrument.key}: the subscales don't cover each item exactly once")
    if set(instrument.factors["uncompassionate"]) != instrument.reverse_scored:
        raise ValueError(f"{instrument.key}: the uncompassionate factor isn't the reversed set")
    grouped = sorted(s for subs in instrument.factors.values() for s in subs)
    if grouped != sorted(SUBSCALES):
        raise ValueError(f"{instrument.key}: the factors don't cover each subscale once")
