"""Item wording supplied by the user, for ``befriend scale take``.

befriend ships no questionnaire wording: the published items belong to their
authors. Someone who has the right to use them writes them into a YAML file shaped
like :func:`wording_template`'s output (placeholder text only) and befriend reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from befriend.errors import InputFileError, InputFormatError
from befriend.research.scales.columns import item_number
from befriend.research.scales.keys import Instrument, load_instrument
from befriend.research.scales.yamlfile import load_yaml_mapping

KEYS: Final[tuple[str, ...]] = ("instrument", "title", "source", "instructions", "answers", "items")
REQUIRED: Final[tuple[str, ...]] = ("items",)


def placeholder_item(number: int) -> str:
    return f"Item {number} wording goes here"


def placeholder_answer(number: int) -> str:
    return f"Wording for answer {number} goes here"


@dataclass(frozen=True, slots=True)
class Wording:
    """What ``befriend scale take`` shows: optional title, source and instructions,
    optional wording for each answer (1-5), and the wording of every item."""

    instrument: Instrument
    items: dict[int, str]
    answers: dict[int, str]
    title: str | None = None
    source: str | None = None
    instructions: str | None = None

    @property
    def has_placeholders(self) -> bool:
        """True while any item still holds the template's placeholder text."""
        return any(text == placeholder_item(n) for n, text in self.items.items())


def wording_template(instrument: str) -> str:
    """A wording file for ``instrument`` with placeholder text, and the schema in
    comments. It holds no real item wording."""
    key = load_instrument(instrument)
    lo, hi = key.answer_min, key.answer_max
    lines = [
        f"# Wording for `befriend scale take --instrument {key.key} --wording THIS_FILE`.",
        "#",
        "# befriend ships no item wording. Replace each placeholder with wording you have",
        "# the right to use, and keep the item numbers as they are.",
        "#",
        "# instrument    optional; if given, must match --instrument",
        "# title         optional; shown first",
        "# source        optional; where the wording comes from, shown under the title",
        "# instructions  optional; shown before the first item",
        f"# answers       optional; wording for each answer {lo} to {hi} (all of them, or none)",
        f"# items         required; item number -> wording, for every item 1 to {key.items}",
        f"instrument: {key.key}",
        "title: Title goes here",
        "source: Citation or permission note goes here",
        "instructions: >-",
        "  Instructions for the person answering go here.",
        "answers:",
        *(f"  {n}: {placeholder_answer(n)}" for n in range(lo, hi + 1)),
        "items:",
        *(f"  {n}: {placeholder_item(n)}" for n in key.item_numbers),
    ]
    return "\n".join(lines) + "\n"


def load_wording(path: str | Path, instrument: str | Instrument) -> Wording:
    """Read and check a wording file for ``instrument``; every problem is one clear
    message naming the file and what to change."""
    key = instrument if isinstance(instrument, Instrument) else load_instrument(instrument)
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise InputFileError(f"There's no wording file at {path}. Check the path and try again.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(f"The wording file {name} isn't valid UTF-8 text.") from None
    data = _parse(text, name)
    unknown = [str(k) for k in data if k not in KEYS]
    if unknown:
        raise InputFormatError(
            f"The wording file {name} has {', '.join(repr(k) for k in unknown)}, which befriend "
            f"doesn't know. The keys it reads are: {', '.join(KEYS)}."
        )
    declared = data.get("instrument")
    if declared is not None and str(declared).strip().lower() != key.key:
        raise InputFormatError(
            f"The wording file {name} says it's for {str(declared)!r}, but you asked for "
            f"{key.key!r}. Use the matching instrument, or fix the file's instrument line."
        )
    if "items" not in data:
        raise InputFormatError(
            f"The wording file {name} has no 'items' section. Add one with the wording of "
            f"items 1 to {key.items}; `befriend scale template` prints an example."
        )
    items = _numbered(data["items"], name, "items", key.item_numbers, key.name)
    answers: dict[int, str] = {}
    if data.get("answers") is not None:
        numbers = tuple(range(key.answer_min, key.answer_max + 1))
        answers = _numbered(data["answers"], name, "answers", numbers, key.name)
    return Wording(
        instrument=key,
        items=items,
        answers=answers,
        title=_optional_text(data, "title", name),
        source=_optional_text(data, "source", name),
        instructions=_optional_text(data, "instructions", name),
    )


def _parse(text: str, name: str) -> dict[str, Any]:
    data = load_yaml_mapping(
        text,
        invalid=lambda line: (
            f"The wording file {name} isn't valid YAML"
            f"{f' near line {line}' if line is not None else ''}. Compare it with the example "
            "from `befriend scale template`; a colon inside wording needs the line quoted."
        ),
        not_mapping=f"The wording file {name} should be a YAML mapping with an 'items' "
        "section; `befriend scale template` prints an example.",
    )
    return {str(k): v for k, v in data.items()}


def _numbered(
    value: Any,
    name: str,
    section: str,
    numbers: tuple[int, ...],
    instrument_name: str,
) -> dict[int, str]:
    """A section keyed by number (or, for a list, numbered from the first)."""
    start = numbers[0]
    one = section.removesuffix("s")  # "item 3", "answer 5"
    if isinstance(value, list):
        pairs: list[tuple[Any, Any]] = [(start + i, v) for i, v in enumerate(value)]
    elif isinstance(value, dict):
        pairs = list(value.items())
    else:
        raise InputFormatError(
            f"In the wording file {name}, '{section}' should list each number with its "
            f"wording, one per line, such as  {start}: ..."
        )
    found: dict[int, str] = {}
    for raw_number, raw_text in pairs:
        number = item_number(raw_number)
        if number is None:
            raise InputFormatError(
                f"In the wording file {name}, '{section}' has the key {raw_number!r}, which "
                f"isn't a number. Number them {numbers[0]} to {numbers[-1]}."
            )
        if number not in numbers:
            raise InputFormatError(
                f"The wording file {name} has {one} {number}, but the {instrument_name} "
                f"has {section} {numbers[0]} to {numbers[-1]} only."
            )
        if number in found:
            raise InputFormatError(f"The wording file {name} has {one} {number} twice.")
        if not isinstance(raw_text, str | int | float) or not str(raw_text).strip():
            raise InputFormatError(
                f"In the wording file {name}, {one} {number} has no wording. Fill it in."
            )
        found[number] = " ".join(str(raw_text).split())
    missing = [n for n in numbers if n not in found]
    if missing:
        shown = _spans(missing)
        raise InputFormatError(
            f"The wording file {name} has wording for {len(found)} {one if len(found) == 1 else section}, but the "
            f"{instrument_name} has {len(numbers)}: {one if len(missing) == 1 else section} "
            f"{shown} {'is' if len(missing) == 1 else 'are'} missing."
        )
    return dict(sorted(found.items()))


def _spans(numbers: list[int]) -> str:
    """[3, 4, 5, 9] -> '3-5 and 9'; [11, 12] -> '11 and 12'."""
    spans: list[str] = []
    begin = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        if prev - begin >= 2:
            spans.append(f"{begin}-{prev}")
        else:
            spans.extend(str(k) for k in range(begin, prev + 1))
        if n is not None:
            begin = prev = n
    return spans[0] if len(spans) == 1 else ", ".join(spans[:-1]) + " and " + spans[-1]


def _optional_text(data: dict[str, Any], key: str, name: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise InputFormatError(f"In the wording file {name}, '{key}' should be plain text.")
    text = str(value).strip()
    return text or None
