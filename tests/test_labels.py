"""Every label, with positive and negative cases, through the real packaged analyzer
(model included). These sentences are not in the corpus."""

from __future__ import annotations

import pytest

POSITIVE = {
    "self_judgment": [
        "I'm so stupid for missing the bus.",
        "God, what is wrong with me, I can't even boil an egg.",
        "You absolute idiot, Dan, you sent it to the whole company.",
        "I hate myself for snapping at her.",
    ],
    "self_kindness": [
        "I tried really hard, and that matters.",
        "I'm not a failure, I had a bad week.",
        "You did the best you could with what you knew then.",
        "I forgive myself for not calling sooner.",
    ],
    "isolation": [
        "Everybody else finds this easy.",
        "Nobody in my life understands what this is like.",
        "I'm the only one in my year who still hasn't found a placement.",
    ],
    "common_humanity": [
        "Plenty of people find this hard.",
        "Every new parent has nights like this.",
        "You're not the only one who has been dumped by text.",
    ],
    "over_identification": [
        "I always mess things up.",
        "I'm a complete failure.",
        "I can't stop replaying the meeting, it's all I think about.",
        "One bad review and my whole career is over.",
    ],
    "mindfulness": [
        "I feel hurt right now.",
        "I'm noticing a lot of sadness about the move today.",
        "My chest is tight and I feel anxious about tomorrow.",
    ],
    "tender": [
        "It's okay to feel this way.",
        "Of course you're upset, you loved that job.",
        "Be gentle with yourself tonight.",
    ],
    "fierce": [
        "I'll ask for an extension and make a plan.",
        "Next time I'll start the essay a week earlier.",
        "I'm going to tell him no, I can't cover his shift again.",
        "You need rest, so take the afternoon off and see the doctor tomorrow.",
    ],
    "fear_motivation": [
        "I'll punish myself until I get it right.",
        "If I don't lose the weight by June I'm worthless.",
        "No dinner until the report is done, that's the rule.",
        "I need to be hard on myself or nothing gets done.",
    ],
    "complacency": [
        "I keep missing rent, but whatever, not a big deal.",
        "Skipped my meds again this week, eh, who cares.",
        "I yelled at the kids again but they'll get over it, everyone does it.",
    ],
    "compassion_block": [
        "If I'm nice to myself I'll stop trying.",
        "Self-compassion is just making excuses for being lazy.",
        "Going easy on myself is how I ended up this useless.",
    ],
    "crisis": [
        "I don't want to wake up tomorrow.",
        "Everyone would be better off without me.",
        "I've started cutting again.",
        "He said he'd kill me if I ever left.",
    ],
}

NEGATIVE = {
    "self_judgment": [
        "My boss called me lazy.",
        "My coworker is such an idiot.",
        "I'm not stupid for trusting him, he lied to me.",
        "I made an error in the sheet and fixed it.",
    ],
    "self_kindness": [
        "I'm so stupid for missing the bus.",
        "I sent the invoice to the wrong client and corrected it this morning.",
    ],
    "isolation": ["You're not alone in this, lots of people struggle.", "The bus was late again."],
    "common_humanity": ["Everybody else finds this easy.", "I need to buy milk."],
    "over_identification": [
        "I failed one exam and I'll resit it in August.",
        "I'm not a failure, I had a bad week.",
    ],
    "mindfulness": ["The meeting is at three.", "I killed it at the interview."],
    "tender": ["I'll punish myself until I get it right.", "The train was cancelled."],
    "fierce": ["I'll never get anything right.", "Whatever, it doesn't matter."],
    "fear_motivation": [
        "I'd like to finish the report tonight so I can relax tomorrow.",
        "I'm going to bed early.",
    ],
    "complacency": [
        "I'm resting today because I'm ill, and I'll catch up on Monday.",
        "I took a nap this afternoon.",
    ],
    "compassion_block": ["Being kind to myself helps me keep going.", "I fed the cat."],
    "crisis": [
        "This commute is killing me.",
        "I'd die for a coffee right now.",
        "I killed it on stage last night.",
        "My feet are killing me after that hike.",
        "I nearly died laughing at the wedding speech.",
    ],
}


@pytest.mark.parametrize(
    ("label", "text"), [(lab, t) for lab, texts in POSITIVE.items() for t in texts]
)
def test_label_is_found(analyzer, label: str, text: str) -> None:  # type: ignore[no-untyped-def]
    assert label in analyzer.analyze(text).labels


@pytest.mark.parametrize(
    ("label", "text"), [(lab, t) for lab, texts in NEGATIVE.items() for t in texts]
)
def test_label_is_not_found(analyzer, label: str, text: str) -> None:  # type: ignore[no-untyped-def]
    assert label not in analyzer.analyze(text).labels


def test_every_label_has_positive_and_negative_cases() -> None:
    from befriend.labels import LABELS

    assert set(POSITIVE) == set(LABELS) == set(NEGATIVE)


def test_labels_combine_freely(analyzer) -> None:  # type: ignore[no-untyped-def]
    result = analyzer.analyze(
        "I failed, and that's okay. Everyone fails. Next time I'll start earlier."
    )
    assert {"common_humanity", "fierce"} <= set(result.labels)
    assert {"self_kindness", "tender"} & set(result.labels)
    assert result.balance == "balanced"


def test_plain_fact_has_no_labels(analyzer) -> None:  # type: ignore[no-untyped-def]
    result = analyzer.analyze("I made an error in the sheet and fixed it.")
    assert result.labels == ()
    assert result.balance == "none"
    assert not result.crisis
