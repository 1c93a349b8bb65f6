"""`befriend friend`, driven through Typer's runner, on real analyses."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from befriend.cli.main import app
from befriend.coach.exercise import CRISIS_PAUSE
from befriend.coach.gap import GIVEN_LABELS, HARSH_LABELS

runner = CliRunner()

SELF = "I'm such an idiot. Everyone else manages fine."
FRIEND = "Sam, you're not an idiot. Go easy on yourself tonight."


def _quotes(gap: dict, side: str, label: str) -> list[dict]:  # type: ignore[type-arg]
    return next(i["quotes"] for i in gap[side] if i["label"] == label)


def _rule_quotes(gap: dict, side: str, label: str) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    """A finding's quotes that came from the rules: fixed, whatever the model says."""
    return [
        (q["text"], q["evidence"])
        for q in _quotes(gap, side, label)
        if q["evidence"].startswith("rule:")
    ]


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), prog_name="befriend")


def test_json_has_the_analyses_the_gap_and_the_rewrite(analyzer) -> None:  # type: ignore[no-untyped-def]
    result = invoke("friend", "--json", "--self", SELF, "--friend", FRIEND, "--name", "Alex")
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    assert obj["self"] == analyzer.analyze(SELF).to_dict()
    assert obj["friend"] == analyzer.analyze(FRIEND).to_dict()
    assert (
        obj["final"]
        == analyzer.analyze("Alex, you're not an idiot. Go easy on yourself tonight.").to_dict()
    )
    assert obj["final_source"] == "distanced_rewrite"
    # The gap is the difference between the two analyses, in the coach's order...
    gap = obj["gap"]
    self_labels, friend_labels = set(obj["self"]["labels"]), set(obj["friend"]["labels"])
    assert [i["label"] for i in gap["given_to_friend_not_self"]] == [
        label for label in GIVEN_LABELS if label in friend_labels - self_labels
    ]
    assert [i["label"] for i in gap["harsh_on_self_not_friend"]] == [
        label for label in HARSH_LABELS if label in self_labels - friend_labels
    ]
    assert gap["given_to_both"] == [
        label for label in GIVEN_LABELS if label in self_labels & friend_labels
    ]
    # ...and each finding quotes the person's own words. The rules' findings are fixed
    # (the model may add a quote of its own, which is checked for shape only).
    assert _quotes(gap, "given_to_friend_not_self", "self_kindness")[0] == {
        "text": "you're not an idiot",
        "start": 5,
        "end": 24,
        "sentence": "Sam, you're not an idiot.",
        "sentence_start": 0,
        "sentence_end": 25,
        "evidence": "rule:sk_not_insult",
    }
    assert _rule_quotes(gap, "given_to_friend_not_self", "tender") == [
        ("Go easy on yourself tonight", "rule:te_gentle")
    ]
    assert _rule_quotes(gap, "harsh_on_self_not_friend", "self_judgment") == [
        ("I'm such an idiot", "rule:sj_insult")
    ]
    assert _rule_quotes(gap, "harsh_on_self_not_friend", "isolation") == [
        ("Everyone else manages", "rule:iso_everyone_else")
    ]
    readings = {i["label"]: i["reading"] for i in gap["given_to_friend_not_self"]}
    assert readings["self_kindness"] == (
        "You met your friend with warmth and understanding. "
        "Your words to yourself haven't had that warmth yet."
    )
    for side in ("given_to_friend_not_self", "harsh_on_self_not_friend"):
        text = FRIEND if side == "given_to_friend_not_self" else SELF
        for item in gap[side]:
            assert item["quotes"], item
            for q in item["quotes"]:
                assert text[q["start"] : q["end"]] == q["text"]
                assert text[q["sentence_start"] : q["sentence_end"]] == q["sentence"]
                assert q["evidence"].startswith(("rule:", "model:"))
    assert obj["rewrite"] == {
        "distanced": "Alex, you're not an idiot. Go easy on yourself tonight.",
        "first_person": "I'm not an idiot. I can go easy on myself tonight.",
        "name": "Alex",
        "friend_name": "Sam",
        "notes": [],
    }
    assert obj["summary"] == (
        "This is warm, and nothing harsh is left in it. If there's something to do about "
        "the situation, one small next step would round it out."
    )
    assert obj["notes"] == []
    needs = [s["need"] for s in obj["suggestions"]]
    assert needs[:2] == ["self_judgment", "isolation"]  # the critic's words come first
    assert obj["block"] is None
    assert obj["crisis"] is False
    assert obj["crisis_message"] is None
    assert obj["situation"] == {"text": "", "matches": []}
    assert len(obj["phrase_bank"]) == 12


