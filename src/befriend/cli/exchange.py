"""`befriend export`, `befriend import` and `befriend backup`."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from befriend.cli.boundary import boundary
from befriend.cli.journal import crisis_panel, entries, open_for_cli
from befriend.errors import BefriendError

if TYPE_CHECKING:
    from befriend.store import Journal


@boundary
def export(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="json (for import) or markdown (to read).")
    ] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of the screen.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Save every entry (text, times and ids) as JSON or Markdown.

    `befriend import` reads either back. The file is not encrypted."""
    from befriend.store.exchange import FORMATS
    from befriend.store.service import export as run

    fmt = fmt.strip().lower()
    if fmt in ("md",):
        fmt = "markdown"
    if fmt not in FORMATS:
        raise BefriendError(f"There's no export format {fmt!r}; use json or markdown.")
    with open_for_cli() as journal:
        if output is None:
            run(journal, sys.stdout, fmt)
            return
        count = _export_to_file(journal, output, fmt, force)
    typer.echo(f"Exported {entries(count)} to {output}.", err=True)


def _export_to_file(journal: Journal, output: Path, fmt: str, force: bool) -> int:
    """Write to a private temporary file next to ``output``, then rename: the file
    is either the whole export or not there."""
    from befriend.store.service import export as run

    if output.exists() and not force:
        raise BefriendError(f"{output} already exists. Choose a new name, or add --force.")
    if output.is_dir():
        raise BefriendError(f"{output} is a folder; give the name of the file to create.")
    tmp = output.with_name(f".{output.name}.befriend-partial-{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            count = run(journal, out, fmt)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, output)
    except OSError as exc:
        raise BefriendError(
            f"The export couldn't be written to {output}: {exc.strerror or exc}. "
            "Nothing was written."
        ) from None
    finally:
        tmp.unlink(missing_ok=True)
    return count


@boundary
def import_command(
    file: Annotated[Path, typer.Argument(help="A file made by `befriend export`.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Add the entries from an export to your journal (all or nothing).

    Entries already in your journal are left as they are, so importing a file twice
    adds nothing new. Each new entry is read by the analyzer as it is saved."""
    from befriend.analyzer import Analyzer
    from befriend.settings import load_settings
    from befriend.store.service import import_file

    with open_for_cli() as journal:
        report = import_file(journal, Analyzer(threads=load_settings().threads), file)
    if report.crisis:
        from befriend.cli.render import make_console

        make_console(stderr=True).print(crisis_panel(""))
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "format": report.format,
                    "added": list(report.added),
                    "already_there": list(report.already_there),
                    "unread": report.unread,
                }
            )
        )
        return
    typer.echo(f"Imported {entries(len(report.added))} from {file}.")
    if report.already_there:
        typer.echo(f"Left {entries(len(report.already_there))} alone: already in your journal.")
    if report.unread:
        typer.echo(f"The analyzer couldn't read {entries(report.unread)}; saved all the same.")


@boundary
def backup(
    file: Annotated[Path, typer.Argument(help="The backup file to create.")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Copy your journal to FILE, safely, even while befriend is writing.

    The copy is a SQLite database: point BEFRIEND_HOME at a folder holding it as
    befriend.db to use it. A PostgreSQL journal is backed up with pg_dump."""
    from befriend.settings import load_settings
    from befriend.store.backup import backup_sqlite, sqlite_path

    settings = load_settings()
    source = sqlite_path(settings.database_url, settings.home)
    report = backup_sqlite(source, file, force=force)
    if as_json:
        typer.echo(
            json.dumps({"path": str(report.path), "entries": report.entries, "bytes": report.size})
        )
        return
    typer.echo(
        f"Backed up {entries(report.entries)} to {report.path} "
        f"({report.size / 1024:.0f} KiB). Keep it somewhere safe: it isn't encrypted unless "
        "your journal is."
    )
