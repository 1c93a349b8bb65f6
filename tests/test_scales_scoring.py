"""The published keys checked against scores worked out by hand, the reversal and
missing-answer rules, the bands, and properties that must hold for any answers."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from befriend.errors import BefriendError
from befriend.research.scales import (
    SCORES,
    SUBSCALES,
    band,
    items_needed,
    load_instrument,
    score_answers,
)

SCS = load_instrument("scs")
SF = load_instrument("scs-sf")

# One respondent's answers to the 26-item scale, chosen so every subscale differs.
SCS_ANSWERS = {
    1: 4, 2: 5, 3: 2, 4: 4, 5: 2, 6: 4, 7: 3, 8: 5, 9: 3, 10: 2, 11: 4, 12: 1, 13: 5,
    14: 2, 15: 1, 16: 3, 17: 4, 18: 3, 19: 2, 20: 5, 21: 4, 22: 2, 23: 3, 24: 3, 25: 4, 26: 1,
}  # fmt: skip

SCS_EXPECTED = {
    # self-kindness, items 5, 12, 19, 23, 26: (2 + 1 + 2 + 3 + 1) / 5 = 9 / 5
    "self_kindness": 1.8,
    # self-judgment, items 1, 8, 11, 16, 21, as answered: (4 + 5 + 4 + 3 + 4) / 5 = 20 / 5
    "self_judgment": 4.0,
    # common humanity, items 3, 7, 10, 15: (2 + 3 + 2 + 1) / 4 = 8 / 4
    "common_humanity": 2.0,
    # isolation, items 4, 13, 18, 25, as answered: (4 + 5 + 3 + 4) / 4 = 16 / 4
    "isolation": 4.0,
    # mindfulness, items 9, 14, 17, 22: (3 + 2 + 4 + 2) / 4 = 11 / 4
    "mindfulness": 2.75,
    # over-identification, items 2, 6, 20, 24, as answered: (5 + 4 + 5 + 3) / 4 = 17 / 4
    "over_identification": 4.25,
    # total: positive items 9 + 8 + 11 = 28; the 13 negative items, reversed, sum to
    # 13 * 6 - (20 + 16 + 17) = 78 - 53 = 25; (28 + 25) / 26 = 53 / 26
    "total": 53 / 26,
    # compassionate: the 13 positive items, 28 / 13
    "compassionate": 28 / 13,
    # uncompassionate: the 13 negative items as answered, 53 / 13
    "uncompassionate": 53 / 13,
}

SF_ANSWERS = {1: 2, 2: 4, 3: 5, 4: 1, 5: 3, 6: 5, 7: 4, 8: 2, 9: 3, 10: 4, 11: 1, 12: 2}

SF_EXPECTED = {
    # self-kindness, items 2, 6: (4 + 5) / 2
    "self_kindness": 4.5,
    # self-judgment, items 11, 12, as answered: (1 + 2) / 2
    "self_judgment": 1.5,
    # common humanity, items 5, 10: (3 + 4) / 2
    "common_humanity": 3.5,
    # isolation, items 4, 8, as answered: (1 + 2) / 2
    "isolation": 1.5,
    # mindfulness, items 3, 7: (5 + 4) / 2
    "mindfulness": 4.5,
    # over-identification, items 1, 9, as answered: (2 + 3) / 2
    "over_identification": 2.5,
    # total: positive items 9 + 7 + 9 = 25; the 6 negative items reversed:
    # 6 * 6 - (3 + 3 + 5) = 36 - 11 = 25; (25 + 25) / 12 = 50 / 12
    "total": 50 / 12,
    # compassionate: 25 / 6
    "compassionate": 25 / 6,
    # uncompassionate: (3 + 3 + 5) / 6 = 11 / 6
    "uncompassionate": 11 / 6,
}


def test_the_full_scale_matches_hand_computed_scores() -> None:
    scores = score_answers(SCS, SCS_ANSWERS)
    assert scores.values == SCS_EXPECTED
    assert scores.notes() == []


def test_the_short_form_matches_hand_computed_scores() -> None:
    scores = score_answers(SF, SF_ANSWERS)
    assert scores.values == SF_EXPECTED


def test_the_keys_are_the_published_ones() -> None:
    assert SCS.subscales == {
        "self_kindness": (5, 12, 19, 23, 26),
        "self_judgment": (1, 8, 11, 16, 21),
        "common_humanity": (3, 7, 10, 15),
        "isolation": (4, 13, 18, 25),
        "mindfulness": (9, 14, 17, 22),
        "over_identification": (2, 6, 20, 24),
    }
    assert SF.subscales == {
        "self_kindness": (2, 6),
        "self_judgment": (11, 12),
        "common_humanity": (5, 10),
        "isolation": (4, 8),
        "mindfulness": (3, 7),
        "over_identification": (1, 9),
    }
    for key in (SCS, SF):
        assert key.reverse_scored == {"self_judgment", "isolation", "over_identification"}
        assert (key.answer_min, key.answer_max) == (1, 5)
    assert SCS.reversed_items == {1, 8, 11, 16, 21, 4, 13, 18, 25, 2, 6, 20, 24}
    assert SF.reversed_items == {11, 12, 4, 8, 1, 9}
    assert SCS.source.startswith("Neff, K. D. (2003).")
    assert SF.source.startswith("Raes, F., Pommier, E., Neff, K. D., & Van Gucht, D. (2011).")
    assert SCS.subscales_recommended and not SF.subscales_recommended


def test_the_data_file_holds_keys_and_sources_and_no_wording() -> None:
    import befriend.research.scales as scales

    path = Path(scales.__file__).parent / "data" / "instruments.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in ("scs", "scs-sf"):
        assert set(data[key]) == {
            "name",
            "abbreviation",
            "items",
            "answers",
            "source",
            "subscales",
            "reverse_scored",
            "factors",
            "subscales_recommended",
        }


def test_one_reversed_item_moves_the_total_the_other_way() -> None:
    # Item 1 (self-judgment) from 4 to 5: self-judgment rises by 1/5, while the total,
    # which counts item 1 as 6 - answer, falls by 1/26: (53 - 1) / 26 = 2.
    answers = {**SCS_ANSWERS, 1: 5}
    scores = score_answers(SCS, answers)
    assert scores.values["self_judgment"] == 4.2  # (5 + 5 + 4 + 3 + 4) / 5 = 21 / 5
    assert scores.values["total"] == 2.0  # 52 / 26
    assert scores.values["uncompassionate"] == 54 / 13


def test_a_score_needs_80_percent_of_its_items_by_default() -> None:
    # Without item 12 (self-kindness, answered 1): self-kindness has 4 of 5 items,
    # exactly 80%, so it is the mean of those four: (2 + 2 + 3 + 1) / 4 = 2.0.
    # total: 25 of 26 (needs 21): (28 - 1 + 25) / 25 = 52 / 25 = 2.08.
    # compassionate: 12 of 13 (needs 11): (28 - 1) / 12 = 27 / 12 = 2.25.
    answers = {k: v for k, v in SCS_ANSWERS.items() if k != 12}
    scores = score_answers(SCS, answers)
    assert scores.values["self_kindness"] == 2.0
    assert scores.values["total"] == 2.08
    assert scores.values["compassionate"] == 2.25
    assert scores.values["self_judgment"] == 4.0
    assert scores.notes() == [
        "self_kindness from 4 of 5 items",
        "total from 25 of 26 items",
        "compassionate from 12 of 13 items",
    ]


def test_too_few_answers_leave_a_score_blank() -> None:
    # Without items 12 and 19 (self-kindness 1 and 2): 3 of 5 < 80%, so no score.
    # total: 24 of 26: (28 - 1 - 2 + 25) / 24 = 50 / 24; compassionate: 11 of 13 (needs
    # 11): (28 - 3) / 11 = 25 / 11.
    answers = {k: v for k, v in SCS_ANSWERS.items() if k not in (12, 19)}
    scores = score_answers(SCS, answers)
    assert scores.values["self_kindness"] is None
    assert scores.values["total"] == 50 / 24
    assert scores.values["compassionate"] == 25 / 11
    assert scores.notes() == [
        "self_kindness not scored: 3 of 5 items answered, needs 4",
        "total from 24 of 26 items",
        "compassionate from 11 of 13 items",
    ]
    # A looser rule (60%) accepts 3 of 5: (2 + 3 + 1) / 3 = 2.0.
    looser = score_answers(SCS, answers, min_answered=0.6)
    assert looser.values["self_kindness"] == 2.0
    # The strictest rule (every item) scores only what is complete.
    strictest = score_answers(SCS, answers, min_answered=1.0)
    assert strictest.values["self_kindness"] is None
    assert strictest.values["total"] is None
    assert strictest.values["mindfulness"] == 2.75


def test_a_short_form_subscale_needs_both_items_at_80_percent() -> None:
    answers = {k: v for k, v in SF_ANSWERS.items() if k != 2}
    scores = score_answers(SF, answers)
    # One of two items is 50%: no self-kindness. total: 11 of 12 (needs 10):
    # (25 - 4 + 25) / 11 = 46 / 11.
    assert scores.values["self_kindness"] is None
    assert scores.values["total"] == 46 / 11
    assert score_answers(SF, answers, min_answered=0.5).values["self_kindness"] == 5.0


@pytest.mark.parametrize(
    ("count", "share", "needed"),
    [(5, 0.8, 4), (4, 0.8, 4), (26, 0.8, 21), (13, 0.8, 11), (2, 0.8, 2), (2, 0.5, 1),
     (5, 0.6, 3), (10, 0.7, 7), (3, 0.01, 1), (26, 1.0, 26)],
)  # fmt: skip
def test_items_needed_is_an_exact_ceiling(count: int, share: float, needed: int) -> None:
    # 0.7 * 10 is 7.000000000000001 in floating point; the rule must still say 7.
    assert items_needed(count, share) == needed


@pytest.mark.parametrize("share", [0.0, -0.1, 1.01, 80.0])
def test_a_share_outside_0_to_1_is_refused(share: float) -> None:
    with pytest.raises(BefriendError, match="must be above 0 and at most 1"):
        score_answers(SCS, SCS_ANSWERS, min_answered=share)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1.0, "low"), (2.49, "low"), (2.5, "moderate"), (3.0, "moderate"), (3.5, "moderate"),
     (3.51, "high"), (5.0, "high"), (None, None)],
)  # fmt: skip
def test_bands_edges(value: float | None, expected: str | None) -> None:
    assert band(value) == expected


def test_answers_outside_the_key_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="item 27"):
        score_answers(SCS, {**SCS_ANSWERS, 27: 3})
    with pytest.raises(ValueError, match="answer 6"):
        score_answers(SCS, {**SCS_ANSWERS, 1: 6})


def test_no_answers_at_all_scores_nothing() -> None:
    scores = score_answers(SF, {})
    assert set(scores.values.values()) == {None}


answer = st.integers(min_value=1, max_value=5)


def sheets(key_name: str) -> st.SearchStrategy[dict[int, int]]:
    n = load_instrument(key_name).items
    return st.fixed_dictionaries({i: answer for i in range(1, n + 1)})


@pytest.mark.parametrize("key_name", ["scs", "scs-sf"])
def test_all_threes_give_three_everywhere(key_name: str) -> None:
    key = load_instrument(key_name)
    scores = score_answers(key, dict.fromkeys(key.item_numbers, 3))
    assert scores.values == dict.fromkeys(SCORES, 3.0)


@given(st.sampled_from(["scs", "scs-sf"]).flatmap(lambda k: st.tuples(st.just(k), sheets(k))))
def test_reversing_every_answer_mirrors_every_score(case: tuple[str, dict[int, int]]) -> None:
    key = load_instrument(case[0])
    answers = case[1]
    mirrored = score_answers(key, {i: 6 - a for i, a in answers.items()}).values
    original = score_answers(key, answers).values
    for name in SCORES:
        assert math.isclose(mirrored[name], 6 - original[name], abs_tol=1e-12)  # type: ignore[operator, arg-type]


@given(st.sampled_from(["scs", "scs-sf"]).flatmap(lambda k: st.tuples(st.just(k), sheets(k))))
def test_total_is_the_two_factors_with_the_negative_one_reversed(
    case: tuple[str, dict[int, int]],
) -> None:
    key = load_instrument(case[0])
    values = score_answers(key, case[1]).values
    half = Fraction(key.items, 2)  # both instruments split evenly: 13 + 13 and 6 + 6
    comp = Fraction(values["compassionate"]).limit_denominator(1000)  # type: ignore[arg-type]
    uncomp = Fraction(values["uncompassionate"]).limit_denominator(1000)  # type: ignore[arg-type]
    expected = (half * comp + half * (6 - uncomp)) / key.items
    assert values["total"] == float(expected)
    for name in SCORES:
        assert 1.0 <= values[name] <= 5.0  # type: ignore[operator]


@given(
    st.sampled_from(["scs", "scs-sf"]).flatmap(lambda k: st.tuples(st.just(k), sheets(k))),
    st.data(),
    st.sampled_from([0.5, 0.6, 0.8, 1.0]),
)
def test_a_score_exists_exactly_when_enough_items_are_answered(
    case: tuple[str, dict[int, int]], data: st.DataObject, share: float
) -> None:
    key = load_instrument(case[0])
    kept = data.draw(st.sets(st.sampled_from(key.item_numbers)))
    answers = {i: a for i, a in case[1].items() if i in kept}
    scores = score_answers(key, answers, min_answered=share)
    for name in SUBSCALES:
        items = key.subscales[name]
        answered = [answers[i] for i in items if i in answers]
        enough = len(answered) >= max(1, math.ceil(round(share * len(items), 9)))
        assert (scores.values[name] is not None) == enough
        if enough:
            assert scores.values[name] == float(Fraction(sum(answered), len(answered)))


def test_an_instrument_can_be_named() -> None:
    assert score_answers("scs-sf", SF_ANSWERS).values == SF_EXPECTED
    with pytest.raises(BefriendError, match="befriend doesn't know an instrument called 'scs-x'"):
        score_answers("scs-x", SF_ANSWERS)


def _research_doc() -> str:
    return (Path(__file__).parent.parent / "docs" / "research.md").read_text(encoding="utf-8")


def test_the_documented_keys_are_the_keys() -> None:
    doc = _research_doc()
    for name in SUBSCALES:
        full = ", ".join(map(str, SCS.subscales[name]))
        short = ", ".join(map(str, SF.subscales[name]))
        reversed_ = "yes" if name in SCS.reverse_scored else "no"
        assert f"| `{name}` | {full} | {short} | {reversed_} |" in doc


def test_the_documented_missing_answer_table_is_the_rule() -> None:
    import re

    doc = _research_doc()
    rows = re.findall(r"^\| (SCS[^|]*) \| (\d+) \| (\d+) \|$", doc, re.MULTILINE)
    assert len(rows) == 7
    for _, items, needs in rows:
        assert items_needed(int(items), 0.8) == int(needs)
