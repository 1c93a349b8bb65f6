"""Choosing phrases, the situation classifier, the review of a final version and the
block response, on real analyses."""

from __future__ import annotations

import pytest

from befriend.coach import (
    block_response,
    choose_phrases,
    classify_situation,
    load_phrase_bank,
    needs_for,
    review_final,
    suggest_for,
)
from befriend.coach.review import (
    BLOCK_EXPLANATION,
    BLOCK_INVITATION,
    MESSAGES,
    READY_BALANCED,
    READY_FIERCE,
    READY_PLAIN,
)
from befriend.coach.suggest import EVERYDAY_FIT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "My boss yelled at me in the meeting about the deadline",
            [("work", 1.0, ("boss", "meeting", "deadline"))],
        ),
        (
            "My son had a tantrum at bedtime and I shouted",
            [("parenting", 1.0, ("son", "tantrum", "bedtime"))],
        ),
        ("I feel rubbish", []),
        (
            "I failed my exams and now my rent is due",
            [("study", 0.5, ("exams",)), ("money", 0.5, ("rent",))],
        ),
    ],
)
def test_classify_situation(text: str, expected: list[tuple[str, float, tuple[str, ...]]]) -> None:
    assert [(m.situation, m.score, m.keywords) for m in classify_situation(text)] == expected


