"""The rule engine on its own: cues, negation, reported speech, targeting."""

from __future__ import annotations

import pytest

from befriend.rules import load_ruleset
from befriend.rules.engine import SentenceRules
from befriend.text import normalize, split_sentences


def run(text: str) -> list[SentenceRules]:
    return load_ruleset().apply(normalize(text), split_sentences(text))


def cued(text: str) -> set[str]:
    return {label for s in run(text) for hit in s.hits for label in hit.labels}


def vetoed(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for s in run(text):
        out.update(s.vetoes)
    return out


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I'm so stupid for missing the bus.", "self_judgment"),
        ("ugh im such an idiot", "self_judgment"),
        ("You idiot, you left the oven on again.", "self_judgment"),
        ("What is wrong with me?", "self_judgment"),
        ("I'm a complete failure.", "over_identification"),
        ("I always mess things up.", "over_identification"),
        ("I can't stop replaying what I said to her.", "over_identification"),
        ("Everybody else finds this easy.", "isolation"),
        ("Nobody understands what this is like.", "isolation"),
        ("Plenty of people find this hard.", "common_humanity"),
        ("You're not the only one who feels like this.", "common_humanity"),
        ("I feel hurt right now.", "mindfulness"),
        ("It's okay to feel this way.", "tender"),
        ("Be gentle with yourself tonight.", "tender"),
        ("I tried really hard, and that matters.", "self_kindness"),
        ("I'll ask for an extension and make a plan.", "fierce"),
        ("Next time I'll start earlier.", "fierce"),
        ("I'll punish myself until I get it right.", "fear_motivation"),
        ("If I don't get this job I'm worthless.", "fear_motivation"),
        ("I keep missing rent, but whatever, not a big deal.", "complacency"),
        ("If I'm nice to myself I'll stop trying.", "compassion_block"),
        ("Self-compassion is just self-pity with better branding.", "compassion_block"),
    ],
)
def test_cues_fire(text: str, label: str) -> None:
    assert label in cued(text)


def test_worth_labels_are_judgment_and_over_identification() -> None:
    assert {"self_judgment", "over_identification"} <= cued("I'm worthless.")
    assert {"self_judgment", "over_identification"} <= cued("you're such a loser")


@pytest.mark.parametrize(
    "text",
    [
        "I'm not a failure, I had a bad week.",
        "You are not stupid for trusting him.",
        "One bad grade doesn't make me a failure.",
        "Stop calling yourself an idiot.",
    ],
)
def test_negated_criticism_is_kindness_not_judgment(text: str) -> None:
    labels = cued(text)
    assert "self_kindness" in labels
    assert "self_judgment" not in labels
    assert "self_judgment" in vetoed(text)


def test_not_good_enough_is_still_judgment() -> None:
    assert "self_judgment" in cued("I'm just not good enough.")


@pytest.mark.parametrize(
    "text",
    [
        "Asking for help isn't admitting you're not good enough.",
        "A 58 isn't \"proof you were never smart enough\", it's one essay.",
        "Needing a nap doesn't prove I'm useless.",
        "Missing one deadline wasn't a sign you're a failure.",
    ],
)
def test_criticism_denied_as_proof_or_admission_is_negated(text: str) -> None:
    assert not {"self_judgment", "over_identification"} & cued(text)
    assert "negated" in vetoed(text).values()


@pytest.mark.parametrize(
    "text",
    [
        "Asking for help is admitting I'm not good enough.",
        "That's proof I'm a failure.",
        "It doesn't prove anything, but I'm useless.",
    ],
)
def test_criticism_offered_as_proof_still_counts(text: str) -> None:
    assert {"self_judgment", "over_identification"} & cued(text)


def test_reported_criticism_is_vetoed() -> None:
    text = "My boss called me lazy in front of everyone."
    assert "self_judgment" not in cued(text)
    assert vetoed(text)["self_judgment"] == "reported"


def test_reported_cue_inside_the_frame_does_not_count() -> None:
    text = "My sister said I'm a failure."
    assert "self_judgment" not in cued(text)
    assert "over_identification" not in cued(text)


