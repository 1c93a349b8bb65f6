"""`befriend corpus report`: a self-contained HTML summary of an analysed corpus."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from befriend.research.corpus.errors import CorpusError, OutputExistsError
from befriend.research.corpus.formats import format_of
from befriend.research.corpus.report.summary import CorpusSummary, summarize

__all__ = ["CorpusSummary", "ReportOptions", "build_report", "write_report"]


@dataclass(frozen=True, slots=True)
class ReportOptions:
    group_col: str | None = None
    show_text: bool = True
    examples: int = 3
    input_format: str | None = None
    force: bool = False


def build_report(
    results: Path, options: ReportOptions = ReportOptions()
) -> tuple[str, CorpusSummary]:
    """The report's HTML and the counts behind it."""
    from befriend.research.corpus.report.html import render

    fmt = format_of(results, options.input_format, role="input")
    summary = summarize(
        results,
        fmt,
        group_col=options.group_col,
        examples=options.examples if options.show_text else 0,
    )
    return render(summary, show_text=options.show_text, examples=options.examples), summary


def write_report(
    results: Path, output: Path, options: ReportOptions = ReportOptions()
) -> CorpusSummary:
    """Write the report to ``output`` (atomically); refuses to overwrite without force."""
    if output.exists() and not options.force:
        raise OutputExistsError(
            f"{output} already exists. Use --force to replace it, or give another -o path."
        )
    if not output.parent.is_dir():
        raise CorpusError(
            f"The folder {output.parent} doesn't exist; create it or give another -o path."
        )
    html, summary = build_report(results, options)
    tmp = output.with_name(f".{output.name}.befriend-tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, output)
    return summary
