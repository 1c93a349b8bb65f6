"""Reading one cell as an answer: a whole number in the answer range, a blank (no
answer), or a problem worth reporting (not a number, out of range)."""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any, Final

# Cells that mean "no answer": blank, and the markers statistics packages and pandas
# write (pandas' missing value prints as <NA>).
MISSING_MARKERS: Final[frozenset[str]] = frozenset({"", "na", "n/a", "nan", "<na>"})


@dataclass(frozen=True, slots=True)
class Answer:
    """``value`` is the answer, or ``None``; ``problem`` says why a non-blank cell
    couldn't be used (``kind`` is ``non_numeric`` or ``out_of_range``)."""

    value: int | None
    kind: str | None = None
    problem: str | None = None


NO_ANSWER: Final[Answer] = Answer(None)


def read_answer(cell: Any, low: int, high: int) -> Answer:
    if cell is None:
        return NO_ANSWER
    if isinstance(cell, bool):
        return _non_numeric(str(cell), low, high)
    # numbers.Integral / Real also take in NumPy's integers and floats (from pandas).
    if isinstance(cell, numbers.Integral):
        return _in_range(int(cell), str(int(cell)), low, high)
    if isinstance(cell, numbers.Real):
        number = float(cell)
        if math.isnan(number):
            return NO_ANSWER
        return _from_float(number, _show(number), low, high)
    text = str(cell).strip()
    if not isinstance(cell, str) and text.lower() not in MISSING_MARKERS:
        return _non_numeric(text, low, high)
    if text.lower() in MISSING_MARKERS:
        return NO_ANSWER
    try:
        return _in_range(int(text), text, low, high)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return _non_numeric(text, low, high)
    if math.isnan(number) or math.isinf(number):
        return _non_numeric(text, low, high)
    return _from_float(number, text, low, high)


def _from_float(number: float, shown: str, low: int, high: int) -> Answer:
    if math.isinf(number):
        return _non_numeric(shown, low, high)
    if number.is_integer():
        return _in_range(int(number), shown, low, high)
    return Answer(
        None,
        "out_of_range",
        f"{shown} isn't one of the answers {_answers(low, high)} (answers are whole numbers)",
    )


def _in_range(value: int, shown: str, low: int, high: int) -> Answer:
    if low <= value <= high:
        return Answer(value)
    return Answer(None, "out_of_range", f"{shown} isn't one of the answers {_answers(low, high)}")


def _non_numeric(shown: str, low: int, high: int) -> Answer:
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return Answer(None, "non_numeric", f"{shown!r} isn't a number from {_answers(low, high)}")


def _answers(low: int, high: int) -> str:
    return f"{low} to {high}"


def _show(number: float) -> str:
    return str(int(number)) if number.is_integer() else repr(number)
