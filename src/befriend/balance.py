"""The tender/fierce balance of a whole text, read off its labels (TAXONOMY.md)."""

from __future__ import annotations

from collections.abc import Collection


def balance_of(labels: Collection[str]) -> str:
    """``balanced``, ``too_tender``, ``too_harsh`` or ``none``.

    - too_tender: a real problem waved away (complacency) with no fierce energy;
    - too_harsh: the push to act comes from fear or self-judgment, with no tender
      energy (tender words or self-kindness) alongside;
    - balanced: some tender and some fierce energy, and no harsh or fear-driven voice;
    - none: too little of either to say.
    """
    tender = "tender" in labels or "self_kindness" in labels
    fierce = "fierce" in labels
    harsh = "self_judgment" in labels or "fear_motivation" in labels
    if "complacency" in labels and not fierce:
        return "too_tender"
    if not tender and ("fear_motivation" in labels or (harsh and fierce)):
        return "too_harsh"
    if tender and fierce and not harsh:
        return "balanced"
    return "none"
