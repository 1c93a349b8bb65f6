"""`befriend corpus report` and its statistics."""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from befriend.cli.main import app
from befriend.labels import LABELS
from befriend.research.corpus import CorpusError, CorpusJob, LocalEngine, analyze_corpus
from befriend.research.corpus.report import ReportOptions, build_report
from befriend.research.corpus.report.stats import (
    chi2_sf,
    chi_square_independence,
    holm,
    wilson,
)
from corpus_helpers import corpus_rows, write_inputs

runner = CliRunner()


# -- statistics, against values worked by hand -------------------------------------------


def test_wilson_interval() -> None:
    # 5 of 10: centre (0.5 + z²/20) / (1 + z²/10) = 0.5; half-width 0.26341 (z = 1.95996).
    lo, hi = wilson(5, 10)
    assert (round(lo, 4), round(hi, 4)) == (0.2366, 0.7634)
    assert tuple(round(x, 4) for x in wilson(0, 10)) == (0.0, 0.2775)
    assert tuple(round(x, 4) for x in wilson(1, 4)) == (0.0456, 0.6994)
    assert wilson(0, 0) == (0.0, 0.0)
    with pytest.raises(ValueError):
        wilson(11, 10)


@pytest.mark.parametrize(
    ("statistic", "df", "p"),
    [
        (3.841458820694124, 1, 0.05),  # the textbook 5% critical values
        (6.634896601021214, 1, 0.01),
        (5.991464547107979, 2, 0.05),
        (18.307038053275146, 10, 0.05),
        (2.0, 2, 0.36787944117144233),  # df 2: p = exp(-x/2)
        (0.0, 3, 1.0),
    ],
)
def test_chi_square_tail(statistic: float, df: int, p: float) -> None:
    assert chi2_sf(statistic, df) == pytest.approx(p, rel=1e-9)


def test_chi_square_independence_by_hand() -> None:
    # Groups A (10 of 30 with the label) and B (30 of 70): expected 12/18 and 28/42.
    # X² = 4/12 + 4/18 + 4/28 + 4/42 = 0.793651
    result = chi_square_independence([[10, 20], [30, 40]])
    assert result is not None
    assert result.statistic == pytest.approx(0.7936507936507936)
    assert result.df == 1
    assert result.min_expected == pytest.approx(12.0)
    assert result.p == pytest.approx(0.3729984836, rel=1e-8)
    assert chi_square_independence([[3, 7]]) is None
    assert chi_square_independence([[0, 7], [0, 5]]) is None  # nobody has the label


def test_holm_adjustment() -> None:
    assert holm([0.01, 0.04, None, 0.03]) == [0.03, 0.06, None, 0.06]


# -- the report -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def analysed(analyzer: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("report")
    src = write_inputs(folder, corpus_rows(120))["parquet"]
    outs = {}
    for fmt in ("parquet", "jsonl", "csv"):
        outs[fmt] = folder / f"out.{fmt}"
        analyze_corpus(
            CorpusJob(src, outs[fmt], text_col="body", id_cols=("id", "group"), chunk_size=64),
            engine=LocalEngine(analyzer),
        )
    return outs


@pytest.fixture(scope="module")
def records(analysed: dict[str, Path]) -> list[dict[str, Any]]:
    return pq.read_table(analysed["parquet"]).to_pylist()


