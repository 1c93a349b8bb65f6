"""How scripts/tune_thresholds.py picks a threshold from the dev scores."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent.parent / "scripts"))

from tune_thresholds import PHRASE_SAFE, ModelOnly, choose, keep_or_raise


def test_the_middle_of_the_near_best_thresholds_is_chosen() -> None:
    scores = np.array([0.70, 0.80, 0.899, 0.90, 0.898, 0.85])
    assert choose(scores, np.ones(6, dtype=bool)) == 3


def test_thresholds_at_which_a_coach_phrase_reads_as_the_label_are_never_chosen() -> None:
    scores = np.array([0.70, 0.90, 0.90, 0.88, 0.87, 0.80])
    allowed = np.array([False, False, False, True, True, True])
    assert choose(scores, allowed) == 3
    # The near-best band is measured against the best allowed score, not the best overall.
    allowed = np.array([False, False, False, False, True, True])
    assert choose(scores, allowed) == 4


def test_every_label_the_coach_must_never_carry_is_phrase_safe() -> None:
    assert set(PHRASE_SAFE) == {
        "self_judgment",
        "isolation",
        "over_identification",
        "fear_motivation",
        "compassion_block",
        "complacency",
    }


def test_a_threshold_from_an_earlier_dev_run_is_kept_if_allowed_and_raised_if_not() -> None:
    allowed = np.array([True, False, False, True, True, False])
    assert keep_or_raise(0, allowed) == 0
    assert keep_or_raise(1, allowed) == 3
    assert keep_or_raise(4, allowed) == 4
    # Never lowered, and no allowed threshold above means none at all.
    assert keep_or_raise(5, allowed) is None


def test_the_model_only_screen_stands_in_for_the_real_one(analyzer) -> None:  # type: ignore[no-untyped-def]
    from befriend.analyzer import Analyzer

    alone = Analyzer(
        embedder=analyzer.embedder,
        head=analyzer.head,
        screen=ModelOnly(analyzer.screen),  # type: ignore[arg-type]
    )
    result = alone.analyze("I want to die.")
    assert not result.safety_signals  # the screen is off: only the model speaks
    assert result.version.endswith(" no-screen")
