"""Run a corpus analysis: chunked, resumable, and assembled atomically at the end.

Finished chunks are kept as parts in ``OUT.partial/`` beside a manifest naming the
input's SHA-256, the analyzer version and the settings. A run that finds a matching
manifest skips the parts it has; one that finds a different manifest refuses to mix
them. When every chunk is done the parts are joined into a temporary file that is
renamed onto OUT, and the folder is removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from befriend.research.corpus.engines import Engine, LocalEngine
from befriend.research.corpus.errors import (
    CorpusError,
    OutputExistsError,
    ResumeMismatchError,
    WorkerVersionError,
)
from befriend.research.corpus.formats import Format, format_of
from befriend.research.corpus.reader import Chunk, CorpusReader
from befriend.research.corpus.work import (
    BATCH_SIZE,
    RESERVED,
    ChunkStats,
    Layout,
    PartResult,
    csv_header,
    software_versions,
    tabular_schema,
)

MANIFEST: Final[str] = "manifest.json"
PARTIAL_FORMAT: Final[str] = "befriend-corpus-partial/1"
DEFAULT_CHUNK_SIZE: Final[int] = 1024
MAX_CHUNK_SIZE: Final[int] = 65_536


@dataclass(frozen=True, slots=True)
class CorpusJob:
    """What to analyse and where to put it.

    ``id_cols``: the input columns to carry into the output (ids, groups...); None
    means ``id`` when the input has it. ``chunk_size`` must be a multiple of 64, the
    analyzer's batch, so results never depend on how the corpus is split.
    """

    input: Path
    output: Path
    text_col: str = "text"
    id_cols: tuple[str, ...] | None = None
    chunk_size: int = DEFAULT_CHUNK_SIZE
    input_format: str | None = None
    output_format: str | None = None
    force: bool = False


@dataclass(frozen=True, slots=True)
class Progress:
    rows: int  # records finished so far (resumed ones included)
    chunks: int
    resumed_rows: int
    fraction: float | None  # of the input read, when it can be known


@dataclass(frozen=True, slots=True)
class RunSummary:
    output: Path
    format: Format
    version: str
    stats: ChunkStats
    chunks: int
    resumed_chunks: int
    seconds: float
    workers: set[str] = field(default_factory=set)

    @property
    def errors(self) -> int:
        return self.stats.rows - self.stats.analysed


def partial_dir(output: Path) -> Path:
    return output.with_name(output.name + ".partial")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def analyze_corpus(
    job: CorpusJob,
    *,
    engine: Engine | None = None,
    progress: Callable[[Progress], None] | None = None,
) -> RunSummary:
    """Analyse every record of ``job.input`` into ``job.output``; see the module doc."""
    started = time.perf_counter()
    in_fmt = format_of(job.input, job.input_format, role="input")
    out_fmt = format_of(job.output, job.output_format, role="output")
    _check_chunk_size(job.chunk_size)
    _check_paths(job)
    reader = CorpusReader(job.input, in_fmt, job.text_col, job.id_cols, job.chunk_size)
    clash = [c for c in reader.id_cols if c in RESERVED or c.startswith(("label_", "score_"))]
    if clash:
        raise CorpusError(
            f"The column {clash[0]!r} has the same name as one befriend adds to the output; "
            "rename it in the input to carry it through."
        )
    engine = engine or LocalEngine()
    layout = Layout(out_fmt, reader.id_cols, reader.id_types, engine.version(), software_versions())
    manifest = {
        "format": PARTIAL_FORMAT,
        "input": str(job.input.resolve()),
        "input_sha256": file_sha256(job.input),
        "input_format": in_fmt,
        "text_col": job.text_col,
        "id_cols": list(reader.id_cols),
        "chunk_size": job.chunk_size,
        "batch_size": BATCH_SIZE,
        "output_format": out_fmt,
        "version": layout.version,
        "software": layout.software,
    }
    folder = partial_dir(job.output)
    done = _open_partial(folder, manifest, discard_other=job.force)
    resumed = {i: _read_stats(folder, i) for i in done}
    total = ChunkStats()
    for stats in resumed.values():
        total += stats
    resumed_rows = total.rows
    chunk_count = 0
    finished = len(done)
    workers: set[str] = set()

    def todo() -> Iterator[Chunk]:
        nonlocal chunk_count
        for chunk in reader.chunks():
            chunk_count = chunk.index + 1
            if chunk.index not in done:
                yield chunk

    ext = _EXT[out_fmt]
    for part in engine.run(todo(), layout):
        if part.version != layout.version:
            raise WorkerVersionError(
                f"A worker returned results of analyzer {part.version}, not {layout.version}. "
                "Install the same befriend version on every worker and run again."
            )
        _write_part(folder, part, ext)
        total += part.stats
        finished += 1
        workers.add(part.worker)
        if progress is not None:
            progress(Progress(total.rows, finished, resumed_rows, reader.fraction(total.rows)))
    _assemble(folder, job.output, layout, chunk_count, ext)
    return RunSummary(
        job.output,
        out_fmt,
        layout.version,
        total,
        chunk_count,
        len(done),
        time.perf_counter() - started,
        workers,
    )


_EXT: Final[dict[str, str]] = {"parquet": "parquet", "csv": "csv", "jsonl": "jsonl"}


def _check_chunk_size(size: int) -> None:
    if size < BATCH_SIZE or size % BATCH_SIZE or size > MAX_CHUNK_SIZE:
        raise CorpusError(
            f"--chunk-size must be a multiple of {BATCH_SIZE} between {BATCH_SIZE} and "
            f"{MAX_CHUNK_SIZE:,} (so results never depend on how the corpus is split); "
            f"{size} isn't. Try {DEFAULT_CHUNK_SIZE}."
        )


def _check_paths(job: CorpusJob) -> None:
    if job.output.exists() and job.input.exists() and job.output.resolve() == job.input.resolve():
        raise CorpusError("The output would overwrite the input; give a different -o path.")
    if job.output.is_dir():
        raise CorpusError(f"{job.output} is a folder; give the path of the file to write.")
    if job.output.exists() and not job.force:
        raise OutputExistsError(
            f"{job.output} already exists. Use --force to replace it, or give another -o path."
        )
    if not job.output.parent.is_dir():
        raise CorpusError(
            f"The folder {job.output.parent} doesn't exist; create it or give another -o path."
        )


def _open_partial(folder: Path, manifest: dict[str, Any], *, discard_other: bool) -> set[int]:
    """The indices of finished chunks in ``folder``, after checking its manifest.

    A folder from a different run is an error, or is deleted with ``discard_other``.
    """
    path = folder / MANIFEST
    if folder.is_dir() and path.is_file():
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            found = None
        same = _comparable(found) == _comparable(manifest)
        if not same and discard_other:
            shutil.rmtree(folder)
            return _open_partial(folder, manifest, discard_other=False)
        if not same:
            raise ResumeMismatchError(_mismatch(folder, found, manifest))
        for stale in folder.glob(".tmp-*"):
            stale.unlink()
        done = set()
        for stats in folder.glob("part-*.json"):
            index = int(stats.stem.split("-")[1])
            data = stats.with_suffix("." + _EXT[manifest["output_format"]])
            if data.is_file():
                done.add(index)
        return done
    if folder.exists():
        raise ResumeMismatchError(
            f"{folder} exists but isn't an unfinished befriend run (it has no {MANIFEST}). "
            "Move it out of the way and run the command again."
        )
    folder.mkdir()
    _write_atomic(path, json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8"))
    return set()


def _comparable(manifest: Any) -> Any:
    """A manifest less the input's path: a moved or renamed input may still resume."""
    if not isinstance(manifest, dict):
        return manifest
    return {k: v for k, v in manifest.items() if k != "input"}


