"""Guided practices, step by step, saved as sessions (docs/coach.md).

- :mod:`.steps`: the practices as data (``friend``, ``break``, ``fierce``,
  ``motivate``), each step with its question and its reflections;
- :mod:`.engine`: :class:`PracticeRun` answers one step at a time;
- :mod:`.sessions`: :class:`PracticeSessions`, the repository (imports SQLAlchemy);
- :mod:`.followup`: the fierce break's action, asked about at the next check-in.
"""

from __future__ import annotations

from befriend.coach.practices.engine import (
    PAUSE_MESSAGE,
    PracticeRun,
    StepInputError,
    StepResult,
    check_answer,
    plan_answers,
)
from befriend.coach.practices.reflect import Contrast, ReflectionLine, contrast, reflect
from befriend.coach.practices.steps import (
    PRACTICES,
    Practice,
    PracticeStep,
    UnknownPracticeError,
    UnknownStepError,
    get_practice,
)

__all__ = [
    "PAUSE_MESSAGE",
    "PRACTICES",
    "Contrast",
    "Practice",
    "PracticeRun",
    "PracticeStep",
    "ReflectionLine",
    "StepInputError",
    "StepResult",
    "UnknownPracticeError",
    "UnknownStepError",
    "check_answer",
    "contrast",
    "get_practice",
    "plan_answers",
    "reflect",
]