EXTERNAL = re.compile(
    r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""",
    re.I,
)


def test_the_report_makes_no_external_requests(analysed: dict[str, Path]) -> None:
    html, _ = build_report(analysed["parquet"], ReportOptions(group_col="group"))
    assert html.startswith("<!DOCTYPE html>")
    assert EXTERNAL.search(html) is None
    assert "<script" not in html.lower()
    assert html.count("<svg") == 3  # prevalence, balance, heat map


def test_prevalence_and_intervals_match_the_rows(
    analysed: dict[str, Path], records: list[dict[str, Any]]
) -> None:
    html, summary = build_report(analysed["parquet"])
    ok = [r for r in records if r["error_code"] is None]
    assert summary.rows == len(records) and summary.analysed == len(ok)
    for label in LABELS:
        k = sum(bool(r[f"label_{label}"]) for r in ok)
        assert summary.labels[label] == k
        lo, hi = wilson(k, len(ok))
        row = (
            f"<code>{label}</code></td><td>{k:,}</td><td>{k / len(ok) * 100:.1f}%</td>"
            f"<td>{lo * 100:.1f}% – {hi * 100:.1f}%</td>"
        )
        assert row in html
    for name in ("balanced", "too_tender", "too_harsh", "none"):
        assert summary.balance[name] == sum(r["balance"] == name for r in ok)
    both = sum(bool(r["label_self_judgment"] and r["label_over_identification"]) for r in ok)
    i, j = LABELS.index("self_judgment"), LABELS.index("over_identification")
    assert summary.pairs[i][j] == summary.pairs[j][i] == both


def test_every_output_format_gives_the_same_report(analysed: dict[str, Path]) -> None:
    options = ReportOptions(group_col="group")
    reports = [build_report(analysed[f], options)[0] for f in ("parquet", "jsonl", "csv")]
    strip = [re.sub(r"out\.\w+", "OUT", r) for r in reports]
    assert strip[0] == strip[1] == strip[2]


def test_crisis_texts_are_never_examples(
    analysed: dict[str, Path], records: list[dict[str, Any]]
) -> None:
    html, summary = build_report(analysed["parquet"], ReportOptions(examples=20))
    crisis = [r["text"] for r in records if r["crisis"]]
    assert crisis, "the test corpus should hold crisis texts"
    for text in crisis:
        assert escape(" ".join(text.split())[:60]) not in html
    shown = [r for shelf in summary.examples.values() for r in shelf]
    assert shown and all(not records[row - 1]["crisis"] for row, _ in shown)
    assert "never shown here" in html


def test_no_text_leaves_every_text_out(
    analysed: dict[str, Path], records: list[dict[str, Any]]
) -> None:
    html, _ = build_report(analysed["parquet"], ReportOptions(show_text=False))
    for record in records:
        if record["text"] and len(record["text"]) > 20:
            assert escape(" ".join(record["text"].split())[:40]) not in html
    assert "Texts were left out of this report on request" in html


def test_group_comparison_table(analysed: dict[str, Path], records: list[dict[str, Any]]) -> None:
    html, summary = build_report(analysed["parquet"], ReportOptions(group_col="group"))
    ok = [r for r in records if r["error_code"] is None]
    groups = sorted({r["group"] for r in ok})
    assert sorted(summary.groups) == groups and len(groups) >= 2
    for g in groups:
        assert summary.groups[g].analysed == sum(r["group"] == g for r in ok)
    label = "self_judgment"
    table = [
        [
            sum(bool(r[f"label_{label}"]) for r in ok if r["group"] == g),
            sum(not r[f"label_{label}"] for r in ok if r["group"] == g),
        ]
        for g in groups
    ]
    test = chi_square_independence(table)
    assert test is not None
    assert f"<td>{test.statistic:.2f}" in html
    assert "Comparison by <code>group</code>" in html
    assert "assumes every text is independent" in html


def test_a_group_column_with_too_many_values_is_refused(analysed: dict[str, Path]) -> None:
    with pytest.raises(CorpusError, match="'id' has more than 30 different values"):
        build_report(analysed["parquet"], ReportOptions(group_col="id"))
    with pytest.raises(CorpusError, match="Carry it into the output with --id-col condition"):
        build_report(analysed["jsonl"], ReportOptions(group_col="condition"))


def test_the_same_report_twice_is_identical(analysed: dict[str, Path]) -> None:
    assert build_report(analysed["csv"])[0] == build_report(analysed["csv"])[0]


def test_a_file_that_is_not_befriend_output_is_one_clear_error(tmp_path: Path) -> None:
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"text": "hello"}) + "\n")
    with pytest.raises(CorpusError, match="doesn't look like the output of befriend corpus"):
        build_report(other)


def test_cli_report_writes_once_and_refuses_to_overwrite(
    analysed: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    args = ["corpus", "report", str(analysed["jsonl"]), "-o", str(out), "--no-text"]
    first = runner.invoke(app, args, prog_name="befriend")
    assert first.exit_code == 0, first.output
    assert first.stdout == f"Wrote {out}: {len(corpus_rows(120))} rows summarised.\n"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    second = runner.invoke(app, args, prog_name="befriend")
    assert second.exit_code == 1
    assert "already exists. Use --force" in second.stderr
    assert runner.invoke(app, [*args, "--force"], prog_name="befriend").exit_code == 0
