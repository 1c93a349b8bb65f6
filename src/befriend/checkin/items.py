"""Check-in items as data (``data/items.toml``), and the answers to them."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, Final

from befriend.errors import BefriendError

# What an item can look at: the six components, the two energies, and mood.
COMPONENTS: Final[tuple[str, ...]] = (
    "self_kindness",
    "self_judgment",
    "common_humanity",
    "isolation",
    "mindfulness",
    "over_identification",
    "tender",
    "fierce",
    "mood",
)

LOWEST: Final = 1
HIGHEST: Final = 5


class CheckinAnswerError(BefriendError):
    code = "bad_checkin"


@dataclass(frozen=True, slots=True)
class CheckinItem:
    """One 1-5 question. ``reverse`` is True when a higher answer means a louder
    critic; :func:`oriented` turns such answers round so higher always reads kinder."""

    id: str
    component: str
    short: str
    wording: str
    reverse: bool
    low: str
    high: str
    up: str
    down: str


def oriented(item: CheckinItem, answer: int) -> int:
    """The answer on a scale where higher means more self-compassion (or better mood)."""
    return LOWEST + HIGHEST - answer if item.reverse else answer


def _parse_item(raw: Any, where: str) -> CheckinItem:
    if not isinstance(raw, dict):
        raise ValueError(f"{where} is not a table")
    fields = ("id", "component", "short", "wording", "low", "high", "up", "down")
    for key in fields:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ValueError(f"{where} needs a non-empty text field {key!r}")
    if not isinstance(raw.get("reverse"), bool):
        raise ValueError(f"{where} needs reverse = true or false")
    if raw["component"] not in COMPONENTS:
        raise ValueError(f"{where} has an unknown component {raw['component']!r}")
    return CheckinItem(reverse=raw["reverse"], **{k: raw[k].strip() for k in fields})


def parse_items(data: Mapping[str, Any]) -> tuple[CheckinItem, ...]:
    """Items from the parsed TOML, checked: unique ids, known components."""
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise ValueError("the check-in file has no [[items]]")
    items = tuple(_parse_item(raw, f"item {n}") for n, raw in enumerate(raw_items, 1))
    ids = [item.id for item in items]
    if len(set(ids)) != len(ids):
        raise ValueError("two check-in items share an id")
    return items


@functools.cache
def load_items() -> tuple[CheckinItem, ...]:
    """The packaged check-in items, in the order they are asked."""
    text = resources.files("befriend.checkin").joinpath("data/items.toml").read_text("utf-8")
    return parse_items(tomllib.loads(text))


def _items_by_id(items: tuple[CheckinItem, ...]) -> dict[str, CheckinItem]:
    return {item.id: item for item in items}


def validate_answers(
    answers: Mapping[str, object], items: tuple[CheckinItem, ...] | None = None
) -> dict[str, int]:
    """Checked answers in item order. Every answer must be a whole number 1-5 for a
    known item; at least one item must be answered (skipping some is fine)."""
    items = load_items() if items is None else items
    known = _items_by_id(items)
    unknown = sorted(set(answers) - set(known))
    if unknown:
        raise CheckinAnswerError(
            f"There's no check-in item called {unknown[0]!r}. The items are: {', '.join(known)}."
        )
    result: dict[str, int] = {}
    for item in items:
        if item.id not in answers:
            continue
        value = answers[item.id]
        if isinstance(value, bool) or not isinstance(value, int) or not LOWEST <= value <= HIGHEST:
            raise CheckinAnswerError(
                f"The answer for {item.id!r} is {value!r}; answers are whole numbers from "
                f"{LOWEST} ({item.low}) to {HIGHEST} ({item.high})."
            )
        result[item.id] = value
    if not result:
        raise CheckinAnswerError(
            "The check-in has no answers. Answer at least one item, for example mood=3."
        )
    return result


def parse_answers(spec: str, items: tuple[CheckinItem, ...] | None = None) -> dict[str, int]:
    """Answers from ``"mood=3,kindness=4"`` (spaces allowed), checked."""
    raw: dict[str, object] = {}
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        key, sep, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            raise CheckinAnswerError(
                f"{part!r} isn't an answer; write each one as item=number, for example mood=3."
            )
        if key in raw:
            raise CheckinAnswerError(f"{key!r} is answered twice; give each item once.")
        raw[key] = int(value) if value.isdigit() else value
    return validate_answers(raw, items)
