"""`befriend safety-plan` (show) and `befriend safety-plan edit`, and the lookup
that puts the plan beside the crisis resources wherever the safety screen fires.

Thin: the plan is :mod:`befriend.safety.plan`, stored by :mod:`befriend.store.safety_plan`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final

import click
import typer

from befriend.cli.boundary import boundary
from befriend.errors import BefriendError

if TYPE_CHECKING:
    from befriend.safety.plan import SafetyPlan
    from befriend.store.journal import Journal

safety_plan_app = typer.Typer(
    name="safety-plan",
    help="Your own safety plan: see it, or write and change it.",
    add_completion=False,
    invoke_without_command=True,
)

EDIT_INTRO: Final = (
    "A safety plan is a short list you write now, while you can think clearly, for a "
    "time when things get very hard. It's yours: short notes are fine, and you can "
    "change it whenever you like. For each part, add one thing per line and press "
    "Enter on an empty line when you're done."
)
NO_PLAN: Final = (
    "You haven't written a safety plan yet. `befriend safety-plan edit` walks you "
    "through it, one short question at a time."
)
LOCKED_HINT: Final = (
    "Your safety plan is saved, encrypted. `befriend safety-plan` shows it once you "
    "give your passphrase."
)


@dataclass(frozen=True, slots=True)
class PlanLookup:
    """The plan to show beside crisis resources: the plan, or only that one exists
    but can't be read right now (an encrypted journal opened without passphrase)."""

    plan: SafetyPlan | None = None
    locked: bool = False

    def to_dict(self) -> dict[str, Any] | None:
        if self.plan is not None and not self.plan.empty:
            return self.plan.to_dict()
        if self.locked:
            return {"locked": True, "sections": []}
        return None


def plan_in(journal: Journal) -> PlanLookup:
    """The plan from an open journal; never raises (help must always be shown)."""
    from befriend.store.safety_plan import has_plan, load_plan

    try:
        return PlanLookup(load_plan(journal))
    except Exception:
        try:
            return PlanLookup(None, locked=has_plan(journal))
        except Exception:
            return PlanLookup()


def lookup_plan() -> PlanLookup:
    """The plan, for a crisis shown outside an open journal. Best effort, never
    raises, never creates a journal, never asks for a passphrase."""
    try:
        from befriend.progress.load import NoTextCodec
        from befriend.settings import load_settings
        from befriend.store import open_journal
        from befriend.store.db import DB_FILENAME
        from befriend.store.safety_plan import has_plan

        settings = load_settings()
        if not settings.database_url and not Path(settings.home / DB_FILENAME).exists():
            return PlanLookup()
        try:
            with open_journal(settings) as journal:
                return plan_in(journal)
        except BefriendError:
            with open_journal(settings, codec=NoTextCodec()) as journal:
                return PlanLookup(None, locked=has_plan(journal))
    except Exception:
        return PlanLookup()


def plan_view(lookup: PlanLookup) -> Any:
    """The plan as Rich text (None when there is nothing to show)."""
    from rich.text import Text

    from befriend.safety.plan import SECTIONS

    if lookup.plan is None or lookup.plan.empty:
        return Text(LOCKED_HINT, style="italic") if lookup.locked else None
    body = Text()
    body.append("Your safety plan, in your words\n", style="bold")
    for section in SECTIONS:
        items = lookup.plan.items(section.key)
        if not items:
            continue
        body.append(section.title + "\n", style="bold")
        for item in items:
            body.append(f"  • {item}\n")
    body.rstrip()
    return body


def _open() -> Journal:
    from befriend.cli.journal import open_for_cli

    return open_for_cli()


@safety_plan_app.callback()
@boundary
def show(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
) -> None:
    """Show your safety plan, with the crisis lines for your country.

    `befriend safety-plan edit` writes or changes it. It is stored with your journal
    (encrypted when encryption is on) and shown beside the crisis resources whenever
    befriend's safety screen fires.
    """
    if ctx.invoked_subcommand is not None:
        return
    from befriend.store.safety_plan import load_plan

    with _open() as journal:
        plan = load_plan(journal)
    if as_json:
        typer.echo(json.dumps(None if plan is None else plan.to_dict(), ensure_ascii=False))
        return
    from befriend.cli.render import make_console

    console = make_console()
    if plan is None or plan.empty:
        console.print(NO_PLAN)
    else:
        console.print(plan_view(PlanLookup(plan)))
    _print_resources(console)


def _print_resources(console: Any) -> None:
    import os

    from befriend.safety import load_resources, resolve_country
    from befriend.settings import load_settings

    found = load_resources().for_country(resolve_country(load_settings().country, os.environ))
    console.print("")
    console.print(f"[bold]People you can reach now ({found.name})[/bold]")
    for service in found.by_kind("emergency") + found.by_kind("crisis"):
        console.print(f"  {service.name}: {'  '.join(service.contact_lines())}")


