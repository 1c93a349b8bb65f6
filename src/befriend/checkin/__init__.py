"""The one-minute daily check-in: items, answers and a reflection against the user's
own history. A reflection aid, not a validated measure."""

from __future__ import annotations

from befriend.checkin.items import (
    COMPONENTS,
    CheckinAnswerError,
    CheckinItem,
    load_items,
    oriented,
    parse_answers,
    validate_answers,
)
from befriend.checkin.score import NOT_A_MEASURE, PastCheckin, Reflection, ReflectionRow, reflect

__all__ = [
    "COMPONENTS",
    "NOT_A_MEASURE",
    "CheckinAnswerError",
    "CheckinItem",
    "PastCheckin",
    "Reflection",
    "ReflectionRow",
    "load_items",
    "oriented",
    "parse_answers",
    "reflect",
    "validate_answers",
]
