"""Export and import formats: JSON (``befriend-journal`` v1) and Markdown.

Both hold every entry's id, timestamps, source and exact text, so an export read
back by :func:`read_export` gives the same entries (a lossless round trip). The
Markdown form is for people to read; each entry's text sits in a code fence longer
than any run of backticks in it, with its metadata in an HTML comment, so it can be
read back exactly too.

Nothing here touches the database; see :mod:`befriend.store.service` for that.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, TextIO

from befriend.labels import DISPLAY
from befriend.store.errors import ImportFormatError
from befriend.store.records import EntryRecord, NewEntry

FORMAT: Final[str] = "befriend-journal"
FORMAT_VERSION: Final[int] = 1
FORMATS: Final[tuple[str, ...]] = ("json", "markdown")
MD_MARKER: Final[str] = f"<!-- {FORMAT}-markdown v{FORMAT_VERSION} -->"
MD_ENTRY: Final[str] = "<!-- befriend-entry "
_SOURCE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


def timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds, e.g. ``2026-11-26T06:21:31.461893+00:00``."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def entry_meta(record: EntryRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "created_at": timestamp(record.created_at),
        "updated_at": timestamp(record.updated_at),
        "source": record.source,
    }


def entry_json(record: EntryRecord) -> dict[str, Any]:
    """One entry in export form: metadata, text and a summary of its analysis."""
    return {
        **entry_meta(record),
        "text": record.text,
        "analysis": None if record.analysis is None else record.analysis.summary(),
    }


# -- writing -------------------------------------------------------------------------
def write_json(records: Iterable[EntryRecord], out: TextIO, *, exported_at: datetime) -> int:
    """Stream a JSON export to ``out``; returns the number of entries."""
    out.write("{\n")
    out.write(f'  "format": {json.dumps(FORMAT)},\n  "version": {FORMAT_VERSION},\n')
    out.write(f'  "exported_at": {json.dumps(timestamp(exported_at))},\n')
    out.write('  "entries": [')
    count = 0
    for record in records:
        out.write(",\n    " if count else "\n    ")
        out.write(json.dumps(entry_json(record), ensure_ascii=False))
        count += 1
    out.write("\n  ]\n}\n" if count else "]\n}\n")
    return count


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def write_markdown(records: Iterable[EntryRecord], out: TextIO, *, exported_at: datetime) -> int:
    """Stream a Markdown export to ``out``; returns the number of entries."""
    out.write("# befriend journal\n\n")
    out.write(
        f"Exported {exported_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC. Times are in UTC. "
        "`befriend import` reads this file back exactly as it is.\n\n"
    )
    out.write(MD_MARKER + "\n")
    count = 0
    for record in records:
        fence = _fence(record.text)
        meta = json.dumps(entry_meta(record), ensure_ascii=True)
        out.write(f"\n## {record.created_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC\n\n")
        out.write(f"{MD_ENTRY}{meta} -->\n\n{fence}text\n{record.text}\n{fence}\n")
        if record.analysis is not None:
            labels = ", ".join(DISPLAY[x] for x in record.analysis.labels) or "none"
            balance = record.analysis.balance.replace("_", " ")
            out.write(f"\nLabels: {labels}. Balance: {balance}.\n")
        count += 1
    return count


# -- reading -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ExportFile:
    format: str  # "json" | "markdown"
    entries: tuple[NewEntry, ...]


def read_export(path: Path) -> ExportFile:
    """Read and check a whole export file. Raises :class:`ImportFormatError` saying
    what is wrong; never returns part of a file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImportFormatError(
            f"There's no file at {path}. Check the path and try again."
        ) from None
    except IsADirectoryError:
        raise ImportFormatError(f"{path} is a folder; give the path of an export file.") from None
    except OSError as exc:
        raise ImportFormatError(f"{path} couldn't be read: {exc.strerror or exc}.") from None
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _foreign(path, "it isn't UTF-8 text") from None
    stripped = content.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        return ExportFile("json", _read_json(path, stripped))
    if MD_MARKER in content:
        return ExportFile("markdown", _read_markdown(path, content))
    raise _foreign(path, "it has neither befriend's JSON nor its Markdown layout")


