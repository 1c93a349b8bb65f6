"""`befriend corpus analyze`: formats, bad rows, resume, overwrite, reproducibility."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from befriend.cli.main import app
from befriend.labels import LABELS
from befriend.research.corpus import (
    CorpusError,
    CorpusJob,
    LocalEngine,
    OutputExistsError,
    ResumeMismatchError,
    analyze_corpus,
    partial_dir,
)
from befriend.research.corpus.reader import Chunk
from befriend.research.corpus.work import BATCH_SIZE, Layout, PartResult
from corpus_helpers import SPECIAL, corpus_rows, write_inputs

runner = CliRunner()
LABEL_COLS = [f"label_{label}" for label in LABELS]
SCORE_COLS = [f"score_{label}" for label in LABELS]


class RecordingEngine(LocalEngine):
    """The real in-process engine, noting which chunks it was asked to analyse."""

    def __init__(self, analyzer: Any, stop_after: int | None = None) -> None:
        super().__init__(analyzer)
        self.seen: list[int] = []
        self.stop_after = stop_after

    def run(self, chunks: Iterator[Chunk], layout: Layout) -> Iterator[PartResult]:
        for part in super().run(chunks, layout):
            self.seen.append(part.index)
            yield part
            if self.stop_after is not None and len(self.seen) >= self.stop_after:
                raise KeyboardInterrupt


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return corpus_rows()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory, rows: list[dict[str, str]]) -> dict[str, Path]:
    return write_inputs(tmp_path_factory.mktemp("corpus-in"), rows)


def run(analyzer: Any, src: Path, out: Path, **kw: Any) -> Any:
    job = CorpusJob(src, out, text_col="body", id_cols=("id", "group"), chunk_size=64, **kw)
    return analyze_corpus(job, engine=LocalEngine(analyzer))


@pytest.fixture(scope="module")
def reference(
    analyzer: Any, inputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    out = tmp_path_factory.mktemp("corpus-ref") / "out.parquet"
    run(analyzer, inputs["parquet"], out)
    return out


def test_the_batch_size_matches_the_analyzer() -> None:
    from befriend.analyzer import DEFAULT_BATCH_SIZE

    assert BATCH_SIZE == DEFAULT_BATCH_SIZE


def test_parquet_output_keeps_ids_and_adds_labels_scores_and_counts(
    reference: Path, rows: list[dict[str, str]], analyzer: Any
) -> None:
    table = pq.read_table(reference)
    assert table.num_rows == len(rows)
    assert table.column("row").to_pylist() == list(range(1, len(rows) + 1))
    assert table.column("id").to_pylist() == [r["id"] for r in rows]
    assert table.column("group").to_pylist() == [r["group"] for r in rows]
    assert table.column("text").to_pylist() == [r["text"] for r in rows]
    assert set(table.column("version").to_pylist()) == {analyzer.version}
    # Every readable row agrees with analysing its text on its own.
    for record in table.slice(0, 12).to_pylist():
        if record["error_code"]:
            continue
        alone = analyzer.analyze(record["text"])
        assert [label for label in LABELS if record[f"label_{label}"]] == list(alone.labels)
        assert record["balance"] == alone.balance
        assert record["crisis"] == alone.crisis
        assert record["n_sentences"] == len(alone.sentences)
        for label in LABELS:
            assert record[f"score_{label}"] == pytest.approx(alone.scores[label], abs=1e-3)
            assert record[f"sentences_{label}"] == sum(label in s.labels for s in alone.sentences)
    assert pq.ParquetFile(reference).metadata.num_row_groups == 3  # one per chunk


def test_bad_rows_get_an_error_and_the_run_goes_on(reference: Path) -> None:
    table = pq.read_table(reference).to_pylist()
    by_id = {r["id"]: r for r in table}
    assert by_id["x-empty"]["error_code"] == "empty_text"
    assert by_id["x-blank"]["error_code"] == "empty_text"
    assert by_id["x-long"]["error_code"] == "text_too_long"
    assert by_id["x-french"]["error_code"] == "unsupported_language"
    assert by_id["x-french"]["label_self_judgment"] is None
    assert by_id["x-french"]["crisis"] is None
    assert by_id["x-csv"]["error_code"] is None
    assert by_id["x-csv"]["label_self_judgment"] is True
    assert by_id["x-unicode"]["error_code"] is None
    assert sum(r["error_code"] is not None for r in table) == 4


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_every_input_format_gives_the_same_labels(
    fmt: str, analyzer: Any, inputs: dict[str, Path], reference: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.parquet"
    run(analyzer, inputs[fmt], out)
    assert out.read_bytes() == reference.read_bytes()


def test_csv_output_has_a_header_and_one_row_per_text(
    analyzer: Any, inputs: dict[str, Path], reference: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.csv"
    summary = run(analyzer, inputs["parquet"], out)
    import pyarrow.csv as pacsv

    options = pacsv.ConvertOptions(
        column_types={"id": pa.string(), "group": pa.string()},
        strings_can_be_null=True,  # an empty cell is null; a quoted "" is an empty text
        quoted_strings_can_be_null=False,
    )
    got = pacsv.read_csv(out, convert_options=options)
    want = pq.read_table(reference)
    assert got.column_names == want.column_names
    for name in ["row", "id", "text", *LABEL_COLS, *SCORE_COLS, "balance", "error_code"]:
        assert got.column(name).to_pylist() == want.column(name).to_pylist(), name
    assert summary.stats.rows == want.num_rows
    assert summary.stats.errors == {"empty_text": 2, "text_too_long": 1, "unsupported_language": 1}


def test_jsonl_output_follows_the_analyze_jsonl_contract(
    analyzer: Any, rows: list[dict[str, str]], tmp_path: Path
) -> None:
    from befriend.jsonl import analyze_jsonl

    clean = [r for r in rows if not r["id"].startswith("x-")][:70]
    src = tmp_path / "clean.jsonl"
    src.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in clean))
    out = tmp_path / "out.jsonl"
    analyze_corpus(CorpusJob(src, out, chunk_size=64), engine=LocalEngine(analyzer))
    ours = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    theirs = list(analyze_jsonl(src.read_bytes().splitlines(), analyzer))
    assert len(ours) == len(theirs) == 70
    for mine, contract in zip(ours, theirs, strict=True):
        assert mine.pop("row") == contract.pop("line")
        counts = mine.pop("sentence_counts")
        assert mine == contract
        assert counts == {
            label: sum(label in s["labels"] for s in contract["sentences"]) for label in LABELS
        }


def test_jsonl_output_error_objects_and_unreadable_lines(analyzer: Any, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(
        b'{"id": 1, "text": "I am such an idiot."}\n'
        b"\n"
        b"not json\n"
        b'{"id": {"k": 2}, "words": "no text field"}\n'
        b'{"id": 3, "text": ""}\n'
        b'{"id": 4, "text": "\xff\xfe"}\n'
    )
    out = tmp_path / "out.jsonl"
    summary = analyze_corpus(CorpusJob(src, out, chunk_size=64), engine=LocalEngine(analyzer))
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [g["row"] for g in got] == [1, 2, 3, 4, 5]
    assert [g.get("id") for g in got] == [1, None, {"k": 2}, 3, None]
    assert got[0]["labels"] == list(analyzer.analyze("I am such an idiot.").labels)
    assert "self_judgment" in got[0]["labels"]
    assert got[1]["error"] == {"code": "bad_input", "message": got[1]["error"]["message"]}
    assert "Line 3 isn't valid JSON" in got[1]["error"]["message"]
    assert got[2]["error"]["code"] == "bad_input"
    assert "'text'" in got[2]["error"]["message"]
    assert got[3]["error"]["code"] == "empty_text"
    assert got[4]["error"]["code"] == "undecodable_input"
    assert all(g["version"] == analyzer.version for g in got)
    assert summary.stats.rows == 5 and summary.stats.analysed == 1


def test_labels_do_not_depend_on_the_chunk_size(
    analyzer: Any, inputs: dict[str, Path], reference: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.parquet"
    analyze_corpus(
        CorpusJob(inputs["csv"], out, text_col="body", id_cols=("id", "group"), chunk_size=128),
        engine=LocalEngine(analyzer),
    )
    cols = ["row", *LABEL_COLS, *SCORE_COLS, "balance", "crisis"]
    assert pq.read_table(out, columns=cols).equals(pq.read_table(reference, columns=cols))


def test_refuses_to_overwrite_without_force(
    analyzer: Any, inputs: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out.parquet"
    out.write_bytes(b"precious")
    with pytest.raises(OutputExistsError, match=r"already exists\. Use --force"):
        run(analyzer, inputs["parquet"], out)
    assert out.read_bytes() == b"precious"
    assert not partial_dir(out).exists()


def test_resumes_without_redoing_finished_chunks(
    analyzer: Any, inputs: dict[str, Path], reference: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.parquet"
    job = CorpusJob(inputs["jsonl"], out, text_col="body", id_cols=("id", "group"), chunk_size=64)
    first = RecordingEngine(analyzer, stop_after=2)
    with pytest.raises(KeyboardInterrupt):
        analyze_corpus(job, engine=first)
    assert first.seen == [0, 1]
    assert not out.exists()
    assert sorted(p.name for p in partial_dir(out).glob("part-*")) == [
        "part-000000.json",
        "part-000000.parquet",
        "part-000001.json",
        "part-000001.parquet",
    ]
    # The input may move (same bytes): the run still resumes.
    moved = tmp_path / "moved.jsonl"
    moved.write_bytes(inputs["jsonl"].read_bytes())
    second = RecordingEngine(analyzer)
    summary = analyze_corpus(
        CorpusJob(moved, out, text_col="body", id_cols=("id", "group"), chunk_size=64),
        engine=second,
    )
    assert second.seen == [2]
    assert summary.resumed_chunks == 2 and summary.chunks == 3
    assert summary.stats.rows == pq.read_metadata(reference).num_rows
    assert out.read_bytes() == reference.read_bytes()
    assert not partial_dir(out).exists()


def interrupted(analyzer: Any, src: Path, out: Path) -> None:
    job = CorpusJob(src, out, text_col="body", id_cols=("id",), chunk_size=64)
    with pytest.raises(KeyboardInterrupt):
        analyze_corpus(job, engine=RecordingEngine(analyzer, stop_after=1))


def test_refuses_to_resume_with_a_changed_input(
    analyzer: Any, rows: list[dict[str, str]], tmp_path: Path
) -> None:
    src = write_inputs(tmp_path, rows[:100])["csv"]
    out = tmp_path / "out.csv"
    interrupted(analyzer, src, out)
    src.write_text(src.read_text() + 'z,first,"One more line."\n')
    with pytest.raises(ResumeMismatchError, match="the input file has changed since"):
        analyze_corpus(CorpusJob(src, out, text_col="body", id_cols=("id",), chunk_size=64))
    engine = RecordingEngine(analyzer)
    analyze_corpus(
        CorpusJob(src, out, text_col="body", id_cols=("id",), chunk_size=64, force=True),
        engine=engine,
    )
    assert engine.seen == [0, 1]  # started over
    assert out.read_text().count("\n") > 100


def test_refuses_to_resume_with_other_settings_or_another_analyzer(
    analyzer: Any, rows: list[dict[str, str]], tmp_path: Path
) -> None:
    src = write_inputs(tmp_path, rows[:100])["parquet"]
    out = tmp_path / "out.parquet"
    interrupted(analyzer, src, out)
    with pytest.raises(ResumeMismatchError, match="chunk_size was 64, now 128"):
        analyze_corpus(
            CorpusJob(src, out, text_col="body", id_cols=("id",), chunk_size=128),
            engine=LocalEngine(analyzer),
        )
    manifest = partial_dir(out) / "manifest.json"
    data = json.loads(manifest.read_text())
    data["version"] = "befriend-analyzer/0 something older"
    manifest.write_text(json.dumps(data))
    with pytest.raises(ResumeMismatchError, match="made by analyzer befriend-analyzer/0"):
        analyze_corpus(
            CorpusJob(src, out, text_col="body", id_cols=("id",), chunk_size=64),
            engine=LocalEngine(analyzer),
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"text_col": "nope"},
            "has no column called 'nope'; its columns are 'id', 'group', 'body'",
        ),
        ({"id_cols": ("idx",)}, "has no column called 'idx'"),
        ({"id_cols": ("body",)}, "is the text column"),
        ({"chunk_size": 100}, "--chunk-size must be a multiple of 64"),
        ({"output_format": "xlsx"}, "doesn't know the format 'xlsx'"),
    ],
)
def test_bad_options_are_one_clear_error(
    kwargs: dict[str, Any], message: str, inputs: dict[str, Path], tmp_path: Path
) -> None:
    base: dict[str, Any] = {"text_col": "body", "chunk_size": 64}
    base.update(kwargs)
    out = tmp_path / "out.parquet"
    with pytest.raises(CorpusError, match=message.replace("(", r"\(")):
        analyze_corpus(CorpusJob(inputs["csv"], out, **base))
    assert not out.exists() and not partial_dir(out).exists()


def test_an_id_column_may_not_shadow_an_output_column(tmp_path: Path, analyzer: Any) -> None:
    src = tmp_path / "in.csv"
    src.write_text("text,balance\nI am fine.,x\n")
    with pytest.raises(CorpusError, match="'balance' has the same name as one befriend adds"):
        analyze_corpus(
            CorpusJob(src, tmp_path / "o.csv", id_cols=("balance",)), engine=LocalEngine(analyzer)
        )


def test_cli_analyze_summary_and_errors(inputs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    args = ["corpus", "analyze", str(inputs["csv"]), "--text-col", "body", "-o", str(out)]
    result = runner.invoke(app, [*args, "--chunk-size", "128"], prog_name="befriend")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Wrote {len(corpus_rows())} rows to {out} (jsonl) in ")
    assert lines[1] == (
        "4 text(s) couldn't be analysed (empty_text 2, text_too_long 1, unsupported_language 1); "
        "their rows hold an error object saying why."
    )
    assert "flagged by the safety screen" in lines[2]
    assert lines[-1].startswith("befriend-analyzer/2 ")
    assert result.stderr == ""  # no progress bar when stderr isn't a terminal
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(corpus_rows())

    again = runner.invoke(app, args, prog_name="befriend")
    assert again.exit_code == 1
    assert again.stderr == (
        f"befriend: {out} already exists. Use --force to replace it, or give another -o path.\n"
    )
    missing = runner.invoke(
        app,
        ["corpus", "analyze", str(tmp_path / "no.csv"), "-o", str(tmp_path / "x.csv")],
        prog_name="befriend",
    )
    assert missing.exit_code == 1
    assert missing.stderr.startswith("befriend: There's no file at ")


def test_special_rows_are_where_the_helper_put_them(rows: list[dict[str, str]]) -> None:
    assert [r["id"] for r in rows if r["id"].startswith("x-")] == [s[0] for s in SPECIAL]


def test_csv_texts_with_line_breaks_survive_block_boundaries(tmp_path: Path) -> None:
    import pyarrow.csv as pacsv

    from befriend.research.corpus.reader import CorpusReader

    texts = [
        f"Entry {i}.\nI wrote, then stopped.\n" + "More words here. " * (i % 90)
        for i in range(4000)
    ]
    src = tmp_path / "diary.csv"
    pacsv.write_csv(pa.table({"id": [str(i) for i in range(4000)], "text": texts}), src)
    assert src.stat().st_size > 3 * 2**20  # several of pyarrow's 1 MB blocks
    reader = CorpusReader(src, "csv", "text", None, 1024)
    chunks = list(reader.chunks())
    assert [len(c) for c in chunks] == [1024, 1024, 1024, 928]
    assert [t for c in chunks for t in c.texts] == texts
    assert [i for c in chunks for i in c.ids["id"]] == [str(i) for i in range(4000)]
    assert reader.fraction(4000) == 1.0