@pytest.mark.parametrize(
    ("text", "needs"),
    [
        (
            "I'm such an idiot. I always mess everything up and everyone else manages fine.",
            (
                "self_judgment",
                "over_identification",
                "isolation",
                "missing_tender",
                "missing_fierce",
            ),
        ),
        (
            "I keep missing rent, but whatever, it's not a big deal.",
            ("complacency", "missing_fierce"),
        ),
        (
            "I'll punish myself until I get it right.",
            ("fear_motivation", "missing_tender", "missing_fierce"),
        ),
        ("If I'm nice to myself I'll stop trying.", ("compassion_block",)),
        ("I failed, and that's okay. Everyone fails. Next time I'll start earlier.", ()),
        ("I made an error in the sheet and fixed it.", ()),
    ],
)
def test_needs_follow_what_the_analyzer_found(analyzer, text: str, needs: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    assert needs_for(analyzer.analyze(text)) == needs


def test_the_choice_is_deterministic_and_the_seed_varies_it() -> None:
    first = [s.phrase.id for s in choose_phrases(["self_judgment"], count=4)]
    assert first == [s.phrase.id for s in choose_phrases(["self_judgment"], count=4)]
    assert first == ["sj-24", "sj-18", "sj-19", "sj-03"]
    assert [s.phrase.id for s in choose_phrases(["self_judgment"], count=4, seed=1)] == [
        "sj-24",
        "sj-19",
        "sj-03",
        "sj-02",
    ]


def test_with_no_situation_only_everyday_phrases_come_first() -> None:
    for suggestion in choose_phrases(["self_judgment", "missing_fierce"], count=6):
        assert "everyday" in suggestion.phrase.situations
        assert suggestion.fit == EVERYDAY_FIT


def test_phrases_fitting_the_situation_come_first() -> None:
    picks = choose_phrases(["self_judgment"], situation="my exam results", count=4)
    assert [p.phrase.id for p in picks] == ["sj-06", "sj-07", "sj-02", "sj-21"]
    assert all("study" in p.phrase.situations for p in picks)


def test_needs_are_answered_in_turn() -> None:
    picks = choose_phrases(
        ["self_judgment", "isolation", "missing_fierce"], situation="work", count=5
    )
    assert [(p.phrase.id, p.need) for p in picks] == [
        ("sj-04", "self_judgment"),
        ("is-02", "isolation"),
        ("mf-06", "missing_fierce"),
        ("sj-20", "self_judgment"),
        ("is-14", "isolation"),
    ]
    assert picks[0].reason == "for the harsh words aimed at yourself"


def test_recent_phrases_are_not_shown_again_until_nothing_else_is_left() -> None:
    picks = choose_phrases(["self_judgment"], situation="work", count=4, recent={"sj-04", "sj-05"})
    assert [p.phrase.id for p in picks] == ["sj-20", "sj-23", "sj-02", "sj-24"]
    everything = {p.id for p in load_phrase_bank().answering("compassion_block")}
    again = choose_phrases(["compassion_block"], count=2, recent=everything)
    assert len(again) == 2


def test_no_phrase_is_chosen_twice_and_count_is_respected() -> None:
    picks = choose_phrases(["self_judgment", "over_identification"], count=30)
    ids = [p.phrase.id for p in picks]
    assert len(ids) == len(set(ids)) == 30


def test_an_unknown_need_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown needs"):
        choose_phrases(["sadness"])


def test_suggest_for_a_kind_text_suggests_nothing(analyzer) -> None:  # type: ignore[no-untyped-def]
    kind = analyzer.analyze(
        "I failed, and that's okay. Everyone fails. Next time I'll start earlier."
    )
    assert suggest_for(kind) == ()


@pytest.mark.parametrize(
    ("text", "kinds", "quotes", "summary"),
    [
        (
            "I'm such an idiot. I always mess everything up and everyone else manages fine.",
            [
                ("still_harsh", ["I'm such an idiot", "I always mess everything up"]),
                ("alone", ["everyone else manages"]),
            ],
            None,
            "A little more to do: some harsh words are still there; it still says you're "
            "alone in this.",
        ),
        (
            "I keep missing rent, but whatever, it's not a big deal.",
            [("too_tender", ["whatever", "not a big deal"])],
            None,
            "A little more to do: a real problem has no step yet.",
        ),
        (
            "I'll punish myself until I get it right.",
            [("fear_driven", ["punish myself"])],
            None,
            "A little more to do: the push still comes from fear.",
        ),
        (
            "If I'm nice to myself I'll stop trying.",
            [("doubts_kindness", ["If I'm nice to myself I'll stop trying"])],
            None,
            "A little more to do: it still doubts that kindness is allowed.",
        ),
        (
            "I failed, and that's okay. Everyone fails. Next time I'll start earlier.",
            [],
            None,
            READY_BALANCED,
        ),
        ("I need to finish the report tonight and book the meeting.", [], None, READY_FIERCE),
        ("I made an error in the sheet and fixed it.", [], None, READY_PLAIN),
    ],
)
def test_review_of_a_final_version(analyzer, text, kinds, quotes, summary) -> None:  # type: ignore[no-untyped-def]
    review = review_final(analyzer.analyze(text))
    assert [(n.kind, [q.text for q in n.quotes]) for n in review.notes] == kinds
    assert review.summary == summary
    for note in review.notes:
        assert note.message == MESSAGES[note.kind]
        assert 1 <= len(note.suggestions) <= 2


def test_review_never_suggests_a_phrase_twice(analyzer) -> None:  # type: ignore[no-untyped-def]
    final = analyzer.analyze(
        "I'm an idiot and I'll punish myself until I get it right. Everyone else copes."
    )
    review = review_final(final, per_note=3)
    ids = [s.phrase.id for n in review.notes for s in n.suggestions]
    assert [n.kind for n in review.notes] == ["still_harsh", "fear_driven", "alone"]
    assert len(ids) == len(set(ids)) == 9


def test_block_response_quotes_the_users_words(analyzer) -> None:  # type: ignore[no-untyped-def]
    analysis = analyzer.analyze("I messed up again. If I'm nice to myself I'll stop trying.")
    block = block_response(analysis)
    assert block is not None
    assert block.to_dict()["quotes"] == [
        {
            "text": "If I'm nice to myself I'll stop trying",
            "start": 19,
            "end": 57,
            "sentence": "If I'm nice to myself I'll stop trying.",
            "sentence_start": 19,
            "sentence_end": 58,
            "evidence": "rule:cb_if_kind",
        }
    ]
    assert block.explanation == BLOCK_EXPLANATION
    assert block.invitation == BLOCK_INVITATION
    assert any("Breines" in source and "2012" in source for source in block.sources)
    assert block_response(analyzer.analyze("I failed, and that's okay.")) is None


def test_the_block_response_is_itself_kind(analyzer) -> None:  # type: ignore[no-untyped-def]
    for text in (*BLOCK_EXPLANATION, BLOCK_INVITATION):
        labels = set(analyzer.analyze(text).labels)
        assert not labels & {"self_judgment", "fear_motivation", "complacency", "crisis"}, text
