"""`befriend corpus`: analyse a corpus for research, and report on the results.

Thin: parse the options, call befriend.research.corpus, show progress and a summary.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from befriend.cli.boundary import boundary

if TYPE_CHECKING:
    from befriend.research.corpus import RunSummary

app = typer.Typer(
    name="corpus",
    help="Analyse a corpus of texts (CSV, Parquet or JSONL) for research, and report on it.",
    no_args_is_help=True,
    add_completion=False,
)


class EngineName(StrEnum):
    local = "local"
    dask = "dask"


@app.command("analyze")
@boundary
def analyze(
    file: Annotated[Path, typer.Argument(help="The corpus: a .csv, .parquet or .jsonl file.")],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Where to write the results (.parquet, .csv, .jsonl)."),
    ],
    text_col: Annotated[
        str, typer.Option("--text-col", help="The column (or JSONL field) holding the texts.")
    ] = "text",
    id_col: Annotated[
        list[str] | None,
        typer.Option(
            "--id-col",
            help="A column to copy into the output, such as an id or a group; repeat for "
            "more. Default: id, when the input has it.",
        ),
    ] = None,
    chunk_size: Annotated[
        int,
        typer.Option(
            "--chunk-size", help="Texts per chunk, a multiple of 64; the unit of resuming."
        ),
    ] = 1024,
    output_format: Annotated[
        str | None,
        typer.Option("--format", help="csv, parquet or jsonl, when -o's extension doesn't say."),
    ] = None,
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format", help="csv, parquet or jsonl, when FILE's extension doesn't say."
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace an existing output, and discard an unfinished run of other input.",
        ),
    ] = False,
    engine: Annotated[
        EngineName, typer.Option("--engine", help="local (this process) or dask (a Dask cluster).")
    ] = EngineName.local,
    scheduler: Annotated[
        str,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS|local",
            help="With --engine dask: a scheduler address, or local for a cluster on this machine.",
        ),
    ] = "local",
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="With --scheduler local: worker processes.")
    ] = 2,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Run the analyzer over every text of a corpus, in chunks that resume after a stop."""
    from befriend.research.corpus import CorpusJob, DaskEngine, LocalEngine

    job = CorpusJob(
        input=file,
        output=output,
        text_col=text_col,
        id_cols=tuple(id_col) if id_col else None,
        chunk_size=chunk_size,
        input_format=input_format,
        output_format=output_format,
        force=force,
    )
    show = not quiet and sys.stderr.isatty()
    try:
        if engine is EngineName.dask:
            with DaskEngine(scheduler, workers) as dask:
                summary = _run(job, dask, show)
        else:
            from befriend.settings import load_settings

            summary = _run(job, LocalEngine(_local_analyzer(load_settings().threads)), show)
    except KeyboardInterrupt:
        from befriend.research.corpus import partial_dir

        if partial_dir(output).is_dir():
            typer.echo(
                f"Stopped. The finished chunks are kept in {partial_dir(output)}; run the "
                "same command again to carry on from there.",
                err=True,
            )
        raise
    _print_summary(summary)


def _local_analyzer(threads: int | None) -> Any:
    from befriend.analyzer import Analyzer

    return Analyzer(threads=threads)


def _run(job: Any, engine: Any, show: bool) -> RunSummary:
    from befriend.research.corpus import analyze_corpus

    if not show:
        return analyze_corpus(job, engine=engine)
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from befriend.cli.render import make_console

    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rows]:,} texts"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=make_console(stderr=True), transient=True) as bar:
        task = bar.add_task("Analysing", total=1.0, rows=0)

        def update(p: Any) -> None:
            bar.update(task, completed=p.fraction or 0.0, rows=p.rows)

        return analyze_corpus(job, engine=engine, progress=update)


def _print_summary(summary: RunSummary) -> None:
    stats = summary.stats
    rate = stats.rows / summary.seconds if summary.seconds > 0 else 0.0
    lines = [
        f"Wrote {stats.rows:,} rows to {summary.output} ({summary.format}) in "
        f"{summary.seconds:.1f} s ({rate:,.0f} texts/s); {stats.analysed:,} analysed."
    ]
    if summary.resumed_chunks:
        lines.append(
            f"{summary.resumed_chunks} of {summary.chunks} chunks were already done by an "
            "earlier run and were kept."
        )
    if stats.errors:
        detail = ", ".join(f"{code} {n:,}" for code, n in sorted(stats.errors.items()))
        where = "an error object" if summary.format == "jsonl" else "error_code and error_message"
        lines.append(
            f"{summary.errors:,} text(s) couldn't be analysed ({detail}); their rows hold "
            f"{where} saying why."
        )
    if stats.crisis:
        lines.append(
            f"{stats.crisis:,} text(s) were flagged by the safety screen (the crisis column). "
            "Each was written by a real person; if your study has a safety protocol, now is "
            "the time to follow it."
        )
    lines.append(summary.version)
    for line in lines:
        typer.echo(line)


@app.command("report")
@boundary
def report(
    results: Annotated[Path, typer.Argument(help="The output of befriend corpus analyze.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    group_col: Annotated[
        str | None,
        typer.Option("--group-col", help="Compare groups by this column (carry it with --id-col)."),
    ] = None,
    no_text: Annotated[
        bool, typer.Option("--no-text", help="Leave the texts out: show no examples.")
    ] = False,
    examples: Annotated[
        int, typer.Option("--examples", min=0, max=20, help="Example texts per label.")
    ] = 3,
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format", help="csv, parquet or jsonl, when the extension doesn't say."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing report.")] = False,
) -> None:
    """Write a self-contained HTML summary of an analysed corpus, for a paper's appendix."""
    from befriend.research.corpus.report import ReportOptions, write_report

    written = write_report(
        results,
        output,
        ReportOptions(
            group_col=group_col,
            show_text=not no_text,
            examples=examples,
            input_format=input_format,
            force=force,
        ),
    )
    typer.echo(f"Wrote {output}: {written.rows:,} rows summarised.")
