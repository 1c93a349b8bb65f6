"""The friend exercise, end to end (Neff's "how would you treat a friend?").

1. the situation (optional), 2. what you say to yourself, 3. what you would say to a
close friend in the same spot, 4. the friend gap, 5. the friend-words re-addressed
to you, 6. a final version and what it still needs.

`run_friend_exercise` runs the steps that need no input between them. A practice
flow that asks one step at a time calls the parts itself: `Analyzer.analyze`,
`friend_gap`, `readdress`, `review_final`, `suggest_for`, `block_response`.

Every text is screened first. If any is a crisis, the exercise stops there: no gap,
no rewrite, no critique; the caller shows the crisis resources.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from befriend.coach.gap import FriendGap, friend_gap
from befriend.coach.phrases import load_phrase_bank
from befriend.coach.review import BlockResponse, FinalReview, block_response, review_final
from befriend.coach.rewrite import Rewrite, readdress
from befriend.coach.situation import SituationMatch, classify_situation
from befriend.coach.suggest import Suggestion, suggest_for
from befriend.errors import BefriendError
from befriend.text import validate_text

if TYPE_CHECKING:
    from befriend.analysis import Analysis
    from befriend.analyzer import Analyzer
    from befriend.coach.backends import SuggestionBackend
    from befriend.coach.drafting import BackendReport

STEP_NAMES: Final[dict[str, str]] = {
    "situation": "The situation",
    "self": "What you say to yourself",
    "friend": "What you'd say to your friend",
    "final": "Your final version",
    "rewrite": "Your friend-words, re-addressed to you",
}


@dataclass(frozen=True, slots=True)
class Step:
    """One question of the friend exercise, for a flow that asks them in turn."""

    key: str
    prompt: str
    optional: bool = False


# The questions of the friend exercise, in order, in befriend's own words.
STEPS: Final[tuple[Step, ...]] = (
    Step("situation", "What happened? A few words are enough.", optional=True),
    Step(
        "self",
        "What are you saying to yourself about it? Write it the way it sounds in your head.",
    ),
    Step(
        "friend",
        "Now picture a close friend in exactly this situation, telling you about it. "
        "What would you say to them?",
    ),
    Step(
        "final",
        "Here are your own words to your friend, turned round to you. Change them into "
        "what you'll say to yourself now.",
    ),
)
CRISIS_PAUSE: Final[str] = (
    "Let's set the exercise aside for now. What you wrote sounds like you're carrying "
    "something very heavy, and right now the people above matter more than any "
    "exercise. You can come back to it whenever you like."
)


class CoachInputError(BefriendError):
    code = "coach_input"


@dataclass(frozen=True, slots=True)
class FriendExercise:
    """The result of the friend exercise. On a crisis only the analyses, the crisis
    flag and ``crisis_in`` are filled."""

    self_analysis: Analysis
    friend_analysis: Analysis
    final_analysis: Analysis | None
    final_source: str | None
    """``given`` (the user's final version) or ``distanced_rewrite`` (none was given,
    so the distanced rewrite stands in for it); ``None`` on a crisis."""
    situation: str
    situations: tuple[SituationMatch, ...]
    crisis_in: tuple[str, ...]
    gap: FriendGap | None
    rewrite: Rewrite | None
    review: FinalReview | None
    suggestions: tuple[Suggestion, ...]
    block: BlockResponse | None
    phrase_bank: str
    backend: BackendReport | None = None
    """Which suggestion backend drafted the friend-voice rewrite and the
    suggestions (befriend.coach.drafting); ``None`` on a crisis."""

    @property
    def crisis(self) -> bool:
        return bool(self.crisis_in)

    def to_dict(self) -> dict[str, Any]:
        return {
            "crisis": self.crisis,
            "crisis_in": list(self.crisis_in),
            "message": CRISIS_PAUSE if self.crisis else None,
            "situation": {
                "text": self.situation,
                "matches": [m.to_dict() for m in self.situations],
            },
            "self": self.self_analysis.to_dict(),
            "friend": self.friend_analysis.to_dict(),
            "final": self.final_analysis.to_dict() if self.final_analysis else None,
            "final_source": self.final_source,
            "gap": self.gap.to_dict() if self.gap else None,
            "rewrite": self.rewrite.to_dict() if self.rewrite else None,
            "summary": self.review.summary if self.review else None,
            "notes": [n.to_dict() for n in self.review.notes] if self.review else [],
            "suggestions": [s.to_dict() for s in self.suggestions],
            "block": self.block.to_dict() if self.block else None,
            "phrase_bank": self.phrase_bank,
            "backend": self.backend.to_dict() if self.backend else None,
        }


def _analyze_steps(analyzer: Analyzer, texts: dict[str, str]) -> dict[str, Analysis]:
    out: dict[str, Analysis] = {}
    results = analyzer.analyze_each(list(texts.values()))
    for step, result in zip(texts, results, strict=True):
        if isinstance(result, BefriendError):
            raise CoachInputError(f"{STEP_NAMES[step]}: {result.message}")
        out[step] = result
    return out


def run_friend_exercise(
    analyzer: Analyzer,
    self_text: str,
    friend_text: str,
    *,
    name: str | None = None,
    friend_name: str | None = None,
    final: str | None = None,
    situation: str = "",
    recent: Collection[str] = (),
    seed: int = 0,
    suggestions: int = 3,
    backend: SuggestionBackend | None = None,
) -> FriendExercise:
    """Run the friend exercise on the user's texts.

    ``final`` is the version the user will say to themselves; without it the
    distanced rewrite is analysed in its place (``final_source``). ``recent`` holds
    ids of phrases shown lately, not to be shown again; ``seed`` varies the choice
    among equally good phrases. ``backend`` drafts the friend-voice rewrite and the
    suggestions (default: the phrase bank); its drafts are checked before use.
    """
    situation = situation.strip()
    crisis_in: list[str] = []
    if situation:
        try:
            validate_text(situation)
        except BefriendError as exc:
            raise CoachInputError(f"{STEP_NAMES['situation']}: {exc.message}") from None
        if analyzer.screen.screen(situation).crisis:
            crisis_in.append("situation")
    texts = {"self": self_text, "friend": friend_text}
    if final is not None:
        texts["final"] = final
    analyses = _analyze_steps(analyzer, texts)
    crisis_in.extend(step for step, a in analyses.items() if a.crisis)
    bank = load_phrase_bank()
    if crisis_in:
        return FriendExercise(
            analyses["self"],
            analyses["friend"],
            analyses.get("final"),
            None,
            situation,
            (),
            tuple(crisis_in),
            None,
            None,
            None,
            (),
            None,
            bank.fingerprint,
        )

    rewrite = readdress(friend_text, name=name, friend_name=friend_name)
    if final is None:
        final_analysis = analyzer.analyze(rewrite.distanced)
        final_source = "distanced_rewrite"
    else:
        final_analysis = analyses["final"]
        final_source = "given"
    # The rewrite is made from the user's words; screen it like anything shown to them.
    derived = [
        step
        for step, crisis in (
            ("final", final is None and final_analysis.crisis),
            ("rewrite", analyzer.screen.screen(rewrite.first_person).crisis),
        )
        if crisis
    ]
    if derived:
        return FriendExercise(
            analyses["self"],
            analyses["friend"],
            final_analysis,
            final_source,
            situation,
            (),
            tuple(derived),
            None,
            None,
            None,
            (),
            None,
            bank.fingerprint,
        )
    situations = classify_situation(situation, self_text, friend_text)
    review = review_final(final_analysis, situation=situation, recent=recent, seed=seed, bank=bank)
    shown = set(recent) | {s.phrase.id for n in review.notes for s in n.suggestions}
    picks = suggest_for(
        analyses["self"], situation=situation, count=suggestions, recent=shown, seed=seed, bank=bank
    )
    block = block_response(analyses["self"]) or block_response(final_analysis)
    report, picks = _drafted(
        analyzer, backend, analyses["self"], friend_text, situation, rewrite, picks
    )
    return FriendExercise(
        analyses["self"],
        analyses["friend"],
        final_analysis,
        final_source,
        situation,
        situations,
        (),
        friend_gap(analyses["self"], analyses["friend"]),
        rewrite,
        review,
        picks,
        block,
        bank.fingerprint,
        report,
    )


def _drafted(
    analyzer: Analyzer,
    backend: SuggestionBackend | None,
    self_analysis: Analysis,
    friend_text: str,
    situation: str,
    rewrite: Rewrite,
    picks: tuple[Suggestion, ...],
) -> tuple[BackendReport, tuple[Suggestion, ...]]:
    from befriend.coach.backends.curated import CuratedBackend
    from befriend.coach.drafting import draft_with

    return draft_with(
        analyzer,
        backend or CuratedBackend(),
        self_text=self_analysis.text,
        friend_text=friend_text,
        situation=situation,
        rewrite=rewrite,
        suggestions=picks,
    )