def test_json_with_a_final_version_says_what_it_still_needs() -> None:
    result = invoke(
        "friend",
        "--json",
        "--self",
        "I keep missing rent, but whatever, it's not a big deal. If I'm nice to myself I'll stop trying.",
        "--friend",
        "You're going through a lot. Call your landlord this week and work out a plan together.",
        "--final",
        "I'm going through a lot, so whatever, the rent can wait.",
    )
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    assert obj["final_source"] == "given"
    assert obj["final"]["labels"] == ["complacency"]
    assert obj["final"]["balance"] == "too_tender"
    # The gap follows the two analyses (whatever the model reads in them)...
    self_labels, friend_labels = set(obj["self"]["labels"]), set(obj["friend"]["labels"])
    assert [i["label"] for i in obj["gap"]["given_to_friend_not_self"]] == [
        label for label in GIVEN_LABELS if label in friend_labels - self_labels
    ]
    assert [i["label"] for i in obj["gap"]["harsh_on_self_not_friend"]] == [
        label for label in HARSH_LABELS if label in self_labels - friend_labels
    ]
    # ...and the rules alone make these findings certain.
    assert "fierce" in friend_labels - self_labels
    assert {"complacency", "compassion_block"} <= self_labels - friend_labels
    assert obj["rewrite"]["first_person"] == (
        "I'm going through a lot. I can call my landlord this week and work out a plan together."
    )
    assert obj["summary"] == "A little more to do: a real problem has no step yet."
    assert [(n["kind"], [q["text"] for q in n["quotes"]]) for n in obj["notes"]] == [
        ("too_tender", ["whatever"])
    ]
    assert [s["id"] for s in obj["notes"][0]["suggestions"]] == ["cp-01", "mf-23"]
    assert [q["text"] for q in obj["block"]["quotes"]] == ["If I'm nice to myself I'll stop trying"]
    assert "Breines & Chen, 2012" in " ".join(obj["block"]["explanation"])


def test_rich_view_shows_the_gap_with_the_users_phrases() -> None:
    result = invoke("friend", "--self", SELF, "--friend", FRIEND, "--name", "Alex")
    assert result.exit_code == 0, result.output
    out = result.output
    for expected in (
        "What you say to yourself",
        "What you'd say to your friend",
        "What you gave your friend and kept from yourself",
        "self-kindness: You met your friend with warmth",
        "“you're not an idiot”",
        "“Go easy on yourself tonight”",
        "What you aimed at yourself and not at your friend",
        "“I'm such an idiot”",
        "“Everyone else manages”",
        "Alex, you're not an idiot. Go easy on yourself tonight.",
        "I'm not an idiot. I can go easy on myself tonight.",
        "Your friend-words, read back",
        "Phrases you could try",
        "befriend-analyzer/2",
    ):
        assert expected in out, expected
    assert out.index("What you gave your friend") < out.index("In your own voice")


def test_rich_view_shows_the_block_response() -> None:
    result = invoke(
        "friend",
        "--self",
        "If I'm nice to myself I'll stop trying.",
        "--friend",
        "You worked hard. Take the evening off.",
    )
    assert result.exit_code == 0, result.output
    assert "About being kind to yourself" in result.output
    assert "Try it for one week" in result.output


def test_a_crisis_shows_resources_first_and_no_critique(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEFRIEND_COUNTRY", "GB")
    result = invoke(
        "friend", "--self", "I don't want to wake up tomorrow.", "--friend", "You matter to me."
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "116 123" in out  # Samaritans
    assert "not a crisis service" in out
    assert " ".join(CRISIS_PAUSE.split()) in " ".join(out.split())
    assert "What you gave your friend" not in out
    assert "Phrases you could try" not in out


def test_a_crisis_in_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEFRIEND_COUNTRY", "US")
    result = invoke(
        "friend", "--json", "--self", "I'm tired.", "--friend", "You should just end it all."
    )
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    assert obj["crisis"] is True
    assert obj["crisis_in"] == ["friend"]
    assert obj["message"] == CRISIS_PAUSE
    assert obj["gap"] is None and obj["rewrite"] is None and obj["final"] is None
    assert obj["notes"] == [] and obj["suggestions"] == []
    assert obj["crisis_message"]["country"] == "US"
    assert any(s.get("phone") == "988" for s in obj["crisis_message"]["services"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--self", "", "--friend", "You matter."], "What you say to yourself: The text is empty."),
        (
            ["--self", "I'm tired.", "--friend", ""],
            "What you'd say to your friend: The text is empty.",
        ),
        (
            ["--self", "I'm tired.", "--friend", "You matter.", "--final", " "],
            "Your final version: The text is empty.",
        ),
        (
            ["--self", "Estoy muy cansado y no puedo más con todo esto", "--friend", "You matter."],
            "What you say to yourself: This text doesn't look like English",
        ),
    ],
)
def test_bad_input_gets_one_clear_line_and_exit_1(args: list[str], message: str) -> None:
    result = invoke("friend", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("befriend: " + message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_missing_options_are_a_usage_error() -> None:
    result = invoke("friend", "--self", "I'm tired.")
    assert result.exit_code == 2
    assert "--friend" in result.output


def test_every_json_field_note_kind_need_and_situation_is_documented() -> None:
    from pathlib import Path

    from befriend.coach.phrases import NEEDS, SITUATIONS
    from befriend.coach.review import MESSAGES

    doc = (Path(__file__).parent.parent / "docs" / "coach.md").read_text(encoding="utf-8")
    result = invoke("friend", "--json", "--self", SELF, "--friend", FRIEND)
    obj = json.loads(result.stdout)
    fields = set(obj) | set(obj["gap"]) | set(obj["rewrite"])
    fields |= set(obj["gap"]["given_to_friend_not_self"][0])
    fields |= set(obj["gap"]["given_to_friend_not_self"][0]["quotes"][0])
    fields |= set(obj["suggestions"][0]) | set(obj["situation"])
    for field in sorted(fields):
        assert f"`{field}`" in doc, f"JSON field {field!r} is not in docs/coach.md"
    for name in (*MESSAGES, *NEEDS, *SITUATIONS):
        assert f"`{name}`" in doc, name


def test_rich_view_credits_what_is_already_in_both() -> None:
    result = invoke(
        "friend",
        "--self",
        "Everyone struggles sometimes. I'm such an idiot though.",
        "--friend",
        "Everyone struggles sometimes. You're doing your best.",
    )
    assert result.exit_code == 0, result.output
    assert "Already in your words to yourself too: common humanity." in result.output
