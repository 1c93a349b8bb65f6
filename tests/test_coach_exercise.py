"""The friend gap and the whole exercise, on real analyses."""

from __future__ import annotations

import pytest

from befriend.coach import (
    CoachInputError,
    friend_gap,
    quotes_for,
    run_friend_exercise,
)
from befriend.coach.gap import GIVEN_LABELS, HARSH_LABELS

SELF = "I'm such an idiot. I always mess everything up and everyone else manages fine."
FRIEND = (
    "Sam, you're not an idiot. Everyone misses things when they're exhausted. "
    "Go easy on yourself tonight and ask your manager for more time tomorrow."
)


def test_the_gap_names_both_sides_with_the_users_own_phrases(analyzer) -> None:  # type: ignore[no-untyped-def]
    self_a, friend_a = analyzer.analyze(SELF), analyzer.analyze(FRIEND)
    gap = friend_gap(self_a, friend_a)
    # Which labels make the gap is the difference of the two analyses, in the coach's
    # order; the rules' findings must be among them, quoted exactly.
    assert [i.label for i in gap.given_to_friend_not_self] == [
        label for label in GIVEN_LABELS if friend_a.has(label) and not self_a.has(label)
    ]
    assert [i.label for i in gap.harsh_on_self_not_friend] == [
        label for label in HARSH_LABELS if self_a.has(label) and not friend_a.has(label)
    ]

    def rule_quotes(items, label):  # type: ignore[no-untyped-def]
        quotes = next(i.quotes for i in items if i.label == label)
        return [(q.text, q.start, q.end) for q in quotes if q.evidence.startswith("rule:")]

    given, harsh = gap.given_to_friend_not_self, gap.harsh_on_self_not_friend
    assert rule_quotes(given, "self_kindness") == [("you're not an idiot", 5, 24)]
    assert rule_quotes(given, "tender") == [("Go easy on yourself tonight", 73, 100)]
    assert rule_quotes(harsh, "self_judgment") == [("I'm such an idiot", 0, 17)]
    assert rule_quotes(harsh, "isolation") == [("everyone else manages", 51, 72)]
    assert rule_quotes(harsh, "over_identification") == [("I always mess everything up", 19, 46)]
    for item, text in [(i, FRIEND) for i in given] + [(i, SELF) for i in harsh]:
        assert item.quotes, item.label
        for q in item.quotes:
            assert text[q.start : q.end] == q.text
    assert gap.given_to_both == ()
    assert not gap.empty
    item = gap.harsh_on_self_not_friend[0].to_dict()
    assert item["display"] == "self-judgment"
    assert item["reading"] == (
        "You were harsh with yourself here, in words you didn't use on your friend."
    )
    assert item["quotes"][0]["sentence"] == "I'm such an idiot."
    assert item["quotes"][0]["evidence"] == "rule:sj_insult"


def test_labels_in_both_texts_are_not_a_gap(analyzer) -> None:  # type: ignore[no-untyped-def]
    self_a = analyzer.analyze("Everyone struggles sometimes. I'm such an idiot though.")
    friend_a = analyzer.analyze("Everyone struggles sometimes. You're doing your best.")
    gap = friend_gap(self_a, friend_a)
    assert gap.given_to_both == ("common_humanity",)
    assert "common_humanity" not in [i.label for i in gap.given_to_friend_not_self]
    assert [i.label for i in gap.harsh_on_self_not_friend] == ["self_judgment"]


def test_a_harsh_word_aimed_at_the_friend_too_is_not_a_gap(analyzer) -> None:  # type: ignore[no-untyped-def]
    gap = friend_gap(
        analyzer.analyze("I'm such an idiot."), analyzer.analyze("You're such an idiot.")
    )
    assert gap.harsh_on_self_not_friend == ()


@pytest.mark.parametrize(
    "text",
    [
        SELF,
        FRIEND,
        "I keep missing rent, but whatever, it's not a big deal. If I'm nice to myself I'll stop trying.",
        "Thé café was closed 🙃 and I'm such an idiot for going. Everyone else checked first.",
    ],
)
def test_every_quote_is_a_span_of_the_text(analyzer, text: str) -> None:  # type: ignore[no-untyped-def]
    analysis = analyzer.analyze(text)
    for label in analysis.labels:
        for q in quotes_for(analysis, label):
            assert text[q.start : q.end] == q.text
            assert text[q.sentence_start : q.sentence_end] == q.sentence
            assert q.sentence_start <= q.start < q.end <= q.sentence_end


