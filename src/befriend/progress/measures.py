"""What progress counts, defined in one place (docs/progress.md explains each).

Every measure is a count of sentences the analyzer labelled, or an average of the
user's own check-in answers. None of them is a validated measure of anything.
"""

from __future__ import annotations

from typing import Final

from befriend.labels import CRITIC_LABELS

# A sentence "where the critic speaks" carries at least one of these labels:
# self_judgment, isolation, over_identification, fear_motivation, compassion_block
# (the labels the CLI highlights as the inner critic).
CRITIC: Final[frozenset[str]] = CRITIC_LABELS

# The three parts of self-compassion, each against its uncompassionate opposite:
# (name, compassionate label, opposite label).
PAIRS: Final[tuple[tuple[str, str, str], ...]] = (
    ("kindness", "self_kindness", "self_judgment"),
    ("common_humanity", "common_humanity", "isolation"),
    ("mindfulness", "mindfulness", "over_identification"),
)

PAIR_TITLES: Final[dict[str, tuple[str, str]]] = {
    "kindness": ("self-kindness", "self-judgment"),
    "common_humanity": ("common humanity", "isolation"),
    "mindfulness": ("mindfulness", "over-identification"),
}

# Check-in trends: each dimension averages the (turned-round) answers of the items
# whose component is listed, so a kinder day always reads higher.
CHECKIN_DIMENSIONS: Final[tuple[tuple[str, frozenset[str]], ...]] = (
    ("mood", frozenset({"mood"})),
    ("kindness", frozenset({"self_kindness", "self_judgment"})),
    ("common_humanity", frozenset({"common_humanity", "isolation"})),
    ("mindfulness", frozenset({"mindfulness", "over_identification"})),
    ("tender", frozenset({"tender"})),
    ("fierce", frozenset({"fierce"})),
)

DIMENSION_TITLES: Final[dict[str, str]] = {
    "mood": "mood",
    "kindness": "kindness to yourself",
    "common_humanity": "feeling it's shared",
    "mindfulness": "steady with feelings",
    "tender": "comfort you gave yourself",
    "fierce": "acting for yourself",
}

CAVEAT: Final = (
    "These are counts of what the analyzer noticed in your writing: a mirror, not a score "
    "of you. Check-ins are a reflection aid, not a validated measure."
)
