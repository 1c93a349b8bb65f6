"""Running a practice in the terminal: the questions one at a time (or scripted
answers), each answer handed to :class:`befriend.coach.practices.PracticeRun`, and
the screens (:mod:`befriend.cli.practice_view`). The commands are in
:mod:`befriend.cli.practice`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import click
import typer

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


def analyzer_for_cli() -> Analyzer:
    from befriend.analyzer import Analyzer
    from befriend.settings import load_settings

    return Analyzer(threads=load_settings().threads)


def open_journal_for_cli() -> Journal:
    from befriend.cli.journal import open_for_cli

    return open_for_cli()


def started(record: SessionRecord) -> str:
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


# -- crisis ------------------------------------------------------------------------------
def crisis_message_for(run: PracticeRun) -> CrisisMessage:
    from befriend.safety import crisis_message, load_resources, resolve_country, screen
    from befriend.settings import load_settings

    texts = [run.results[k].text for k in run.crisis_in if k in run.results]
    if run.rewrite is not None and "friend" in run.crisis_in:
        texts.append(run.rewrite.first_person)
    country = resolve_country(load_settings().country, os.environ)
    return crisis_message(screen("\n".join(texts)), load_resources().for_country(country))


def session_json(run: PracticeRun, journal: Journal) -> dict[str, Any]:
    from befriend.cli.safety_plan import plan_in

    obj = run.to_dict()
    crisis = run.crisis_in
    obj["crisis_message"] = crisis_message_for(run).to_dict() if crisis else None
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
    with open_journal_for_cli() as journal:
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
    from befriend.cli.practice_view import show_block, show_closing, show_result
    from befriend.cli.render import crisis_view, make_console
    from befriend.cli.safety_plan import plan_in
    from befriend.coach.practices import PAUSE_MESSAGE, PracticeRun, plan_answers

    analyzer = analyzer_for_cli()
    answered = set(record.answers) if record is not None else set()
    planned = plan_answers(practice, answered, given)
    if record is not None:
        run = PracticeRun.resume(practice, sessions, analyzer, record)
    else:
        run = PracticeRun.start(practice, sessions, analyzer, name=name)
    console = make_console(stderr=as_json)
    for _, text in planned:
        result = run.answer(text)
        if result.crisis:
            console.print(crisis_view(crisis_message_for(run), plan=plan_in(journal)))
            if not as_json:
                console.print(PAUSE_MESSAGE)
        elif not as_json:
            console.print(f"[bold]{result.step.title}[/bold]")
            show_result(console, result)
            if result.block is not None:
                show_block(console, result.block)
    if as_json:
        typer.echo(json.dumps(session_json(run, journal), ensure_ascii=False))
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
                    when=started(waiting),
                    done=waiting.step,
                    total=len(practice.steps),
                )
                if typer.confirm(question, default=True):
                    record = waiting
                else:
                    sessions.set_aside(waiting)
        analyzer = analyzer_for_cli()
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
        reminder = reminder_line(crisis_message_for(run), plan.to_dict() is not None)
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
            message = crisis_message_for(run)
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