@safety_plan_app.command()
@boundary
def edit(
    set_items: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="SECTION=ITEM",
            help="Without questions: add ITEM to SECTION (repeat it for more items). "
            "The sections given are replaced; the others are kept.",
        ),
    ] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="FILE.json",
            help='Without questions: a JSON object of section to a list of items, e.g. {"helps": ["a walk"]}.',
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the saved plan as JSON.")] = False,
) -> None:
    """Write or change your safety plan, one part at a time.

    The parts: warning_signs, helps, people_places, professionals, reasons.
    """
    from befriend.safety.plan import SafetyPlan
    from befriend.store.safety_plan import load_plan, save_plan

    scripted = _scripted_sections(set_items or [], from_file)
    if as_json and scripted is None:
        raise BefriendError(
            "--json needs the plan on the command line: --set SECTION=ITEM or --from FILE.json."
        )
    with _open() as journal:
        plan = load_plan(journal) or SafetyPlan()
        if scripted is not None:
            for key, items in scripted.items():
                plan = plan.with_section(key, items)
        else:
            plan = _interview(plan)
        crisis = _screen(plan)
        save_plan(journal, plan)
    from befriend.cli.render import make_console

    console = make_console(stderr=as_json)
    if crisis is not None:
        from befriend.cli.render import crisis_view

        console.print(crisis_view(crisis, plan=PlanLookup(plan)))
    if as_json:
        typer.echo(json.dumps(plan.to_dict(), ensure_ascii=False))
        return
    console.print(
        "Your safety plan is saved. `befriend safety-plan` shows it; it will also appear "
        "beside the crisis lines if befriend ever shows them."
        if not plan.empty
        else "Your safety plan is empty, so nothing is kept."
    )


def _scripted_sections(set_items: list[str], from_file: Path | None) -> dict[str, list[str]] | None:
    from befriend.safety.plan import SECTION_KEYS, SafetyPlanError, clean_items

    if not set_items and from_file is None:
        return None
    out: dict[str, list[str]] = {}
    if from_file is not None:
        try:
            obj = json.loads(from_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SafetyPlanError(
                f"{from_file} couldn't be read as a JSON file ({exc}). Nothing was changed."
            ) from None
        if not isinstance(obj, dict) or not all(
            isinstance(v, list) and all(isinstance(i, str) for i in v) for v in obj.values()
        ):
            raise SafetyPlanError(
                f"{from_file} should hold a JSON object of section to a list of items, e.g. "
                '{"helps": ["a walk", "music"]}. Nothing was changed.'
            )
        out.update({str(k): list(v) for k, v in obj.items()})
    for raw in set_items:
        key, sep, item = raw.partition("=")
        if not sep:
            raise SafetyPlanError(
                f"--set {raw!r} needs the form SECTION=ITEM, e.g. --set helps='a walk'. "
                f"The sections are: {', '.join(SECTION_KEYS)}."
            )
        out.setdefault(key.strip(), []).append(item)
    for key, items in out.items():
        clean_items(key, items)  # every problem reported before anything is saved
    return out


def _interview(plan: SafetyPlan) -> SafetyPlan:
    from befriend.safety.plan import SECTIONS, SafetyPlanError

    typer.echo(EDIT_INTRO)
    try:
        for section in SECTIONS:
            typer.echo("")
            typer.echo(f"{section.title}")
            typer.echo(f"  {section.question}")
            current = plan.items(section.key)
            if current:
                for item in current:
                    typer.echo(f"  • {item}")
                if typer.confirm("  Keep these as they are?", default=True):
                    continue
            items: list[str] = []
            while True:
                line = typer.prompt(
                    "  +", prompt_suffix=" ", default="", show_default=False
                ).strip()
                if not line:
                    break
                try:
                    plan = plan.with_section(section.key, [*items, line])
                except SafetyPlanError as exc:
                    typer.echo(f"  {exc.message}")
                    continue
                items.append(line)
            plan = plan.with_section(section.key, items)
    except (typer.Abort, click.exceptions.Abort, EOFError, KeyboardInterrupt):
        raise BefriendError(
            "The safety plan wasn't changed: editing stopped before the end. Run "
            "`befriend safety-plan edit` again whenever you like."
        ) from None
    return plan


def _screen(plan: SafetyPlan) -> Any:
    """The crisis message when the plan's words fire the safety screen, else None."""
    import os

    from befriend.safety import crisis_message, load_resources, resolve_country, screen
    from befriend.settings import load_settings

    text = plan.all_text()
    if not text.strip():
        return None
    result = screen(text)
    if not result.crisis:
        return None
    country = resolve_country(load_settings().country, os.environ)
    return crisis_message(result, load_resources().for_country(country))
