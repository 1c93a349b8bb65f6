"""One chunk of a corpus in, one finished part of the output out.

The same function runs in-process and on Dask workers, so both engines write the
same bytes. Each chunk is analysed in batches of exactly :data:`BATCH_SIZE` records
counted from the chunk's start, and chunks start at multiples of the batch size:
the texts that are embedded (and padded) together are fixed by row numbers alone.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from befriend.errors import BefriendError
from befriend.labels import LABELS
from befriend.research.corpus.errors import WorkerVersionError
from befriend.research.corpus.formats import Format
from befriend.research.corpus.reader import Chunk

if TYPE_CHECKING:
    import pyarrow as pa

    from befriend.analysis import Analysis
    from befriend.analyzer import Analyzer

BATCH_SIZE: Final[int] = 64  # the analyzer's default batch (a test keeps them equal)
SCORE_DECIMALS: Final[int] = 4  # as in the JSON contract

# Columns the analysis adds to CSV and Parquet output, after ``row``, the id columns
# and ``text``.
ANALYSIS_COLUMNS: Final[tuple[str, ...]] = (
    *(f"label_{label}" for label in LABELS),
    *(f"score_{label}" for label in LABELS),
    *(f"sentences_{label}" for label in LABELS),
    "n_sentences",
    "balance",
    "crisis",
    "safety_signals",
    "error_code",
    "error_message",
    "version",
)
JSONL_FIELDS: Final[tuple[str, ...]] = (
    "text",
    "labels",
    "scores",
    "sentences",
    "balance",
    "crisis",
    "safety_signals",
    "version",
    "sentence_counts",
    "error",
    "line",
)
RESERVED: Final[frozenset[str]] = frozenset({"row", "text", *ANALYSIS_COLUMNS, *JSONL_FIELDS})


@dataclass(frozen=True, slots=True)
class Layout:
    """What every part of one run looks like; sent to each worker with each chunk."""

    out_format: Format
    id_cols: tuple[str, ...]
    id_types: dict[str, pa.DataType]
    version: str
    software: str  # "befriend X onnxruntime Y": what else the numbers depend on


def software_versions() -> str:
    """befriend's and ONNX Runtime's versions, which a worker must share with the client."""
    from importlib.metadata import PackageNotFoundError, version

    from befriend import __version__

    try:
        runtime = version("onnxruntime")
    except PackageNotFoundError:
        runtime = "missing"
    return f"befriend {__version__} onnxruntime {runtime}"


@dataclass(frozen=True, slots=True)
class ChunkStats:
    rows: int = 0
    analysed: int = 0
    crisis: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "analysed": self.analysed,
            "crisis": self.crisis,
            "errors": dict(sorted(self.errors.items())),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChunkStats:
        return cls(
            int(data["rows"]),
            int(data["analysed"]),
            int(data["crisis"]),
            {str(k): int(v) for k, v in data["errors"].items()},
        )

    def __add__(self, other: ChunkStats) -> ChunkStats:
        errors = dict(self.errors)
        for code, n in other.errors.items():
            errors[code] = errors.get(code, 0) + n
        return ChunkStats(
            self.rows + other.rows,
            self.analysed + other.analysed,
            self.crisis + other.crisis,
            errors,
        )


@dataclass(frozen=True, slots=True)
class PartResult:
    """A finished chunk: its bytes in the output format (CSV without a header)."""

    index: int
    data: bytes
    stats: ChunkStats
    version: str
    worker: str  # "pid:analyzer id", to show each process loads the model once


def tabular_schema(layout: Layout) -> pa.Schema:
    import pyarrow as pa

    fields = [pa.field("row", pa.int64())]
    fields += [pa.field(c, layout.id_types[c]) for c in layout.id_cols]
    fields.append(pa.field("text", pa.string()))
    fields += [pa.field(f"label_{label}", pa.bool_()) for label in LABELS]
    fields += [pa.field(f"score_{label}", pa.float64()) for label in LABELS]
    fields += [pa.field(f"sentences_{label}", pa.int32()) for label in LABELS]
    fields += [
        pa.field("n_sentences", pa.int32()),
        pa.field("balance", pa.string()),
        pa.field("crisis", pa.bool_()),
        pa.field("safety_signals", pa.string()),
        pa.field("error_code", pa.string()),
        pa.field("error_message", pa.string()),
        pa.field("version", pa.string()),
    ]
    return pa.schema(fields)


def analyze_chunk(chunk: Chunk, layout: Layout, analyzer: Analyzer) -> PartResult:
    """Analyse one chunk and render it in the run's output format."""
    version = analyzer.version
    if version != layout.version or software_versions() != layout.software:
        raise WorkerVersionError(
            f"A worker runs analyzer {version} with {software_versions()}, but this run uses "
            f"{layout.version} with {layout.software}. Install the same versions on "
            "every worker and run the command again."
        )
    texts = [t if t is not None else "" for t in chunk.texts]
    outcomes: list[Analysis | BefriendError | tuple[str, str]] = []
    for problem, result in zip(
        chunk.problems, analyzer.analyze_each(texts, batch_size=BATCH_SIZE), strict=True
    ):
        outcomes.append(problem if problem is not None else result)
    stats = _stats(outcomes)
    if layout.out_format == "jsonl":
        data = b"".join(_jsonl_lines(chunk, layout, outcomes))
    else:
        data = _tabular_bytes(chunk, layout, outcomes)
    return PartResult(chunk.index, data, stats, version, f"{os.getpid()}:{id(analyzer)}")


