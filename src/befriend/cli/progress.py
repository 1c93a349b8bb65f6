"""`befriend progress`: change over days and weeks, in the terminal, a PNG or HTML.

Registered in main.py. Reads only derived
data (labels, check-in answers), so it never needs the passphrase.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final

import typer

from befriend.cli.boundary import boundary

if TYPE_CHECKING:
    from befriend.progress import Progress

SPARKS: Final = "▁▂▃▄▅▆▇█"


def sparkline(progress: Progress) -> str:
    """The critic's daily share as one character a day; '·' for a day with no entry."""
    marks = []
    for day in progress.daily:
        share = day.critic_share
        marks.append("·" if share is None else SPARKS[min(int(share * len(SPARKS)), 7)])
    return "".join(marks)


def progress_view(progress: Progress) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from befriend.progress.measures import CAVEAT, PAIRS
    from befriend.progress.summary import day, percent, period, summary_lines

    title = Text(
        f"{period(progress).capitalize()} ({day(progress.start)} – {day(progress.end, '%b %Y')})"
        if progress.days > 1
        else f"Today ({day(progress.end, '%b %Y')})",
        style="bold",
    )
    parts: list[Any] = [title, Text("")]
    parts += [Text(line) for line in summary_lines(progress)]
    if progress.empty:
        return Group(*parts)
    table = Table(title="Week by week", title_justify="left", box=None, padding=(0, 1))
    for name in (
        "week of",
        "entries",
        "critic",
        "kind /\nharsh",
        "shared /\nalone",
        "steady /\nfused",
        "tender /\nfierce",
        "mood",
    ):
        table.add_column(name, justify="left" if name == "week of" else "right")
    for w in progress.weekly:
        mood = w.checkin_mean("mood")
        table.add_row(
            day(w.start),
            str(w.entries),
            percent(w.critic_share),
            *(f"{w.kind[n]}/{w.opposite[n]}" for n, _, _ in PAIRS),
            f"{w.tender}/{w.fierce}",
            "–" if mood is None else f"{mood:.1f}",
        )
    parts += [
        Text(""),
        table,
        Text(""),
        Text.assemble(("Critic, day by day: ", "bold"), sparkline(progress)),
        Text("(taller = a larger share of that day's sentences; · = no entry)", style="dim"),
        Text(""),
        Text(
            "critic: the share of sentences where the inner critic speaks. kind / harsh, "
            "shared / alone, steady / fused: sentences with self-kindness / self-judgment, "
            "common humanity / isolation, mindfulness / over-identification. "
            "mood: the check-in average, 1 to 5.",
            style="dim",
        ),
        Text(CAVEAT, style="italic"),
    ]
    return Group(*parts)


def _load(days: int) -> Progress:
    from befriend.progress import compute_progress
    from befriend.progress.load import NoTextCodec, load_records
    from befriend.settings import load_settings
    from befriend.store import open_journal

    now = datetime.now().astimezone()
    with open_journal(load_settings(), codec=NoTextCodec()) as journal:
        entries, checkins = load_records(journal, now - timedelta(days=days + 1))
    return compute_progress(entries, checkins, days=days, today=now.date())


@boundary
def progress(
    days: Annotated[
        int, typer.Option("--days", min=1, max=3660, help="How many days to look back over.")
    ] = 28,
    png: Annotated[
        Path | None,
        typer.Option("--png", metavar="FILE", help="Also draw the charts into a PNG file."),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html",
            metavar="FILE",
            help="Also write a self-contained HTML report with the charts (no network needed).",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the figures as JSON instead of a summary.")
    ] = False,
) -> None:
    """How your self-talk has changed over days and weeks: the inner critic's share,
    compassion against its opposites, tender and fierce energy, and check-ins."""
    from befriend.cli.render import make_console
    from befriend.progress.measures import CAVEAT
    from befriend.progress.output import write_whole
    from befriend.progress.summary import summary_lines

    result = _load(days)
    written: list[str] = []
    if png is not None:
        from befriend.progress.charts import png_bytes

        write_whole(png, png_bytes(result))
        written.append(f"Chart written to {png}.")
    if html is not None:
        from befriend.progress.report import html_report

        report = html_report(result, generated_at=datetime.now().astimezone())
        write_whole(html, report.encode("utf-8"))
        written.append(f"Report written to {html}.")
    if as_json:
        payload = {**result.to_dict(), "summary": summary_lines(result), "note": CAVEAT}
        typer.echo(json.dumps(payload, ensure_ascii=False))
        for line in written:
            typer.echo(line, err=True)
        return
    console = make_console()
    console.print(progress_view(result))
    for line in written:
        console.print(line)
