"""`befriend practice friend|break|fierce|motivate|resume|list|show`: the guided
practices, step by step, each answer saved as it is given.

Thin: the practices are :mod:`befriend.coach.practices`; the questions and screens
are :mod:`befriend.cli.practice_run` and :mod:`befriend.cli.practice_view`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from befriend.cli.boundary import boundary
from befriend.cli.practice_run import (
    analyzer_for_cli,
    crisis_message_for,
    open_journal_for_cli,
    run_practice,
    session_json,
    started,
)
from befriend.errors import BefriendError


class _PracticeGroup(TyperGroup):
    """An unknown practice name is one clear line and exit code 1."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from befriend.coach.practices import UnknownPracticeError

            typer.echo(
                f"befriend: {UnknownPracticeError(name).message} "
                "`befriend practice list` shows your sessions; `befriend practice resume` "
                "carries on an unfinished one.",
                err=True,
            )
            ctx.exit(1)
        return super().resolve_command(ctx, args)


practice_app = typer.Typer(
    name="practice",
    cls=_PracticeGroup,
    help="Guided practices, step by step: the friend exercise, a self-compassion break, "
    "a fierce self-compassion break, and motivating change with care.",
    no_args_is_help=True,
    add_completion=False,
)

AnswersFile = Annotated[
    Path | None,
    typer.Option(
        "--answers",
        metavar="FILE.json",
        help='Answer without questions: a JSON object of step to text, e.g. {"notice": "..."}.',
    ),
]
AnswerOption = Annotated[
    list[str] | None,
    typer.Option(
        "--answer",
        metavar="STEP=TEXT",
        help="Answer one step without questions (repeat it for each step).",
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print the session as JSON (needs scripted answers).")
]
NewOption = Annotated[
    bool,
    typer.Option(
        "--new",
        help="Start afresh even when an unfinished one is waiting (that one is kept, set aside).",
    ),
]


# -- the commands --------------------------------------------------------------------------
@practice_app.command("friend")
@boundary
def friend(
    answers_file: AnswersFile = None,
    answer: AnswerOption = None,
    as_json: JsonOption = False,
    new: NewOption = False,
    name: Annotated[
        str | None, typer.Option("--name", help='Your name, for the rewrite that still says "you".')
    ] = None,
) -> None:
    """The friend exercise, step by step: your words to yourself beside your words to a friend, the gap, and your friend-words handed back to you.

    Steps: situation (optional), self, friend, final (optional: without it, the version in
    your own voice is kept).
    """
    run_practice(
        "friend", answers_file=answers_file, answer=answer, as_json=as_json, new=new, name=name
    )


@practice_app.command("break")
@boundary
def break_(
    answers_file: AnswersFile = None,
    answer: AnswerOption = None,
    as_json: JsonOption = False,
    new: NewOption = False,
) -> None:
    """A self-compassion break: notice that this is hard, remember you're not the only one, offer yourself some kindness.

    Steps: notice, common, kind.
    """
    run_practice("break", answers_file=answers_file, answer=answer, as_json=as_json, new=new)


@practice_app.command("fierce")
@boundary
def fierce(
    answers_file: AnswersFile = None,
    answer: AnswerOption = None,
    as_json: JsonOption = False,
    new: NewOption = False,
) -> None:
    """A fierce self-compassion break: protecting, providing, motivating, and one concrete step you'll take.

    Your next check-in asks whether you got to it.

    Steps: situation, protect, provide, motivate, action.
    """
    run_practice("fierce", answers_file=answers_file, answer=answer, as_json=as_json, new=new)


@practice_app.command("motivate")
@boundary
def motivate(
    answers_file: AnswersFile = None,
    answer: AnswerOption = None,
    as_json: JsonOption = False,
    new: NewOption = False,
) -> None:
    """Motivating change with care: the critic's voice beside a caring coach's, about one thing you'd like to change.

    Steps: behaviour, critic, coach.
    """
    run_practice("motivate", answers_file=answers_file, answer=answer, as_json=as_json, new=new)


@practice_app.command("resume")
@boundary
def resume(
    kind: Annotated[
        str | None,
        typer.Argument(help="Only a practice of this kind (friend, break, fierce, motivate)."),
    ] = None,
    answers_file: AnswersFile = None,
    answer: AnswerOption = None,
    as_json: JsonOption = False,
) -> None:
    """Carry on the practice you left unfinished most recently."""
    from befriend.coach.practices import get_practice
    from befriend.coach.practices.sessions import PracticeSessions

    if kind is not None:
        kind = get_practice(kind).kind
    else:
        with open_journal_for_cli() as journal:
            waiting = PracticeSessions(journal).latest_unfinished()
        if waiting is None:
            raise BefriendError(
                "There's no unfinished practice to pick up. `befriend practice list` shows "
                "your sessions."
            )
        kind = waiting.kind
    run_practice(kind, answers_file=answers_file, answer=answer, as_json=as_json, resume=True)


@practice_app.command("list")
@boundary
def list_sessions(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most N.")] = 20,
    kind: Annotated[str | None, typer.Option("--kind", help="Only this practice.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Your practice sessions, newest first (no words are shown, so no passphrase is needed)."""
    from befriend.coach.practices import PRACTICES, get_practice
    from befriend.coach.practices.sessions import PracticeSessions
    from befriend.progress.load import NoTextCodec
    from befriend.settings import load_settings
    from befriend.store import open_journal

    if kind is not None:
        kind = get_practice(kind).kind
    with open_journal(load_settings(), codec=NoTextCodec()) as journal:
        records = PracticeSessions(journal).list(kind=kind, limit=limit)
    if as_json:
        typer.echo(json.dumps([r.summary() for r in records], ensure_ascii=False))
        return
    from rich.table import Table

    from befriend.cli.journal import when
    from befriend.cli.render import make_console

    console = make_console()
    if not records:
        console.print("No practice sessions yet. `befriend practice break` is a gentle start.")
        return
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False)
    for column in ("id", "practice", "started", "steps", "status"):
        table.add_column(column, no_wrap=True)
    status = {"in_progress": "unfinished", "done": "done", "set_aside": "set aside"}
    for r in records:
        practice = PRACTICES.get(r.kind)
        total = len(practice.steps) if practice else r.step
        title = practice.title if practice else r.kind
        table.add_row(
            r.id[:8], title, when(r.created_at), f"{r.step}/{total}", status.get(r.status, r.status)
        )
    console.print(table)


@practice_app.command("show")
@boundary
def show(
    session_id: Annotated[
        str, typer.Argument(metavar="ID", help="The session's id (8 characters are enough).")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the session as JSON.")] = False,
) -> None:
    """One practice session in full: your answers and what befriend reflected back."""
    from befriend.cli.practice_view import show_result
    from befriend.cli.render import crisis_view, make_console
    from befriend.cli.safety_plan import plan_in
    from befriend.coach.practices import PRACTICES, PracticeRun
    from befriend.coach.practices.sessions import PracticeSessions

    with open_journal_for_cli() as journal:
        sessions = PracticeSessions(journal)
        record = sessions.get(session_id)
        practice = PRACTICES.get(record.kind)
        if practice is None:
            raise BefriendError(f"Session {record.id[:8]} is of a kind this befriend doesn't know.")
        run = PracticeRun.resume(practice, sessions, analyzer_for_cli(), record)
        if as_json:
            typer.echo(json.dumps(session_json(run, journal), ensure_ascii=False))
            return
        console = make_console()
        if run.crisis_in:
            console.print(crisis_view(crisis_message_for(run), plan=plan_in(journal)))
    console.print(f"[bold]{practice.title}[/bold]  [dim]{started(record)}, {record.id[:8]}[/dim]")
    for result in run.results.values():
        console.print("")
        console.print(f"[bold]{result.step.title}[/bold]")
        console.print(f"  {result.text}" if result.text else "  [dim](skipped)[/dim]")
        if not result.crisis:
            show_result(console, result)