def test_the_whole_exercise(analyzer) -> None:  # type: ignore[no-untyped-def]
    result = run_friend_exercise(
        analyzer, SELF, FRIEND, name="Alex", situation="I missed a deadline at work"
    )
    assert not result.crisis
    assert result.final_source == "distanced_rewrite"
    assert result.final_analysis is not None
    assert result.final_analysis.text == (
        "Alex, you're not an idiot. Everyone misses things when they're exhausted. "
        "Go easy on yourself tonight and ask your manager for more time tomorrow."
    )
    assert result.rewrite is not None
    assert result.rewrite.first_person == (
        "I'm not an idiot. Everyone misses things when they're exhausted. "
        "I can go easy on myself tonight and ask my manager for more time tomorrow."
    )
    assert result.review is not None and result.review.notes == ()
    assert [(s.phrase.id, s.need) for s in result.suggestions] == [
        ("sj-24", "self_judgment"),
        ("oi-13", "over_identification"),
        ("is-02", "isolation"),
    ]
    assert result.block is None
    assert [m.situation for m in result.situations] == ["work", "everyday"]


def test_a_given_final_version_is_reviewed(analyzer) -> None:  # type: ignore[no-untyped-def]
    result = run_friend_exercise(
        analyzer,
        "I keep missing rent, but whatever, it's not a big deal. If I'm nice to myself I'll stop trying.",
        "You're going through a lot. Call your landlord this week and work out a plan together.",
        final="I'm going through a lot, so whatever, the rent can wait.",
    )
    assert result.final_source == "given"
    assert result.review is not None
    assert [(n.kind, [q.text for q in n.quotes]) for n in result.review.notes] == [
        ("too_tender", ["whatever"])
    ]
    assert result.block is not None
    assert [q.text for q in result.block.quotes] == ["If I'm nice to myself I'll stop trying"]
    shown = {s.phrase.id for n in result.review.notes for s in n.suggestions}
    assert not shown & {s.phrase.id for s in result.suggestions}


@pytest.mark.parametrize(
    ("kwargs", "crisis_in"),
    [
        (
            {"self_text": "I don't want to wake up tomorrow.", "friend_text": "You matter."},
            ("self",),
        ),
        ({"self_text": "I'm tired.", "friend_text": "You should just end it all."}, ("friend",)),
        (
            {
                "self_text": "I'm tired.",
                "friend_text": "You matter.",
                "situation": "I want to kill myself",
            },
            ("situation",),
        ),
        (
            {
                "self_text": "I'm tired.",
                "friend_text": "You matter.",
                "final": "I don't want to be alive anymore.",
            },
            ("final",),
        ),
    ],
)
def test_a_crisis_anywhere_stops_the_exercise(analyzer, kwargs, crisis_in) -> None:  # type: ignore[no-untyped-def]
    result = run_friend_exercise(analyzer, **kwargs)
    assert result.crisis
    assert result.crisis_in == crisis_in
    assert result.gap is None and result.rewrite is None and result.review is None
    assert result.suggestions == () and result.block is None
    obj = result.to_dict()
    assert obj["gap"] is None and obj["notes"] == [] and obj["suggestions"] == []
    assert obj["message"].startswith("Let's set the exercise aside for now.")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"self_text": "", "friend_text": "You matter."},
            "What you say to yourself: The text is empty.",
        ),
        (
            {"self_text": "I'm tired.", "friend_text": "  "},
            "What you'd say to your friend: The text is empty.",
        ),
        (
            {"self_text": "I'm tired.", "friend_text": "You matter.", "final": ""},
            "Your final version: The text is empty.",
        ),
        (
            {"self_text": "I'm tired.", "friend_text": "You matter.", "situation": "x" * 20_001},
            "The situation: The text is 20,001 characters long",
        ),
    ],
)
def test_bad_input_says_which_step(analyzer, kwargs, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CoachInputError) as info:
        run_friend_exercise(analyzer, **kwargs)
    assert info.value.message.startswith(message)


def test_the_steps_a_practice_flow_asks_in_turn() -> None:
    from befriend.coach import STEPS
    from befriend.coach.exercise import STEP_NAMES

    assert [(s.key, s.optional) for s in STEPS] == [
        ("situation", True),
        ("self", False),
        ("friend", False),
        ("final", False),
    ]
    assert all(s.key in STEP_NAMES and s.prompt.endswith((".", "?")) for s in STEPS)
