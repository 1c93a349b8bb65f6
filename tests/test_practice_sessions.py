"""The practice-session repository on the real database (SQLite, and PostgreSQL
when a server is given): each answer its own transaction, state through the codec."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from befriend.coach.practices import PracticeRun, get_practice
from befriend.coach.practices.sessions import (
    DONE,
    IN_PROGRESS,
    SET_ASIDE,
    PracticeSessions,
    SessionNotFoundError,
)
from befriend.store.codec import PlainCodec
from befriend.store.models import PracticeSession


class RecordingCodec(PlainCodec):
    """The plain codec, noting every context it is asked to use."""

    def __init__(self) -> None:
        self.contexts: list[str] = []

    def encode(self, text: str, context: str = "") -> bytes:
        self.contexts.append(context)
        return super().encode(text, context)

    def decode(self, blob: bytes, context: str = "") -> str:
        self.contexts.append(context)
        return super().decode(blob, context)


def test_each_answer_is_saved_at_once_through_the_codec(journal: Any) -> None:
    codec = RecordingCodec()
    journal.codec = codec
    sessions = PracticeSessions(journal)
    record = sessions.create("break")
    sessions.save_answer(record, "notice", "It hurts that I wasn't invited.", crisis=False)
    # Read back by a fresh repository: the answer is already in the database.
    again = PracticeSessions(journal).get(record.id)
    assert again.status == IN_PROGRESS
    assert again.step == 1
    assert again.answers["notice"]["text"] == "It hurts that I wasn't invited."
    assert again.answers["notice"]["crisis"] is False
    assert set(codec.contexts) == {f"practice_sessions.state:{record.id}"}
    with journal.transaction() as s:
        raw = bytes(s.scalars(select(PracticeSession.state)).one())
    assert (
        json.loads(raw.decode())["answers"]["notice"]["text"] == "It hurts that I wasn't invited."
    )


def test_resume_finish_set_aside_and_list(journal: Any) -> None:
    sessions = PracticeSessions(journal)
    first = sessions.create("break")
    fierce = sessions.create("fierce")
    second = sessions.create("break")
    sessions.save_answer(first, "notice", "A hard day.")
    assert sessions.latest_unfinished("break").id == first.id  # type: ignore[union-attr]
    assert sessions.latest_unfinished().id == first.id  # type: ignore[union-attr]
    sessions.set_aside(first)
    assert sessions.latest_unfinished("break").id == second.id  # type: ignore[union-attr]
    sessions.finish(second)
    assert sessions.latest_unfinished("break") is None
    assert sessions.latest_unfinished().id == fierce.id  # type: ignore[union-attr]
    listed = sessions.list()
    assert [r.id for r in listed] == [second.id, fierce.id, first.id]
    assert [r.status for r in listed] == [DONE, IN_PROGRESS, SET_ASIDE]
    assert all(r.state == {} for r in listed)  # a listing decodes nothing
    assert [r.id for r in sessions.list(kind="fierce")] == [fierce.id]
    assert sessions.get(first.id[:8]).answers["notice"]["text"] == "A hard day."


def test_an_unknown_session_is_a_clear_error(journal: Any) -> None:
    sessions = PracticeSessions(journal)
    try:
        sessions.get("deadbeef")
    except SessionNotFoundError as exc:
        assert exc.message == (
            "There's no practice session 'deadbeef'. `befriend practice list` shows your "
            "sessions and their ids."
        )
    else:
        raise AssertionError("no error")


def test_a_run_resumed_from_the_database_continues_where_it_stopped(
    journal: Any, analyzer: Any
) -> None:
    practice = get_practice("break")
    run = PracticeRun.start(practice, PracticeSessions(journal), analyzer)
    run.answer("I feel awful about snapping at my sister today.")
    record = PracticeSessions(journal).get(run.record.id)
    again = PracticeRun.resume(practice, PracticeSessions(journal), analyzer, record)
    assert again.next_step is not None and again.next_step.key == "common"
    assert [r.text for r in again.results.values()] == [
        "I feel awful about snapping at my sister today."
    ]
    again.answer("Lots of people lose their temper when they're exhausted.")
    again.answer("Go easy on yourself, you were tired.")
    done = PracticeSessions(journal).get(run.record.id)
    assert done.status == DONE
    assert done.step == 3
    assert list(done.answers) == ["notice", "common", "kind"]


@given(text=st.text(min_size=1, max_size=300))
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_answer_round_trips_exactly(journal: Any, text: str) -> None:
    sessions = PracticeSessions(journal)
    record = sessions.create("break")
    sessions.save_answer(record, "notice", text)
    assert sessions.get(record.id).answers["notice"]["text"] == text
