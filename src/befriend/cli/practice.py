"""`befriend practice friend|break|fierce|motivate|resume|list|show`: the guided
practices, step by step, each answer saved as it is given.

Thin: the practices are :mod:`befriend.coach.practices`; this module asks the
questions (or takes scripted answers), and renders (:mod:`befriend.cli.practice_view`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final

import click
import typer
from typer.core import TyperGroup

from befriend.cli.boundary import boundary
from befriend.errors import BefriendError

if TYPE_CHECKING:
    from rich.console import Console

    from befriend.analyzer import Analyzer
    from befriend.cli.safety_plan import PlanLookup
    from befriend.coach.practices import Practice, PracticeRun
    from befriend.coach.practices.sessions import PracticeSessions, SessionRecord
    from befriend.safety.messages import CrisisMessage
    from befriend.store.journal import Journal

INTERRUPTED: Final = (
    "Stopped here. What you've answered is saved ({done} of {total} steps). To carry on, "
    "run `befriend practice resume`, or `befriend practice {kind}` again."
)
PAUSED: Final = (
    "Your answers are saved. Whenever you feel ready, `befriend practice resume` picks "
    "up here. Take good care of yourself."
)
RESUME_QUESTION: Final = (
    "You didn't finish “{title}” on {when} ({done} of {total} steps answered). "
    "Pick up where you left off?"
)
STOP_QUESTION: Final = "Would you like to stop here for now?"
TAKE_YOUR_TIME: Final = "Take your time. A few words are enough, even rough ones."


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


def _analyzer() -> Analyzer:
    from befriend.analyzer import Analyzer
    from befriend.settings import load_settings

    return Analyzer(threads=load_settings().threads)


def _open() -> Journal:
    from befriend.cli.journal import open_for_cli

    return open_for_cli()


def _when(record: SessionRecord) -> str:
    from befriend.cli.journal import when

    return when(record.created_at)


# -- scripted answers ----------------------------------------------------------------------
def scripted_answers(
    practice: Practice, answers_file: Path | None, answer: list[str] | None
) -> dict[str, str] | None:
    """The answers given on the command line, by step, or None when there are none.
    Unknown steps and unreadable files are refused before anything is saved."""
    from befriend.coach.practices import StepInputError

    if answers_file is None and not answer:
        return None
    given: dict[str, str] = {}
    if answers_file is not None:
        try:
            obj = json.loads(answers_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StepInputError(
                f"{answers_file} couldn't be read as a JSON file ({exc}). Nothing was saved."
            ) from None
        if not isinstance(obj, dict) or not all(isinstance(v, str) for v in obj.values()):
            raise StepInputError(
                f"{answers_file} should hold a JSON object of step to text, e.g. "
                f'{{"{practice.steps[0].key}": "..."}}. Nothing was saved.'
            )
        given.update({str(k): v for k, v in obj.items()})
    for raw in answer or []:
        key, sep, text = raw.partition("=")
        if not sep:
            raise StepInputError(
                f"--answer {raw!r} needs the form STEP=TEXT, e.g. --answer "
                f"{practice.steps[0].key}='...'. The steps are: {', '.join(practice.keys)}."
            )
        given[key.strip()] = text
    for key in given:
        practice.step(key)  # UnknownStepError for a step this practice doesn't have
    return given


def _plan_steps(
    run_keys: set[str], practice: Practice, given: dict[str, str]
) -> list[tuple[Any, str]]:
    """The steps to answer, in order: the given ones, with skipped optional steps
    between them; a missing required step before a given one is an error."""
    from befriend.coach.practices import StepInputError, check_answer

    already = [k for k in given if k in run_keys]
    if already:
        raise StepInputError(
            f"The step {already[0]!r} is already answered in this session; give answers "
            "only for the steps still to do. Nothing was saved."
        )
    remaining = [s for s in practice.steps if s.key not in run_keys]
    last = max((i for i, s in enumerate(remaining) if s.key in given), default=-1)
    planned: list[tuple[Any, str]] = []
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
        check_answer(step, text)  # every problem reported before anything is saved
    return planned


# -- crisis ------------------------------------------------------------------------------
def _crisis_message(run: PracticeRun) -> CrisisMessage:
    from befriend.safety import crisis_message, load_resources, resolve_country, screen
    from befriend.settings import load_settings

    texts = [run.results[k].text for k in run.crisis_in if k in run.results]
    if run.rewrite is not None and "friend" in run.crisis_in:
        texts.append(run.rewrite.first_person)
    country = resolve_country(load_settings().country, os.environ)
    return crisis_message(screen("\n".join(texts)), load_resources().for_country(country))


def _session_json(run: PracticeRun, journal: Journal) -> dict[str, Any]:
    from befriend.cli.safety_plan import plan_in

    obj = run.to_dict()
    crisis = run.crisis_in
    obj["crisis_message"] = _crisis_message(run).to_dict() if crisis else None
    obj["safety_plan"] = plan_in(journal).to_dict() if crisis else None
    return obj


# -- running -------------------------------------------------------------------------------
def run_practice(
    kind: str,
    *,
    answers_file: Path | None = None,
    answer: list[str] | None = None,
    as_json: bool = False,
    new: bool = False,
    resume: bool = False,
    name: str | None = None,
) -> None:
    from befriend.coach.practices import get_practice

    practice = get_practice(kind)
    given = scripted_answers(practice, answers_file, answer)
    if as_json and given is None:
        raise BefriendError(
            "--json needs the answers on the command line: --answer STEP=TEXT (repeat it) "
            f"or --answers FILE.json. The steps are: {', '.join(practice.keys)}."
        )
    if name is not None:
        from befriend.cli.journal import _check_decodable

        _check_decodable(name)
    with _open() as journal:
        from befriend.coach.practices.sessions import PracticeSessions

        sessions = PracticeSessions(journal)
        record = sessions.latest_unfinished(kind) if resume else None
        if resume and record is None:
            raise BefriendError(
                f"There's no unfinished “{practice.title}” to pick up. "
                f"`befriend practice {kind}` starts one."
            )
        if given is not None:
            _scripted(practice, sessions, journal, given, record, name=name, as_json=as_json)
        else:
            _interactive(practice, sessions, journal, record, new=new, name=name)


def _scripted(
    practice: Practice,
    sessions: PracticeSessions,
    journal: Journal,
    given: dict[str, str],
    record: SessionRecord | None,
    *,
    name: str | None,
    as_json: bool,
) -> None:
    from befriend.cli.practice_view import show_closing, show_result
    from befriend.cli.render import crisis_view, make_console
    from befriend.cli.safety_plan import plan_in
    from befriend.coach.practices import PAUSE_MESSAGE, PracticeRun

    analyzer = _analyzer()
    answered = set(record.answers) if record is not None else set()
    planned = _plan_steps(answered, practice, given)
    if record is not None:
        run = PracticeRun.resume(practice, sessions, analyzer, record)
    else:
        run = PracticeRun.start(practice, sessions, analyzer, name=name)
    console = make_console(stderr=as_json)
    for _, text in planned:
        result = run.answer(text)
        if result.crisis:
            console.print(crisis_view(_crisis_message(run), plan=plan_in(journal)))
            if not as_json:
                console.print(PAUSE_MESSAGE)
        elif not as_json:
            console.print(f"[bold]{result.step.title}[/bold]")
            show_result(console, result)
    if as_json:
        typer.echo(json.dumps(_session_json(run, journal), ensure_ascii=False))
        return
    if run.done:
        show_closing(console, run)
    else:
        nxt = run.next_step
        assert nxt is not None
        console.print(
            f"Saved. The next step is {nxt.key!r} ({nxt.title}): `befriend practice resume` "
            "carries on."
        )


def _interactive(
    practice: Practice,
    sessions: PracticeSessions,
    journal: Journal,
    record: SessionRecord | None,
    *,
    new: bool,
    name: str | None,
) -> None:
    from befriend.cli.render import make_console
    from befriend.coach.practices import PracticeRun

    console = make_console()
    run: PracticeRun | None = None
    try:
        if record is None and not new:
            waiting = sessions.latest_unfinished(practice.kind)
            if waiting is not None:
                question = RESUME_QUESTION.format(
                    title=practice.title,
                    when=_when(waiting),
                    done=waiting.step,
                    total=len(practice.steps),
                )
                if typer.confirm(question, default=True):
                    record = waiting
                else:
                    sessions.set_aside(waiting)
        analyzer = _analyzer()
        if record is not None:
            run = PracticeRun.resume(practice, sessions, analyzer, record)
        else:
            run = PracticeRun.start(practice, sessions, analyzer, name=name)
        _ask_steps(console, run, journal, resumed=record is not None)
    except (typer.Abort, click.exceptions.Abort, EOFError, KeyboardInterrupt):
        console.print("")
        done = 0 if run is None else len(run.record.answers)
        console.print(INTERRUPTED.format(done=done, total=len(practice.steps), kind=practice.kind))
        raise typer.Exit(130) from None


def _ask(console: Console) -> str:
    return str(typer.prompt("", prompt_suffix="> ", default="", show_default=False))


def _ask_steps(console: Console, run: PracticeRun, journal: Journal, *, resumed: bool) -> None:
    from rich.text import Text

    from befriend.cli.practice_view import (
        block_offer,
        reminder_line,
        show_block,
        show_closing,
        show_intro,
        show_result,
        show_step_heading,
    )
    from befriend.cli.render import crisis_view
    from befriend.cli.safety_plan import plan_in
    from befriend.coach.practices import PAUSE_MESSAGE, StepInputError

    show_intro(console, run, resumed)
    plan: PlanLookup | None = None
    reminder: str | None = None
    if run.crisis_in:
        plan = plan_in(journal)
        reminder = reminder_line(_crisis_message(run), plan.to_dict() is not None)
    number = len(run.results) + 1
    while (step := run.next_step) is not None:
        if reminder:
            console.print(Text(reminder, style="bold #d7af5f"))
        show_step_heading(console, run, number)
        if step.key == "final" and run.rewrite is not None and resumed:
            console.print(Text.assemble(("  In your own voice: ", "dim"), run.rewrite.first_person))
        text = _ask(console)
        if not text.strip() and not step.optional:
            console.print(Text("  " + TAKE_YOUR_TIME))
            continue
        try:
            result = run.answer(text)
        except StepInputError as exc:
            console.print(Text("  " + exc.message))
            continue
        number += 1
        if result.crisis:
            plan = plan_in(journal)
            message = _crisis_message(run)
            console.print(crisis_view(message, plan=plan))
            console.print(PAUSE_MESSAGE)
            reminder = reminder_line(message, plan.to_dict() is not None)
            if run.next_step is not None and typer.confirm(STOP_QUESTION, default=True):
                console.print(PAUSED)
                return
            continue
        show_result(console, result)
        if result.block is not None and typer.confirm(block_offer(result.block), default=False):
            show_block(console, result.block)
    show_closing(console, run)
    if reminder:
        console.print(Text(reminder, style="bold #d7af5f"))


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
        with _open() as journal:
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

    with _open() as journal:
        sessions = PracticeSessions(journal)
        record = sessions.get(session_id)
        practice = PRACTICES.get(record.kind)
        if practice is None:
            raise BefriendError(f"Session {record.id[:8]} is of a kind this befriend doesn't know.")
        run = PracticeRun.resume(practice, sessions, _analyzer(), record)
        if as_json:
            typer.echo(json.dumps(_session_json(run, journal), ensure_ascii=False))
            return
        console = make_console()
        if run.crisis_in:
            console.print(crisis_view(_crisis_message(run), plan=plan_in(journal)))
    console.print(f"[bold]{practice.title}[/bold]  [dim]{_when(record)}, {record.id[:8]}[/dim]")
    for result in run.results.values():
        console.print("")
        console.print(f"[bold]{result.step.title}[/bold]")
        console.print(f"  {result.text}" if result.text else "  [dim](skipped)[/dim]")
        if not result.crisis:
            show_result(console, result)
