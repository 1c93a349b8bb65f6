"""Corpus analysis for research: the analyzer over CSV, Parquet or JSONL corpora of
any size, in flat memory, resumable, on one process or a Dask cluster, with
byte-identical results either way; and a self-contained HTML report of the output.

Importing this package is light: pyarrow, dask and matplotlib load when used.
"""

from __future__ import annotations

from befriend.research.corpus.engines import DaskEngine, Engine, LocalEngine
from befriend.research.corpus.errors import (
    CorpusError,
    OutputExistsError,
    ResumeMismatchError,
    WorkerVersionError,
)
from befriend.research.corpus.job import (
    DEFAULT_CHUNK_SIZE,
    CorpusJob,
    Progress,
    RunSummary,
    analyze_corpus,
    partial_dir,
)

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "CorpusError",
    "CorpusJob",
    "DaskEngine",
    "Engine",
    "LocalEngine",
    "OutputExistsError",
    "Progress",
    "ResumeMismatchError",
    "RunSummary",
    "WorkerVersionError",
    "analyze_corpus",
    "partial_dir",
]
