"""Check-in items, answers and the reflection against the user's own history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from befriend.checkin import (
    COMPONENTS,
    NOT_A_MEASURE,
    CheckinAnswerError,
    PastCheckin,
    load_items,
    oriented,
    parse_answers,
    reflect,
    validate_answers,
)
from befriend.checkin.items import parse_items

NOW = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)


def test_the_packaged_items_cover_every_component_energy_and_mood() -> None:
    items = load_items()
    assert [i.id for i in items] == [
        "kindness", "putdowns", "shared", "alone", "noticing", "verdict", "comfort",
        "action", "mood",
    ]  # fmt: skip
    assert sorted(i.component for i in items) == sorted(COMPONENTS)
    reversed_components = {i.component for i in items if i.reverse}
    assert reversed_components == {"self_judgment", "isolation", "over_identification"}


def test_oriented_turns_reversed_items_round() -> None:
    by_id = {i.id: i for i in load_items()}
    assert [oriented(by_id["putdowns"], a) for a in (1, 2, 3, 4, 5)] == [5, 4, 3, 2, 1]
    assert [oriented(by_id["kindness"], a) for a in (1, 5)] == [1, 5]


def test_parse_answers_keeps_item_order_and_allows_skips() -> None:
    assert parse_answers(" mood=2 , kindness=5,") == {"kindness": 5, "mood": 2}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("mood=6", "The answer for 'mood' is 6; answers are whole numbers from 1 (very low) "
         "to 5 (very good)."),
        ("mood=three", "The answer for 'mood' is 'three'; answers are whole numbers from 1 "
         "(very low) to 5 (very good)."),
        ("happiness=3", "There's no check-in item called 'happiness'. The items are: kindness, "
         "putdowns, shared, alone, noticing, verdict, comfort, action, mood."),
        ("mood", "'mood' isn't an answer; write each one as item=number, for example mood=3."),
        ("mood=3,mood=4", "'mood' is answered twice; give each item once."),
        ("", "The check-in has no answers. Answer at least one item, for example mood=3."),
    ],
)  # fmt: skip
def test_bad_answers_say_what_is_wrong(spec: str, message: str) -> None:
    with pytest.raises(CheckinAnswerError) as caught:
        parse_answers(spec)
    assert caught.value.message == message


def test_validate_answers_refuses_booleans() -> None:
    with pytest.raises(CheckinAnswerError):
        validate_answers({"mood": True})


def test_item_files_are_checked() -> None:
    good = {
        "id": "x", "component": "mood", "short": "s", "wording": "w", "reverse": False,
        "low": "l", "high": "h", "up": "u", "down": "d",
    }  # fmt: skip
    assert parse_items({"items": [good]})[0].id == "x"
    with pytest.raises(ValueError, match="unknown component"):
        parse_items({"items": [{**good, "component": "joy"}]})
    with pytest.raises(ValueError, match="share an id"):
        parse_items({"items": [good, good]})
    with pytest.raises(ValueError, match="reverse"):
        parse_items({"items": [{**good, "reverse": "no"}]})


def past(days_ago: float, **answers: int) -> PastCheckin:
    return PastCheckin(created_at=NOW - timedelta(days=days_ago), answers=answers)


def test_first_checkin_has_nothing_to_compare() -> None:
    reflection = reflect({"mood": 3}, [], NOW)
    assert reflection.first
    (row,) = reflection.rows
    assert (row.direction, row.mean_7, row.count_7, row.mean_28) == ("new", None, 0, None)
    assert reflection.to_dict()["note"] == NOT_A_MEASURE


def test_reflection_against_the_last_seven_days() -> None:
    history = [past(1, mood=2, putdowns=2), past(2, mood=2, putdowns=2), past(3, mood=3)]
    reflection = reflect({"mood": 4, "putdowns": 4}, history, NOW)
    mood, putdowns = reflection.rows[1], reflection.rows[0]
    assert mood.item.id == "mood" and putdowns.item.id == "putdowns"
    assert mood.mean_7 == pytest.approx(7 / 3) and mood.count_7 == 3
    assert mood.direction == "up"
    assert mood.reading == "your mood is brighter than on your recent days"
    # A higher answer to "how much did you put yourself down" is a harder day.
    assert putdowns.today == 2 and putdowns.mean_7 == 4.0
    assert putdowns.direction == "down"
    assert putdowns.reading == "the critic was louder than on your recent days"
    assert reflection.past_checkins == 3


def test_small_differences_read_as_the_same() -> None:
    history = [past(1, mood=3), past(2, mood=4)]
    (row,) = reflect({"mood": 4}, history, NOW).rows
    assert row.direction == "same"  # 4 against 3.5


def test_the_28_day_window_is_the_fallback_and_older_or_later_ones_are_ignored() -> None:
    history = [
        past(10, kindness=1),
        past(20, kindness=1),
        past(29, kindness=5),  # older than 28 days
        past(-1, kindness=5),  # after now
        past(3, mood=3),  # another item
    ]
    (row,) = reflect({"kindness": 3}, history, NOW).rows
    assert (row.count_7, row.count_28, row.mean_28) == (0, 2, 1.0)
    assert row.direction == "up"


def test_one_past_answer_is_not_enough_to_compare() -> None:
    (row,) = reflect({"mood": 5}, [past(1, mood=1)], NOW).rows
    assert row.direction == "new"
    assert row.mean_7 == 1.0