@pytest.mark.parametrize(
    "text",
    [
        "My boss called me lazy and he's right.",
        "My mum called me selfish. She's right.",
        "My coach said I was useless today, and honestly I agree.",
    ],
)
def test_endorsed_criticism_counts(text: str) -> None:
    assert "self_judgment" in cued(text)


@pytest.mark.parametrize(
    "text",
    [
        "Everyone in the office thinks I'm a fraud, I can feel it.",
        "I'm sure everybody thinks I'm the stupid new girl.",
        "Nobody said a word, but I've been replaying it all night, I'm such a failure.",
    ],
)
def test_imagined_or_negated_reports_are_the_speakers_own(text: str) -> None:
    # "Everyone thinks I'm a fraud" is the speaker's fear of what others think, and
    # "nobody said" reports nothing: neither is someone else's criticism.
    assert "reported" not in vetoed(text).values()


def test_a_named_person_thinking_it_is_still_reported() -> None:
    assert vetoed("My mum thinks I'm lazy.").get("self_judgment") == "reported"


def test_endorsement_of_praise_is_not_judgment() -> None:
    assert "self_judgment" not in cued("My teacher said I did well. She's right.")


@pytest.mark.parametrize(
    "text",
    [
        "Mum, you keep saying you're a bad daughter for putting Gran in the home.",
        "You said you're useless at interviews, but you got to the final round twice.",
        'When you say "I can\'t do anything right", I hear how tired you are.',
        "I notice the 'you're disgusting' voice starting up again.",
        'Notice the "you\'re useless" story starting up because you missed bin day.',
    ],
)
def test_naming_someones_self_criticism_reports_it(text: str) -> None:
    # A friend naming the other's self-criticism, or the critic's words noticed in
    # quotes as a voice or a story: the speaker is not the one saying them.
    assert not cued(text) & {"self_judgment", "over_identification"}
    assert vetoed(text).get("self_judgment") == "reported"


@pytest.mark.parametrize(
    "text",
    ["I can go easy on myself.", "You're allowed to go easy on yourself today."],
)
def test_permission_to_go_easy_now_vetoes_the_block(text: str) -> None:
    assert vetoed(text).get("compassion_block") == "disputed"


@pytest.mark.parametrize(
    "text",
    [
        "I can go easy on myself when I've won something.",
        "I can be kind to myself once the house is paid off.",
        "I can't go easy on myself.",
    ],
)
def test_deferred_or_refused_kindness_is_not_vetoed(text: str) -> None:
    assert "compassion_block" not in vetoed(text)


def test_the_sarcastic_you_call_yourself_is_still_judgment() -> None:
    assert "self_judgment" in cued("You're useless, and you call yourself a teacher.")


def test_self_talk_frame_is_not_reported() -> None:
    assert "self_judgment" in cued("I told myself I'm an idiot.")


@pytest.mark.parametrize(
    "text",
    [
        "Part of me thinks I'm lazy.",
        "The voice in my head calls me useless.",
        "My brain says I'm a fraud.",
    ],
)
def test_the_inner_critic_is_not_someone_else_reporting(text: str) -> None:
    assert vetoed(text).get("self_judgment") != "reported"


@pytest.mark.parametrize(
    "text",
    [
        "I can forgive myself for the late payment and call the bank.",
        "you can forgive yourself, honestly",
        "Being gentle with myself is a kind of courage.",
        "Rest makes it easier to get back to the essay.",
        "I'm on my own side this week.",
        "Kindness and high standards can go together.",
        "It's allowed to need comfort after a day like that.",
        "A good friend would tell me to go to bed.",
        "When I look after myself, I have more to give my kids.",
        "once you take care of yourself you think clearer",
    ],
)
def test_a_kind_belief_in_the_speakers_own_words_vetoes_the_block(text: str) -> None:
    assert vetoed(text).get("compassion_block") == "disputed"


