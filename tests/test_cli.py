"""The CLI driven in-process through Typer's runner, and as a real process where the
process boundary itself is what is being tested."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from befriend.cli.main import app

runner = CliRunner()


def invoke(*args: str, input: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input, prog_name="befriend")


def test_analyze_shows_labels_balance_and_readings() -> None:
    result = invoke("analyze", "I'm so stupid. I always mess things up.")
    assert result.exit_code == 0, result.output
    assert "self-judgment" in result.output
    assert "over-identification" in result.output
    assert "The inner critic is speaking here" in result.output
    assert "Balance:" in result.output
    assert "befriend-analyzer/2" in result.output


def test_analyze_json_has_the_contract_fields() -> None:
    result = invoke("analyze", "--json", "I failed, and that's okay. Next time I'll start earlier.")
    assert result.exit_code == 0
    obj = json.loads(result.stdout)
    assert set(obj) >= {"text", "labels", "scores", "sentences", "balance", "crisis", "version"}
    assert "fierce" in obj["labels"]


def test_crisis_resources_come_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEFRIEND_COUNTRY", "GB")
    result = invoke(
        "analyze", "I don't want to be here anymore, everyone would be better off without me."
    )
    assert result.exit_code == 0
    out = result.output
    assert "116 123" in out  # Samaritans, for the UK
    assert "not a crisis service" in out
    assert out.index("116 123") < out.index("What you wrote")


def test_resources_command_for_a_country() -> None:
    result = invoke("resources", "--country", "US")
    assert result.exit_code == 0
    assert "988" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["analyze", ""], "The text is empty"),
        (["analyze", "   "], "The text is empty"),
        (["analyze", "x" * 20_001], "20,001 characters"),
        (
            ["analyze", "Estoy muy cansado y no puedo más con todo esto"],
            "doesn't look like English",
        ),
        (["analyze"], "Give befriend something to read"),
        (["analyze", "--jsonl", "/no/such/file.jsonl"], "There's no file at /no/such/file.jsonl"),
        (["eval", "/no/such/gold.jsonl"], "There's no file at /no/such/gold.jsonl"),
    ],
)
def test_bad_input_gets_one_clear_line_and_exit_1(args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_undecodable_argument_is_reported() -> None:
    result = invoke("analyze", "I feel \udcff\udcfe awful")
    assert result.exit_code == 1
    assert "aren't valid UTF-8" in result.stderr


def test_eval_rejects_a_line_without_labels(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"text": "hi", "labels": ["tender"]}\n{"text": "no labels"}\n')
    result = invoke("eval", str(gold))
    assert result.exit_code == 1
    assert "line 2" in result.stderr


def test_eval_prints_per_label_figures(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"text": "I'm so stupid for missing the bus.", "labels": ["self_judgment"]},
        {"text": "I don't want to wake up tomorrow.", "labels": ["crisis"]},
        {"text": "I made an error in the sheet and fixed it.", "labels": []},
    ]
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = invoke("eval", str(gold), "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["texts"] == 3
    assert report["crisis_recall"] == 1.0
    assert report["per_label"]["self_judgment"]["recall"] == 1.0
    assert set(report["per_label"]) >= {"crisis", "tender"}
    text = invoke("eval", str(gold))
    assert "macro-F1" in text.output and "crisis recall: 1.000" in text.output


def test_no_command_with_piped_input_analyses_each_line() -> None:
    result = invoke(input="I'm such an idiot.\n\nPlenty of people find this hard.\n")
    assert result.exit_code == 0
    assert result.output.count("What you wrote") == 2
    assert "self-judgment" in result.output and "common humanity" in result.output


def test_piped_session_reports_a_bad_line_and_goes_on() -> None:
    result = invoke(
        input=b"Estoy muy cansado y no puedo m\xc3\xa1s con todo esto\nI'm such an idiot.\n"
    )
    assert result.exit_code == 0
    assert "line 1" in result.stderr
    assert "self-judgment" in result.stdout


def _befriend(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent.parent / "src"))
    return subprocess.run(
        [sys.executable, "-m", "befriend", *args], input=stdin, capture_output=True, env=env
    )


def test_real_process_has_no_traceback_without_debug() -> None:
    done = _befriend("analyze", "")
    assert done.returncode == 1
    assert done.stderr.decode().startswith("befriend: The text is empty")
    assert b"Traceback" not in done.stderr


def test_real_process_shows_the_traceback_with_debug() -> None:
    done = _befriend("--debug", "analyze", "")
    assert done.returncode == 1
    assert b"Traceback" in done.stderr
    assert b"EmptyTextError" in done.stderr


def test_version_flag() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.output.startswith("befriend ")
