"""Running a practice one step at a time, saving each answer as it is given.

:class:`PracticeRun` holds no I/O of its own besides the repository: the CLI (or a
web page, or a script) asks the questions, passes each answer to
:meth:`PracticeRun.answer` and renders the :class:`StepResult` it gets back.

For every answer: the text is checked (empty, too long), read by the analyzer
(which runs the safety screen first) BEFORE any transaction, then saved in its
own transaction. On a crisis the step gets no reflection and no critique; every
later step only gets a gentle acknowledgement, and the caller shows the crisis
resources first. The block response is offered at most once per session.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from befriend.coach.gap import FriendGap, friend_gap
from befriend.coach.practices.reflect import (
    AFTER_CRISIS,
    NO_WHEN,
    UNREAD,
    Contrast,
    ReflectionLine,
    contrast,
    has_when,
    reflect,
)
from befriend.coach.practices.steps import Practice, PracticeStep
from befriend.coach.review import BlockResponse, FinalReview, block_response, review_final
from befriend.coach.rewrite import Rewrite, readdress
from befriend.coach.suggest import Suggestion, suggest_for
from befriend.errors import BefriendError, EmptyTextError, InputDecodeError
from befriend.text import MAX_TEXT_CHARS, validate_text

if TYPE_CHECKING:
    from befriend.analysis import Analysis
    from befriend.analyzer import Analyzer
    from befriend.coach.practices.sessions import PracticeSessions, SessionRecord

PAUSE_MESSAGE: Final[str] = (
    "Let's set the practice aside for now. What you wrote sounds very heavy, and the "
    "people above matter more than any exercise. What you've written is saved, and you "
    "can come back to it whenever you like, or not at all."
)


class StepInputError(BefriendError):
    code = "practice_input"


@dataclass(frozen=True, slots=True)
class StepResult:
    """What one answered step gave back."""

    step: PracticeStep
    text: str
    skipped: bool
    analysis: Analysis | None
    unread: str | None
    crisis: bool
    gentle: bool
    """Answered after a crisis earlier in the session: acknowledged, not critiqued."""
    reflection: tuple[ReflectionLine, ...]
    block: BlockResponse | None = None
    gap: FriendGap | None = None
    rewrite: Rewrite | None = None
    review: FinalReview | None = None
    suggestions: tuple[Suggestion, ...] = field(default=())
    contrast: Contrast | None = None

    def to_dict(self) -> dict[str, Any]:
        obj: dict[str, Any] = {
            "key": self.step.key,
            "title": self.step.title,
            "prompt": self.step.prompt,
            "text": self.text,
            "skipped": self.skipped,
            "analysis": self.analysis.to_dict() if self.analysis else None,
            "unread": self.unread,
            "crisis": self.crisis,
            "gentle": self.gentle,
            "reflection": [line.to_dict() for line in self.reflection],
            "block": self.block.to_dict() if self.block else None,
        }
        if self.gap is not None:
            obj["gap"] = self.gap.to_dict()
        if self.rewrite is not None:
            obj["rewrite"] = self.rewrite.to_dict()
        if self.review is not None:
            obj["review"] = self.review.to_dict()
            obj["suggestions"] = [s.to_dict() for s in self.suggestions]
        if self.contrast is not None:
            obj["contrast"] = self.contrast.to_dict()
        return obj


def check_answer(step: PracticeStep, text: str, *, limit: int = MAX_TEXT_CHARS) -> str:
    """The answer as it will be saved, or a clear error: empty (for a step that
    needs an answer), too long, or not valid text. A trailing newline is dropped."""
    text = text.rstrip("\r\n")
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        raise InputDecodeError(
            f"{step.title}: the text has bytes that aren't valid UTF-8, so it wasn't saved. "
            "Check your terminal's encoding (it should be UTF-8) and try again."
        )
    if not text.strip():
        if step.optional:
            return ""
        raise StepInputError(
            f"{step.title}: this step is empty. Write a few words, even rough ones, and try again."
        )
    try:
        validate_text(text, limit=limit)
    except BefriendError as exc:
        raise StepInputError(f"{step.title}: {exc.message}") from None
    return text


def plan_answers(
    practice: Practice, answered: Collection[str], given: Mapping[str, str]
) -> list[tuple[PracticeStep, str]]:
    """Answers given all at once (a script), as the steps to answer in order: the
    given ones, with skipped optional steps between them. Every problem (a step
    already answered, a required step skipped, an empty or over-long answer) is
    raised before anything is saved."""
    for key in given:
        practice.step(key)  # UnknownStepError for a step this practice doesn't have
    already = [k for k in given if k in answered]
    if already:
        raise StepInputError(
            f"The step {already[0]!r} is already answered in this session; give answers "
            "only for the steps still to do. Nothing was saved."
        )
    remaining = [s for s in practice.steps if s.key not in answered]
    last = max((i for i, s in enumerate(remaining) if s.key in given), default=-1)
    planned: list[tuple[PracticeStep, str]] = []
    for step in remaining[: last + 1]:
        if step.key in given:
            planned.append((step, given[step.key]))
        elif step.optional:
            planned.append((step, ""))
        else:
            raise StepInputError(
                f"The answers skip the step {step.key!r} ({step.title}); add --answer "
                f"{step.key}=... . Nothing was saved."
            )
    for step, text in planned:
        check_answer(step, text)
    return planned


class PracticeRun:
    """One practice session in progress (or finished, for reading back)."""

    def __init__(
        self,
        practice: Practice,
        sessions: PracticeSessions,
        analyzer: Analyzer,
        record: SessionRecord,
    ) -> None:
        if record.kind != practice.kind:
            raise ValueError(f"session {record.id} is a {record.kind} session")
        self.practice = practice
        self.sessions = sessions
        self.analyzer = analyzer
        self.record = record
        self.results: dict[str, StepResult] = {}
        self._analyses: dict[str, Analysis | None] = {}
        self._crisis_in: list[str] = []

    # -- starting and resuming -------------------------------------------------------
    @classmethod
    def start(
        cls,
        practice: Practice,
        sessions: PracticeSessions,
        analyzer: Analyzer,
        *,
        name: str | None = None,
    ) -> PracticeRun:
        state: dict[str, Any] = {"name": name} if name else {}
        return cls(practice, sessions, analyzer, sessions.create(practice.kind, state))

    @classmethod
    def resume(
        cls,
        practice: Practice,
        sessions: PracticeSessions,
        analyzer: Analyzer,
        record: SessionRecord,
    ) -> PracticeRun:
        """Pick a saved session up again: the answers so far are read back (and
        re-analysed, without saving anything) so the run continues where it stopped."""
        run = cls(practice, sessions, analyzer, record)
        run.replay()
        return run

    def replay(self) -> None:
        self.results.clear()
        self._analyses.clear()
        self._crisis_in.clear()
        for step in self.practice.steps:
            saved = self.record.answers.get(step.key)
            if saved is None:
                break
            self._process(step, str(saved.get("text", "")), replay=True)

    # -- where we are ------------------------------------------------------------------
    @property
    def next_step(self) -> PracticeStep | None:
        for step in self.practice.steps:
            if step.key not in self.record.answers:
                return step
        return None

    @property
    def done(self) -> bool:
        return self.next_step is None

    @property
    def crisis_in(self) -> tuple[str, ...]:
        return tuple(self._crisis_in)

    @property
    def name(self) -> str | None:
        value = self.record.state.get("name")
        return str(value) if value else None

    @property
    def rewrite(self) -> Rewrite | None:
        """The friend-words re-addressed (friend exercise, once the friend step is in)."""
        result = self.results.get("friend")
        return result.rewrite if result else None

    @property
    def action(self) -> str | None:
        value = self.record.state.get("action")
        return str(value) if value else None

    @property
    def block(self) -> BlockResponse | None:
        return next((r.block for r in self.results.values() if r.block), None)

    # -- answering ----------------------------------------------------------------------
    def answer(self, text: str) -> StepResult:
        """Check, read and save the answer to the next step; finish the session after
        the last one. Raises :class:`StepInputError` (nothing saved) for bad input."""
        step = self.next_step
        if step is None:
            raise StepInputError(
                "This practice is already finished; there's nothing left to answer."
            )
        text = check_answer(step, text)
        if step.key == "final" and not text and self.rewrite is not None:
            text = self.rewrite.first_person  # Enter keeps the version in one's own voice
        result = self._process(step, text, replay=False)
        derived: dict[str, Any] = {"crisis": result.crisis}
        if result.skipped:
            derived["skipped"] = True
        if result.analysis is not None:
            derived["labels"] = list(result.analysis.labels)
        state = self.record.state
        state["crisis_in"] = list(self._crisis_in)
        if result.block is not None:
            state["block_offered"] = step.key
        if result.rewrite is not None:
            state["rewrite"] = {
                "distanced": result.rewrite.distanced,
                "first_person": result.rewrite.first_person,
            }
        if self.practice.kind == "fierce" and step.key == "action":
            state["action"] = text
        self.sessions.save_answer(self.record, step.key, text, **derived)
        if self.done:
            self.sessions.finish(self.record)
        return result

    def _read(self, text: str) -> tuple[Analysis | None, str | None, bool]:
        try:
            analysis = self.analyzer.analyze(text)
        except EmptyTextError:
            return None, None, False
        except BefriendError as exc:
            return None, exc.message, self.analyzer.screen.screen(text).crisis
        return analysis, None, analysis.crisis

    def _process(self, step: PracticeStep, text: str, *, replay: bool) -> StepResult:
        gentle = bool(self._crisis_in)
        skipped = not text.strip()
        analysis: Analysis | None = None
        unread: str | None = None
        crisis = False
        if not skipped:
            analysis, unread, crisis = self._read(text)
        self._analyses[step.key] = analysis
        rewrite: Rewrite | None = None
        if self.practice.kind == "friend" and step.key == "friend" and not crisis:
            rewrite = readdress(text, name=self.name)
            crisis = self.analyzer.screen.screen(rewrite.first_person).crisis
        if crisis:
            self._crisis_in.append(step.key)
            result = StepResult(step, text, skipped, analysis, unread, True, gentle, ())
        elif gentle:
            lines = (ReflectionLine(AFTER_CRISIS),) if not skipped else ()
            result = StepResult(step, text, skipped, analysis, unread, False, True, lines)
        elif skipped:
            result = StepResult(step, text, True, None, None, False, False, ())
        else:
            result = self._reflect(step, text, analysis, unread, rewrite, replay=replay)
        self.results[step.key] = result
        return result

    def _reflect(
        self,
        step: PracticeStep,
        text: str,
        analysis: Analysis | None,
        unread: str | None,
        rewrite: Rewrite | None,
        *,
        replay: bool,
    ) -> StepResult:
        if analysis is None:
            lines: tuple[ReflectionLine, ...] = (
                ReflectionLine(UNREAD.format(why=(unread or "").rstrip(". "))),
            )
        else:
            lines = reflect(step, analysis)
        if self.practice.kind == "fierce" and step.key == "action" and not has_when(text):
            lines = (*lines, ReflectionLine(NO_WHEN))
        block = None
        if analysis is not None:
            offered = self.record.state.get("block_offered")
            if (replay and offered == step.key) or (not replay and not offered):
                block = block_response(analysis)
        extras: dict[str, Any] = {}
        kind, key = self.practice.kind, step.key
        if kind == "friend" and key == "friend":
            extras["rewrite"] = rewrite
            mine = self._analyses.get("self")
            if mine is not None and analysis is not None:
                extras["gap"] = friend_gap(mine, analysis)
        elif kind == "friend" and key == "final" and analysis is not None:
            situation = self.record.answers.get("situation", {}).get("text", "")
            review = review_final(analysis, situation=str(situation))
            shown = {s.phrase.id for n in review.notes for s in n.suggestions}
            mine = self._analyses.get("self")
            extras["review"] = review
            extras["suggestions"] = (
                suggest_for(mine, situation=str(situation), recent=shown) if mine else ()
            )
            lines = (ReflectionLine(review.summary),)
        elif kind == "motivate" and key == "coach" and analysis is not None:
            critic = self._analyses.get("critic")
            if critic is not None:
                extras["contrast"] = contrast(critic, analysis)
        return StepResult(step, text, False, analysis, unread, False, False, lines, block, **extras)

    # -- the record ----------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The whole session as JSON: its facts, each answered step with its analysis
        and reflection, and where it stands."""
        nxt = self.next_step
        return {
            **self.record.summary(),
            "title": self.practice.title,
            "steps": [r.to_dict() for r in self.results.values()],
            "next_step": nxt.key if nxt else None,
            "crisis": bool(self._crisis_in),
            "crisis_in": list(self._crisis_in),
            "message": PAUSE_MESSAGE if self._crisis_in else None,
            "block": self.block.to_dict() if self.block else None,
            "action": self.action if self.practice.kind == "fierce" else None,
        }
