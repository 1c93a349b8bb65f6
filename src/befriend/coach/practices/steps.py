"""The guided practices as data: each a short list of steps with befriend's own
questions, and for each step the gentle reflections it may give back.

A reflection rule names a label and a line with ``{quote}``, filled with the
person's own phrase that carries the label. ``affirm`` rules notice what is
already there; ``notes`` rules point, gently, at something that gets in the way;
``plain`` is said when neither applies. A reflection never scores the person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from befriend.errors import BefriendError


@dataclass(frozen=True, slots=True)
class Rule:
    label: str
    line: str


@dataclass(frozen=True, slots=True)
class PracticeStep:
    key: str
    title: str
    prompt: str
    optional: bool = False
    affirm: tuple[Rule, ...] = field(default=())
    notes: tuple[Rule, ...] = field(default=())
    plain: str = ""


@dataclass(frozen=True, slots=True)
class Practice:
    kind: str
    title: str
    intro: str
    steps: tuple[PracticeStep, ...]
    closing: str

    def step(self, key: str) -> PracticeStep:
        for step in self.steps:
            if step.key == key:
                return step
        raise UnknownStepError(self, key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.steps)


class UnknownPracticeError(BefriendError):
    code = "unknown_practice"

    def __init__(self, name: str) -> None:
        super().__init__(
            f"There's no practice called {name!r}. The practices are: {', '.join(PRACTICES)}."
        )


class UnknownStepError(BefriendError):
    code = "unknown_step"

    def __init__(self, practice: Practice, key: str) -> None:
        super().__init__(
            f"The {practice.kind} practice has no step {key!r}. Its steps are: "
            f"{', '.join(practice.keys)}."
        )


_HARSH_NOTE: Final = Rule(
    "self_judgment",
    "Some of the critic came along (“{quote}”). For this step you don't need to "
    "judge anything; what happened is enough.",
)
_FEAR_NOTE: Final = Rule(
    "fear_motivation",
    "“{quote}” pushes with pressure or threat. The wish to do better can stay; "
    "try giving it the reason you care about, not the punishment you fear.",
)

BREAK: Final = Practice(
    kind="break",
    title="A self-compassion break",
    intro=(
        "A few minutes for a hard moment, in three small steps: noticing what hurts, "
        "remembering you're not the only one, and offering yourself some kindness. "
        "There are no right answers; a few words for each is plenty."
    ),
    steps=(
        PracticeStep(
            "notice",
            "Noticing",
            "What's hard right now? Put it into words as it is, without arguing with it "
            "or making it bigger: what's happening, and how does it feel?",
            affirm=(
                Rule(
                    "mindfulness",
                    "You named it plainly: “{quote}”. Seeing clearly that this is a hard "
                    "moment is the whole of this first step.",
                ),
            ),
            notes=(
                Rule(
                    "over_identification",
                    "“{quote}” sounds as if the feeling has filled the whole view. See if "
                    "you can hold it as one painful moment: it hurts, right now, and it "
                    "isn't all of you.",
                ),
                _HARSH_NOTE,
            ),
            plain=(
                "Thank you for putting it into words. Stopping to notice that this is "
                "hard is what this step asks, and you've done it."
            ),
        ),
        PracticeStep(
            "common",
            "You're not the only one",
            "Now widen the view a little. Who else might know this feeling? Write "
            "something that reminds you that struggling like this is part of being a "
            "person.",
            affirm=(
                Rule(
                    "common_humanity",
                    "“{quote}”: yes. Other people have stood right where you are, and "
                    "many are standing there today.",
                ),
            ),
            notes=(
                Rule(
                    "isolation",
                    "“{quote}” sounds lonely. From the inside it can feel like you're the "
                    "only one, yet plenty of people know this exact feeling, even when "
                    "they don't say so.",
                ),
                _HARSH_NOTE,
            ),
            plain=(
                "Whatever came to mind, it's true: many people are carrying something "
                "like this today, quietly, just as you are."
            ),
        ),
        PracticeStep(
            "kind",
            "Kindness",
            "Last: what do you need to hear right now? Write a few words to yourself, the "
            "way you'd say them to someone you love who is hurting.",
            affirm=(
                Rule(
                    "self_kindness",
                    "“{quote}”. Those are kind words. Let them land for a moment, the way "
                    "they would if a friend said them to you.",
                ),
                Rule(
                    "tender",
                    "“{quote}”. That's comfort, offered to yourself. Let it land for a moment.",
                ),
            ),
            notes=(
                Rule(
                    "self_judgment",
                    "Some of the critic crept in here (“{quote}”). If these words were for "
                    "a friend, what would you leave out?",
                ),
                _FEAR_NOTE,
            ),
            plain=(
                "Whatever you managed to offer yourself counts. If the words felt stiff, "
                "that's normal at first; they tend to soften with practice."
            ),
        ),
    ),
    closing="That's the break. Your three answers are saved with the session.",
)

FIERCE: Final = Practice(
    kind="fierce",
    title="A fierce self-compassion break",
    intro=(
        "Sometimes caring for yourself means acting, not only soothing. This practice "
        "looks at a situation through three questions (protecting, providing and "
        "motivating) and ends with one concrete thing you'll do."
    ),
    steps=(
        PracticeStep(
            "situation",
            "The situation",
            "What's the situation that needs more than comfort? A few words are enough.",
            affirm=(
                Rule(
                    "mindfulness",
                    "You described it plainly: “{quote}”. That makes it easier to see what "
                    "it asks of you.",
                ),
            ),
            notes=(_HARSH_NOTE,),
            plain="Thank you. Let's look at what this situation asks of you.",
        ),
        PracticeStep(
            "protect",
            "Protecting",
            "Is there a line that needs drawing here, with someone else or with yourself? "
            "What would you say no to, or stand up for?",
            affirm=(
                Rule(
                    "fierce",
                    "“{quote}”: that's you standing up for yourself. A boundary is a form of care.",
                ),
            ),
            notes=(
                Rule(
                    "complacency",
                    "“{quote}” sounds like letting it slide. If a friend were in this "
                    "spot, what line would you want them to draw?",
                ),
                _HARSH_NOTE,
            ),
            plain=(
                "Thank you. A line doesn't have to be dramatic to count: a 'not now' "
                "or a 'no' is enough. If none comes to mind, that's all right too."
            ),
        ),
        PracticeStep(
            "provide",
            "Providing",
            "What do you need right now that you haven't been giving yourself? Rest, "
            "help, time, something else?",
            affirm=(
                Rule(
                    "fierce",
                    "“{quote}”: a real need, named. Meeting it isn't selfish; it's what "
                    "keeps you going.",
                ),
                Rule(
                    "self_kindness",
                    "“{quote}”. That's looking after yourself the way you'd look after a friend.",
                ),
            ),
            notes=(_HARSH_NOTE, _FEAR_NOTE),
            plain=(
                "Thank you. Needs like rest, help or time alone deserve to be taken "
                "seriously, the way you'd take a friend's."
            ),
        ),
        PracticeStep(
            "motivate",
            "Motivating",
            "What would you like to change? Say it the way you'd encourage someone you "
            "believe in to make that change.",
            affirm=(
                Rule(
                    "fierce",
                    "“{quote}”: a change you care about, said by someone on your side.",
                ),
            ),
            notes=(
                _FEAR_NOTE,
                _HARSH_NOTE,
                Rule(
                    "complacency",
                    "“{quote}” waves the problem away a little. Caring about yourself also "
                    "means taking it seriously enough to change something.",
                ),
            ),
            plain=(
                "Thank you. A change doesn't have to be big to matter; the next step "
                "will make it concrete."
            ),
        ),
        PracticeStep(
            "action",
            "One thing you'll do",
            "Now choose one concrete thing you'll do, small enough to do in the next few "
            "days. What is it, and when?",
            affirm=(Rule("fierce", "“{quote}”. That's a clear step."),),
            notes=(_FEAR_NOTE, _HARSH_NOTE),
            plain="That's your step.",
        ),
    ),
    closing=(
        "At your next check-in, befriend will ask whether you got to it, with no "
        "judgement either way."
    ),
)

MOTIVATE: Final = Practice(
    kind="motivate",
    title="Motivating change with care",
    intro=(
        "Most of us try to change by being hard on ourselves. This practice sets the "
        "critic's voice beside a caring coach's, about the same thing, so you can see "
        "the difference in your own words."
    ),
    steps=(
        PracticeStep(
            "behaviour",
            "What to change",
            "What's one thing you do that you'd like to change? Name the behaviour "
            "plainly: what you do, not who you are.",
            notes=(
                Rule(
                    "self_judgment",
                    "There's a verdict in here (“{quote}”). For now just the behaviour is "
                    "enough: what you do, not who you are.",
                ),
                Rule(
                    "over_identification",
                    "“{quote}” makes it about all of you. Try naming only the behaviour.",
                ),
            ),
            plain="Thank you. Naming it plainly is a good start.",
        ),
        PracticeStep(
            "critic",
            "The critic's voice",
            "Let the critic have its say about this, just this once, so you can see it "
            "clearly. What does it tell you?",
            affirm=(
                Rule(
                    "self_judgment",
                    "That's the critic, in its own words: “{quote}”. Seeing it on the page "
                    "makes it easier to answer.",
                ),
                Rule(
                    "fear_motivation",
                    "That's the critic pushing with fear: “{quote}”. Seeing it on the page "
                    "makes it easier to answer.",
                ),
            ),
            plain=(
                "The critic came out fairly quiet here. That's fine; write the coach's "
                "voice next and see how the two compare."
            ),
        ),
        PracticeStep(
            "coach",
            "A caring coach",
            "Now write as a wise, caring coach who wants the best for you: someone who "
            "sees the problem clearly and believes you can change it. What do they say?",
            affirm=(
                Rule(
                    "fierce",
                    "“{quote}”: clear about the change, and on your side.",
                ),
                Rule(
                    "self_kindness",
                    "“{quote}”: that's the warmth a good coach brings.",
                ),
            ),
            notes=(
                Rule(
                    "self_judgment",
                    "Some of the critic is still in the coach's words (“{quote}”). A good "
                    "coach names the problem without the verdict.",
                ),
                _FEAR_NOTE,
                Rule(
                    "complacency",
                    "“{quote}” lets the problem off the hook. A caring coach takes it "
                    "seriously, because they care.",
                ),
            ),
            plain=(
                "Thank you. Have a look below at how the coach's words differ from the critic's."
            ),
        ),
    ),
    closing="Next time the critic starts up about this, you have the coach's words ready.",
)

# The friend exercise as a practice; its questions are the coach's own (coach.STEPS).
FRIEND: Final = Practice(
    kind="friend",
    title="The friend exercise",
    intro=(
        "When you're struggling, what would you say to a close friend in the same "
        "spot? This exercise sets your words to yourself beside your words to them, "
        "then hands your friend-words back to you."
    ),
    steps=(
        PracticeStep(
            "situation",
            "The situation",
            "What happened? A few words are enough. (Enter to skip.)",
            optional=True,
            plain="Thank you.",
        ),
        PracticeStep(
            "self",
            "What you say to yourself",
            "What are you saying to yourself about it? Write it the way it sounds in your head.",
            plain="Thank you for writing it as it is. Next, the friend.",
        ),
        PracticeStep(
            "friend",
            "What you'd say to your friend",
            "Now picture a close friend in exactly this situation, telling you about it. "
            "What would you say to them?",
            plain="Thank you. Here's how the two compare.",
        ),
        PracticeStep(
            "final",
            "Your final version",
            "Change your friend-words into what you'll say to yourself now. "
            "(Enter keeps the version in your own voice as it is.)",
            optional=True,
            plain="",
        ),
    ),
    closing="Your final version is saved with the session.",
)

PRACTICES: Final[dict[str, Practice]] = {p.kind: p for p in (FRIEND, BREAK, FIERCE, MOTIVATE)}


def get_practice(name: str) -> Practice:
    practice = PRACTICES.get(name.strip().lower())
    if practice is None:
        raise UnknownPracticeError(name)
    return practice
