"""The prompts befriend sends to a language model, written for the project.

They ask for warm, specific self-talk with both tender and fierce energy, in the
first person, and warn off stock cheer. Whatever comes back is still screened and
analysed before anyone sees it (befriend.coach.drafting): the prompt asks, the
checks decide.
"""

from __future__ import annotations

import re
from typing import Final

from befriend.coach.backends.base import DraftRequest

PROMPT_VERSION: Final[str] = "prompts v1"

SYSTEM: Final[str] = (
    "You help a person speak to themselves the way a warm, wise friend would speak "
    "to them. Write in plain, everyday English, in the first person (I, me, my), as "
    "words the person can say to themselves. Be specific to what they wrote. Be "
    "gentle about the pain and honest about the problem: comfort them, and where "
    "something needs doing, name one small, doable step, encouraged with care. Never "
    "insult, blame, threaten or shame. Never use stock cheer such as 'everything "
    "happens for a reason', 'stay positive', 'cheer up' or 'it's no big deal'. Reply "
    "with the words only: one to three short sentences, no introduction, no quotation "
    "marks, no list."
)

NEED_ASKS: Final[dict[str, str]] = {
    "self_judgment": "I have been talking to myself harshly. Answer the harsh words with warmth.",
    "over_identification": "One hard moment feels like a verdict on who I am. Help me see it "
    "as one moment.",
    "isolation": "I feel alone with this, as if everyone else copes. Remind me that other "
    "people struggle with this too.",
    "fear_motivation": "I push myself with fear and threats. Give me a reason to keep going "
    "that comes from care.",
    "complacency": "I have been brushing off a real problem. Be kind, and still name one "
    "small step I can take.",
    "compassion_block": "I worry that being kind to myself will make me lazy or soft. Speak "
    "to that worry honestly.",
    "missing_tender": "I need some warmth and comfort alongside the push.",
    "missing_fierce": "I need a step to take: protecting myself, giving myself what I need, "
    "or moving forward.",
}

ENERGY_ASKS: Final[dict[str, str]] = {
    "tender": "Let it be tender: comforting, accepting, gentle.",
    "fierce": "Let it be fierce: clear, protective and encouraging of action, and still kind.",
}


def _context(request: DraftRequest) -> str:
    lines = []
    if request.situation.strip():
        lines.append(f"{CLOSINGS[3]} {request.situation.strip()}")
    lines.append(f"{CLOSINGS[4]} {request.self_text.strip()}")
    return "\n".join(lines)


def messages_for(request: DraftRequest) -> list[dict[str, str]]:
    """The chat messages for one draft."""
    if request.kind == "rewrite":
        ask = (
            f"{_context(request)}\n"
            f"{CLOSINGS[5]} {request.friend_text.strip()}\n\n{CLOSINGS[1]} {CLOSINGS[2]}"
        )
    else:
        need = request.need or "missing_tender"
        parts = [_context(request), "", NEED_ASKS[need]]
        if request.energy in ENERGY_ASKS:
            parts.append(ENERGY_ASKS[request.energy])
        parts.append(CLOSINGS[0])
        ask = "\n".join(parts)
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": ask}]


CLOSINGS: Final[tuple[str, ...]] = (
    "Write one thing I could say to myself.",
    "Turn my words to my friend into words I can say to myself, in the first person.",
    "Keep their warmth and any step they suggest.",
    "What happened:",
    "What I said to myself:",
    "What I would say to a close friend in the same spot:",
)


def _fragments(texts: tuple[str, ...]) -> frozenset[str]:
    pieces = (p for t in texts for p in re.split(r"[.:;!?]+", t))
    normal = (" ".join(p.lower().replace("’", "'").split()) for p in pieces)
    return frozenset(p for p in normal if len(p.split()) >= 4)


PROMPT_FRAGMENTS: Final[frozenset[str]] = _fragments(
    (SYSTEM, *NEED_ASKS.values(), *ENERGY_ASKS.values(), *CLOSINGS[:3])
)
"""Pieces of befriend's own instructions (four words or more, lower-cased; not the
labels before the user's words): a draft that repeats one is echoing the prompt,
not speaking to the person."""
