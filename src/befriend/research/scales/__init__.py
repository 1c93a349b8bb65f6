"""Scoring the Self-Compassion Scale (26 items; Neff 2003) and its Short Form
(12 items; Raes, Pommier, Neff & Van Gucht 2011) with the published keys.

    from befriend.research.scales import score_file
    result = score_file("answers.csv", "scs")
    result.respondents[0].scores["total"]
    result.problems          # bad cells and rows, each with its row and column
    result.write("scores.csv")

No item wording ships with befriend; ``load_wording`` reads wording a user has the
right to use, for administering an instrument with ``befriend scale take``.
"""

from __future__ import annotations

from befriend.research.scales.keys import (
    FACTORS,
    INSTRUMENTS,
    SCORES,
    SUBSCALES,
    Instrument,
    load_instrument,
)
from befriend.research.scales.scoring import (
    Scores,
    band,
    check_min_answered,
    items_needed,
    score_answers,
)
from befriend.research.scales.sheet import (
    PROBLEM_KINDS,
    Problem,
    Respondent,
    ScaleDataError,
    ScaleResult,
    score_file,
    score_records,
    score_table,
)
from befriend.research.scales.wording import Wording, load_wording, wording_template

__all__ = [
    "FACTORS",
    "INSTRUMENTS",
    "PROBLEM_KINDS",
    "SCORES",
    "SUBSCALES",
    "Instrument",
    "Problem",
    "Respondent",
    "ScaleDataError",
    "ScaleResult",
    "Scores",
    "Wording",
    "band",
    "check_min_answered",
    "items_needed",
    "load_instrument",
    "load_wording",
    "score_answers",
    "score_file",
    "score_records",
    "score_table",
    "wording_template",
]
