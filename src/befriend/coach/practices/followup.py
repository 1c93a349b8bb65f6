"""The fierce break's action, asked about at the next check-in.

A finished fierce self-compassion break ends in one concrete action (kept, in the
person's words, in the session's sealed state). The next check-in asks whether they
took it; the answer is kept in the check-in's ``followup`` field as
``{"actions": [{"session": <id>, "answer": "yes" | "partly" | "no" | null}]}``
(``null``: asked, not answered). A session named in any check-in's follow-up is not
asked about again. Finding what's pending reads only ids and times, so it needs no
passphrase; reading the action's words does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from befriend.errors import BefriendError

if TYPE_CHECKING:
    from befriend.store.journal import Journal

ANSWERS: Final[tuple[str, ...]] = ("yes", "partly", "no")
MAX_ASKED: Final[int] = 3
RESPONSES: Final[dict[str, str]] = {
    "yes": "You did what you said you'd do for yourself. That's worth noticing.",
    "partly": "Part of it counts. Whatever got in the way is worth understanding, not judging.",
    "no": (
        "That's okay; it happens. The step is still there if you want it, and a smaller "
        "first piece of it might be easier."
    ),
}
_SYNONYMS: Final[dict[str, str]] = {
    "y": "yes",
    "yes": "yes",
    "yeah": "yes",
    "done": "yes",
    "p": "partly",
    "partly": "partly",
    "part": "partly",
    "some": "partly",
    "n": "no",
    "no": "no",
    "not yet": "no",
    "nope": "no",
}


class FollowupAnswerError(BefriendError):
    code = "followup_answer"

    def __init__(self, raw: str) -> None:
        super().__init__(
            f"{raw!r} isn't an answer befriend knows for whether you took your step; "
            "use yes, partly or no."
        )


@dataclass(frozen=True, slots=True)
class PendingAction:
    session_id: str
    finished_at: datetime
    text: str | None = None
    """The action in the person's words; None until read (see :func:`with_text`)."""


def parse_answer(raw: str) -> str | None:
    """``yes``, ``partly`` or ``no`` from what was typed; None for nothing typed."""
    key = " ".join(raw.strip().lower().split())
    if not key:
        return None
    if key in _SYNONYMS:
        return _SYNONYMS[key]
    raise FollowupAnswerError(raw.strip())


def pending_actions(journal: Journal, *, limit: int = MAX_ASKED) -> list[PendingAction]:
    """Finished fierce breaks no check-in has asked about yet, newest first."""
    from sqlalchemy import select

    from befriend.store.models import CheckIn, PracticeSession

    with journal.transaction() as s:
        asked: set[str] = set()
        for followup in s.scalars(select(CheckIn.followup).where(CheckIn.followup.is_not(None))):
            for item in (followup or {}).get("actions", []):
                if isinstance(item, dict) and isinstance(item.get("session"), str):
                    asked.add(item["session"])
        rows = s.execute(
            select(PracticeSession.id, PracticeSession.updated_at)
            .where(PracticeSession.kind == "fierce", PracticeSession.status == "done")
            .order_by(PracticeSession.updated_at.desc(), PracticeSession.id.desc())
        ).all()
    pending = [PendingAction(row[0], row[1]) for row in rows if row[0] not in asked]
    return pending[:limit]


def with_text(journal: Journal, pending: Sequence[PendingAction]) -> list[PendingAction]:
    """The pending actions with their words read (needs the journal's real codec)."""
    from befriend.coach.practices.sessions import PracticeSessions

    sessions = PracticeSessions(journal)
    out = []
    for item in pending:
        state = sessions.get(item.session_id).state
        out.append(PendingAction(item.session_id, item.finished_at, str(state.get("action", ""))))
    return out


def followup_record(answers: Sequence[tuple[str, str | None]]) -> dict[str, Any] | None:
    """The check-in's ``followup`` value for ``(session id, answer)`` pairs."""
    if not answers:
        return None
    return {"actions": [{"session": sid, "answer": answer} for sid, answer in answers]}
