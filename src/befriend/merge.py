"""How rule hits and model scores become one score per label.

This is the one place they meet. Each merger is named and versioned; an analyzer
version names the merger it used, so published results stay reproducible.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

from befriend.rules import SentenceRules

# A label is present when its merged score reaches this value.
DECISION_THRESHOLD: Final[float] = 0.5
# A vetoed label (negated, reported, aimed at someone else) keeps at most this much of
# the model's score: below the decision threshold, so the veto always wins over the model.
VETO_CAP: Final[float] = 0.2

Merger = Callable[[Mapping[str, float], SentenceRules], dict[str, float]]


def merge_v1(model: Mapping[str, float], rules: SentenceRules) -> dict[str, float]:
    """merge-v1: noisy-OR of the calibrated model score and each matching cue's weight.

    A veto first caps the model's score at :data:`VETO_CAP`; cues that matched in their
    own right still count. A cue of weight >= 0.5 decides alone; a weaker cue only
    tips a model score that was already close.
    """
    scores: dict[str, float] = {}
    for label, p in model.items():
        score = min(p, VETO_CAP) if label in rules.vetoes else p
        for hit in rules.hits:
            if label in hit.labels:
                score = 1.0 - (1.0 - score) * (1.0 - hit.weight)
        scores[label] = max(0.0, min(1.0, score))
    return scores


MERGERS: Final[dict[str, Merger]] = {"merge-v1": merge_v1}
