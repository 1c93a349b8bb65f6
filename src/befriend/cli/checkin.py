"""`befriend checkin`: the one-minute daily check-in. Thin: ask, save, show.

Registered in main.py. Heavy modules load inside the command.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Annotated, Any, Final

import click
import typer

from befriend.cli.boundary import boundary
from befriend.errors import BefriendError

if TYPE_CHECKING:
    from befriend.checkin import CheckinItem, Reflection
    from befriend.checkin.store import SavedCheckin
    from befriend.coach.practices.followup import PendingAction
    from befriend.safety import CrisisMessage, SafetyResult

INTRO: Final = (
    "A one-minute check-in: a few questions about today, each from 1 to 5. "
    "Press Enter to skip any of them."
)
LOW_MOOD: Final = (
    "That sounds like a heavy day. You don't have to carry it alone: if it would help to talk "
    "to someone now, `befriend resources` lists people you can reach."
)
FIRST: Final = (
    "This is your first check-in, so there's nothing to set it beside yet. "
    "From your next ones on, befriend will show today next to your own recent days."
)
DIRECTION_MARK: Final = {"up": "▲", "down": "▼", "same": "=", "new": "·"}


class CheckinStopped(BefriendError):
    code = "checkin_stopped"

    def __init__(self) -> None:
        super().__init__("The check-in stopped before the end, so nothing was saved.")


def _ask(item: CheckinItem, number: int, total: int) -> int | None:
    typer.echo("")
    typer.echo(f"{number}/{total}  {item.wording}")
    typer.echo(f"      1 = {item.low}   …   5 = {item.high}")
    while True:
        raw = typer.prompt("      1-5", default="", show_default=False).strip()
        if not raw:
            return None
        if raw in {"1", "2", "3", "4", "5"}:
            return int(raw)
        typer.echo("      Type a number from 1 to 5, or press Enter to skip this one.")


def _interview(
    items: tuple[CheckinItem, ...], pending: list[PendingAction]
) -> tuple[dict[str, int], str | None, list[tuple[str, str | None]]]:
    typer.echo(INTRO)
    try:
        answers: dict[str, int] = {}
        for number, item in enumerate(items, 1):
            value = _ask(item, number, len(items))
            if value is not None:
                answers[item.id] = value
        asked = _ask_followup(pending)
        typer.echo("")
        note = typer.prompt(
            "Anything you'd like to add, in a few words? (Enter to skip)",
            default="",
            show_default=False,
        )
    except (typer.Abort, click.exceptions.Abort, EOFError):
        raise CheckinStopped() from None
    return answers, note.strip() or None, asked


def _screen_note(note: str) -> SafetyResult:
    from befriend.cli.journal import _check_decodable
    from befriend.safety import screen

    _check_decodable(note)
    return screen(note)


def _crisis_message(result: SafetyResult) -> CrisisMessage:
    from befriend.safety import load_resources, resolve_country
    from befriend.safety.messages import crisis_message
    from befriend.settings import load_settings

    country = resolve_country(load_settings().country, os.environ)
    return crisis_message(result, load_resources().for_country(country))


def _reflection_view(reflection: Reflection) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from befriend.checkin import NOT_A_MEASURE
    from befriend.checkin.score import SAME

    table = Table(title="Today beside your recent days", title_justify="left", box=None)
    table.add_column("")
    table.add_column("today", justify="right")
    table.add_column("last 7 days", justify="right")
    table.add_column("last 28 days", justify="right")
    for row in reflection.rows:
        table.add_row(
            f"{DIRECTION_MARK[row.direction]} {row.item.short}",
            str(row.answer),
            _mean(row.mean_7, row.count_7, row.item.reverse),
            _mean(row.mean_28, row.count_28, row.item.reverse),
        )
    parts: list[Any] = [table, Text("")]
    if reflection.first:
        parts.append(Text(FIRST))
    else:
        moved = [row for row in reflection.rows if row.direction in {"up", "down"}]
        for row in moved:
            parts.append(Text(f"{DIRECTION_MARK[row.direction]} Today {row.reading}."))
        if any(row.direction == "same" for row in reflection.rows):
            parts.append(Text(f"= {'The rest was' if moved else 'Everything was'} {SAME}."))
        if any(row.direction == "new" for row in reflection.rows):
            parts.append(Text("· Not enough check-ins yet to compare these."))
    parts.append(
        Text(
            "Answers are as you gave them; averages, with how many answers in brackets. "
            "▲ marks a kinder day even where a higher answer means a louder critic.",
            style="dim",
        )
    )
    parts.append(Text(NOT_A_MEASURE, style="italic"))
    return Group(*parts)


def _mean(value: float | None, count: int, reverse: bool) -> str:
    """The average of past answers as the user gave them (not turned round)."""
    if value is None:
        return "–"
    raw = 6 - value if reverse else value
    return f"{raw:.1f} ({count})"


def _print_items(as_json: bool) -> None:
    from befriend.checkin import load_items

    items = load_items()
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "id": i.id,
                        "component": i.component,
                        "wording": i.wording,
                        "reverse": i.reverse,
                        "low": i.low,
                        "high": i.high,
                    }
                    for i in items
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    for item in items:
        typer.echo(f"{item.id}: {item.wording} (1 = {item.low}, 5 = {item.high})")


def _pending_actions() -> list[PendingAction]:
    """Steps chosen in fierce breaks that no check-in has asked about, with their words."""
    from befriend.cli.journal import open_for_cli
    from befriend.coach.practices.followup import pending_actions, with_text
    from befriend.progress.load import NoTextCodec
    from befriend.settings import load_settings
    from befriend.store import open_journal

    with open_journal(load_settings(), codec=NoTextCodec()) as journal:
        pending = pending_actions(journal)
    if not pending:
        return []
    with open_for_cli() as journal:
        return with_text(journal, pending)


def _ask_followup(pending: list[PendingAction]) -> list[tuple[str, str | None]]:
    from befriend.coach.practices.followup import FollowupAnswerError, parse_answer

    asked: list[tuple[str, str | None]] = []
    for item in pending:
        typer.echo("")
        typer.echo(
            f"In a fierce self-compassion break you chose one step: “{item.text}”. "
            "Did you get to it?"
        )
        while True:
            raw = typer.prompt(
                "      yes / partly / not yet (Enter to skip)", default="", show_default=False
            )
            try:
                answer = parse_answer(raw)
            except FollowupAnswerError:
                typer.echo("      Type yes, partly or not yet, or press Enter to skip.")
                continue
            break
        asked.append((item.session_id, answer))
        if answer is not None:
            from befriend.coach.practices.followup import RESPONSES

            typer.echo(f"      {RESPONSES[answer]}")
    return asked


def _save(
    answers: dict[str, int], note: str | None, followup: dict[str, Any] | None = None
) -> tuple[SavedCheckin, Reflection]:
    from datetime import timedelta

    from befriend.checkin import reflect
    from befriend.checkin.store import add_checkin, checkins_since
    from befriend.cli.journal import open_for_cli
    from befriend.progress.load import NoTextCodec
    from befriend.settings import load_settings
    from befriend.store import open_journal
    from befriend.store.models import utcnow

    # Without a note nothing needs the passphrase: answers are stored in clear.
    journal = open_for_cli() if note else open_journal(load_settings(), codec=NoTextCodec())
    with journal:
        now = utcnow()
        history = checkins_since(journal, now - timedelta(days=28))
        saved = add_checkin(journal, answers, note=note, created_at=now, followup=followup)
    return saved, reflect(saved.answers, history, now)


@boundary
def checkin(
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            metavar="ITEM=N,...",
            help="Answer without questions, e.g. --answers mood=3,kindness=4 "
            "(see --items for the ids). Items left out count as skipped.",
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="A few words to keep with this check-in.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the saved check-in and its reflection as JSON.")
    ] = False,
    items: Annotated[
        bool, typer.Option("--items", help="List the check-in items and their ids, then stop.")
    ] = False,
    action_taken: Annotated[
        str | None,
        typer.Option(
            "--action-taken",
            metavar="yes|partly|no",
            help="Without questions: whether you took the step you chose in your last fierce "
            "self-compassion break.",
        ),
    ] = None,
) -> None:
    """A one-minute check-in: a few 1-5 questions, set beside your own recent days.

    A reflection aid, not a validated measure.
    """
    from befriend.checkin import load_items, parse_answers
    from befriend.cli.render import make_console

    if items:
        _print_items(as_json)
        return
    from befriend.coach.practices.followup import followup_record, parse_answer

    taken = parse_answer(action_taken) if action_taken is not None else None
    pending = _pending_actions()
    if action_taken is not None and not pending:
        raise BefriendError(
            "--action-taken: there's no step from a fierce self-compassion break waiting "
            "for an answer, so nothing was saved."
        )
    asked: list[tuple[str, str | None]] = []
    if answers is not None:
        given = parse_answers(answers)
        asked = [(item.session_id, taken) for item in pending]
    elif as_json:
        raise BefriendError(
            "--json needs the answers on the command line: add --answers ITEM=N,... "
            "(befriend checkin --items lists the ids)."
        )
    else:
        given, typed_note, asked = _interview(load_items(), pending)
        if not given:
            typer.echo("No answers given, so nothing was saved. That's okay; come back any time.")
            return
        note = note or typed_note
    console = make_console()
    safety = _screen_note(note) if note else None
    crisis = _crisis_message(safety) if safety is not None and safety.crisis else None
    if crisis is not None and not as_json:
        from befriend.cli.render import crisis_view

        console.print(crisis_view(crisis))
    saved, reflection = _save(given, note, followup_record(asked))
    actions = {item.session_id: item.text for item in pending}
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "id": saved.id,
                    "created_at": saved.created_at.isoformat(),
                    "answers": saved.answers,
                    "note_saved": saved.has_note,
                    "crisis": crisis is not None,
                    "crisis_message": None if crisis is None else crisis.to_dict(),
                    "reflection": reflection.to_dict(),
                    "followup": [
                        {"session": sid, "action": actions.get(sid), "answer": answer}
                        for sid, answer in asked
                    ]
                    or None,
                },
                ensure_ascii=False,
            )
        )
        return
    console.print("")
    console.print(_reflection_view(reflection))
    if saved.answers.get("mood") == 1 and crisis is None:
        console.print("")
        console.print(LOW_MOOD)
    console.print(f"[dim]Saved check-in {saved.id[:8]}.[/dim]")
