"""docs/progress.md stays true to the items and measures in the code."""

from __future__ import annotations

from pathlib import Path

from befriend.checkin import load_items
from befriend.checkin.score import MIN_HISTORY, NOTABLE_DIFFERENCE
from befriend.progress.measures import CRITIC, PAIRS
from befriend.progress.summary import MIN_CHECKINS_TO_COMPARE, MIN_SENTENCES_TO_COMPARE

DOC = (Path(__file__).parent.parent / "docs" / "progress.md").read_text(encoding="utf-8")


def test_every_item_is_in_the_doc_word_for_word() -> None:
    for item in load_items():
        assert f"| `{item.id}` |" in DOC
        assert f"| {item.wording} |" in DOC
        if item.reverse:
            assert f"| {item.wording} | a louder critic |" in DOC


def test_the_measures_and_thresholds_are_the_documented_ones() -> None:
    for label in CRITIC:
        assert f"`{label}`" in DOC
    for _, kind, opposite in PAIRS:
        assert f"`{kind}` / `{opposite}`" in DOC
    assert NOTABLE_DIFFERENCE == 0.75 and "smaller than 0.75" in DOC
    assert MIN_HISTORY == 2 and "at least two answers" in DOC
    assert MIN_SENTENCES_TO_COMPARE == 10 and "at least 10 sentences" in DOC
    assert MIN_CHECKINS_TO_COMPARE == 3 and "3 check-ins" in DOC
    assert "A reflection aid, not a validated measure." in DOC
