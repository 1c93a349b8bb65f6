"""Which column holds which item: by the default names (``item1``, ``item_1``,
``Item 1``, any case), by a pattern (``SCS_{n}`` or a regular expression), or by a
mapping file (YAML or CSV: column name -> item number)."""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from befriend.errors import InputFileError, InputFormatError
from befriend.research.scales.keys import INSTRUMENTS, Instrument, load_instrument
from befriend.research.scales.yamlfile import load_yaml_mapping

# item1, item_1, Item 1, ITEM-01: the word "item", an optional separator, the number.
DEFAULT_PATTERN = re.compile(r"item[\s_\-.]*0*([1-9][0-9]*)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Item number -> column index; the id column's index, if there is one; and how
    to name an item's column in a message when the column is missing."""

    items: dict[int, int]
    id_index: int | None
    template: str  # e.g. "item{n}": {n} becomes the number, to name a missing column

    def column_name(self, item: int) -> str:
        return self.template.replace("{n}", str(item))


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """``SCS_{n}`` (a template: ``{n}`` stands for the item number) or a regular
    expression whose first group (or group ``n``) captures the number. Both match
    whole column names, ignoring case."""
    if not pattern.strip():
        raise InputFormatError("The items pattern is empty. Give one such as SCS_{n} or q(\\d+).")
    pattern = pattern.strip()
    if "{n}" in pattern:
        before, _, after = pattern.partition("{n}")
        if "{n}" in after:
            raise InputFormatError(f"The items pattern {pattern!r} has {{n}} twice; use it once.")
        return re.compile(_literal(before) + r"0*([1-9][0-9]*)" + _literal(after), re.IGNORECASE)
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise InputFormatError(
            f"The items pattern {pattern!r} isn't a valid regular expression ({exc}). "
            "Use a template such as SCS_{n}, or a regular expression such as q(\\d+)."
        ) from None
    if compiled.groups < 1:
        raise InputFormatError(
            f"The items pattern {pattern!r} has no group to capture the item number. Put the "
            "number in parentheses, as in q(\\d+), or use a template such as SCS_{n}."
        )
    return compiled


def _literal(text: str) -> str:
    """A template's fixed text; a space in it matches any spacing, or none."""
    return r"\s*".join(re.escape(part) for part in text.split(" "))


def _number(match: re.Match[str]) -> str:
    if "n" in match.re.groupindex:
        return match.group("n") or ""
    return match.group(1) or ""


def load_mapping(path: str | Path) -> dict[str, int]:
    """A mapping file: YAML (``column: item``) or CSV with the header ``column,item``."""
    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"There's no mapping file at {path}. Check the path and try again.")
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(f"The mapping file {path.name} isn't valid UTF-8 text.") from None
    pairs: list[tuple[str, Any]]
    if suffix in (".yaml", ".yml"):
        pairs = _yaml_pairs(path, text)
    elif suffix == ".csv":
        pairs = _csv_pairs(path, text)
    else:
        raise InputFormatError(
            f"The mapping file {path.name} should be YAML (.yaml) or CSV (.csv), so befriend "
            "knows how to read it."
        )
    mapping: dict[str, int] = {}
    seen: dict[int, str] = {}
    for column, item in pairs:
        number = item_number(item)
        if number is None:
            raise InputFormatError(
                f"In the mapping file {path.name}, column {column!r} maps to {item!r}, which "
                "isn't an item number. Give a whole number such as 7."
            )
        if number in seen:
            raise InputFormatError(
                f"In the mapping file {path.name}, columns {seen[number]!r} and {column!r} "
                f"both map to item {number}. Each item needs exactly one column."
            )
        seen[number] = column
        mapping[column] = number
    if not mapping:
        raise InputFormatError(f"The mapping file {path.name} maps no columns to items.")
    return mapping


def _yaml_pairs(path: Path, text: str) -> list[tuple[str, Any]]:
    data = load_yaml_mapping(
        text,
        invalid=lambda line: (
            f"The mapping file {path.name} isn't valid YAML"
            f"{f' (line {line})' if line is not None else ''}. Write one line per "
            "column, such as  Q7: 7"
        ),
        not_mapping=f"The mapping file {path.name} should map column names to item numbers, "
        "one per line, such as  Q7: 7",
    )
    return [(str(k).strip(), v) for k, v in data.items()]


def _csv_pairs(path: Path, text: str) -> list[tuple[str, Any]]:
    records = [r for r in csv.reader(text.splitlines()) if any(c.strip() for c in r)]
    if not records or [c.strip().lower() for c in records[0][:2]] != ["column", "item"]:
        raise InputFormatError(
            f"The mapping file {path.name} should start with the header  column,item  and "
            "then have one line per column, such as  Q7,7"
        )
    pairs: list[tuple[str, Any]] = []
    for line, record in enumerate(records[1:], start=2):
        if len(record) < 2:
            raise InputFormatError(
                f"Line {line} of the mapping file {path.name} needs a column name and an item "
                "number, such as  Q7,7"
            )
        pairs.append((record[0].strip(), record[1].strip()))
    return pairs


