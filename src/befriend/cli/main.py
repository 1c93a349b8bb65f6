"""`befriend`: the command line. Thin: parse, call the library, render.

Heavy modules (numpy, ONNX Runtime, the model) are imported inside commands, so
`befriend --help` stays fast.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO

import typer

from befriend.cli import checkin as _checkin
from befriend.cli import coach as _coach
from befriend.cli import exchange as _exchange
from befriend.cli import journal as _journal
from befriend.cli import practice as _practice
from befriend.cli import progress as _progress
from befriend.cli import vault as _vault
from befriend.cli.boundary import boundary, set_debug
from befriend.cli.corpus import app as corpus_app
from befriend.cli.safety_plan import safety_plan_app
from befriend.cli.scale import app as scale_app
from befriend.errors import BefriendError, InputDecodeError, InputFileError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from befriend.analysis import Analysis
    from befriend.analyzer import Analyzer

app = typer.Typer(
    name="befriend",
    help=(
        "Talk to yourself the way you would talk to a close friend.\n\n"
        "Run with no command to write what's on your mind and see it read back gently. "
        "befriend is a self-help tool, not a crisis service or therapy."
    ),
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=False,
)
app.add_typer(scale_app)
app.add_typer(corpus_app)


def _analyzer() -> Analyzer:
    from befriend.analyzer import Analyzer
    from befriend.settings import load_settings

    return Analyzer(threads=load_settings().threads)


def _check_decodable(text: str) -> None:
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        raise InputDecodeError(
            "The text has bytes that aren't valid UTF-8, so befriend can't read it. "
            "Check your terminal's encoding (it should be UTF-8) and try again."
        )


def show_analysis(analysis: Analysis, *, stream: Any = None) -> None:
    """Crisis resources first when the screen fired, then the analysis."""
    from befriend.cli.render import analysis_view, crisis_view, make_console

    console = make_console()
    if stream is not None:
        console.file = stream
    if analysis.crisis:
        console.print(crisis_view(_crisis_message(analysis)))
    console.print(analysis_view(analysis))


def _crisis_message(analysis: Analysis) -> Any:
    from befriend.safety import load_resources, resolve_country, screen
    from befriend.safety.messages import crisis_message
    from befriend.settings import load_settings

    settings = load_settings()
    country = resolve_country(settings.country, os.environ)
    return crisis_message(screen(analysis.text), load_resources().for_country(country))


@app.callback(invoke_without_command=True)
@boundary
def main(
    ctx: typer.Context,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show full tracebacks for errors (for bug reports).")
    ] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    """Start an interactive session when no command is given."""
    set_debug(debug)
    if version:
        from befriend import __version__

        typer.echo(f"befriend {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        from befriend.cli.session import run_session

        run_session(_analyzer())


@app.command()
@boundary
def analyze(
    text: Annotated[
        str | None, typer.Argument(help="The text to analyse. Quote it in your shell.")
    ] = None,
    jsonl: Annotated[
        str | None,
        typer.Option(
            "--jsonl",
            metavar="FILE|-",
            help='Read JSON lines with a "text" field from FILE (or - for standard input) '
            "and write one JSON object per line.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the analysis of TEXT as JSON.")
    ] = False,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, max=4096, help="Texts embedded per batch.")
    ] = 64,
) -> None:
    """Read a piece of self-talk: labels, the critic's words, and the balance."""
    if jsonl is not None and text is not None:
        raise BefriendError("Give either TEXT or --jsonl FILE, not both.")
    if jsonl is not None:
        _analyze_jsonl(jsonl, batch_size)
        return
    if text is None:
        raise BefriendError(
            'Give befriend something to read: befriend analyze "what you are telling yourself", '
            "or --jsonl FILE for many texts."
        )
    _check_decodable(text)
    result = _analyzer().analyze(text)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        show_analysis(result)


