"""Scoring a whole answer sheet: one row per respondent in, one row of scores out,
with every bad cell or row named by its row (header = row 1) and column.

By default what can be scored is scored and the rest is listed (``problems``, and
each respondent's ``notes``); with ``strict=True`` the first problem stops everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from befriend.errors import InputFormatError
from befriend.research.scales.answers import read_answer
from befriend.research.scales.columns import ColumnMap, load_mapping, match_columns
from befriend.research.scales.keys import SCORES, Instrument, load_instrument
from befriend.research.scales.scoring import (
    DEFAULT_MIN_ANSWERED,
    check_min_answered,
    score_answers,
)
from befriend.research.scales.tables import Table, check_output, read_table, write_table

PROBLEM_KINDS: Final[tuple[str, ...]] = (
    "missing_column",
    "wrong_length",
    "missing_id",
    "duplicate_id",
    "non_numeric",
    "out_of_range",
)

SHORT_FORM_WARNING: Final[str] = (
    "The Short Form's subscales have two items each and aren't recommended on their own "
    "(Raes et al., 2011): the total is the score to rely on, and the subscale scores are rough."
)
BANDS_WARNING: Final[str] = (
    "The bands (low below 2.5, moderate 2.5 to 3.5, high above 3.5) are rough guidance for "
    "reading a score, not norms."
)


class ScaleDataError(InputFormatError):
    """Strict mode met a problem; ``problem`` says where."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(
            f"{problem.message}. Nothing was written. Fix that in the file, or score without "
            "strict mode to score everything else and list every problem."
        )
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Problem:
    """One bad cell, row or column. ``row`` is counted as a person reads the file
    (the header is row 1); ``column`` is the column's name in the header, or the name
    a missing item column was expected to have."""

    kind: str
    row: int
    column: str | None
    detail: str

    @property
    def message(self) -> str:
        where = f"row {self.row}" + (f', column "{self.column}"' if self.column else "")
        return f"{where}: {self.detail}"