def _stats(outcomes: list[Analysis | BefriendError | tuple[str, str]]) -> ChunkStats:
    from befriend.analysis import Analysis

    errors: dict[str, int] = {}
    analysed = crisis = 0
    for item in outcomes:
        if isinstance(item, Analysis):
            analysed += 1
            crisis += item.crisis
        else:
            code = item[0] if isinstance(item, tuple) else item.code
            errors[code] = errors.get(code, 0) + 1
    return ChunkStats(len(outcomes), analysed, crisis, errors)


def _error_of(item: BefriendError | tuple[str, str]) -> tuple[str, str]:
    return item if isinstance(item, tuple) else (item.code, item.message)


def sentence_counts(analysis: Analysis) -> dict[str, int]:
    return {label: sum(label in s.labels for s in analysis.sentences) for label in LABELS}


def _json_safe(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str)) if value is not None else None


def _jsonl_lines(
    chunk: Chunk, layout: Layout, outcomes: list[Analysis | BefriendError | tuple[str, str]]
) -> Iterator[bytes]:
    from befriend.analysis import Analysis

    for i, item in enumerate(outcomes):
        out: dict[str, Any]
        if isinstance(item, Analysis):
            out = item.to_dict()
            out["sentence_counts"] = sentence_counts(item)
        else:
            code, message = _error_of(item)
            out = {"error": {"code": code, "message": message}, "version": layout.version}
        out["row"] = chunk.start + i + 1
        for c in layout.id_cols:
            out[c] = _json_safe(chunk.ids[c][i])
        yield (json.dumps(out, ensure_ascii=False, default=str) + "\n").encode("utf-8")


def _id_cell(value: Any, as_text: bool) -> Any:
    if value is None or not as_text or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _tabular_bytes(
    chunk: Chunk, layout: Layout, outcomes: list[Analysis | BefriendError | tuple[str, str]]
) -> bytes:
    import pyarrow as pa

    from befriend.analysis import Analysis

    schema = tabular_schema(layout)
    cols: dict[str, list[Any]] = {name: [] for name in schema.names}
    cols["row"] = list(range(chunk.start + 1, chunk.start + len(chunk) + 1))
    for c in layout.id_cols:
        as_text = pa.types.is_string(layout.id_types[c])
        cols[c] = [_id_cell(v, as_text) for v in chunk.ids[c]]
    for i, item in enumerate(outcomes):
        cols["text"].append(chunk.texts[i])
        cols["version"].append(layout.version)
        if isinstance(item, Analysis):
            counts = sentence_counts(item)
            for label in LABELS:
                cols[f"label_{label}"].append(label in item.labels)
                cols[f"score_{label}"].append(round(item.scores[label], SCORE_DECIMALS))
                cols[f"sentences_{label}"].append(counts[label])
            cols["n_sentences"].append(len(item.sentences))
            cols["balance"].append(item.balance)
            cols["crisis"].append(item.crisis)
            cols["safety_signals"].append(";".join(item.safety_signals))
            cols["error_code"].append(None)
            cols["error_message"].append(None)
        else:
            code, message = _error_of(item)
            for label in LABELS:
                cols[f"label_{label}"].append(None)
                cols[f"score_{label}"].append(None)
                cols[f"sentences_{label}"].append(None)
            for name in ("n_sentences", "balance", "crisis", "safety_signals"):
                cols[name].append(None)
            cols["error_code"].append(code)
            cols["error_message"].append(message)
    table = pa.table(cols, schema=schema)
    sink = io.BytesIO()
    if layout.out_format == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, sink)
    else:
        import pyarrow.csv as pacsv

        pacsv.write_csv(table, sink, write_options=pacsv.WriteOptions(include_header=False))
    return sink.getvalue()


def csv_header(layout: Layout) -> bytes:
    import pyarrow.csv as pacsv

    sink = io.BytesIO()
    pacsv.write_csv(tabular_schema(layout).empty_table(), sink)
    return sink.getvalue()