@pytest.mark.parametrize(
    "text",
    [
        "If I forgive myself I'll just do it again.",
        "The minute I forgive myself I get sloppy.",
        "The day I forgive myself is the day I stop trying.",
        "I can't forgive myself.",
        "I don't think self-care helps.",
        "It's not okay to be gentle with myself.",
        "Comfort makes it easier to quit.",
        "Going easy on yourself is what got you here.",
        "Being nice to myself has never once worked.",
        "If I look after myself, I'm more likely to slack off.",
    ],
)
def test_the_block_in_the_same_words_is_not_vetoed(text: str) -> None:
    assert "compassion_block" not in vetoed(text)


@pytest.mark.parametrize(
    "text",
    [
        "Next time I'll slow down before I hit send.",
        "next time ill ask for help sooner",
        "Next time, you can start the revision a week earlier.",
    ],
)
def test_a_plain_plan_for_next_time_vetoes_fear(text: str) -> None:
    assert "fear_motivation" in vetoed(text)


@pytest.mark.parametrize(
    "text",
    [
        "Next time I'll get it right or I'm skipping dinner.",
        "Next time I'll punish myself properly.",
        "Next time I'll work until midnight, no excuses.",
        "Next time you mess up, you don't deserve a weekend.",
    ],
)
def test_a_plan_for_next_time_with_a_threat_is_not_vetoed(text: str) -> None:
    assert "fear_motivation" not in vetoed(text)


@pytest.mark.parametrize(
    "text",
    [
        "Some days it goes wrong, and some days it goes right.",
        "some days i nail it, other days not so much",
        "Good weeks and bad weeks - that's just how recovery goes.",
    ],
)
def test_holding_both_kinds_of_day_vetoes_over_identification(text: str) -> None:
    assert "over_identification" in vetoed(text)


@pytest.mark.parametrize(
    "text",
    [
        "Some days I can barely get out of bed.",
        "Every day goes wrong. Some days are just worse.",
        "Bad days, always bad days, nothing else.",
        "bad days and more bad days, that's my life now",
    ],
)
def test_one_kind_of_day_alone_is_not_vetoed(text: str) -> None:
    assert "over_identification" not in vetoed(text)


def test_a_worth_label_inside_both_kinds_of_day_still_counts() -> None:
    text = "Some days I'm fine and some days I'm a total failure."
    assert "over_identification" in vetoed(text)
    assert {"self_judgment", "over_identification"} <= cued(text)


@pytest.mark.parametrize(
    "text",
    [
        "I can protect my peace.",
        "Protecting my own stability matters.",
        "you're allowed to protect your energy",
    ],
)
def test_protecting_oneself_vetoes_complacency(text: str) -> None:
    assert "complacency" in vetoed(text)


@pytest.mark.parametrize(
    "text",
    [
        "Protecting my peace, the overdue bills can wait.",
        "I'm protecting my energy, whatever, the report is someone else's problem.",
        "Whatever, I'm protecting my peace.",
        # any dismissal the complacency cue knows counts here too
        "Protecting my peace, it'll sort itself out.",
        "Oh well, I'm protecting my energy.",
    ],
)
def test_protection_as_an_excuse_is_not_vetoed(text: str) -> None:
    assert "complacency" not in vetoed(text)


@pytest.mark.parametrize(
    "text",
    [
        "You can set this boundary; you deserve evenings off.",
        "I'm going to ask for help with the rota this week.",
    ],
)
def test_a_strong_fierce_cue_caps_the_models_complacency(text: str) -> None:
    assert "complacency" in vetoed(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'll set a boundary one day, whatever, it's not a big deal.",
        "You deserve evenings off.",
    ],
)
def test_without_a_strong_fierce_cue_or_with_a_dismissal_complacency_stands(text: str) -> None:
    assert "complacency" not in vetoed(text)


@pytest.mark.parametrize(
    "text",
    [
        "My coworker is such an idiot.",
        "He's a complete loser.",
        "What an idiot that driver was.",
        "hes such a jerk to the waiters",
        "Some bloke cut me up on the M6 and gave me the finger, absolute clown.",
        "My manager's a lazy so-and-so.",
    ],
)
def test_insults_at_others_veto_judgment(text: str) -> None:
    assert "self_judgment" not in cued(text)
    assert vetoed(text).get("self_judgment") == "third_person"


