"""Read an analysed corpus (any output format) once, in flat memory, into counts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from befriend.errors import InputFileError
from befriend.labels import BALANCES, LABELS
from befriend.research.corpus.errors import CorpusError
from befriend.research.corpus.formats import Format, csv_parse_options

MAX_GROUPS: Final[int] = 30
EXAMPLE_CHARS: Final[int] = 400
MISSING_GROUP: Final[str] = "(no value)"


@dataclass(frozen=True, slots=True)
class Record:
    row: int
    labels: frozenset[str]
    balance: str | None
    crisis: bool
    error: str | None
    text: str | None
    group: str | None
    version: str | None


@dataclass
class GroupCounts:
    analysed: int = 0
    labels: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))


@dataclass
class CorpusSummary:
    """Everything the report shows, gathered in one pass."""

    source: str
    rows: int = 0
    analysed: int = 0
    crisis: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)
    labels: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABELS, 0))
    balance: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BALANCES, 0))
    pairs: list[list[int]] = field(default_factory=lambda: [[0] * len(LABELS) for _ in LABELS])
    examples: dict[str, list[tuple[int, str]]] = field(
        default_factory=lambda: {label: [] for label in LABELS}
    )
    group_col: str | None = None
    groups: dict[str, GroupCounts] = field(default_factory=dict)

    def add(self, record: Record, examples: int) -> None:
        self.rows += 1
        if record.version:
            self.versions[record.version] = self.versions.get(record.version, 0) + 1
        if record.error is not None:
            self.errors[record.error] = self.errors.get(record.error, 0) + 1
            return
        self.analysed += 1
        self.crisis += record.crisis
        present = [i for i, label in enumerate(LABELS) if label in record.labels]
        for i in present:
            self.labels[LABELS[i]] += 1
            for j in present:
                self.pairs[i][j] += 1
        if record.balance in self.balance:
            self.balance[record.balance] += 1
        if not record.crisis and record.text:
            # Crisis texts are never examples (see the report's note on them).
            for label in record.labels:
                shelf = self.examples[label]
                if len(shelf) < examples:
                    shelf.append((record.row, _clip(record.text)))
        if self.group_col is not None:
            key = record.group if record.group is not None else MISSING_GROUP
            counts = self.groups.get(key)
            if counts is None:
                if len(self.groups) >= MAX_GROUPS:
                    raise CorpusError(
                        f"The column {self.group_col!r} has more than {MAX_GROUPS} different "
                        "values; a comparison needs a few groups. Choose a column such as a "
                        "condition or a site."
                    )
                counts = self.groups[key] = GroupCounts()
            counts.analysed += 1
            for label in record.labels:
                counts.labels[label] += 1


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1].rstrip() + "…"


def summarize(path: Path, fmt: Format, *, group_col: str | None, examples: int) -> CorpusSummary:
    if not path.exists():
        raise InputFileError(f"There's no file at {path}. Check the path and try again.")
    if path.is_dir():
        raise InputFileError(
            f"{path} is a folder; give the output file of befriend corpus analyze."
        )
    summary = CorpusSummary(source=path.name, group_col=group_col)
    reader = _jsonl_records if fmt == "jsonl" else _tabular_records
    for record in reader(path, fmt, group_col, examples > 0):
        summary.add(record, examples)
    return summary


def _not_ours(path: Path, what: str) -> CorpusError:
    return CorpusError(
        f"{path.name} doesn't look like the output of befriend corpus analyze ({what}). "
        "Give the file that command wrote."
    )


def _tabular_records(
    path: Path, fmt: Format, group_col: str | None, want_text: bool
) -> Iterator[Record]:
    import pyarrow as pa

    needed = ["row", *(f"label_{label}" for label in LABELS), "balance", "crisis", "error_code"]
    optional = ["version", *(["text"] if want_text else [])]
    if fmt == "parquet":
        import pyarrow.parquet as pq

        try:
            file = pq.ParquetFile(path)
        except (pa.ArrowException, OSError) as exc:
            raise _not_ours(path, f"it couldn't be read as Parquet: {exc}") from None
        names = file.schema_arrow.names
        columns = _columns(path, names, needed, optional, group_col)
        batches: Iterator[Any] = file.iter_batches(batch_size=4096, columns=columns)
    else:
        import pyarrow.csv as pacsv

        try:
            names = pacsv.open_csv(path, parse_options=csv_parse_options()).schema.names
        except (pa.ArrowException, OSError) as exc:
            raise _not_ours(path, f"it couldn't be read as CSV: {exc}") from None
        columns = _columns(path, names, needed, optional, group_col)
        types = {c: pa.bool_() for c in columns if c.startswith("label_") or c == "crisis"}
        types.update({c: pa.string() for c in ("balance", "error_code", "text", "version")})
        if group_col is not None:
            types[group_col] = pa.string()
        reader = pacsv.open_csv(
            path,
            parse_options=csv_parse_options(),
            convert_options=pacsv.ConvertOptions(
                include_columns=columns,
                column_types=types,
                strings_can_be_null=True,
            ),
        )
        batches = iter(reader)
    for batch in batches:
        for row in batch.to_pylist():
            labels = frozenset(label for label in LABELS if row[f"label_{label}"])
            group = row.get(group_col) if group_col is not None else None
            yield Record(
                row=int(row["row"]),
                labels=labels,
                balance=row["balance"],
                crisis=bool(row["crisis"]),
                error=row["error_code"] or None,
                text=row.get("text"),
                group=None if group is None or group == "" else str(group),
                version=row.get("version"),
            )


def _columns(
    path: Path, names: list[str], needed: list[str], optional: list[str], group_col: str | None
) -> list[str]:
    missing = [c for c in needed if c not in names]
    if missing:
        raise _not_ours(path, f"it has no {missing[0]!r} column")
    if group_col is not None and group_col not in names:
        raise CorpusError(
            f"{path.name} has no column called {group_col!r}. Carry it into the output with "
            f"--id-col {group_col} when you run befriend corpus analyze."
        )
    extra = [group_col] if group_col is not None else []
    return [*needed, *(c for c in optional if c in names), *extra]


def _jsonl_records(
    path: Path, fmt: Format, group_col: str | None, want_text: bool
) -> Iterator[Record]:
    with path.open("rb") as file:
        for number, raw in enumerate(file, 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except (ValueError, UnicodeDecodeError):
                raise _not_ours(path, f"line {number} isn't JSON") from None
            if not isinstance(obj, dict) or "row" not in obj:
                raise _not_ours(path, f'line {number} has no "row"')
            if group_col is not None and number == 1 and group_col not in obj:
                raise CorpusError(
                    f"{path.name} has no field called {group_col!r}. Carry it into the output "
                    f"with --id-col {group_col} when you run befriend corpus analyze."
                )
            error = obj.get("error")
            group = obj.get(group_col) if group_col is not None else None
            yield Record(
                row=int(obj["row"]),
                labels=frozenset(obj.get("labels") or ()),
                balance=obj.get("balance"),
                crisis=bool(obj.get("crisis")),
                error=(error.get("code") or "error") if isinstance(error, dict) else None,
                text=obj.get("text") if want_text else None,
                group=None
                if group is None or group == ""
                else (group if isinstance(group, str) else json.dumps(group)),
                version=obj.get("version"),
            )
