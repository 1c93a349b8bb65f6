"""What the journal commands do, as plain functions: write an entry (analysed and
safety-screened first), import an export, bring analyses up to date, export.

Slow work (the analyzer) always happens BEFORE a write transaction begins, so
transactions stay short and a killed process can't leave half an entry behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final, TextIO

from befriend.errors import BefriendError, EmptyTextError
from befriend.store.exchange import read_export, write_json, write_markdown
from befriend.store.journal import Journal
from befriend.store.models import utcnow
from befriend.store.records import EntryRecord, NewEntry

if TYPE_CHECKING:
    from befriend.analysis import Analysis
    from befriend.analyzer import Analyzer

REANALYSIS_BATCH: Final[int] = 32


@dataclass(frozen=True, slots=True)
class WriteResult:
    """A saved entry. ``analysis`` is None when the analyzer couldn't read the text
    (``unread`` says why); ``crisis`` is the safety screen's verdict either way."""

    entry: EntryRecord
    analysis: Analysis | None
    crisis: bool
    unread: str | None


def read_text(analyzer: Analyzer, text: str) -> tuple[Analysis | None, bool, str | None]:
    """Analyse ``text``: (analysis or None, crisis, why it couldn't be read). Text the
    analyzer can't read (another language, very long) is still safety-screened."""
    if not text.strip():
        raise EmptyTextError()
    try:
        analysis = analyzer.analyze(text)
    except BefriendError as exc:
        return None, analyzer.screen.screen(text).crisis, exc.message
    return analysis, analysis.crisis, None


def write_entry(
    journal: Journal, analyzer: Analyzer, text: str, *, source: str = "write"
) -> WriteResult:
    """Analyse ``text`` (outside any transaction), then save it with its analysis in
    one transaction."""
    analysis, crisis, unread = read_text(analyzer, text)
    entry = journal.add_entry(text, analysis, source=source)
    return WriteResult(entry=entry, analysis=analysis, crisis=crisis, unread=unread)


# -- import -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ImportReport:
    format: str
    added: tuple[str, ...]
    already_there: tuple[str, ...]
    unread: int  # entries saved without an analysis
    crisis: int  # entries where the safety screen fired


def import_file(journal: Journal, analyzer: Analyzer, path: Path) -> ImportReport:
    """Read a whole export (any damage: error, nothing written), analyse the entries
    not yet in the journal, then save them all in ONE transaction. Entries whose id is
    already there are left alone, so importing the same file twice adds nothing."""
    export = read_export(path)
    known = set(journal.known_ids([e.id for e in export.entries if e.id is not None]))
    fresh = [e for e in export.entries if e.id not in known]
    prepared: list[NewEntry] = []
    unread = crisis = 0
    results = analyzer.analyze_each(e.text for e in fresh)
    for item, result in zip(fresh, results, strict=True):
        if isinstance(result, BefriendError):
            unread += 1
            crisis += bool(item.text.strip()) and analyzer.screen.screen(item.text).crisis
            prepared.append(item)
        else:
            crisis += result.crisis
            prepared.append(_with_analysis(item, result))
    report = journal.add_entries(prepared)
    return ImportReport(
        format=export.format,
        added=report.added,
        already_there=tuple(sorted(known | set(report.already_there))),
        unread=unread,
        crisis=crisis,
    )


def _with_analysis(item: NewEntry, analysis: Analysis) -> NewEntry:
    return NewEntry(
        text=item.text,
        analysis=analysis,
        source=item.source,
        id=item.id,
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


# -- re-analysis ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ReanalysisReport:
    version: str
    updated: int  # entries given an analysis by ``version``
    current: int  # entries already analysed by ``version``
    unread: int  # entries the analyzer couldn't read (left as they were)
    crisis: int  # updated entries where the safety screen fired


def reanalyze(
    journal: Journal,
    analyzer: Analyzer,
    *,
    batch_size: int = REANALYSIS_BATCH,
    on_batch: Callable[[int, int], None] | None = None,
) -> ReanalysisReport:
    """Bring every entry's analysis up to ``analyzer.version``; the text is never
    touched. Each batch is analysed first, then saved in its own short transaction,
    so stopping half-way keeps the finished batches and running again carries on.
    Idempotent: a second run changes nothing. ``on_batch(done, total)`` reports
    progress."""
    version = analyzer.version
    total = journal.count()
    stale = journal.stale(version)
    updated = unread = crisis = 0
    for start in range(0, len(stale), batch_size):
        batch = stale[start : start + batch_size]
        results = analyzer.analyze_each((text for _, text in batch), batch_size=batch_size)
        fresh: list[tuple[str, Analysis]] = []
        for (entry_id, _), result in zip(batch, results, strict=True):
            if isinstance(result, BefriendError):
                unread += 1
            else:
                fresh.append((entry_id, result))
                crisis += result.crisis
        updated += journal.set_analyses(fresh)
        if on_batch is not None:
            on_batch(min(start + batch_size, len(stale)), len(stale))
    return ReanalysisReport(
        version=version,
        updated=updated,
        current=total - len(stale),
        unread=unread,
        crisis=crisis,
    )


# -- export --------------------------------------------------------------------------
def export(journal: Journal, out: TextIO, fmt: str, *, now: datetime | None = None) -> int:
    """Write every entry, oldest first, as ``fmt`` ("json" or "markdown")."""
    records: Iterator[EntryRecord] = journal.iter_entries()
    moment = now or utcnow()
    if fmt == "json":
        return write_json(records, out, exported_at=moment)
    if fmt == "markdown":
        return write_markdown(records, out, exported_at=moment)
    raise BefriendError(f"There's no export format {fmt!r}; use json or markdown.")
