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


def checkin_json() -> dict[str, object]:
    import json

    from typer.testing import CliRunner

    from befriend.cli.main import app

    result = CliRunner().invoke(app, ["checkin", "--json", "--answers", "mood=3"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_every_json_field_is_documented() -> None:
    from datetime import UTC, date, datetime

    from befriend.checkin import reflect
    from befriend.progress import compute_progress

    progress = compute_progress([], [], days=3, today=date(2026, 11, 26), tz=UTC)
    data = progress.to_dict()
    keys = set(data) | {"summary", "note"}
    bucket = data["total"]
    keys |= set(bucket) | set(bucket["pairs"]) | set(bucket["pairs"]["kindness"])
    keys |= set(bucket["checkin_means"])
    reflection = reflect({"mood": 3}, [], datetime(2026, 11, 26, tzinfo=UTC)).to_dict()
    keys |= set(reflection) | set(reflection["rows"][0])
    keys |= set(checkin_json())
    for key in keys:
        assert f"`{key}`" in DOC, f"{key} is not in docs/progress.md"
