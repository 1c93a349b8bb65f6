"""The twelve labels of TAXONOMY.md and their plain-language readings."""

from __future__ import annotations

from typing import Final

LABELS: Final[tuple[str, ...]] = (
    "self_judgment",
    "self_kindness",
    "isolation",
    "common_humanity",
    "over_identification",
    "mindfulness",
    "tender",
    "fierce",
    "fear_motivation",
    "complacency",
    "compassion_block",
    "crisis",
)

BALANCES: Final[tuple[str, ...]] = ("balanced", "too_tender", "too_harsh", "none")

# Labels where the inner critic speaks; the CLI highlights their evidence.
CRITIC_LABELS: Final[frozenset[str]] = frozenset(
    {"self_judgment", "isolation", "over_identification", "fear_motivation", "compassion_block"}
)

# Labels of compassion: the CLI picks out their rule evidence, and a negation cancels
# their cues ("I can't forgive myself").
KIND_LABELS: Final[frozenset[str]] = frozenset(
    {"self_kindness", "tender", "fierce", "common_humanity", "mindfulness"}
)

# A one-line reading of each finding, in the voice the product speaks to people with.
READINGS: Final[dict[str, str]] = {
    "self_judgment": "The inner critic is speaking here, in words you'd likely never use on a friend.",
    "self_kindness": "There's warmth here: you're treating yourself the way a good friend would.",
    "isolation": "This sounds like feeling alone with it, as if everyone else copes and you don't.",
    "common_humanity": "You're seeing this as something many people go through, not a flaw of yours.",
    "over_identification": "One moment or feeling is being stretched into a verdict on all of you.",
    "mindfulness": "You're naming what you feel, plainly, without pushing it away or blowing it up.",
    "tender": "This is the tender side of compassion: comfort, acceptance, being with the pain.",
    "fierce": "This is the fierce side of compassion: protecting, providing for, or moving yourself on.",
    "fear_motivation": "This pushes with threat or punishment, as though fear is what keeps you going.",
    "complacency": "A real problem is being waved away; kindness can also mean doing something about it.",
    "compassion_block": "There's a worry here that being kind to yourself would make you weak or lazy.",
    "crisis": "Some of these words sound like you may be in danger or thinking about not being here.",
}

BALANCE_READINGS: Final[dict[str, str]] = {
    "balanced": "Tender and fierce energy are both here, with no harsh voice: comfort and action together.",
    "too_tender": "There's comfort, but a real problem is left standing with no step toward it.",
    "too_harsh": "The push to act is coming from harshness or fear, with no warmth alongside it.",
    "none": "There isn't enough tender or fierce energy here to say how they balance.",
}

DISPLAY: Final[dict[str, str]] = {
    "self_judgment": "self-judgment",
    "self_kindness": "self-kindness",
    "isolation": "isolation",
    "common_humanity": "common humanity",
    "over_identification": "over-identification",
    "mindfulness": "mindfulness",
    "tender": "tender energy",
    "fierce": "fierce energy",
    "fear_motivation": "motivation by fear",
    "complacency": "complacency",
    "compassion_block": "a block to self-compassion",
    "crisis": "crisis",
}
