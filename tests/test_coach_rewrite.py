"""The re-addressing rewrite: table-driven cases and properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from befriend.coach.rewrite import (
    ABOUT_REASON,
    KEPT_REASON,
    detect_friend_name,
    distanced,
    first_person,
    readdress,
)
from befriend.coach.words import IMPERATIVE_VERBS

FIRST_PERSON = [
    # pronouns and contractions
    ("You're not a failure.", "I'm not a failure."),
    ("You've been carrying this alone for so long.", "I've been carrying this alone for so long."),
    ("You'll get there.", "I'll get there."),
    ("You'd tell anyone else to rest.", "I'd tell anyone else to rest."),
    ("Your worth isn't your grades.", "My worth isn't my grades."),
    ("The choice is yours.", "The choice is mine."),
    ("Be proud of yourself.", "I can be proud of myself."),
    # verb agreement
    ("You are enough.", "I am enough."),
    ("You were exhausted.", "I was exhausted."),
    ("You aren't alone in this.", "I'm not alone in this."),
    ("You really aren't.", "I really am not."),
    ("You weren't careless.", "I wasn't careless."),
    ("You have every right to be upset.", "I have every right to be upset."),
    ("You don't have to do it alone.", "I don't have to do it alone."),
    ("You do enough.", "I do enough."),
    ("You truly are doing your best.", "I truly am doing my best."),
    ("If you were a robot, you wouldn't feel this.", "If I were a robot, I wouldn't feel this."),
    # questions and tags
    ("Are you okay?", "Am I okay?"),
    ("Why are you so hard on yourself?", "Why am I so hard on myself?"),
    ("Were you tired?", "Was I tired?"),
    ("Weren't you brave?", "Wasn't I brave?"),
    ("You did your best, didn't you?", "I did my best, didn't I?"),
    ("You're doing your best, aren't you?", "I'm doing my best, aren't I?"),
    ("What do you need right now?", "What do I need right now?"),
    (
        "Do you remember how scared you were last year?",
        "Do I remember how scared I was last year?",
    ),
    # subject vs object
    ("Nobody expects you to be perfect.", "Nobody expects me to be perfect."),
    ("This doesn't make you a bad mum.", "This doesn't make me a bad mum."),
    ("It's hard for you right now.", "It's hard for me right now."),
    ("Your kids need you, and you're showing up.", "My kids need me, and I'm showing up."),
    ("I'm so proud of you.", "I'm so proud of myself."),
    (
        "Tell Mia you're sorry and ask her to do the piece for you at home.",
        "I can tell Mia I'm sorry and ask her to do the piece for me at home.",
    ),
    ("I told him about you.", "I told him about me."),
    ("I believe in you.", "I believe in myself."),
    ("I know you tried.", "I know I tried."),
    ("I know you well.", "I know myself well."),
    ("The way you talk to yourself matters.", "The way I talk to myself matters."),
    ("It's okay to feel what you feel.", "It's okay to feel what I feel."),
    ("Lots of people feel like you do.", "Lots of people feel like I do."),
    ("People like you make the world kinder.", "People like me make the world kinder."),
    ("Who told you that?", "Who told me that?"),
    ("It matters more than you think.", "It matters more than I think."),
    ("A deadline can't measure you.", "A deadline can't measure me."),
    (
        "You deserve a job that doesn't wear you down.",
        "I deserve a job that doesn't wear me down.",
    ),
    (
        "Be gentle with yourself, you're doing the best you can.",
        "I can be gentle with myself, I'm doing the best I can.",
    ),
    # imperatives addressed to the friend
    ("Go easy on yourself.", "I can go easy on myself."),
    (
        "Go easy on yourself and ask for an extension.",
        "I can go easy on myself and ask for an extension.",
    ),
    ("Don't be so hard on yourself.", "I won't be so hard on myself."),
    ("Do not punish yourself for this.", "I will not punish myself for this."),
    ("Do something kind for yourself today.", "I can do something kind for myself today."),
    ("Please, rest tonight.", "I can rest tonight."),
    ("Please rest tonight.", "I can rest tonight."),
    ("Give yourself some credit.", "I can give myself some credit."),
    ("Just breathe.", "I can just breathe."),
    ("So just rest tonight.", "So I can just rest tonight."),
    ("If you can, take a day off.", "If I can, I'll take a day off."),
    (
        "When you get home, make some tea and put your feet up.",
        "When I get home, I'll make some tea and put my feet up.",
    ),
    (
        "You tried hard, so go easy on yourself tonight.",
        "I tried hard, so I can go easy on myself tonight.",
    ),
    (
        "Apologise, fix what you can, and let the rest go.",
        "I can apologise, fix what I can, and I can let the rest go.",
    ),
    ("Stop apologising for needing rest.", "I can stop apologising for needing rest."),
    ("Rest is important.", "Rest is important."),
    ("Look, you made a mistake.", "Look, I made a mistake."),
    ("Remember, you are loved.", "Remember, I am loved."),
    # vocatives
    ("You're not a failure, Sam.", "I'm not a failure."),
    ("Sam, you're not a failure.", "I'm not a failure."),
    ("Sam, it's one bad week.", "It's one bad week."),
    ("Hey Sam, you did well.", "Hey, I did well."),
    ("Listen, Sam, you matter.", "Listen, I matter."),
    ("Hey buddy, you've got this.", "Hey, I've got this."),
    ("Oh love, you're exhausted.", "Oh, I'm exhausted."),
    ("Dear Sam,\nyou're doing fine.", "I'm doing fine."),
    ("You did it, buddy, Sam.", "I did it."),
    ("You did it, Sam, buddy!", "I did it!"),
    ("Well done, love, Sam, you were brave.", "Well done, I was brave."),
    ("Sam, love, you did your best.", "I did my best."),
    ("Love, Sam, you're doing fine.", "I'm doing fine."),
    ("Sam, love, honey, you did it!", "I did it!"),
    ("Hey Sam, love, you did your best.", "Hey, I did my best."),
    ("Oh Sam, love, honey, you're exhausted.", "Oh, I'm exhausted."),
    ("Hey Sam, love is hard.", "Hey, love is hard."),
    # case, apostrophes, the rest kept exactly
    ("YOU ARE ENOUGH.", "I AM ENOUGH."),
    ("You’re doing fine, and you’ll get there.", "I’m doing fine, and I’ll get there."),
    ("Don’t blame yourself.", "I won’t blame myself."),
    (
        "Of course you're scared... anyone would be!!",
        "Of course I'm scared... anyone would be!!",
    ),
    ("  you did it  (finally)  ", "  I did it  (finally)  "),
    ("It's not your fault that he left.", "It's not my fault that he left."),
    ("Everyone struggles sometimes.", "Everyone struggles sometimes."),
]


# Whole messages of the kind people write to a struggling friend.
FIRST_PERSON += [
    (
        "Oh Priya, I'm so sorry. You've been holding everything together for everyone "
        "else, and it's okay to let something slip.",
        "Oh, I'm so sorry. I've been holding everything together for everyone else, and "
        "it's okay to let something slip.",
    ),
    (
        "Honestly, you handled it with more grace than I would have. Your boss was out "
        "of line. You should tell HR.",
        "Honestly, I handled it with more grace than I would have. My boss was out of "
        "line. I should tell HR.",
    ),
    (
        "Mate, one bad game doesn't make you a bad player. Get some rest and we'll go "
        "again next week.",
        "One bad game doesn't make me a bad player. I can get some rest and we'll go "
        "again next week.",
    ),
    (
        "You're allowed to say no to your mum. Setting a boundary doesn't make you a bad daughter.",
        "I'm allowed to say no to my mum. Setting a boundary doesn't make me a bad daughter.",
    ),
    (
        "I know you're scared about the results. Whatever they say, you won't face it "
        "alone. Write down your questions for the doctor.",
        "I know I'm scared about the results. Whatever they say, I won't face it alone. "
        "I can write down my questions for the doctor.",
    ),
    (
        "You haven't failed. You've learned what doesn't work. What would you try "
        "differently next time?",
        "I haven't failed. I've learned what doesn't work. What would I try differently next time?",
    ),
    (
        "You didn't ruin the party! You can send a quick message to Jess if you're "
        "worried, but I promise nobody's thinking about it.",
        "I didn't ruin the party! I can send a quick message to Jess if I'm worried, but "
        "I promise nobody's thinking about it.",
    ),
    (
        "You're a good dad. Kids melt down; it's what they do.",
        "I'm a good dad. Kids melt down; it's what they do.",
    ),
    (
        "You've been sober for six months. One slip doesn't erase that. Call your sponsor tonight.",
        "I've been sober for six months. One slip doesn't erase that. I can call my "
        "sponsor tonight.",
    ),
    (
        "You deserve to be paid fairly. Ask for the raise - the worst they can say is no.",
        "I deserve to be paid fairly. I can ask for the raise - the worst they can say is no.",
    ),
    (
        "Hey, be proud of yourself for even applying. Most people never try.",
        "Hey, I can be proud of myself for even applying. Most people never try.",
    ),
    (
        "You can't control how he reacts. You can only control what you do next.",
        "I can't control how he reacts. I can only control what I do next.",
    ),
    (
        "Are you being too hard on yourself? I think you are.",
        "Am I being too hard on myself? I think I am.",
    ),
    (
        "Nobody's judging you as harshly as you're judging yourself.",
        "Nobody's judging me as harshly as I'm judging myself.",
    ),
    (
        "Can you ask your sister to help with the kids this weekend?",
        "Can I ask my sister to help with the kids this weekend?",
    ),
    ("Try not to read too much into one email.", "I can try not to read too much into one email."),
    ("It's okay to cry about it. You loved her.", "It's okay to cry about it. I loved her."),
    (
        "Don't let one comment undo a year of good work.",
        "I won't let one comment undo a year of good work.",
    ),
    (
        "Have you eaten today? Go get something warm.",
        "Have I eaten today? I can go get something warm.",
    ),
    (
        "It's not like you to miss a deadline. Be kind to yourself and talk to your boss.",
        "It's not like me to miss a deadline. I can be kind to myself and talk to my boss.",
    ),
    (
        "Who says you have to have it all figured out by thirty?",
        "Who says I have to have it all figured out by thirty?",
    ),
    ("I see how hard you're trying.", "I see how hard I'm trying."),
    (
        "You make mistakes like everyone else. That doesn't make you any less lovable.",
        "I make mistakes like everyone else. That doesn't make me any less lovable.",
    ),
    (
        "Sam,\nyou did so well today.\n\nGo to bed early 💛",
        "I did so well today.\n\nI can go to bed early 💛",
    ),
]


@pytest.mark.parametrize(("friend", "expected"), FIRST_PERSON)
def test_first_person(friend: str, expected: str) -> None:
    assert first_person(friend) == expected


DISTANCED = [
    ("You're not a failure, Sam.", "Alex", "You're not a failure, Alex."),
    (
        "Sam, you're not a failure. Sam's doing fine.",
        "Alex",
        "Alex, you're not a failure. Alex's doing fine.",
    ),
    ("You're not a failure.", "Alex", "You're not a failure, Alex."),
    ("Are you okay? Rest now.", "Alex", "Are you okay, Alex? Rest now."),
    ("Hey, you did really well.", "Alex", "Hey Alex, you did really well."),
    ("Look, you made a mistake.", "Alex", "Look, Alex, you made a mistake."),
    ("Everyone struggles. You're human.", "Alex", "Everyone struggles. You're human, Alex."),
    ('"You did enough"', "Alex", '"You did enough", Alex'),
    ("You did enough", "Alex", "You did enough, Alex"),
    ("Sam, you're not a failure.", None, "You're not a failure."),
    ("You're not a failure, Sam.", None, "You're not a failure."),
    ("You're not a failure.", None, "You're not a failure."),
    ("Nothing second person here.", "Alex", "Nothing second person here."),
    (
        "You'll feel better in a week, I promise.",
        "Alex",
        "You'll feel better in a week, Alex, I promise.",
    ),
    (
        "You worked hard, and that's what counts.",
        "Alex",
        "You worked hard, Alex, and that's what counts.",
    ),
    ("You did your best, didn't you?", "Alex", "You did your best, didn't you, Alex?"),
    ("Try not to read too much into it.", "Alex", "Try not to read too much into it, Alex."),
    (
        "Everyone struggles, honestly. Rest now.",
        "Alex",
        "Everyone struggles, honestly. Rest now, Alex.",
    ),
]


@pytest.mark.parametrize(("friend", "name", "expected"), DISTANCED)
def test_distanced(friend: str, name: str | None, expected: str) -> None:
    assert distanced(friend, name=name, friend_name=detect_friend_name(friend)) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sam, you're fine.", "Sam"),
        ("You're fine, Sam.", "Sam"),
        ("Hey Priya, rest.", "Priya"),
        ("You're fine, Zoë!", "Zoë"),
        ("Honestly, you're fine.", None),
        ("Apologise, then rest.", None),
        ("Yesterday, you were brave.", None),
        ("Listen, you're fine.", None),
        ("You're fine, buddy.", None),
        ("I talked to Sam about it.", None),
    ],
)
def test_detect_friend_name(text: str, name: str | None) -> None:
    assert detect_friend_name(text) == name


def test_readdress_gives_both_forms_and_the_names() -> None:
    rewrite = readdress("Sam, you worked so hard. Go easy on yourself.", name="Alex")
    assert rewrite.to_dict() == {
        "distanced": "Alex, you worked so hard. Go easy on yourself.",
        "first_person": "I worked so hard. I can go easy on myself.",
        "name": "Alex",
        "friend_name": "Sam",
        "notes": [],
    }


def test_a_given_friend_name_wins_over_detection() -> None:
    rewrite = readdress("Jo said you did well, Jo.", name="Alex", friend_name="Jo")
    assert rewrite.distanced == "Alex said you did well, Alex."
    assert rewrite.first_person == "Jo said I did well."


def test_sentences_about_the_friend_as_speaker_are_kept_and_noted() -> None:
    text = "You did your best. You can always call me. Let's get coffee. Thank you for telling me."
    rewrite = readdress(text, name="Alex")
    assert rewrite.first_person == (
        "I did my best. You can always call me. Let's get coffee. Thank you for telling me."
    )
    assert [(n.sentence, n.start, n.end, n.reason) for n in rewrite.notes] == [
        ("You can always call me.", 19, 42, KEPT_REASON),
        ("Let's get coffee.", 43, 60, KEPT_REASON),
        ("Thank you for telling me.", 61, 86, KEPT_REASON),
    ]


def test_only_the_clause_about_the_friend_as_speaker_is_kept() -> None:
    rewrite = readdress("Listen to me: you are not a burden. You did your best; call me later.")
    assert rewrite.first_person == (
        "Listen to me: I am not a burden. I did my best; call me later."
    )
    assert [n.sentence for n in rewrite.notes] == ["Listen to me:", "call me later."]


def test_words_about_the_friend_instead_of_to_them_are_noted() -> None:
    rewrite = readdress("I'd tell her she's doing her best. Everyone has weeks like this.")
    assert (
        rewrite.first_person == "I'd tell her she's doing her best. Everyone has weeks like this."
    )
    assert [(n.sentence, n.reason) for n in rewrite.notes] == [
        ("I'd tell her she's doing her best.", ABOUT_REASON)
    ]
    assert readdress("I'd tell her you did your best.").notes == ()


def test_blank_names_count_as_none() -> None:
    rewrite = readdress("You're fine.", name="   ")
    assert rewrite.name is None
    assert rewrite.distanced == "You're fine."


# -- properties -----------------------------------------------------------------------

NEUTRAL_WORDS = [
    "it",
    "is",
    "hard",
    "today",
    "and",
    "everyone",
    "struggles",
    "the",
    "work",
    "was",
    "a",
    "lot",
    "i",
    "feel",
    "tired",
    "my",
    "week",
    "has",
    "been",
    "long",
    "we",
    "all",
    "make",
    "mistakes",
    "that",
    "okay",
    "sometimes",
    "things",
    "go",
    "wrong",
    "she",
]
SECOND_WORDS = ["you", "your", "yourself", "you're", "you've", "are", "were", "aren't"]
PUNCT = [" ", " ", " ", ", ", ". ", "! ", "? ", "; ", "\n", " - "]


def _text(words: list[str]) -> st.SearchStrategy[str]:
    piece = st.tuples(st.sampled_from(words), st.sampled_from(PUNCT))
    return st.lists(piece, min_size=1, max_size=25).map(
        lambda parts: "".join(w + p for w, p in parts)
    )


@settings(max_examples=200, deadline=None)
@given(_text([w for w in NEUTRAL_WORDS if w not in IMPERATIVE_VERBS]))
def test_text_without_second_person_or_advice_is_unchanged(text: str) -> None:
    assert first_person(text) == text


@settings(max_examples=200, deadline=None)
@given(_text(NEUTRAL_WORDS + SECOND_WORDS))
def test_first_person_is_idempotent(text: str) -> None:
    once = first_person(text)
    assert first_person(once) == once


@settings(max_examples=200, deadline=None)
@given(_text(NEUTRAL_WORDS + SECOND_WORDS))
def test_no_second_person_word_is_left_and_punctuation_is_kept(text: str) -> None:
    out = first_person(text)
    assert not re.search(r"\b(you|your|yourself|you're|you've)\b", out, re.IGNORECASE)
    assert re.findall(r"[^\w\s']", out) == re.findall(r"[^\w\s']", text)


BUSY_WORDS = [
    *NEUTRAL_WORDS,
    *SECOND_WORDS,
    "Sam",
    "hey",
    "buddy",
    "me",
    "let's",
    "don't",
    "please",
    "if",
    "when",
    "just",
    "take",
    "rest",
    "be",
    "kind",
    "do",
    "not",
    "I",
    "I'm",
    "thank",
    "are",
    "were",
    "Rest",
    "Go",
]


@settings(max_examples=300, deadline=None)
@given(_text(BUSY_WORDS))
def test_first_person_is_idempotent_on_busy_text(text: str) -> None:
    # Known limits: dropping "Sam," capitalises the next word, and a capitalised
    # unknown word before a comma ("Hard, ...") reads as a name the second time; and of
    # two vocatives in a row opening a sentence ("Sam, buddy, ..."), one pass drops only
    # the first.
    assume(not re.search(r"(Sam|buddy)[,!]\s*[\w']+\s*,", text))
    assume(not re.search(r"(^|[.!?…]\s*)(Sam|buddy)\s*[,!]\s*(Sam|buddy)", text))
    once = first_person(text)
    assert first_person(once) == once


@settings(max_examples=100, deadline=None)
@given(_text(NEUTRAL_WORDS + SECOND_WORDS), st.sampled_from(["Alex", "Zoë", "Mary-Jo"]))
def test_distanced_keeps_the_text_and_adds_the_name_at_most_once(text: str, name: str) -> None:
    out = distanced(text, name=name)
    assert out.count(name) <= 1
    assert out.replace(", " + name, "", 1) == text
    assert distanced(out, name=name, friend_name=detect_friend_name(out)) == out
