"""Tests for the safety screen (befriend.safety.screen).

Missing a crisis is the worst failure befriend can have, so the positive list
is long and varied; idioms, fiction, news and plain sadness must stay quiet.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from befriend.safety import (
    RULE_KINDS,
    SIGNAL_KINDS,
    SafetyDataError,
    SafetyResult,
    SafetyScreen,
    SafetySignal,
    default_screen,
    screen,
)

# ---------------------------------------------------------------------------
# Texts that must be a crisis, with one kind that must be among the signals.
# ---------------------------------------------------------------------------

SUICIDAL_THOUGHTS = [
    "I want to kill myself.",
    "i wanna kms",
    "lowkey want to kms",
    "honestly thinking about ending my life",
    "I've been having suicidal thoughts again",
    "im suicidal",
    "I feel so suicidal tonight",
    "Been feeling suicidal for weeks",
    "I keep thinking about suicide",
    "I'm going to take my own life",
    "i want to unalive myself",
    "thinking of killing myself",
    "I tried to kill myself last year and the feeling is back",
    "I want to end it all",
    "sometimes i think about ending it",
    "I could just end it tonight",
    "i just want to kill my self",
    "suicide is all I can think about",
    "I'm thinking about jumping off the bridge near my house",
    "I called the suicide hotline last night because I couldn't stop crying",
    "su1cide keeps crossing my mind",
    "I looked up how to kill myself",
    "I’m going to kill myself",  # curly apostrophe
    "KILL MYSELF. that's all i think about",
    "i'm gonna overdose tonight",
    "I'm planning my suicide",
    "i have suicidal thoughts every night",
]

WISH_TO_DIE = [
    "i want to die",
    "I just wanna die",
    "i wnat to die",
    "i wanna dieee",
    "literally want to d1e",
    "I wish I was dead",
    "I'd be better off dead",
    "I don't want to live anymore",
    "i dont wanna be alive",
    "I don't want to wake up tomorrow.",
    "I hope I don't wake up",
    "I want to go to sleep and never wake up",
    "I want it all to stop",
    "i just want everything to end",
    "I want to be dead",
    "I'm tired of living",
    "I don't want to be here anymore",
    "i dont care if i live or die",
    "Death would be a relief at this point",
    "I wish someone would just kill me",
]

WISH_TO_DISAPPEAR = [
    "idk man i just wanna disappear forever",
    "i wish i could just disappear",
    "i wish i'd never been born",
    "I want to disappear and never come back",
    "I wish I didn't exist",
    "i want to stop existing",
]

HOPELESSNESS = [
    "I can't go on like this",
    "what's the point of living",
    "There's no future for me",
    "Nothing will ever get better",
    "there's no point in anything anymore",
    "I have nothing to live for",
    "life isn't worth living",
    "I feel completely hopeless",
    "I've lost all hope",
    "im so done with life",
    "cant do life anymore",
    "whats the point of even living",
    "i cant take it anymore",
    "I don't see any point in living",
    "I have no reason to live",
    "I can't see a way out",
    "the pain will never end",
]

INDIRECT = [
    "Honestly it would be a mercy if someone just put me down like an old dog",
    "i'm a weight on all of them, kinder for everyone if they put me down",
    "everyone would be better off without me",
    "They won't have to deal with me much longer.",
    "No one would notice if I was gone",
    "I won't be a burden much longer",
    "if I died tomorrow nobody would care",
    "Nobody would miss me",
    "everyone wud be better off without me tbh",
    "u wont have to worry about me much longer",
    "nobody would even notice if i disappeared",
    "My family would be happier if I wasn't around",
]

SELF_HARM = [
    "I cut myself last night",
    "started cutting again",
    "I burned myself with a lighter on purpose",
    "I keep punching myself when I get angry",
    "I bang my head against the wall until it hurts",
    "I've been starving myself as punishment",
    "I'm not letting myself eat until I lose 5 pounds",
    "i scratch my arms until they bleed",
    "I want to hurt myself",
    "I relapsed and cut again after 3 months clean",
    "I don't deserve to eat",
    "I self harm when things get bad",
    "I hit myself in the face when I mess up",
    "I've been cutting for years and I can't stop",
    "I punish myself by not eating",
    "the urge to cut is so strong today",
    "i wear long sleeves to hide my scars",
    "strong urges to burn again tonight",
    "my urges to cut are awful lately",
    "I promised not to cut again and I did",
]

GOODBYE = [
    "I wrote goodbye letters to my family",
    "This is goodbye. I love you all.",
    "By the time you read this I'll be gone",
    "I've been writing my suicide note",
    "goodbye world",
]

GIVING_AWAY = [
    "I'm giving away all my stuff",
    "I gave away my cat yesterday and I've said goodbye to everyone",
    "Please take care of my cat when I'm gone",
]

PLAN = [
    "I have a plan to end my life",
    "I know exactly how I'm going to kill myself",
    "I've decided to end it",
    "how many pills would it take to die",
]

MEANS = [
    "I've been saving up my pills",
    "I bought a rope today",
    "I have a gun in my drawer",
    "The pills are right next to me",
    "I'm standing on the edge of the roof",
    "I took a whole bottle of sleeping pills",
]

DATE = [
    "By Friday it'll be over.",
    "tonight is my last night alive",
    "it'll all be over by Sunday",
]

DANGER = [
    "He hit me again last night",
    "He kicked me from behind and I fell",
    "He dragged me down the stairs by my hair",
    "She threatened to kill me",
    "he said he'd kill me if I left",
    "he said he'd kill me",
    "I'm scared to go home",
    "He said I'll regret leaving",
    "My boyfriend locks me in my room",
    "He choked me during an argument",
    "I don't feel safe at home",
    "my dad beats me",
    "I'm scared of what he'll do if I leave",
    "my husband won't let me leave the house",
    "he pointed a gun at me",
    "I'm being abused",
    "he strangled me",
    "my ex is stalking me",
    "someone is following me home",
    "I'm afraid he's going to kill me",
    'He told me "I\'ll kill you if you ever leave"',
    "my stepdad hits me when he's drunk",
    "he slapped me across the face",
    "i'm terrified of my husband",
]

# Written to a friend, or self-distanced ("you ..."): the taxonomy labels
# these like first-person text, so they must fire too.
SECOND_PERSON = [
    "you want to die, don't you",
    "You told me he smashed your phone and shoved you into the wall.",
    "You said he put his hands round your neck last night.",
    "you've been cutting again, haven't you",
    "You burned your wrist on purpose again last night.",
    "Nobody would miss you if you were gone, so why bother.",
    "You keep saying everyone would be better off without you.",
    "you could just stop eating till you disappear",
    "He said if you leave he'll find you and you believed him.",
    "ur stepdad hitting u is not normal",
    "You've been giving your records away and saying these weird goodbyes.",
    "You told me you've been saving up your pills.",
    "You said you won't be a problem for anyone much longer.",
    "you keep thinking about just not being here anymore",
]

# More phrasings, none of them the wording of a rule.
MORE_PHRASINGS = [
    "honestly what's the point of me being here anymore",
    "whats the point of me",
    "what is the point of me trying anymore",
    "he grabbed my wrist to stop me leaving the flat",
    "I'm going to end my life tonight",
    "i think im going to kill myself",
    "I can't stop thinking about dying",
    "i keep wishing i would die in my sleep",
    "I wish I could fall asleep and not wake up",
    "Sometimes I just want to not exist",
    "i hate being alive",
    "I feel like ending it all",
    "everyone hates me and i want to die",
    "ive been self harming again",
    "I scratched myself until I bled",
    "the scratching is getting deeper and I hide it under long sleeves",
    "my cuts keep getting deeper and I can't stop",
    "I've been burning myself with cigarettes",
    "I've been skipping meals to punish myself",
    "i relapsed on self harm",
    "I've got enough pills saved up",
    "I bought a gun last week",
    "it ends tonight",
    "I won't be around much longer",
    "The world would be better without me in it",
    "they'd all be better off if i was dead",
    "nobody cares if i live or die",
    "my boyfriend hit me",
    "my husband slaps me when he's angry",
    "He threatens to kill me if I tell anyone",
    "he pushed me down the stairs",
    "I'm scared he'll kill me",
    "he raped me",
    "he took my phone and locked me in the bedroom",
    "I see no way out of this",
    "I have no hope left",
    "I can't keep living like this",
    "i give up on life",
    "life is meaningless",
    "i cant see a future for myself",
    "There's nothing left for me here",
    "I'm ready to die",
    "i wanna d i e",
    "i want to commit suicide",
    "I attempted suicide last year",
    "I've been googling ways to die",
    "I texted 988 last night",
    "I'm not okay. I keep thinking about ending things.",
    "I'd rather be dead than go on like this",
    "I hope I get hit by a car",
    "i carved words into my thigh",
    "i'm so close to ending it",
    "I can't leave, he'll hurt me",
    "it would be easier if i just died",
    "I'm a failure and I don't deserve to live",
    "I'd be doing everyone a favour if I disappeared",
    "I want to fall asleep forever",
    "Why am I even alive",
    "he broke my arm",
    "he threw a chair at me",
    "I'm in the bath with a razor",
    "I've been making myself throw up as punishment",
    "life has no meaning anymore",
    "Honestly the team would cope fine if I just disappeared for good.",
    "I've sorted out who gets my things and left instructions for the cat.",
    "I've written letters to both my kids and put them in the drawer with my will.",
    "kind of hoping i just dont wake up after this shift honestly",
    "idc if i wake up tmrw tbh",
    "I've started giving my books away to people, it feels tidier that way.",
    "I don't think I'll be here for any of it next year.",
    "He said next time it'll be my face.",
    "my mums boyfriend said hed break my arm if i tell her",
    "There's nothing ahead of me, not one thing.",
    "I haven't eaten properly in days and I don't think I deserve to.",
    "i punched the wall till my knuckles split",
    "I've picked a date.",
]

NEGATED_PLUS_SIGN = [
    "I'm not suicidal, but I gave my dog to my sister and wrote everyone letters",
    "I'm not going to kill myself, but I can't do this anymore",
    "I'm not suicidal but honestly I don't want to wake up tomorrow",
    "not suicidal or anything, just want it all to stop",
    "i would never hurt myself, but i have been saving pills",
    "No plans to end my life, but nothing will ever get better",
    "I don't want to die. But everyone would be better off without me.",
    "I'm not going to kill myself yet",
]

SHORT_MIXED = [
    "im not ok. i want to die",
    "this job is killing me and honestly I want to die",
    "my feet are killing me but I want to end it all",
    "I'd kill for a coffee. Also I've been thinking about killing myself.",
    "I'm dying to see her again, but honestly I wish I was dead",
    "I'm dead tired and I don't want to live anymore",
]

LONG_POSTS = [
    (
        "Work has been a mess lately. My manager keeps moving deadlines and I'm "
        "behind on everything.\n\n"
        "I went to my sister's for dinner on Sunday and tried to act normal. "
        "Everyone was laughing and I just sat there.\n\n"
        "Honestly I don't want to be here anymore. I keep thinking they'd all be "
        "fine.\n\n"
        "Anyway I have a presentation Thursday so I should sleep.",
        "I don't want to be here anymore",
    ),
    (
        "exams are next week and i havent studied at all. my parents keep asking "
        "about my grades and i just say its fine.\n\n"
        "my best friend moved to another city in march. we still text but its not "
        "the same and i feel like nobody really gets it.\n\n"
        "ive started cutting again and nobody knows. i wear hoodies even when its "
        "warm.\n\n"
        "sorry this is so long, i just needed to write it somewhere.",
        "started cutting again",
    ),
    (
        "We've been together four years. At first he was sweet and attentive and "
        "everyone said how lucky I was.\n\n"
        "Last night he got angry because I came home late. He grabbed me by the "
        "hair and shoved me into the wall.\n\n"
        "I keep telling myself it was a one-off. I don't know what to do.",
        "grabbed me",
    ),
    (
        "Some background: I'm 34, I work in accounts, I have a cat called Miso.\n\n"
        "The last few months have been grey. I sleep a lot and still feel "
        "exhausted.\n\n"
        "My doctor changed my meds in January. They didn't help much.\n\n"
        "I've been saving up my sleeping pills in a drawer.\n\n"
        "I don't really know why I'm writing this.",
        "saving up my sleeping pills",
    ),
    (
        "Today was fine, I guess. Went for a walk, watered the plants.\n\n"
        "I gave my guitar to my brother and I've been writing letters to everyone "
        "I love. It feels important to get them finished.\n\n"
        "Maybe tomorrow I'll clean the flat.",
        "writing letters to everyone",
    ),
    (
        "I keep trying the things the therapist suggested. Breathing, walks, "
        "gratitude lists. I really do try.\n\n"
        "But every morning is the same heavy feeling. I can't remember the last "
        "time I laughed properly.\n\n"
        "What's the point of living like this? Every day is exactly the same and "
        "it never changes.\n\n"
        "Sorry for the rant.",
        "What's the point of living",
    ),
    (
        "ok so this is my first time posting here\n\n"
        "idk how to explain it but i dont want to wake up tomorrow. like i go to "
        "bed hoping thats it\n\n"
        "my mum thinks im just lazy",
        "dont want to wake up",
    ),
    (
        "I've tidied everything. The flat is cleaner than it's been in years.\n\n"
        "I cancelled the gym and returned the library books.\n\n"
        "By Sunday it will all be over and they won't have to deal with me "
        "anymore.\n\n"
        "I hope the cat is okay.",
        "By Sunday it will all be over",
    ),
    (
        "I've always been a nervous person. Exams, interviews, phone calls.\n\n"
        "Lately it's worse. I keep scratching my arms until they bleed when I'm "
        "anxious and then I hide it.\n\n"
        "I'm trying to be kinder to myself but it's hard.",
        "scratching my arms until they bleed",
    ),
    (
        "Dear journal. Another long shift at the hospital.\n\n"
        "The patients were lovely, the coffee was awful.\n\n"
        "Mum called and we argued about Christmas again.\n\n"
        "I wish I could just disappear and never come back. Nobody would even "
        "notice.",
        "wish I could just disappear",
    ),
    (
        "I'm 16 and I live with my mum and stepdad.\n\n"
        "He gets really angry when he drinks. Last month he broke my phone.\n\n"
        "My stepdad told me he would kill me if I told anyone. I'm scared all the "
        "time.\n\n"
        "I don't know who to talk to.",
        "told me he would kill me",
    ),
    (
        "I'm not suicidal or anything. Please don't worry.\n\n"
        "But I've started giving away my things and I wrote a letter to my mom "
        "for later.\n\n"
        "It just feels like the right time to sort stuff out.",
        "giving away my things",
    ),
    (
        "First paragraph: the week was long. The train was late every single day "
        "and the office heating broke.\n\n"
        "Second: my friend's wedding was lovely, I gave a speech and people "
        "laughed.\n\n"
        "Third: on the way home I kept thinking I have nothing to live for.\n\n"
        "Fourth: I should probably eat something.",
        "nothing to live for",
    ),
]

POSITIVE_GROUPS: dict[str, list[str]] = {
    "suicidal_thoughts": SUICIDAL_THOUGHTS,
    "wish_to_die": WISH_TO_DIE,
    "wish_to_disappear": WISH_TO_DISAPPEAR,
    "hopelessness": HOPELESSNESS,
    "indirect": INDIRECT,
    "self_harm": SELF_HARM,
    "goodbye": GOODBYE,
    "giving_away": GIVING_AWAY,
    "plan": PLAN,
    "means": MEANS,
    "date": DATE,
    "danger_from_others": DANGER,
}

KIND_CASES = [(kind, text) for kind, texts in POSITIVE_GROUPS.items() for text in texts]
ALL_POSITIVES = (
    [text for _, text in KIND_CASES]
    + SECOND_PERSON
    + MORE_PHRASINGS
    + NEGATED_PLUS_SIGN
    + SHORT_MIXED
    + [text for text, _ in LONG_POSTS]
)

# ---------------------------------------------------------------------------
# Texts that must not be a crisis.
# ---------------------------------------------------------------------------

IDIOMS = [
    "This commute is killing me.",
    "My feet are killing me after that hike.",
    "This heat is killing me",
    "I'd kill for a coffee right now",
    "She killed it on stage last night",
    "I killed it on stage!",
    "I'm dying to see the new Dune movie",
    "I'd die for a slice of that cake",
    "We nearly died laughing at his joke",
    "I'm dead tired after work",
    "That chocolate cake was to die for",
    "We played cards to kill time at the airport",
    "I could murder a pizza",
    "He's drop-dead gorgeous",
    "When he read my text out loud I could just die",
    "My phone is dead, I'll text you later",
    "The deadline is Friday and I'm stressed",
    "I'm dying of boredom in this lecture",
    "I was bored to death at the conference",
    "I was scared to death when the dog barked",
    "Let's kill two birds with one stone and do both errands today",
    "You'll go skydiving over my dead body",
    "I'm going to kill my brother for eating my leftovers",
    "Just shoot me now, this meeting will never end",
    "My mom is going to kill me when she sees my grades",
    "This workout is going to kill me",
    "Dying for a coffee",
    "I'd rather die than wear that sweater",
    "That joke killed me lol",
    "I banged my head against the wall trying to fix this bug all day",
    "It's like banging my head against a brick wall",
    "I could kick myself for forgetting her birthday",
    "I need to cut myself some slack",
    "I keep beating myself up about the interview",
    "Hit me up when you're free",
    "I hurt myself at the gym yesterday",
    "I cut myself shaving this morning",
    "I burned myself on the stove making pancakes",
    "I ran 10 kms today!",
    "We're a few kms away from the camp",
    "I'd die on this hill: pineapple belongs on pizza",
    "I'm starving, let's get food",
    "I'm cutting back on sugar",
    "I'm done for the day, see you tomorrow",
    "I'm hopeless at maths",
    "cross my heart and hope to die",
    "The exam killed me lol",
    "I threw myself into work after the breakup",
    "I'm drowning in paperwork",
    "Just kill the process and restart the server",
    "She burned me a CD of her favourite songs",
    "That movie scared me to death",
    "i need to kill some time before my flight",
    "My boss will kill me if I'm late again",
    "I overdosed on caffeine before the exam",
    "this project is a suicide mission",
    "We did suicide sprints at practice",
    "I died a little inside when he called me by the wrong name",
    "I'm going to take my life back after this breakup",
    "I'm going to end it with my boyfriend tonight",
    "Ending it with him was the right call",
    "I want to disappear for a week on a beach",
    "I could sleep forever",
    "You'd kill for a coffee right now, admit it",
    "You killed it on stage!",
    "Don't beat yourself up about it",
    "Cut yourself some slack, you did your best",
    "You're dying to see him, aren't you",
    "This commute is killing you, isn't it",
    "You must be bored to death in that job",
    "I laughed so hard I almost died",
    "Kill me now, I have three more meetings",
    "I'm so embarrassed I want to die lol",
    "He shot me a look across the room",
    "My ex killed our plant lol",
    "that presentation nearly killed me",
    "My landlord is going to kill me when he sees the stain on the carpet.",
    "My dad is going to kill me, I dented the car",
    "this raid is literally suicide mode lol we wiped like nine times",
    "I use that panic to whip myself into shape",
    "She punched me in the arm playfully",
    "I'm so hopeless with directions",
    "He said he would kill for a holiday",
    "I hit my head on the cupboard door",
    "I want to die my hair blue",
    "There's no way out of this shift, so I'm doing a double and sleeping tomorrow.",
    "there's no way out of this maths resit so i'm just gonna grind it",
]

FICTION_NEWS_THIRD_PARTY = [
    "My character in the novel dies at the end of chapter three",
    "I read the news about the suicide bombing in the capital",
    "We watched Suicide Squad last night",
    "In the book, the heroine wants to die after her lover leaves",
    "My friend told me she's been feeling suicidal and I don't know how to help her",
    "The documentary about suicide prevention was really moving",
    "Suicide rates among young men are rising, the article said",
    "He wants to kill himself in the movie but the hero saves him",
    "The song is about a guy who wants to die young",
    "Her brother died by suicide last year",
    "The plant died because I forgot to water it",
    "In Hamlet, Ophelia drowns herself",
    "The character wrote a suicide note in the final episode",
    "my sister said she wants to disappear for a while",
    "The villain threatened to kill the king",
    "My dog died last week and I miss him so much",
    'The song goes "I want to die" and it is stuck in my head',
    "She said her patient was suicidal",
    "I'm writing an essay on suicide prevention for my psychology class",
]

PLAIN_SAD_AND_ORDINARY = [
    "I failed my exam and I'm gutted",
    "I feel so lonely since the move",
    "I'm exhausted and everything feels heavy today",
    "I cried in the bathroom at work",
    "I'm such an idiot for missing the bus",
    "I hate my body",
    "Nobody texted me on my birthday",
    "I don't want to go to work tomorrow",
    "I don't want to wake up early tomorrow",
    "I don't want to live in this city anymore",
    "I need a break from everything",
    "I'm tired of living paycheck to paycheck",
    "Giving away my old clothes to charity before the move",
    "I bought a rope for the climbing gym",
    "We have a gun safe for my dad's hunting rifles",
    "I'm scared of spiders",
    "She beat me at chess again",
    "My brother hit me with a pillow",
    "I wrote a goodbye card for my coworker who is retiring",
    "I lost my job and I feel like a failure",
    "It's not the end of the world",
    "My heart is broken",
    "I'm not sure what to do with my life",
    "I'm so done with this semester",
    "The battery died on my phone",
    "I made an error in the sheet and fixed it",
    "I failed, and that's okay. Everyone fails. Next time I'll start earlier.",
    "I keep missing rent, but whatever, not a big deal",
    "If I'm nice to myself I'll stop trying",
    "My grandmother is dying and I'm heartbroken",
    "I'm so stupid for forgetting my keys again",
    "I'm going to the doctor tomorrow about my knee",
    "He kicked me out of the group chat lol",
    "My parents kicked me out of the kitchen while they cooked",
    "she hit me with the news that she's moving",
    "I'm a mess today but I'll be okay",
    "Remove all non-KMS drivers from the build",
    "As such there's no point in continuing to support the old format",
    "Nobody at my new job talks to me at lunch, I'm the odd one out",
    "You'll never love anyone again after losing her, that part of your life is over now.",
    "You're doing your best, and that's enough",
    "My friend overdosed last year and I miss her",
    "I'm tired of my job",
    "I hurt my back lifting boxes",
    "i choked on my drink",
    "The cat scratched me",
    "I'll never be good at drawing",
    "we're ending the project this week",
    "I gave my dog a bath",
    "My clan leader kicked me from the raid team, said I was dragging everyone down",
    "Take a fortnight off, then we'll look at which sections dragged you down",
    "Craving hit hard at the petrol station and I walked out with just diesel",
    "I'm sure they won't cut you off over one late payment",
    "I swore I wouldn't cut corners on this essay again",
    "She always puts me down in front of her friends",
    "It'd be better if he didn't put me down in front of the kids",
    "Better put me down as a maybe for Saturday",
    "Honestly, what is the point of me buying cookbooks when I order takeaway",
    'A stranger grabbed my arm to "help" me cross the road again',
    "The budget cuts are getting deeper every year",
    "The cat's scratching at the door is getting worse",
    "The scratching at night is worse since the eczema came back",
    # goodbyes and giving things away when moving abroad or leaving a job
    "writing goodbye cards for everyone before i move to berlin",
    "Giving away most of my stuff because we can only take four suitcases.",
    "handed in my notice!!! goodbye forever, you horrible place.",
]

ALL_NEGATIVES = IDIOMS + FICTION_NEWS_THIRD_PARTY + PLAIN_SAD_AND_ORDINARY


def _explain(result: SafetyResult, text: str) -> str:
    return "; ".join(
        f"{s.kind}/{s.rule_id}{'(neg)' if s.negated else ''}: {text[s.start : s.end]!r}"
        for s in result.signals
    )


# ---------------------------------------------------------------------------
# Counts
# ---------------------------------------------------------------------------


def test_the_lists_are_as_large_as_promised() -> None:
    assert len(ALL_POSITIVES) >= 250
    assert len(LONG_POSTS) >= 10
    assert len(ALL_NEGATIVES) >= 150
    assert len(set(ALL_POSITIVES)) == len(ALL_POSITIVES)
    assert len(set(ALL_NEGATIVES)) == len(ALL_NEGATIVES)


# ---------------------------------------------------------------------------
# Positives
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "text"), KIND_CASES)
def test_positive_is_crisis_with_its_kind(kind: str, text: str) -> None:
    result = screen(text)
    assert result.crisis, f"missed crisis: {text!r}"
    live = [s.kind for s in result.signals if not s.negated]
    assert kind in live, f"{text!r} -> {_explain(result, text)}"


@pytest.mark.parametrize("text", SECOND_PERSON)
def test_second_person_is_crisis(text: str) -> None:
    result = screen(text)
    assert result.crisis, f"missed crisis: {text!r} -> {_explain(result, text)}"


@pytest.mark.parametrize("text", MORE_PHRASINGS)
def test_more_phrasings_are_crisis(text: str) -> None:
    result = screen(text)
    assert result.crisis, f"missed crisis: {text!r} -> {_explain(result, text)}"


def test_second_person_offsets_cover_whole_words() -> None:
    text = "you're a burden to everyone and they'd be better off without you"
    result = screen(text)
    excerpts = [text[s.start : s.end] for s in result.signals]
    assert "they'd be better off without you" in excerpts
    text = "You hurt yourself again last night."
    (signal,) = screen(text).signals
    assert text[signal.start : signal.end] == "hurt yourself"


@pytest.mark.parametrize("text", NEGATED_PLUS_SIGN)
def test_negated_mention_plus_another_sign_is_crisis(text: str) -> None:
    result = screen(text)
    assert result.crisis, f"missed crisis: {text!r} -> {_explain(result, text)}"


@pytest.mark.parametrize("text", SHORT_MIXED)
def test_idiom_does_not_mask_a_real_sign(text: str) -> None:
    result = screen(text)
    assert result.crisis, f"missed crisis: {text!r} -> {_explain(result, text)}"


@pytest.mark.parametrize(("text", "evidence"), LONG_POSTS)
def test_long_posts_find_the_buried_sign(text: str, evidence: str) -> None:
    result = screen(text)
    assert result.crisis, f"missed crisis in long post: {evidence!r}"
    where = text.index(evidence)
    assert any(
        not s.negated and s.start < where + len(evidence) and where < s.end for s in result.signals
    ), f"no live signal on {evidence!r}: {_explain(result, text)}"


def test_long_post_sign_sits_past_the_first_paragraph() -> None:
    for text, evidence in LONG_POSTS:
        assert text.index(evidence) > text.index("\n\n")


# ---------------------------------------------------------------------------
# Negatives
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", IDIOMS)
def test_idioms_do_not_fire(text: str) -> None:
    result = screen(text)
    assert not result.crisis, f"false alarm: {text!r} -> {_explain(result, text)}"


@pytest.mark.parametrize("text", FICTION_NEWS_THIRD_PARTY)
def test_fiction_news_and_third_party_do_not_fire(text: str) -> None:
    result = screen(text)
    assert not result.crisis, f"false alarm: {text!r} -> {_explain(result, text)}"


@pytest.mark.parametrize("text", PLAIN_SAD_AND_ORDINARY)
def test_plain_sadness_does_not_fire(text: str) -> None:
    result = screen(text)
    assert not result.crisis, f"false alarm: {text!r} -> {_explain(result, text)}"
    assert result.signals == ()


# ---------------------------------------------------------------------------
# Negation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I'm not suicidal, just really tired of this job",
        "I’m not suicidal, just exhausted",
        "im not suicidal lol just tired",
        "I would never hurt myself",
        "I'm not going to kill myself, don't worry",
        "I don't want to die, I just want a holiday",
        "No suicidal thoughts, just stress",
        "I've never been suicidal",
        "He never hit me, he just yells a lot",
        "I'm not in danger, I just needed to vent",
    ],
)
def test_negated_mention_alone_is_not_crisis(text: str) -> None:
    result = screen(text)
    assert not result.crisis, _explain(result, text)
    assert result.signals, f"the denial should still be reported: {text!r}"
    assert all(s.negated for s in result.signals)
    assert all(s.kind == "negated_mention" for s in result.signals)
    assert result.kinds() == ["negated_mention"]
    assert result.negated_only


def test_negated_mention_points_at_the_word() -> None:
    text = "I'm not suicidal, just really tired of this job"
    result = screen(text)
    (signal,) = result.signals
    assert text[signal.start : signal.end] == "suicidal"
    assert signal.negated
    assert signal.rule_id == "st.suicidal_bare"


def test_negated_plus_sign_reports_both() -> None:
    text = "I'm not suicidal, but I gave my dog to my sister and wrote everyone letters"
    result = screen(text)
    assert result.crisis
    kinds = result.kinds()
    assert kinds[0] == "negated_mention"
    assert "giving_away" in kinds
    assert "goodbye" in kinds


def test_denial_far_before_the_sign_does_not_negate_it() -> None:
    result = screen("I don't know why but I want to die")
    assert result.crisis
    result = screen("I can't stop thinking about killing myself")
    assert result.crisis
    result = screen("I can't kill myself because of my kids, but I think about it")
    assert result.crisis


def test_yet_undoes_the_denial() -> None:
    result = screen("I'm not going to kill myself yet")
    assert result.crisis
    assert not any(s.negated for s in result.signals)


# ---------------------------------------------------------------------------
# Support signs
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I can't do this anymore",
        "I wrote letters to everyone for Christmas",
        "I gave my dog to my sister because she has a garden",
        "I relapsed last week",
        "What's the point?",
        "I'm done.",
        "I said goodbye to everyone at the airport",
        "I'm so sorry for everything",
        "this is my last post, moving to a new forum",
        "I'm a burden to everyone",
        "i feel like a burden to my family",
        "I'm hopeless",
        "I have a plan",
    ],
)
def test_ambiguous_sign_alone_is_not_crisis(text: str) -> None:
    result = screen(text)
    assert not result.crisis, _explain(result, text)


@pytest.mark.parametrize(
    ("text", "crisis"),
    [
        ("I'll be gone by Christmas.", True),
        ("i wont be here, gone by spring", True),
        ("Miss deadlines at this level and they're gone by Christmas.", False),
        ("She's gone by Friday, her contract ends.", False),
        ("The tulips are dead by spring every year, I never learn.", False),
        ("The corner shop's gone by summer, sad really.", False),
        ("you'll be dead by spring and that's fine", True),
        ("You are gone by Christmas. That's the plan.", True),
        ("want to be dead by friday", True),
    ],
)
def test_gone_by_a_date_is_a_sign_about_oneself_not_about_others(text: str, crisis: bool) -> None:
    result = screen(text)
    assert result.crisis is crisis, _explain(result, text)


@pytest.mark.parametrize(
    "text",
    [
        "I can't do this anymore. Nobody would miss me.",
        "I relapsed last week and cut my arms again",
        "What's the point? I'm a burden to everyone.",
        "I gave my dog to my sister and wrote everyone letters",
        "I'm a burden to everyone and I can't do this anymore",
    ],
)
def test_ambiguous_sign_with_another_sign_is_crisis(text: str) -> None:
    assert screen(text).crisis, _explain(screen(text), text)


# ---------------------------------------------------------------------------
# Offsets
# ---------------------------------------------------------------------------


def test_offsets_point_at_the_right_words() -> None:
    text = "I'm fine. Honestly, I want to die."
    result = screen(text)
    (signal,) = result.signals
    assert text[signal.start : signal.end] == "I want to die"
    assert signal.excerpt(text) == "I want to die"


def test_offsets_keep_original_case_and_curly_quotes() -> None:
    text = "Ok.\n\nI DON’T WANT TO LIVE ANYMORE"
    result = screen(text)
    assert result.crisis
    spans = [text[s.start : s.end] for s in result.signals]
    assert "DON’T WANT TO LIVE" in spans


def test_offsets_with_characters_that_change_length_when_lowered() -> None:
    text = "İİİ İstanbul. I want to kill myself"
    result = screen(text)
    assert result.crisis
    assert any(text[s.start : s.end] == "kill myself" for s in result.signals)


def test_offsets_of_several_signals_in_order() -> None:
    text = (
        "He hit me again. I'm scared to go home.\n"
        "Sometimes I think everyone would be better off without me."
    )
    result = screen(text)
    assert result.crisis
    starts = [s.start for s in result.signals]
    assert starts == sorted(starts)
    excerpts = [text[s.start : s.end] for s in result.signals]
    assert "He hit me" in excerpts
    assert any("better off without me" in e for e in excerpts)
    assert "danger_from_others" in result.kinds()
    assert "indirect" in result.kinds()
    for s in result.signals:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start].isalnum() and text[s.end - 1].isalnum()


def test_every_positive_signal_is_inside_the_text() -> None:
    for text in ALL_POSITIVES:
        for s in screen(text).signals:
            assert 0 <= s.start < s.end <= len(text)
            assert s.kind in SIGNAL_KINDS
            assert s.negated == (s.kind == "negated_mention")


# ---------------------------------------------------------------------------
# Context: quotes, third person, danger reported
# ---------------------------------------------------------------------------


def test_quoted_threat_against_the_writer_fires() -> None:
    text = 'My ex texted me "I will kill you if you go to the police"'
    result = screen(text)
    assert result.crisis
    assert result.danger_from_others


def test_first_person_quote_fires() -> None:
    assert screen('I told my therapist "I want to die"').crisis


def test_third_person_subject_is_suppressed_but_first_person_is_not() -> None:
    assert not screen("she wants to die").crisis
    assert screen("I told her I want to die").crisis
    assert screen("My mom doesn't know I want to die").crisis


def test_news_sentence_does_not_hide_a_first_person_sign() -> None:
    text = "I read an article about suicide. I keep thinking about suicide myself."
    assert screen(text).crisis


def test_danger_property() -> None:
    assert screen("he choked me").danger_from_others
    assert not screen("I want to die").danger_from_others


# ---------------------------------------------------------------------------
# API behaviour
# ---------------------------------------------------------------------------


def test_determinism() -> None:
    text = LONG_POSTS[0][0] + "\n\n" + "He hit me. I want to die."
    first = screen(text)
    for _ in range(5):
        assert screen(text) == first
    assert SafetyScreen().screen(text) == first


def test_screen_many_equals_screen() -> None:
    texts = ALL_POSITIVES[:40] + ALL_NEGATIVES[:40]
    many = default_screen().screen_many(texts)
    assert many == [screen(t) for t in texts]
    assert default_screen().screen_many(iter(texts[:3])) == many[:3]
    assert default_screen().screen_many([]) == []


def test_very_long_text_works_and_is_fast() -> None:
    filler = "The weather was nice today and I went for a walk by the river. "
    text = filler * 320  # ~20,000 characters
    assert len(text) >= 20_000
    start = time.perf_counter()
    quiet = screen(text)
    elapsed = time.perf_counter() - start
    assert not quiet.crisis
    assert elapsed < 5.0
    text = text + "I want to kill myself." + filler * 5
    loud = screen(text)
    assert loud.crisis
    (signal,) = loud.signals
    assert text[signal.start : signal.end] == "kill myself"


def test_empty_and_blank_texts() -> None:
    for text in ["", "   ", "\n\n"]:
        result = screen(text)
        assert not result.crisis
        assert result.signals == ()


def test_non_text_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="needs text"):
        screen(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        screen(b"I want to die")  # type: ignore[arg-type]


def test_version_names_rules_and_data_hash() -> None:
    version = screen("hello").version
    assert re.fullmatch(r"safety-rules-v1\+[0-9a-f]{10}", version)
    assert default_screen().version == version


def test_kinds_are_distinct_and_ordered() -> None:
    text = "I want to die. I want to die. He hit me."
    result = screen(text)
    assert result.kinds() == ["wish_to_die", "danger_from_others"]


def test_results_are_frozen() -> None:
    result = screen("I want to die")
    with pytest.raises(AttributeError):
        result.crisis = False  # type: ignore[misc]
    with pytest.raises(AttributeError):
        result.signals[0].kind = "x"  # type: ignore[misc]
    assert isinstance(result.signals, tuple)
    assert isinstance(result.signals[0], SafetySignal)


# ---------------------------------------------------------------------------
# Data files
# ---------------------------------------------------------------------------


def test_rule_data_is_well_formed() -> None:
    rules = default_screen().rules
    assert len(rules) >= 100
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    for rule in rules:
        assert rule.kind in RULE_KINDS
        assert rule.source.strip()
    assert {r.kind for r in rules} == set(RULE_KINDS)
    assert len(default_screen().idioms) >= 30


def test_every_kind_has_a_strong_rule() -> None:
    strong = {r.kind for r in default_screen().rules if not r.support}
    assert strong == set(RULE_KINDS)


def test_custom_rules_can_be_loaded() -> None:
    patterns = (
        "id\tkind\tflags\tpattern\tsource\n"
        "W\tmacro\t-\t(?:want|wanna)\tshorthand\n"
        "x.one\twish_to_die\t-\t\\b{W}\\s+to\\s+die\\b\ttest\n"
    )
    idioms = "id\tpattern\tnote\n"
    custom = SafetyScreen(patterns, idioms)
    assert custom.screen("I want to die").crisis
    assert not custom.screen("I'd kill for a coffee").crisis
    assert custom.version != default_screen().version


@pytest.mark.parametrize(
    ("patterns", "message"),
    [
        ("id\tkind\tflags\tpattern\tsource\nx\tbogus\t-\tfoo\tsrc\n", "unknown kind"),
        ("id\tkind\tflags\tpattern\tsource\nx\twish_to_die\tz\tfoo\tsrc\n", "unknown flags"),
        ("id\tkind\tflags\tpattern\tsource\nx\twish_to_die\t-\t(foo\tsrc\n", "invalid regular"),
        ("id\tkind\tflags\tpattern\tsource\nx\twish_to_die\t-\tfoo\n", "columns"),
        ("id\tkind\tflags\tpattern\tsource\nx\twish_to_die\t-\ta*\tsrc\n", "empty string"),
        ("id\tkind\tflags\tpattern\tsource\nx\twish_to_die\t-\t{NOPE}\tsrc\n", "unknown macro"),
        ("id\tkind\tflags\tpattern\tsource\nx\twish_to_die\t-\tfoo\t\n", "source"),
        (
            "id\tkind\tflags\tpattern\tsource\n"
            "x\twish_to_die\t-\tfoo\tsrc\nx\twish_to_die\t-\tbar\tsrc\n",
            "duplicate",
        ),
        ("wrong\theader\there\tnow\tok\n", "header"),
    ],
)
def test_bad_rule_data_is_reported_clearly(patterns: str, message: str) -> None:
    with pytest.raises(SafetyDataError, match=message):
        SafetyScreen(patterns, "id\tpattern\tnote\n")


def test_idiom_mask_group_only_masks_the_trigger_word() -> None:
    # "killing" is masked, the rest of the sentence is still screened.
    text = "this commute is killing me, I want to end my life"
    result = screen(text)
    assert result.crisis
    assert any(text[s.start : s.end] == "end my life" for s in result.signals)


# ---------------------------------------------------------------------------
# The project's own labelled corpus, when present
# ---------------------------------------------------------------------------

CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpus" / "raw"


@pytest.mark.skipif(
    not any(CORPUS_DIR.glob("*.jsonl")), reason="the labelled corpus is not in this checkout"
)
def test_recall_and_false_alarms_on_the_labelled_corpus() -> None:
    """Whole texts labelled ``crisis`` in any sentence must mostly fire, and
    texts without it must almost never fire.  Floors, not targets: the screen
    reached recall 0.96 and a false-alarm rate of 0.04% when written."""
    hits = misses = alarms = quiet = 0
    for path in sorted(CORPUS_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            sentences = record.get("sentences", [])
            text = " ".join(s.get("text", "") for s in sentences)
            gold = any("crisis" in s.get("labels", []) for s in sentences)
            found = screen(text).crisis
            if gold:
                hits += found
                misses += not found
            else:
                alarms += found
                quiet += not found
    if hits + misses:
        assert hits / (hits + misses) >= 0.85
    if alarms + quiet:
        assert alarms / (alarms + quiet) <= 0.01