def _foreign(path: Path, why: str) -> ImportFormatError:
    return ImportFormatError(
        f"{path} isn't a befriend export ({why}), so nothing was imported. "
        "Give a file made by `befriend export`."
    )


def _damaged(path: Path, why: str) -> ImportFormatError:
    return ImportFormatError(
        f"{path} looks like a befriend export but is damaged ({why}), so nothing was "
        "imported. Export it again, or fix that part of the file."
    )


def _read_json(path: Path, content: str) -> tuple[NewEntry, ...]:
    try:
        doc = json.loads(content)
    except json.JSONDecodeError as exc:
        raise _damaged(path, f"invalid JSON at line {exc.lineno}, column {exc.colno}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _foreign(path, f'its JSON has no "format": "{FORMAT}"')
    version = doc.get("version")
    if version != FORMAT_VERSION:
        raise ImportFormatError(
            f"{path} is a befriend export of version {version!r}, and this befriend reads "
            f"version {FORMAT_VERSION}. Update befriend and try again; nothing was imported."
        )
    items = doc.get("entries")
    if not isinstance(items, list):
        raise _damaged(path, 'no "entries" list')
    return _checked(path, [_entry(path, n, item) for n, item in enumerate(items, 1)])


def _read_markdown(path: Path, content: str) -> tuple[NewEntry, ...]:
    entries: list[NewEntry] = []
    pos = content.index(MD_MARKER) + len(MD_MARKER)
    n = 0
    while (start := content.find(MD_ENTRY, pos)) != -1:
        n += 1
        meta_end = content.find(" -->\n", start)
        if meta_end == -1:
            raise _damaged(path, f"entry {n} has an unfinished metadata comment")
        try:
            meta = json.loads(content[start + len(MD_ENTRY) : meta_end])
        except json.JSONDecodeError:
            raise _damaged(path, f"entry {n} has unreadable metadata") from None
        match = re.compile(r"\n(`{3,})text\n").match(content, meta_end + len(" -->\n"))
        if match is None:
            raise _damaged(path, f"entry {n} has no fenced text after its metadata")
        fence = match.group(1)
        body_start = match.end()
        close = content.find(f"\n{fence}\n", body_start)
        if close == -1:
            raise _damaged(path, f"entry {n}'s text has no closing fence")
        text = content[body_start:close]
        if not isinstance(meta, dict):
            raise _damaged(path, f"entry {n} has unreadable metadata")
        entries.append(_entry(path, n, {**meta, "text": text}))
        pos = close + len(fence) + 2
    return _checked(path, entries)


def _entry(path: Path, n: int, item: Any) -> NewEntry:
    if not isinstance(item, dict):
        raise _damaged(path, f"entry {n} isn't an object")
    text = item.get("text")
    if not isinstance(text, str):
        raise _damaged(path, f'entry {n} has no "text"')
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        raise _damaged(path, f"entry {n}'s text holds characters that aren't valid Unicode")
    entry_id = item.get("id")
    try:
        if not isinstance(entry_id, str) or str(uuid.UUID(entry_id)) != entry_id:
            raise ValueError
    except ValueError:
        raise _damaged(path, f'entry {n} has no valid "id"') from None
    source = item.get("source", "import")
    if not isinstance(source, str) or not _SOURCE.match(source):
        raise _damaged(path, f'entry {n} has an unknown "source"')
    created = _moment(path, n, item, "created_at")
    updated = _moment(path, n, item, "updated_at")
    return NewEntry(text=text, id=entry_id, created_at=created, updated_at=updated, source=source)


def _moment(path: Path, n: int, item: dict[str, Any], key: str) -> datetime:
    value = item.get(key)
    try:
        if not isinstance(value, str):
            raise ValueError
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError
    except ValueError:
        raise _damaged(path, f'entry {n} has no valid "{key}" time') from None
    return moment.astimezone(UTC)


def _checked(path: Path, entries: list[NewEntry]) -> tuple[NewEntry, ...]:
    seen: set[str] = set()
    for n, entry in enumerate(entries, 1):
        assert entry.id is not None
        if entry.id in seen:
            raise _damaged(path, f"entry {n} repeats the id {entry.id}")
        seen.add(entry.id)
    return tuple(entries)
