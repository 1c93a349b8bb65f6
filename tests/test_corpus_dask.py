"""The Dask engine on a real distributed.LocalCluster: the same bytes as one process."""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import distributed
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from befriend.cli.main import app
from befriend.labels import LABELS
from befriend.research.corpus import (
    CorpusError,
    CorpusJob,
    DaskEngine,
    LocalEngine,
    WorkerVersionError,
    analyze_corpus,
)
from befriend.research.corpus.engines import analyze_on_worker
from befriend.research.corpus.reader import Chunk
from befriend.research.corpus.work import Layout, software_versions
from corpus_helpers import corpus_rows, write_inputs

LABEL_COLS = [
    "row",
    *(f"label_{label}" for label in LABELS),
    "balance",
    "crisis",
    "error_code",
]


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
        silence_logs=logging.ERROR,
    ) as running:
        yield running


@pytest.fixture(scope="module")
def src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_inputs(tmp_path_factory.mktemp("dask-in"), corpus_rows(200))["jsonl"]


def job(src: Path, out: Path) -> CorpusJob:
    return CorpusJob(src, out, text_col="body", id_cols=("id", "group"), chunk_size=64)


def label_bytes(path: Path) -> bytes:
    """The label columns, serialised: equal bytes mean equal labels, row by row."""
    sink = io.BytesIO()
    table = pq.read_table(path, columns=LABEL_COLS)
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


@pytest.fixture(scope="module")
def local_runs(analyzer: Any, src: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("dask-local")
    outs = [folder / "first.parquet", folder / "second.parquet"]
    for out in outs:
        analyze_corpus(job(src, out), engine=LocalEngine(analyzer))
    return outs


def test_two_local_runs_are_byte_identical(local_runs: list[Path]) -> None:
    first, second = local_runs
    assert label_bytes(first) == label_bytes(second)
    assert first.read_bytes() == second.read_bytes()


def test_two_workers_match_one_process_byte_for_byte(
    cluster: Any, src: Path, local_runs: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "dask2.parquet"
    with DaskEngine(cluster.scheduler_address) as engine:
        assert engine.worker_count() == 2
        summary = analyze_corpus(job(src, out), engine=engine)
    assert label_bytes(out) == label_bytes(local_runs[0])
    assert out.read_bytes() == local_runs[0].read_bytes()
    # Each worker process loaded the model once: one analyzer per process.
    pids = [w.split(":")[0] for w in summary.workers]
    assert summary.chunks == 4
    assert 1 <= len(set(pids)) <= 2
    assert len(pids) == len(set(pids))


def test_one_worker_on_a_local_cluster_matches_too(
    src: Path, local_runs: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "dask1.parquet"
    with DaskEngine("local", workers=1) as engine:
        summary = analyze_corpus(job(src, out), engine=engine)
        # A lone local worker gets all the cores for its model.
        threads = engine._connect().run(lambda: os.environ.get("BEFRIEND_THREADS"))
        assert list(threads.values()) == [str(os.cpu_count() or 1)]
    assert label_bytes(out) == label_bytes(local_runs[0])
    assert out.read_bytes() == local_runs[0].read_bytes()
    assert len(summary.workers) == 1


def test_cli_runs_on_a_scheduler_address(
    cluster: Any, src: Path, local_runs: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "cli.parquet"
    result = CliRunner().invoke(
        app,
        [
            "corpus",
            "analyze",
            str(src),
            "--text-col",
            "body",
            "--id-col",
            "id",
            "--id-col",
            "group",
            "--chunk-size",
            "64",
            "-o",
            str(out),
            "--engine",
            "dask",
            "--scheduler",
            cluster.scheduler_address,
        ],
        prog_name="befriend",
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == local_runs[0].read_bytes()


def test_a_worker_with_another_analyzer_version_refuses(cluster: Any, analyzer: Any) -> None:
    analyzer_version = analyzer.version
    layout = Layout("jsonl", (), {}, "befriend-analyzer/0 not this one", software_versions())
    chunk = Chunk(0, 0, ["I am fine."], [None], {})
    with distributed.Client(cluster.scheduler_address) as client:
        future = client.submit(analyze_on_worker, chunk, layout, pure=False)
        with pytest.raises(WorkerVersionError, match="Install the same versions on every worker"):
            future.result()
        other = Layout("jsonl", (), {}, analyzer_version, "befriend 0.0.1 onnxruntime 1.0")
        future = client.submit(analyze_on_worker, chunk, other, pure=False)
        with pytest.raises(WorkerVersionError, match=r"with befriend 0\.0\.1 onnxruntime 1\.0"):
            future.result()


def test_an_unreachable_scheduler_is_one_clear_error() -> None:
    engine = DaskEngine("tcp://127.0.0.1:9", connect_timeout="2s")
    with pytest.raises(
        CorpusError, match=r"couldn't reach a Dask scheduler at tcp://127\.0\.0\.1:9"
    ):
        engine.worker_count()


def test_a_scheduler_without_workers_is_one_clear_error() -> None:
    with distributed.LocalCluster(
        n_workers=0,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
        silence_logs=logging.ERROR,
    ) as empty:
        engine = DaskEngine(empty.scheduler_address, connect_timeout="2s")
        with pytest.raises(CorpusError, match=r"has no workers\. Start some with `dask worker"):
            engine.worker_count()