@dataclass(frozen=True, slots=True)
class Respondent:
    """One respondent's scores (``None`` where too few items were usable), their
    bands when asked for, and notes on anything left out."""

    row: int
    id: str
    answers: dict[int, int]
    scores: dict[str, float | None]
    bands: dict[str, str | None] | None
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ScaleResult:
    instrument: Instrument
    source: str
    min_answered: float
    respondents: tuple[Respondent, ...]
    problems: tuple[Problem, ...]
    warnings: tuple[str, ...]
    with_bands: bool

    @property
    def scored(self) -> int:
        """How many respondents got a total score."""
        return sum(1 for r in self.respondents if r.scores["total"] is not None)

    def columns(self) -> tuple[str, ...]:
        bands = tuple(f"{name}_band" for name in SCORES) if self.with_bands else ()
        return ("id", *SCORES, *bands, "notes")

    def rows(self, *, decimals: int = 4) -> list[list[Any]]:
        """The output table's rows: scores rounded to ``decimals``, blanks as ``None``."""
        table: list[list[Any]] = []
        for r in self.respondents:
            row: list[Any] = [r.id]
            row += [_rounded(r.scores[s], decimals) for s in SCORES]
            if self.with_bands:
                row += [(r.bands or {}).get(s) for s in SCORES]
            row.append("; ".join(r.notes))
            table.append(row)
        return table

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per respondent with the output's columns, scores unrounded (for
        ``pandas.DataFrame(result.to_records())``)."""
        records: list[dict[str, Any]] = []
        for r in self.respondents:
            record: dict[str, Any] = {"id": r.id, **r.scores}
            if self.with_bands:
                record.update({f"{s}_band": (r.bands or {}).get(s) for s in SCORES})
            record["notes"] = "; ".join(r.notes)
            records.append(record)
        return records

    def write(self, path: str | Path, *, force: bool = False, decimals: int = 4) -> Path:
        """Write the scores as CSV or .xlsx (by extension); never overwrites unless
        ``force``."""
        out = check_output(path, force=force)
        write_table(out, self.columns(), self.rows(decimals=decimals))
        return out

    def write_problems(self, path: str | Path, *, force: bool = False) -> Path:
        """Write every problem as CSV: row, column, kind, problem."""
        out = check_output(path, force=force, what="report")
        write_table(
            out,
            ("row", "column", "kind", "problem"),
            [(p.row, p.column, p.kind, p.detail) for p in self.problems],
        )
        return out


def _rounded(value: float | None, decimals: int) -> float | None:
    return None if value is None else round(value, decimals)


def score_file(
    path: str | Path,
    instrument: str = "scs",
    *,
    min_answered: float = DEFAULT_MIN_ANSWERED,
    items_pattern: str | None = None,
    mapping: str | Path | Mapping[str, int] | None = None,
    id_column: str | None = None,
    sheet: str | None = None,
    bands: bool = False,
    strict: bool = False,
) -> ScaleResult:
    """Score a CSV or .xlsx answer sheet with the key of ``scs`` or ``scs-sf``.

    Item columns are found by name (``item1`` ... ``itemN``, ``item_1``, ``Item 1``, any
    case) unless ``items_pattern`` (``SCS_{n}`` or a regular expression with a group
    for the number) or ``mapping`` (a YAML/CSV file or a dict: column -> item number)
    says otherwise. The ``id`` column (or ``id_column``) is carried through.
    """
    check_min_answered(min_answered)
    key = load_instrument(instrument)
    if isinstance(mapping, str | Path):
        mapping = load_mapping(mapping)
    table = read_table(path, sheet=sheet)
    return score_table(
        table,
        key,
        min_answered=min_answered,
        items_pattern=items_pattern,
        mapping=mapping,
        id_column=id_column,
        bands=bands,
        strict=strict,
    )


def score_records(
    records: Iterable[Mapping[str, Any]],
    instrument: str = "scs",
    *,
    min_answered: float = DEFAULT_MIN_ANSWERED,
    items_pattern: str | None = None,
    mapping: Mapping[str, int] | None = None,
    id_column: str | None = None,
    bands: bool = False,
    strict: bool = False,
) -> ScaleResult:
    """Score in-memory rows (e.g. ``DataFrame.to_dict("records")``). Row numbers in
    problems count as if the records were a file with a header: the first is row 2."""
    records = list(records)
    header: dict[str, None] = {}
    for record in records:
        header.update(dict.fromkeys(str(k) for k in record))
    names = tuple(header)
    rows = tuple(
        (number, tuple(_get(record, name) for name in names))
        for number, record in enumerate(records, start=2)
    )
    table = Table(name="the records", header=names, rows=rows, padded=True)
    return score_table(
        table,
        load_instrument(instrument),
        min_answered=min_answered,
        items_pattern=items_pattern,
        mapping=mapping,
        id_column=id_column,
        bands=bands,
        strict=strict,
    )


def _get(record: Mapping[str, Any], name: str) -> Any:
    if name in record:
        return record[name]
    return next((v for k, v in record.items() if str(k) == name), None)


def score_table(
    table: Table,
    instrument: Instrument,
    *,
    min_answered: float = DEFAULT_MIN_ANSWERED,
    items_pattern: str | None = None,
    mapping: Mapping[str, int] | None = None,
    id_column: str | None = None,
    bands: bool = False,
    strict: bool = False,
) -> ScaleResult:
    check_min_answered(min_answered)
    columns = match_columns(
        table.header,
        instrument,
        items_pattern=items_pattern,
        mapping=mapping,
        id_column=id_column,
        source=table.name,
    )
    problems: list[Problem] = []

    def add(problem: Problem) -> None:
        if strict:
            raise ScaleDataError(problem)
        problems.append(problem)

    for item in instrument.item_numbers:
        if item not in columns.items:
            add(
                Problem(
                    "missing_column",
                    1,
                    columns.column_name(item),
                    f"there's no column for item {item}, so it counts as unanswered by everyone",
                )
            )
    notes_by_row: dict[int, list[str]] = {}
    first_row_of: dict[str, int] = {}
    built: list[tuple[int, str, dict[int, int], bool]] = []
    for number, cells in table.rows:
        notes = notes_by_row.setdefault(number, [])
        respondent_id = _respondent_id(cells, columns, number, notes, add)
        if respondent_id in first_row_of:
            first = first_row_of[respondent_id]
            add(
                Problem(
                    "duplicate_id",
                    number,
                    table.header[columns.id_index or 0],
                    f"the id {respondent_id!r} is also in row {first}",
                )
            )
            notes.append(f"id also in row {first}")
            notes_by_row[first].append(f"id also in row {number}")
        elif respondent_id and columns.id_index is not None:
            first_row_of[respondent_id] = number
        width = len(table.header)
        # In a CSV file a missing or extra value shifts every answer after it; in a
        # sheet, columns can't shift, and a cell past the header belongs to no column.
        if len(cells) != width and not table.padded:
            detail = (
                f"the row has {len(cells)} values but the header has {width} columns, so its "
                "answers can't be matched to items"
            )
            add(Problem("wrong_length", number, None, detail))
            notes.append(f"not scored: {detail}")
            built.append((number, respondent_id, {}, False))
            continue
        answers = _row_answers(table, instrument, columns, number, cells, notes, add)
        built.append((number, respondent_id, answers, True))

    respondents = []
    for number, respondent_id, answers, usable in built:
        notes = notes_by_row[number]
        scores = score_answers(instrument, answers, min_answered=min_answered)
        if usable and not answers:
            notes.append("no usable answers, so nothing was scored")
        elif usable:
            notes.extend(scores.notes())
        respondents.append(
            Respondent(
                row=number,
                id=respondent_id,
                answers=answers,
                scores=scores.values,
                bands=scores.bands() if bands else None,
                notes=tuple(notes),
            )
        )
    warnings: list[str] = []
    if not instrument.subscales_recommended:
        warnings.append(SHORT_FORM_WARNING)
    if bands:
        warnings.append(BANDS_WARNING)
    if columns.id_index is None:
        warnings.append(
            f"{table.name} has no id column, so the id column holds each respondent's row "
            "number in the file."
        )
    return ScaleResult(
        instrument=instrument,
        source=table.name,
        min_answered=min_answered,
        respondents=tuple(respondents),
        problems=tuple(problems),
        warnings=tuple(warnings),
        with_bands=bands,
    )


def _respondent_id(
    cells: tuple[Any, ...],
    columns: ColumnMap,
    number: int,
    notes: list[str],
    add: Callable[[Problem], None],
) -> str:
    if columns.id_index is None:
        return str(number)
    value = cells[columns.id_index] if columns.id_index < len(cells) else None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(value).strip()
    if not text:
        add(Problem("missing_id", number, None, "the row has no id"))
        notes.append("no id")
    return text


def _row_answers(
    table: Table,
    instrument: Instrument,
    columns: ColumnMap,
    number: int,
    cells: tuple[Any, ...],
    notes: list[str],
    add: Callable[[Problem], None],
) -> dict[int, int]:
    answers: dict[int, int] = {}
    blank: list[str] = []
    for item in instrument.item_numbers:
        index = columns.items.get(item)
        if index is None:
            continue
        name = table.header[index]
        answer = read_answer(
            cells[index] if index < len(cells) else None,
            instrument.answer_min,
            instrument.answer_max,
        )
        if answer.value is not None:
            answers[item] = answer.value
        elif answer.problem is not None and answer.kind is not None:
            add(Problem(answer.kind, number, name, answer.problem))
            notes.append(f"{name}: {answer.problem}, left out")
        else:
            blank.append(name)
    if blank and len(blank) < len(columns.items):
        notes.append(f"no answer to {', '.join(blank)}")
    return answers