@pytest.mark.parametrize(
    "text",
    [
        "Missed the 9am because my alarm didn't go off, what a moron.",
        "wow you really are useless, you forgot your own kids pickup?",
        "stop being such a wimp jamie, feeling sorry for urself is pathetic",
        "Carla, you're being an absolute idiot going back to him again.",
        "my whole life is a mess",
        "They'll see me as incompetent.",
    ],
)
def test_insults_at_oneself_are_not_read_as_aimed_at_others(text: str) -> None:
    # An elided subject, an adverb or "urself" before the insult, or a word that
    # merely ends in "s" ("as", "is") is not a third person.
    assert "third_person" not in vetoed(text).values()


@pytest.mark.parametrize(
    "text",
    [
        "Whatever they say, you won't be facing it on your own.",
        "Whatever the scan shows, I'll get through it.",
        "Whatever happens at the tribunal, you did the right thing.",
        "I'll deserve whatever comes next.",
    ],
)
def test_a_concessive_whatever_is_not_a_dismissal(text: str) -> None:
    assert "complacency" not in cued(text)


@pytest.mark.parametrize(
    "text",
    [
        "4th parking ticket this month lol whatever they can chase me",
        "Whatever, I'll deal with it later.",
        "skipped the gym again, whatever",
    ],
)
def test_a_shrugging_whatever_is_still_a_dismissal(text: str) -> None:
    assert "complacency" in cued(text)


@pytest.mark.parametrize(
    "text",
    [
        "Send a quick follow-up and stop punishing yourself.",
        "I'm going to stop punishing myself for it.",
        "Don't punish yourself with extra shifts.",
    ],
)
def test_stopping_the_punishment_is_not_fear_motivation(text: str) -> None:
    assert "fear_motivation" not in cued(text)


@pytest.mark.parametrize(
    "text",
    [
        "I won't stop punishing myself until I get it right.",
        "I will never stop punishing myself for that.",
        "I can't stop punishing myself.",
    ],
)
def test_refusing_to_stop_the_punishment_is_still_fear_motivation(text: str) -> None:
    assert "fear_motivation" in cued(text)


def test_dismissal_alone_is_weak_but_with_a_problem_is_strong() -> None:
    alone = [h for s in run("eh, whatever.") for h in s.hits if "complacency" in h.labels]
    with_problem = [
        h
        for s in run("Missed rent again. Whatever, no big deal.")
        for h in s.hits
        if "complacency" in h.labels
    ]
    assert alone and max(h.weight for h in alone) < 0.5
    assert with_problem and max(h.weight for h in with_problem) >= 0.5


def test_hit_offsets_point_into_the_original_text() -> None:
    text = "Honestly?  I’m SUCH an idiot."
    hits = [h for s in run(text) for h in s.hits]
    assert [text[h.start : h.end] for h in hits] == ["I’m SUCH an idiot"]


@pytest.mark.parametrize(
    "text",
    [
        "I made an error in the sheet and fixed it.",
        "Going to the shops later, need milk.",
        "The train was late again this morning.",
    ],
)
def test_plain_facts_carry_no_cue(text: str) -> None:
    assert cued(text) == set()


def test_the_fingerprint_covers_the_engines_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from befriend.rules import engine

    before = load_ruleset().fingerprint
    load_ruleset.cache_clear()
    monkeypatch.setattr(engine, "CAPS", engine.CAPS[:-1])
    try:
        assert engine.load_ruleset().fingerprint != before
    finally:
        load_ruleset.cache_clear()


def test_ruleset_has_a_stable_fingerprint_and_sources() -> None:
    rules = load_ruleset()
    assert rules.version == "rules-v1"
    assert len(rules.fingerprint) == 12
    assert all(rule.source for rule in rules.rules)
    assert all(rule.source for rule in rules.frames)