def _mismatch(folder: Path, found: Any, wanted: dict[str, Any]) -> str:
    start = f"{folder} holds an unfinished run that can't be resumed: "
    end = (
        " Run the command the way it was first run to finish it, or add --force to "
        "discard it and start over."
    )
    if not isinstance(found, dict) or found.get("format") != PARTIAL_FORMAT:
        return start + "its manifest is unreadable or from another befriend version." + end
    if found.get("input_sha256") != wanted["input_sha256"]:
        return start + "the input file has changed since it was started." + end
    if found.get("version") != wanted["version"]:
        return (
            start
            + f"it was made by analyzer {found.get('version')}, and this is {wanted['version']}."
            + end
        )
    differ = [k for k in sorted(wanted) if k != "input" and found.get(k) != wanted[k]]
    what = ", ".join(f"{k} was {found.get(k)!r}, now {wanted[k]!r}" for k in differ)
    return start + f"it was started with other settings ({what})." + end


def _read_stats(folder: Path, index: int) -> ChunkStats:
    path = folder / f"part-{index:06d}.json"
    return ChunkStats.from_dict(json.loads(path.read_text(encoding="utf-8")))


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".tmp-{path.name}")
    with tmp.open("wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.replace(tmp, path)


def _write_part(folder: Path, part: PartResult, ext: str) -> None:
    # The data first, then the stats: a chunk counts as finished once both exist.
    _write_atomic(folder / f"part-{part.index:06d}.{ext}", part.data)
    _write_atomic(
        folder / f"part-{part.index:06d}.json",
        json.dumps(part.stats.to_dict(), sort_keys=True).encode("utf-8"),
    )


def _assemble(folder: Path, output: Path, layout: Layout, chunks: int, ext: str) -> None:
    parts = [folder / f"part-{i:06d}.{ext}" for i in range(chunks)]
    missing = [p.name for p in parts if not p.is_file()]
    if missing:
        raise CorpusError(
            f"{len(missing)} chunk(s) of {folder} are missing ({missing[0]}...); run the same "
            "command again to finish them."
        )
    tmp = output.with_name(f".{output.name}.befriend-tmp")
    try:
        if layout.out_format == "parquet":
            import pyarrow.parquet as pq

            schema = tabular_schema(layout)
            with pq.ParquetWriter(tmp, schema) as writer:
                for part in parts:
                    writer.write_table(pq.read_table(part, schema=schema))
        else:
            with tmp.open("wb") as out:
                if layout.out_format == "csv":
                    out.write(csv_header(layout))
                for part in parts:
                    with part.open("rb") as src:
                        shutil.copyfileobj(src, out, 1 << 20)
        with tmp.open("rb") as file:
            os.fsync(file.fileno())
        os.replace(tmp, output)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    shutil.rmtree(folder)