def _analyze_jsonl(source: str, batch_size: int) -> None:
    from befriend.jsonl import analyze_jsonl

    if source == "-":
        stream = sys.stdin.buffer
    else:
        path = Path(source)
        if not path.exists():
            raise InputFileError(f"There's no file at {source}. Check the path and try again.")
        if path.is_dir():
            raise InputFileError(f"{source} is a folder; give the path of a .jsonl file.")
        try:
            stream = path.open("rb")
        except OSError as exc:
            raise InputFileError(f"{source} couldn't be opened: {exc.strerror or exc}.") from None
    out = sys.stdout
    errors = 0
    try:
        for obj in analyze_jsonl(_lines_of(stream), _analyzer(), batch_size=batch_size):
            if "error" in obj:
                errors += 1
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
            out.flush()
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    if errors:
        typer.echo(
            f'{errors} line(s) couldn\'t be analysed; their output lines hold an "error" object '
            "saying why.",
            err=True,
        )


def _lines_of(stream: BinaryIO) -> Iterable[bytes | None]:
    """The stream's lines, read straight from its file descriptor when it has one, so
    a pause in the input is seen (a stream with no descriptor, as in tests, is read
    as it is)."""
    from befriend.jsonl import read_lines

    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):
        return stream
    return read_lines(fd)


@app.command("eval")
@boundary
def eval_command(
    file: Annotated[Path, typer.Argument(help='JSONL with "text" and "labels" on each line.')],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Measure the analyzer against labelled texts: precision, recall and F1 per label."""
    from befriend.evaluate import evaluate, read_gold

    rows = read_gold(file)
    report = evaluate(rows, _analyzer())
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    from befriend.cli.render import make_console

    table = Table(title=f"{file} — {report.texts} texts", title_justify="left")
    for col in ("label", "precision", "recall", "F1", "support", "predicted"):
        table.add_column(col, justify="left" if col == "label" else "right")
    for s in report.per_label:
        table.add_row(
            s.label,
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            f"{s.f1:.3f}",
            str(s.support),
            str(s.predicted),
        )
    console = make_console()
    console.print(table)
    console.print(f"macro-F1: {report.macro_f1:.3f}")
    console.print(f"crisis recall: {report.crisis_recall:.3f}")
    if report.skipped:
        console.print(f"texts the analyzer refused (counted as no labels): {report.skipped}")
    console.print(report.version, style="dim")


@app.command()
@boundary
def resources(
    country: Annotated[
        str | None,
        typer.Option("--country", help="Two-letter country code; default: setting, then locale."),
    ] = None,
) -> None:
    """Show crisis lines and support services for your country."""
    from befriend.cli.render import make_console
    from befriend.safety import load_resources, resolve_country
    from befriend.settings import load_settings

    code = (country or "").strip().upper() or resolve_country(load_settings().country, os.environ)
    book = load_resources()
    found = book.for_country(code)
    console = make_console()
    console.print(f"[bold]{found.name}[/bold]")
    for service in found.services:
        parts = [
            p for p in (service.phone, service.text and f"text {service.text}", service.web) if p
        ]
        console.print(f"  {service.name}: {'  '.join(parts)}  [dim]{service.hours}[/dim]")
    if found.is_fallback and code:
        console.print(
            f"[dim]befriend has no list for {code} yet, so these are international directories.[/dim]"
        )


# The journal: befriend write, journal ..., export, import, backup (docs/journal.md).
app.command()(_journal.write)
app.add_typer(_journal.journal_app)
app.command()(_exchange.export)
app.command("import")(_exchange.import_command)
app.command()(_exchange.backup)
# Check-ins and progress (docs/progress.md).
app.command()(_checkin.checkin)
app.command()(_progress.progress)
# The friend exercise (docs/coach.md).
app.command("friend")(_coach.friend)
for _command in _vault.COMMANDS:  # befriend encrypt, passphrase, decrypt (docs/privacy.md)
    app.command()(_command)
# Guided practices and the safety plan (docs/coach.md, docs/safety.md).
app.add_typer(_practice.practice_app)
app.add_typer(safety_plan_app)


def run() -> None:
    """Entry point for the `befriend` script."""
    try:
        app(prog_name="befriend")
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); stop quietly.
        sys.stderr.close()
        sys.exit(0)