def item_number(value: Any) -> int | None:
    """An item number written as an int or digits; None for anything else (bools too)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def match_columns(
    header: Sequence[str],
    instrument: Instrument,
    *,
    items_pattern: str | None = None,
    mapping: Mapping[str, int] | None = None,
    id_column: str | None = None,
    source: str = "the file",
) -> ColumnMap:
    """Find each item's column and the id column. Raises for anything that makes the
    whole file unscorable: two columns for one item, item numbers the instrument
    doesn't have, no item columns at all, or answers that fit the other instrument.
    Items with no column are left out of ``items``; the caller reports them."""
    if items_pattern is not None and mapping is not None:
        raise InputFormatError("Give either an items pattern or a mapping file, not both.")
    items: dict[int, int] = {}
    if mapping is not None:
        items = _apply_mapping(header, mapping, source)
        template = "item {n}"
    else:
        if items_pattern is None:
            regex, template = DEFAULT_PATTERN, "item{n}"
        else:
            regex = compile_pattern(items_pattern)
            template = items_pattern if "{n}" in items_pattern else "item {n}"
        for index, name in enumerate(header):
            found = regex.fullmatch(name.strip())
            if found is None:
                continue
            digits = _number(found)
            if not digits.isdigit():
                raise InputFormatError(
                    f"The items pattern matched column {name!r} of {source}, but {digits!r} "
                    "isn't an item number. Make the pattern's group capture only digits."
                )
            number = int(digits)
            if number in items:
                raise InputFormatError(
                    f"Columns {header[items[number]]!r} and {name!r} of {source} both look like "
                    f"item {number}. Rename one, or say which is which with a mapping file."
                )
            items[number] = index
    _check_items(header, items, instrument, source)
    return ColumnMap(items=items, id_index=_id_index(header, id_column, source), template=template)


def _apply_mapping(
    header: Sequence[str], mapping: Mapping[str, int], source: str
) -> dict[int, int]:
    exact = {name: i for i, name in enumerate(header)}
    folded: dict[str, list[int]] = {}
    for i, name in enumerate(header):
        folded.setdefault(name.strip().lower(), []).append(i)
    items: dict[int, int] = {}
    for column, number in mapping.items():
        if column in exact:
            items[number] = exact[column]
        elif len(folded.get(column.strip().lower(), [])) == 1:
            items[number] = folded[column.strip().lower()][0]
        else:
            raise InputFormatError(
                f"The mapping names column {column!r}, but {source} has no column of that "
                "name. Check the spelling against the file's first row."
            )
    return items


def _check_items(
    header: Sequence[str], items: Mapping[int, int], instrument: Instrument, source: str
) -> None:
    found = set(items)
    others = [load_instrument(k) for k in INSTRUMENTS if k != instrument.key]
    hint = ""
    for other in others:
        if found == set(other.item_numbers):
            hint = (
                f" The {other.items} item columns fit the {other.name} ({other.abbreviation}): "
                f"score it as {other.key!r}."
            )
    if not found:
        shown = ", ".join(repr(h) for h in header[:8]) + (", ..." if len(header) > 8 else "")
        raise InputFormatError(
            f"None of the columns of {source} look like item answers (its columns are "
            f"{shown}). Name them item1 to item{instrument.items}, or describe them with "
            "an items pattern or a mapping file."
        )
    beyond = sorted(n for n in found if n > instrument.items)
    if beyond:
        raise InputFormatError(
            f"Column {header[items[beyond[0]]]!r} of {source} is item {beyond[0]}, but the "
            f"{instrument.name} has {instrument.items} items.{hint}"
        )
    if hint:
        raise InputFormatError(
            f"{source} has {len(found)} item columns, but the {instrument.name} has "
            f"{instrument.items} items.{hint}"
        )


def _id_index(header: Sequence[str], id_column: str | None, source: str) -> int | None:
    wanted = (id_column or "id").strip().lower()
    matches = [i for i, name in enumerate(header) if name.strip().lower() == wanted]
    if len(matches) > 1:
        raise InputFormatError(
            f"{source} has {len(matches)} columns called {header[matches[0]]!r}. Keep one, "
            "so each respondent has one id."
        )
    if not matches and id_column is not None:
        raise InputFormatError(
            f"{source} has no column called {id_column!r} for the respondent ids. Check the "
            "spelling against the file's first row."
        )
    return matches[0] if matches else None
