"""The public JSONL contract of `befriend analyze --jsonl` (docs/jsonl.md)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from befriend.cli.main import app
from befriend.labels import LABELS

runner = CliRunner()

ANALYSIS_FIELDS = {
    "text",
    "labels",
    "scores",
    "sentences",
    "balance",
    "crisis",
    "safety_signals",
    "version",
    "line",
}


def run_jsonl(data: bytes, tmp_path: Path) -> tuple[int, list[dict], str]:  # type: ignore[type-arg]
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    result = runner.invoke(app, ["analyze", "--jsonl", str(path)], prog_name="befriend")
    return result.exit_code, [json.loads(x) for x in result.stdout.splitlines()], result.stderr


def test_one_output_object_per_input_line_in_order(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "text": "I'm such an idiot."},
        {"id": 2, "text": "Plenty of people find this hard."},
        {"text": "I'll ask for an extension and make a plan.", "extra": [1, 2]},
    ]
    code, out, _ = run_jsonl("".join(json.dumps(x) + "\n" for x in lines).encode(), tmp_path)
    assert code == 0
    assert [o["text"] for o in out] == [x["text"] for x in lines]
    assert [o["line"] for o in out] == [1, 2, 3]
    assert out[0]["id"] == "a" and out[1]["id"] == 2 and "id" not in out[2]
    for obj in out:
        assert set(obj) - {"id"} == ANALYSIS_FIELDS
        assert set(obj["scores"]) == set(LABELS)
        assert all(0.0 <= v <= 1.0 for v in obj["scores"].values())
        assert obj["balance"] in {"balanced", "too_tender", "too_harsh", "none"}
        assert isinstance(obj["crisis"], bool)
        assert obj["version"].startswith("befriend-analyzer/2 rules-v1:")
        assert all(label in LABELS for label in obj["labels"])
    assert "self_judgment" in out[0]["labels"]
    assert "common_humanity" in out[1]["labels"]
    assert "fierce" in out[2]["labels"]


def test_sentences_and_evidence_point_into_the_text(tmp_path: Path) -> None:
    text = "Honestly?  I'm SUCH an idiot. Everybody else finds this easy."
    _, out, _ = run_jsonl((json.dumps({"text": text}) + "\n").encode(), tmp_path)
    obj = out[0]
    assert [s["text"] for s in obj["sentences"]] == [
        "Honestly?",
        "I'm SUCH an idiot.",
        "Everybody else finds this easy.",
    ]
    for sentence in obj["sentences"]:
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]
        for ev in sentence["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"]
            assert ev["source"].split(":")[0] in {"rule", "model", "safety"}
            assert ev["label"] in sentence["labels"]
    critic = [e for s in obj["sentences"] for e in s["evidence"] if e["label"] == "self_judgment"]
    assert any(e["text"] == "I'm SUCH an idiot" and e["source"].startswith("rule:") for e in critic)
    assert set(obj["labels"]) == {lab for s in obj["sentences"] for lab in s["labels"]}


def test_bad_lines_give_error_objects_and_processing_goes_on(tmp_path: Path) -> None:
    data = b"\n".join(
        [
            b'{"text": "I\'m such an idiot."}',
            b"not json at all",
            b'["a", "list"]',
            b'{"id": 7, "txt": "typo in the key"}',
            b'{"text": 42}',
            b'{"text": "   "}',
            b'{"text": "' + b"a" * 20_001 + b'"}',
            b'{"text": "caf\xe9 broken bytes"}',
            b'{"text": "Je suis nulle, je rate tout ce que je fais"}',
            b"",
            b'{"text": "Plenty of people find this hard."}',
        ]
    )
    code, out, err = run_jsonl(data + b"\n", tmp_path)
    assert code == 0
    assert [o["line"] for o in out] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 11]
    codes = {o["line"]: o["error"]["code"] for o in out if "error" in o}
    assert codes == {
        2: "bad_input",
        3: "bad_input",
        4: "bad_input",
        5: "bad_input",
        6: "empty_text",
        7: "text_too_long",
        8: "undecodable_input",
        9: "unsupported_language",
    }
    for obj in out:
        if "error" in obj:
            assert obj["error"]["message"].startswith(f"Line {obj['line']}")
    assert out[3]["id"] == 7
    assert 'no "text" field' in out[3]["error"]["message"]
    assert "self_judgment" in out[0]["labels"]
    assert "common_humanity" in out[-1]["labels"]
    assert "8 line(s) couldn't be analysed" in err


def test_stdin_dash_reads_standard_input() -> None:
    result = runner.invoke(
        app, ["analyze", "--jsonl", "-"], input='{"text": "I feel hurt right now."}\n'
    )
    assert result.exit_code == 0
    obj = json.loads(result.stdout)
    assert obj["text"] == "I feel hurt right now."
    assert "mindfulness" in obj["labels"]


def test_batch_size_does_not_change_the_output(tmp_path: Path) -> None:
    texts = [
        "I'm such an idiot.",
        "It's okay to feel this way. Next time I'll ask for help.",
        "bad\xff",
        "My coworker is such an idiot.",
        "I don't want to wake up tomorrow.",
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))
    runs = [
        [
            json.loads(line)
            for line in runner.invoke(
                app, ["analyze", "--jsonl", str(path), "--batch-size", str(b)]
            ).stdout.splitlines()
        ]
        for b in (1, 2, 64)
    ]

    def decided(obj: dict) -> object:  # type: ignore[type-arg]
        """Everything but the float scores, which may move in the 4th decimal when the
        padding of a batch changes."""
        if "error" in obj:
            return obj
        return (
            obj["labels"],
            obj["balance"],
            obj["crisis"],
            [
                (s["start"], s["end"], s["labels"], s["evidence"] and len(s["evidence"]))
                for s in obj["sentences"]
            ],
        )

    assert (
        [decided(o) for o in runs[0]]
        == [decided(o) for o in runs[1]]
        == [decided(o) for o in runs[2]]
    )
    for a, b in zip(runs[0], runs[2], strict=True):
        for label, value in a.get("scores", {}).items():
            assert abs(value - b["scores"][label]) < 1e-3


def test_bad_lines_keep_their_place_whatever_the_batch_size(tmp_path: Path) -> None:
    # Bad lines first, between texts, in runs and last: the analyzer reads ahead
    # (it screens the next batch while embedding this one), and the output must
    # still follow the input line for line.
    lines = [
        b"oops",
        b'{"text": "I\'m such an idiot."}',
        b'{"text": ""}',
        b"[1]",
        b'{"text": "It\'s okay to feel this way."}',
        b'{"text": "Plenty of people find this hard."}',
        b'{"id": "x"}',
        b'{"text": "I keep going."}',
        b'{"text": "The train was late."}',
        b"{",
        b"",
        b"null",
    ]
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    expected = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12]
    bad = {1, 3, 4, 7, 10, 12}
    for size in (1, 2, 3, 64):
        result = runner.invoke(app, ["analyze", "--jsonl", str(path), "--batch-size", str(size)])
        out = [json.loads(x) for x in result.stdout.splitlines()]
        assert [o["line"] for o in out] == expected, size
        assert {o["line"] for o in out if "error" in o} == bad, size
        texts = [o["text"] for o in out if "error" not in o]
        assert texts[0] == "I'm such an idiot." and texts[-1] == "The train was late."
