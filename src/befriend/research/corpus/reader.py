"""Read a corpus in fixed chunks aligned to the global row index, in flat memory.

CSV and Parquet go through pyarrow's streaming readers; JSONL is read line by line.
Every chunk holds exactly ``chunk_size`` records (the last one may hold fewer), so the
texts that share an analyzer batch depend only on their row numbers, never on how
the work is split between processes.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from befriend.errors import InputFileError
from befriend.research.corpus.errors import CorpusError
from befriend.research.corpus.formats import Format, csv_parse_options

if TYPE_CHECKING:
    import pyarrow as pa

# The code and message of a record that can't be read at all (not even its text).
Problem = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Chunk:
    """``len(texts)`` consecutive records, the first at 0-based row ``start``.

    ``texts[i]`` is None when the record itself couldn't be read; ``problems[i]``
    then says why. ``ids`` holds each carried column's values, as Python objects.
    """

    index: int
    start: int
    texts: list[str | None]
    problems: list[Problem | None]
    ids: dict[str, list[Any]]

    def __len__(self) -> int:
        return len(self.texts)


class _Counting(io.RawIOBase):
    """A read-only file that counts the bytes read through it (for progress)."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


class CorpusReader:
    """Opens ``path`` and yields :class:`Chunk` objects; checks columns up front."""

    def __init__(
        self,
        path: Path,
        fmt: Format,
        text_col: str,
        id_cols: tuple[str, ...] | None,
        chunk_size: int,
    ) -> None:
        if not path.exists():
            raise InputFileError(f"There's no file at {path}. Check the path and try again.")
        if path.is_dir():
            raise InputFileError(
                f"{path} is a folder; give the path of a CSV, Parquet or JSONL file."
            )
        self.path = path
        self.format = fmt
        self.text_col = text_col
        self.chunk_size = chunk_size
        self.size = path.stat().st_size
        self.total_rows: int | None = None
        self._position = 0
        self._counter: _Counting | None = None
        columns = self._columns()
        if columns is not None and text_col not in columns:
            raise CorpusError(
                f"{path.name} has no column called {text_col!r}; its columns are "
                f"{_listing(columns)}. Name the text column with --text-col."
            )
        if id_cols is None:
            id_cols = ("id",) if columns is None or "id" in columns else ()
        elif columns is not None:
            missing = [c for c in id_cols if c not in columns]
            if missing:
                raise CorpusError(
                    f"{path.name} has no column called {missing[0]!r}; its columns are "
                    f"{_listing(columns)}. Check the --id-col names."
                )
        if text_col in id_cols:
            raise CorpusError(
                f"{text_col!r} is the text column; it is copied to the output as `text`, "
                "so don't name it with --id-col too."
            )
        self.id_cols: tuple[str, ...] = tuple(dict.fromkeys(id_cols))
        self.id_types = self._id_types()

    # -- metadata ------------------------------------------------------------------
    def _columns(self) -> list[str] | None:
        if self.format == "jsonl":
            return None
        if self.format == "parquet":
            return list(self._parquet().schema_arrow.names)
        return self._csv_header()

    def _parquet(self) -> Any:
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            return pq.ParquetFile(self.path)
        except (pa.ArrowException, OSError) as exc:
            raise CorpusError(
                f"{self.path.name} couldn't be read as Parquet ({exc}). Check that it is a "
                "Parquet file, or give its format with --input-format."
            ) from None

    def _csv_header(self) -> list[str]:
        import pyarrow as pa
        import pyarrow.csv as pacsv

        try:
            reader = pacsv.open_csv(self.path, parse_options=csv_parse_options())
        except (pa.ArrowException, OSError) as exc:
            raise CorpusError(
                f"{self.path.name} couldn't be read as CSV ({_first_line(exc)}). Check that "
                "it is UTF-8 CSV with a header row."
            ) from None
        try:
            return list(reader.schema.names)
        finally:
            reader.close()

    def _id_types(self) -> dict[str, pa.DataType]:
        import pyarrow as pa

        if self.format == "parquet":
            schema = self._parquet().schema_arrow
            return {c: schema.field(c).type for c in self.id_cols}
        # CSV cells are read as text, so ids like 007 keep their zeros; JSONL values
        # that aren't strings are written to CSV and Parquet as their JSON text.
        return {c: pa.string() for c in self.id_cols}

    def fraction(self, rows_done: int) -> float | None:
        """How far through the input the reading is, when that can be known."""
        if self.total_rows:
            return min(1.0, rows_done / self.total_rows)
        if self.size and self.format != "parquet":
            return min(1.0, self._position / self.size)
        return None

    # -- chunks --------------------------------------------------------------------
    def chunks(self) -> Iterator[Chunk]:
        if self.format == "jsonl":
            yield from self._jsonl_chunks()
        else:
            yield from self._arrow_chunks()

    def _arrow_chunks(self) -> Iterator[Chunk]:
        start = 0
        for index, table in enumerate(_rechunk(self._batches(), self.chunk_size)):
            if self._counter is not None:
                self._position = self._counter.count
            raw = table.column(self.text_col).to_pylist()
            texts: list[str | None] = []
            problems: list[Problem | None] = []
            for value in raw:
                text, problem = _decode(value, start + len(texts) + 1)
                texts.append(text)
                problems.append(problem)
            ids = {c: table.column(c).to_pylist() for c in self.id_cols}
            yield Chunk(index, start, texts, problems, ids)
            start += table.num_rows

    def _batches(self) -> Iterator[pa.RecordBatch]:
        import pyarrow as pa

        columns = [self.text_col, *self.id_cols]
        if self.format == "parquet":
            file = self._parquet()
            self.total_rows = file.metadata.num_rows
            text_type = file.schema_arrow.field(self.text_col).type
            if not (
                pa.types.is_string(text_type)
                or pa.types.is_large_string(text_type)
                or pa.types.is_binary(text_type)
                or pa.types.is_large_binary(text_type)
            ):
                raise CorpusError(
                    f"The column {self.text_col!r} in {self.path.name} holds {text_type} "
                    "values, not text. Name the column that holds the texts with --text-col."
                )
            try:
                yield from file.iter_batches(batch_size=self.chunk_size, columns=columns)
            except pa.ArrowException as exc:
                raise CorpusError(f"{self.path.name} couldn't be read ({exc}).") from None
            return
        import pyarrow.csv as pacsv

        types = {c: pa.string() for c in self.id_cols}
        types[self.text_col] = pa.binary()  # decoded per row, so bad bytes cost one row
        counter = _Counting(self.path.open("rb"))
        self._counter = counter
        try:
            reader = pacsv.open_csv(
                io.BufferedReader(counter, buffer_size=1 << 20),
                parse_options=csv_parse_options(),
                convert_options=pacsv.ConvertOptions(
                    include_columns=columns, column_types=types, strings_can_be_null=False
                ),
            )
            while True:
                try:
                    batch = reader.read_next_batch()
                except StopIteration:
                    break
                yield batch
        except pa.ArrowException as exc:
            raise CorpusError(
                f"{self.path.name} couldn't be read as CSV ({_first_line(exc)}). Fix that "
                "row (an unclosed quote is the usual cause) and run the same command again: "
                "finished chunks are kept."
            ) from None
        finally:
            counter.close()

    def _jsonl_chunks(self) -> Iterator[Chunk]:
        index = 0
        start = 0
        texts: list[str | None] = []
        problems: list[Problem | None] = []
        ids: dict[str, list[Any]] = {c: [] for c in self.id_cols}
        with self.path.open("rb") as file:
            for number, raw in enumerate(file, 1):
                self._position += len(raw)
                if not raw.strip():
                    continue
                text, problem, values = self._parse_line(number, raw.rstrip(b"\r\n"))
                texts.append(text)
                problems.append(problem)
                for c in self.id_cols:
                    ids[c].append(values.get(c))
                if len(texts) >= self.chunk_size:
                    yield Chunk(index, start, texts, problems, ids)
                    index += 1
                    start += len(texts)
                    texts, problems = [], []
                    ids = {c: [] for c in self.id_cols}
        if texts:
            yield Chunk(index, start, texts, problems, ids)

    def _parse_line(
        self, number: int, raw: bytes
    ) -> tuple[str | None, Problem | None, dict[str, Any]]:
        try:
            obj = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            return (
                None,
                (
                    "undecodable_input",
                    f"Line {number} isn't valid UTF-8 (bad byte at "
                    f"position {exc.start}). Save the file as UTF-8 and try again.",
                ),
                {},
            )
        except json.JSONDecodeError as exc:
            return (
                None,
                ("bad_input", f"Line {number} isn't valid JSON ({exc.msg}, column {exc.colno})."),
                {},
            )
        if not isinstance(obj, dict):
            return (
                None,
                (
                    "bad_input",
                    f"Line {number} is JSON but not an object; write it as "
                    f'{{"{self.text_col}": "..."}}.',
                ),
                {},
            )
        text = obj.get(self.text_col)
        if not isinstance(text, str):
            what = "has no" if self.text_col not in obj else "has a non-text"
            return (
                None,
                (
                    "bad_input",
                    f"Line {number} {what} {self.text_col!r} field; each "
                    f'line needs {{"{self.text_col}": "..."}}.',
                ),
                obj,
            )
        return text, None, obj


def _rechunk(batches: Iterator[pa.RecordBatch], size: int) -> Iterator[pa.Table]:
    """Regroup record batches into tables of exactly ``size`` rows (the last: fewer)."""
    import pyarrow as pa

    pending: list[pa.RecordBatch] = []
    held = 0
    for batch in batches:
        if batch.num_rows == 0:
            continue
        pending.append(batch)
        held += batch.num_rows
        while held >= size:
            table = pa.Table.from_batches(pending)
            yield table.slice(0, size)
            rest = table.slice(size)
            pending = rest.to_batches()
            held = rest.num_rows
    if held:
        yield pa.Table.from_batches(pending)


def _decode(value: Any, row: int) -> tuple[str | None, Problem | None]:
    if value is None:
        return "", None  # an empty cell: the analyzer says the text is empty
    if isinstance(value, str):
        return value, None
    try:
        return bytes(value).decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, (
            "undecodable_input",
            f"Row {row}'s text isn't valid UTF-8 (bad byte at "
            f"position {exc.start}). Save the file as UTF-8 and try again.",
        )


def _listing(columns: list[str]) -> str:
    shown = ", ".join(repr(c) for c in columns[:12])
    return shown + (f" and {len(columns) - 12} more" if len(columns) > 12 else "")


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
