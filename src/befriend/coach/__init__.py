"""The coach: the friend exercise, the re-addressing rewrite, the phrase bank and the
notes on what a final version still needs (docs/coach.md).

Each step is a plain function, so a guided practice can call them one at a time:

- :func:`friend_gap` compares the words to oneself with the words to a friend;
- :func:`readdress` turns the friend-words round (distanced and first person);
- :func:`review_final` says what a final version still needs;
- :func:`suggest_for` / :func:`choose_phrases` pick phrases from the bank;
- :func:`block_response` answers the belief that kindness makes one soft;
- :func:`run_friend_exercise` runs them all on the user's texts.
"""

from __future__ import annotations

from befriend.coach.exercise import (
    CRISIS_PAUSE,
    STEPS,
    CoachInputError,
    FriendExercise,
    Step,
    run_friend_exercise,
)
from befriend.coach.gap import FriendGap, GapItem, Quote, friend_gap, quotes_for
from befriend.coach.phrases import Phrase, PhraseBank, PhraseBankError, load_phrase_bank
from befriend.coach.review import BlockResponse, FinalReview, Note, block_response, review_final
from befriend.coach.rewrite import Rewrite, RewriteNote, distanced, first_person, readdress
from befriend.coach.situation import SituationMatch, classify_situation
from befriend.coach.suggest import Suggestion, choose_phrases, needs_for, suggest_for

__all__ = [
    "CRISIS_PAUSE",
    "STEPS",
    "BlockResponse",
    "CoachInputError",
    "FinalReview",
    "FriendExercise",
    "FriendGap",
    "GapItem",
    "Note",
    "Phrase",
    "PhraseBank",
    "PhraseBankError",
    "Quote",
    "Rewrite",
    "RewriteNote",
    "SituationMatch",
    "Step",
    "Suggestion",
    "block_response",
    "choose_phrases",
    "classify_situation",
    "distanced",
    "first_person",
    "friend_gap",
    "load_phrase_bank",
    "needs_for",
    "quotes_for",
    "readdress",
    "review_final",
    "run_friend_exercise",
    "suggest_for",
]
