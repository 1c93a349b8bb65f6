"""Practice sessions in the journal's database (the ``practice_sessions`` table).

Each answer is saved in its own short transaction the moment it is given, so a
Ctrl-C, a closed terminal or a crash loses at most the answer being typed. The
state (the user's answers and what befriend derived from them) is one JSON object
written through the journal's codec with the context ``practice_sessions.state:<id>``,
so it is sealed when encryption is on. Kind, status, step and times stay in clear.

Importing this module imports SQLAlchemy: the CLI imports it inside commands.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import select

from befriend.errors import BefriendError
from befriend.store.codec import PRACTICE_STATE, context_for
from befriend.store.models import PracticeSession, new_id, utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from befriend.store.journal import Journal

STATE_VERSION: Final[int] = 1
IN_PROGRESS: Final[str] = "in_progress"
DONE: Final[str] = "done"
SET_ASIDE: Final[str] = "set_aside"
STATUSES: Final[tuple[str, ...]] = (IN_PROGRESS, DONE, SET_ASIDE)


class SessionNotFoundError(BefriendError):
    code = "session_not_found"

    def __init__(self, session_id: str) -> None:
        super().__init__(
            f"There's no practice session {session_id!r}. `befriend practice list` shows "
            "your sessions and their ids."
        )


class SessionStateError(BefriendError):
    code = "session_state"


@dataclass(slots=True)
class SessionRecord:
    """One practice session as the library sees it. ``state`` is decoded JSON:
    ``answers`` maps each step key to ``{"text", "at", ...}``; other keys (``crisis``,
    ``block_offered``, ``action``, ...) are the practice's own."""

    id: str
    kind: str
    status: str
    step: int
    created_at: datetime
    updated_at: datetime
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def answers(self) -> dict[str, dict[str, Any]]:
        answers: dict[str, dict[str, Any]] = self.state.setdefault("answers", {})
        return answers

    @property
    def finished(self) -> bool:
        return self.status == DONE

    def summary(self) -> dict[str, Any]:
        """The clear-text facts of a session (no words), for listings."""
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "steps_answered": self.step,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


class PracticeSessions:
    """The repository: create, save an answer, resume, finish, list."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    # -- writes: each one short transaction ----------------------------------------
    def create(self, kind: str, state: dict[str, Any] | None = None) -> SessionRecord:
        now = utcnow()
        record = SessionRecord(
            id=new_id(),
            kind=kind,
            status=IN_PROGRESS,
            step=0,
            created_at=now,
            updated_at=now,
            state={"version": STATE_VERSION, "answers": {}, **(state or {})},
        )
        with self.journal.transaction(write=True) as s:
            self._guard(s)
            s.add(
                PracticeSession(
                    id=record.id,
                    kind=kind,
                    status=IN_PROGRESS,
                    step=0,
                    state=self._encode(record),
                    created_at=now,
                    updated_at=now,
                )
            )
        return record

    def save(self, record: SessionRecord, *, status: str | None = None) -> SessionRecord:
        """Write ``record``'s state (and step count, and ``status`` if given) in one
        transaction. The step count is the number of answers."""
        if status is not None and status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        record.step = len(record.answers)
        record.updated_at = utcnow()
        if status is not None:
            record.status = status
        blob = self._encode(record)
        with self.journal.transaction(write=True) as s:
            self._guard(s)
            row = s.get(PracticeSession, record.id)
            if row is None:
                raise SessionNotFoundError(record.id)
            row.state = blob
            row.step = record.step
            row.status = record.status
            row.updated_at = record.updated_at
        return record

    def save_answer(
        self, record: SessionRecord, step: str, text: str, **derived: Any
    ) -> SessionRecord:
        """Save the answer to ``step`` (with anything derived from it) at once."""
        record.answers[step] = {"text": text, "at": utcnow().isoformat(), **derived}
        return self.save(record)

    def finish(self, record: SessionRecord) -> SessionRecord:
        return self.save(record, status=DONE)

    def set_aside(self, record: SessionRecord) -> SessionRecord:
        """Keep an unfinished session's answers but stop offering to resume it."""
        return self.save(record, status=SET_ASIDE)

    # -- reads ---------------------------------------------------------------------
    def get(self, session_id: str) -> SessionRecord:
        wanted = session_id.strip().lower()
        with self.journal.transaction() as s:
            row = s.get(PracticeSession, wanted)
            if row is None and len(wanted) >= 4:
                rows = list(
                    s.scalars(
                        select(PracticeSession)
                        .where(PracticeSession.id.startswith(wanted))
                        .limit(2)
                    )
                )
                row = rows[0] if len(rows) == 1 else None
            if row is None:
                raise SessionNotFoundError(session_id)
            return self._record(row)

    def latest_unfinished(self, kind: str | None = None) -> SessionRecord | None:
        """The most recently touched session still in progress (of ``kind``)."""
        stmt = select(PracticeSession).where(PracticeSession.status == IN_PROGRESS)
        if kind is not None:
            stmt = stmt.where(PracticeSession.kind == kind)
        stmt = stmt.order_by(PracticeSession.updated_at.desc(), PracticeSession.id.desc()).limit(1)
        with self.journal.transaction() as s:
            row = s.scalars(stmt).first()
            return None if row is None else self._record(row)

    def list(
        self, *, kind: str | None = None, limit: int | None = None, decode: bool = False
    ) -> list[SessionRecord]:
        """Sessions, newest first. Without ``decode`` the state is left empty, so a
        listing never needs the passphrase."""
        stmt = select(PracticeSession).order_by(
            PracticeSession.created_at.desc(), PracticeSession.id.desc()
        )
        if kind is not None:
            stmt = stmt.where(PracticeSession.kind == kind)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.journal.transaction() as s:
            rows = list(s.scalars(stmt))
            return [self._record(row, decode=decode) for row in rows]

    # -- helpers -------------------------------------------------------------------
    def _guard(self, s: Session) -> None:
        """Refuse to write if encryption was turned on or off, or the passphrase
        changed, since this journal was opened (the vault's guard)."""
        self.journal.check_codec(s)

    def _encode(self, record: SessionRecord) -> bytes:
        text = json.dumps(record.state, ensure_ascii=False)
        return self.journal.codec.encode(text, context_for(PRACTICE_STATE, record.id))

    def _record(self, row: PracticeSession, *, decode: bool = True) -> SessionRecord:
        state: dict[str, Any] = {}
        if decode:
            raw = self.journal.codec.decode(bytes(row.state), context_for(PRACTICE_STATE, row.id))
            try:
                loaded = json.loads(raw)
            except json.JSONDecodeError:
                raise SessionStateError(
                    f"The saved answers of practice session {row.id[:8]} can't be read. "
                    "Nothing was changed; you can start the practice again."
                ) from None
            state = loaded if isinstance(loaded, dict) else {}
        return SessionRecord(
            id=row.id,
            kind=row.kind,
            status=row.status,
            step=row.step,
            created_at=row.created_at,
            updated_at=row.updated_at,
            state=state,
        )
