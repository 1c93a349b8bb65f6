"""`befriend write` and `befriend journal list|show|search|delete|reanalyze`.

Thin: read input, call :mod:`befriend.store`, render. Heavy imports (SQLAlchemy, the
analyzer) happen inside the commands.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from befriend.cli.boundary import boundary
from befriend.errors import BefriendError, InputDecodeError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.panel import Panel

    from befriend.store import EntryRecord, Journal

journal_app = typer.Typer(
    name="journal",
    help="Read, search and delete your journal entries.",
    no_args_is_help=True,
    add_completion=False,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def open_for_cli() -> Journal:
    """The one place the CLI opens the journal (the vault's unlock plugs in here)."""
    from befriend.cli.vault import open_cli_journal

    return open_cli_journal()


def _analyzer() -> Any:
    from befriend.analyzer import Analyzer
    from befriend.settings import load_settings

    return Analyzer(threads=load_settings().threads)


def crisis_panel(text: str) -> Panel:
    """The crisis resources for the user's country, for a text the screen flagged."""
    from befriend.cli.render import crisis_view
    from befriend.safety import crisis_message, load_resources, resolve_country, screen
    from befriend.settings import load_settings

    country = resolve_country(load_settings().country, os.environ)
    return crisis_view(crisis_message(screen(text), load_resources().for_country(country)))


def when(moment: datetime) -> str:
    """A timestamp in the user's local time, e.g. ``Tue 26 Nov 2026 06:21``."""
    return moment.astimezone().strftime("%a %d %b %Y %H:%M")


def entries(n: int) -> str:
    """``1 entry``, ``2 entries``."""
    return f"{n} entr{'y' if n == 1 else 'ies'}"


def preview(text: str, width: int = 48) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


# -- befriend write --------------------------------------------------------------------
@boundary
def write(
    text: Annotated[
        str | None,
        typer.Option(
            "--text", help="The entry itself (it will be in your shell history; see privacy)."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Write a journal entry: opens $EDITOR, or reads --text or standard input.

    The entry is saved with its analysis, which is then shown."""
    from befriend.cli.render import make_console
    from befriend.store.service import write_entry

    journal = open_for_cli()  # before the editor: never let someone write into a wall
    draft: Path | None = None
    try:
        if text is None:
            if sys.stdin.isatty():
                draft, text = edit_in_editor()
            else:
                text = _read_stdin()
            text = text.rstrip("\r\n")  # the newline editors and `echo` add at the end
        try:
            _check_decodable(text)
            result = write_entry(journal, _analyzer(), text)
        except BefriendError as exc:
            if draft is not None:
                raise BefriendError(f"{exc.message} Your words are kept in {draft}.") from exc
            raise
    finally:
        journal.close()
    if draft is not None:
        shutil.rmtree(draft.parent, ignore_errors=True)
    console = make_console(stderr=as_json)
    if result.crisis:
        console.print(crisis_panel(text))
    if as_json:
        shown = {**_entry_json(result.entry, full=True), "crisis": result.crisis}
        typer.echo(json.dumps(shown, ensure_ascii=False))
        return
    _show_saved(console, result.entry, result.unread)


def _show_saved(console: Console, record: EntryRecord, unread: str | None) -> None:
    from befriend.cli.render import analysis_view

    console.print(f"Saved to your journal ({when(record.created_at)}, id {record.id[:8]}).")
    analysis = record.full_analysis()
    if analysis is not None:
        console.print(analysis_view(analysis))
    elif unread:
        console.print(f"befriend didn't read it this time: {unread}")


def _read_stdin() -> str:
    raw = sys.stdin.buffer.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputDecodeError(
            "The text on standard input isn't valid UTF-8, so nothing was saved. "
            "Save it as UTF-8 and try again."
        ) from None


def _check_decodable(text: str) -> None:
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        raise InputDecodeError(
            "The text has bytes that aren't valid UTF-8, so nothing was saved. "
            "Check your terminal's encoding (it should be UTF-8) and try again."
        )


def edit_in_editor() -> tuple[Path, str]:
    """Open $VISUAL/$EDITOR on an empty file in a private temporary folder; return
    the file and what was written. The caller removes the folder once saved."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or _fallback_editor()
    folder = Path(tempfile.mkdtemp(prefix="befriend-"))  # 0700
    draft = folder / "entry.txt"
    draft.touch(mode=0o600)
    try:
        done = subprocess.run([*shlex.split(editor), str(draft)], check=False)
    except (OSError, ValueError):
        shutil.rmtree(folder, ignore_errors=True)
        raise BefriendError(
            f"befriend couldn't start your editor ({editor}). Set EDITOR to an editor you "
            'have, or write with --text "..." or by piping text in.'
        ) from None
    text = draft.read_text(encoding="utf-8", errors="surrogateescape")
    if done.returncode != 0:
        raise BefriendError(
            f"The editor stopped with an error (exit code {done.returncode}), so nothing was "
            f"saved. What you wrote is in {draft}."
        )
    if not text.strip():
        shutil.rmtree(folder, ignore_errors=True)
        raise BefriendError("The entry was empty, so nothing was saved. Take your time.")
    return draft, text


def _fallback_editor() -> str:
    for name in ("nano", "vi"):
        if shutil.which(name):
            return name
    raise BefriendError(
        "befriend needs an editor to write in: set EDITOR (for example EDITOR=nano), or "
        'write with --text "..." or by piping text in.'
    )


# -- befriend journal ... --------------------------------------------------------------
def _entry_json(record: EntryRecord, *, full: bool) -> dict[str, Any]:
    from befriend.store.exchange import entry_json, entry_meta

    if not full:
        return entry_json(record)
    analysis = record.full_analysis()
    return {
        **entry_meta(record),
        "text": record.text,
        "analysis": None if analysis is None else analysis.to_dict(),
    }


def _print_entries(records: list[EntryRecord], as_json: bool, empty: str) -> None:
    if as_json:
        typer.echo(json.dumps([_entry_json(r, full=False) for r in records], ensure_ascii=False))
        return
    from rich.table import Table

    from befriend.cli.render import make_console
    from befriend.labels import DISPLAY

    console = make_console()
    if not records:
        console.print(empty)
        return
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False)
    table.add_column("id", no_wrap=True)
    table.add_column("written", no_wrap=True)
    table.add_column("begins", no_wrap=True, max_width=30)
    table.add_column("noticed", min_width=20)
    for r in records:
        labels = "" if r.analysis is None else ", ".join(DISPLAY[x] for x in r.analysis.labels)
        table.add_row(r.id[:8], when(r.created_at), preview(r.text, 30), labels)
    console.print(table)


@journal_app.command("list")
@boundary
def list_entries(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most N.")] = 20,
    label: Annotated[
        str | None, typer.Option("--label", help="Only entries with this label.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Your entries, newest first."""
    from befriend.labels import LABELS

    if label is not None and label not in LABELS:
        raise BefriendError(f"There's no label {label!r}. The labels are: {', '.join(LABELS)}.")
    with open_for_cli() as journal:
        records = journal.entries(limit=limit, label=label)
    _print_entries(records, as_json, "Your journal is empty. `befriend write` starts an entry.")


@journal_app.command()
@boundary
def search(
    words: Annotated[str, typer.Argument(help="Find entries containing these words.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most N.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Find entries containing some words (case doesn't matter)."""
    with open_for_cli() as journal:
        records = journal.search(words, limit=limit)
    _print_entries(records, as_json, f"No entry contains {words!r}.")


@journal_app.command()
@boundary
def show(
    entry_id: Annotated[str, typer.Argument(help="The entry's id (the first 8 characters do).")],
    as_json: JsonOption = False,
) -> None:
    """One entry in full, with what befriend noticed in it."""
    from befriend.cli.render import analysis_view, make_console

    with open_for_cli() as journal:
        record = journal.get(entry_id)
    analysis = record.full_analysis()
    console = make_console(stderr=as_json)
    if analysis is not None and analysis.crisis:
        console.print(crisis_panel(record.text))
    if as_json:
        typer.echo(json.dumps(_entry_json(record, full=True), ensure_ascii=False))
        return
    console.print(f"[bold]{when(record.created_at)}[/bold]  [dim]{record.id}[/dim]")
    if analysis is not None:
        console.print(analysis_view(analysis))
    else:
        from rich.panel import Panel
        from rich.text import Text

        console.print(Panel(Text(record.text), title="What you wrote", title_align="left"))
        console.print("befriend hasn't read this entry. `befriend journal reanalyze` tries again.")


@journal_app.command()
@boundary
def delete(
    entry_id: Annotated[str, typer.Argument(help="The entry's id (the first 8 characters do).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Delete without asking.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Delete an entry for good (asks first)."""
    with open_for_cli() as journal:
        record = journal.get(entry_id)
        if not yes:
            question = (
                f"Delete the entry from {when(record.created_at)} that begins "
                f"“{preview(record.text, 40)}”? This can't be undone."
            )
            try:
                agreed = typer.confirm(question, default=False, err=True)
            except typer.Abort:  # no answer (end of input, Ctrl-C)
                typer.echo("", err=True)
                raise BefriendError(
                    "Nothing was deleted: there was no answer. Add --yes to delete without "
                    "being asked."
                ) from None
            if not agreed:
                typer.echo("Kept it: nothing was deleted.", err=as_json)
                if as_json:
                    typer.echo(json.dumps({"deleted": None}))
                return
        journal.delete(record.id)
    if as_json:
        typer.echo(json.dumps({"deleted": record.id}))
    else:
        typer.echo(f"Deleted the entry from {when(record.created_at)}.")


@journal_app.command()
@boundary
def reanalyze(as_json: JsonOption = False) -> None:
    """Re-read old entries with the current analyzer. Your text isn't changed."""
    from befriend.store.service import reanalyze as run

    def progress(done: int, total: int) -> None:
        if not as_json and sys.stderr.isatty():
            typer.echo(f"\rRe-reading entries: {done}/{total}", err=True, nl=done == total)

    with open_for_cli() as journal:
        report = run(journal, _analyzer(), on_batch=progress)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "version": report.version,
                    "updated": report.updated,
                    "current": report.current,
                    "unread": report.unread,
                }
            )
        )
        return
    typer.echo(
        f"Re-read {entries(report.updated)} with the current analyzer; "
        f"{entries(report.current)} already up to date."
    )
    if report.unread:
        typer.echo(f"{entries(report.unread)} couldn't be read, and stay as they were.")
    if report.crisis:
        typer.echo(
            "Some of these entries were written in a very hard moment. If you're in that place "
            "now, `befriend resources` lists people you can talk to today."
        )
    typer.echo(report.version)
