"""`befriend safety-plan`, its storage through the codec, and the plan shown beside
the crisis resources wherever the safety screen fires."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from befriend.cli.main import app
from befriend.safety.plan import SafetyPlan

runner = CliRunner()
CRISIS = "I don't want to be here anymore, everyone would be better off without me."


def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input, prog_name="befriend")


def flat(text: str) -> str:
    return " ".join(text.split())


def write_plan() -> None:
    result = invoke(
        "safety-plan", "edit", "--json",
        "--set", "warning_signs=I stop answering messages",
        "--set", "helps=A walk with the dog", "--set", "helps=Loud music",
        "--set", "people_places=My sister Jo, 07700 900123",
        "--set", "reasons=My niece",
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_edit_and_show_round_trip() -> None:
    write_plan()
    result = invoke("safety-plan", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "sections": [
            {
                "key": "warning_signs",
                "title": "My warning signs",
                "items": ["I stop answering messages"],
            },
            {
                "key": "helps",
                "title": "Things that help me",
                "items": ["A walk with the dog", "Loud music"],
            },
            {
                "key": "people_places",
                "title": "People and places",
                "items": ["My sister Jo, 07700 900123"],
            },
            {"key": "professionals", "title": "Professionals I can contact", "items": []},
            {"key": "reasons", "title": "My reasons to keep going", "items": ["My niece"]},
        ]
    }
    # --set replaces the sections it names and keeps the others.
    invoke("safety-plan", "edit", "--set", "helps=A bath")
    shown = invoke("safety-plan")
    assert shown.exit_code == 0, shown.output
    lines = [line.rstrip() for line in shown.stdout.splitlines()]
    assert lines[:10] == [
        "Your safety plan, in your words",
        "My warning signs",
        "  • I stop answering messages",
        "Things that help me",
        "  • A bath",
        "People and places",
        "  • My sister Jo, 07700 900123",
        "My reasons to keep going",
        "  • My niece",
        "",
    ]
    assert "People you can reach now" in shown.stdout


def test_no_plan_yet() -> None:
    result = invoke("safety-plan")
    assert result.exit_code == 0
    assert flat(result.stdout).startswith(
        "You haven't written a safety plan yet. `befriend safety-plan edit` walks you through it"
    )
    assert json.loads(invoke("safety-plan", "--json").stdout) is None


def test_interactive_edit_asks_each_part_and_keeps_what_you_keep() -> None:
    given = "Feeling numb\nSkipping meals\n\nA walk\n\nJo\n\n\nMy cat\n\n"
    result = invoke("safety-plan", "edit", input=given)
    assert result.exit_code == 0, result.output
    assert "A safety plan is a short list you write now" in flat(result.stdout)
    plan = json.loads(invoke("safety-plan", "--json").stdout)
    assert [s["items"] for s in plan["sections"]] == [
        ["Feeling numb", "Skipping meals"],
        ["A walk"],
        ["Jo"],
        [],
        ["My cat"],
    ]
    # Second time: keep every part but the first, which is replaced.
    again = invoke("safety-plan", "edit", input="n\nCan't sleep\n\ny\ny\n\ny\n")
    assert again.exit_code == 0, again.output
    plan = json.loads(invoke("safety-plan", "--json").stdout)
    assert [s["items"] for s in plan["sections"]] == [
        ["Can't sleep"],
        ["A walk"],
        ["Jo"],
        [],
        ["My cat"],
    ]


def test_stopping_an_interactive_edit_changes_nothing() -> None:
    write_plan()
    result = invoke("safety-plan", "edit", input="n\nsomething new\n")  # input runs out
    assert result.exit_code == 1
    assert result.stderr == (
        "befriend: The safety plan wasn't changed: editing stopped before the end. Run "
        "`befriend safety-plan edit` again whenever you like.\n"
    )
    items = json.loads(invoke("safety-plan", "--json").stdout)["sections"][0]["items"]
    assert items == ["I stop answering messages"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--set", "hobbies=knitting"],
            "befriend: A safety plan has no section 'hobbies'. The sections are: "
            "warning_signs, helps, people_places, professionals, reasons.\n",
        ),
        (
            ["--set", "helps"],
            "befriend: --set 'helps' needs the form SECTION=ITEM, e.g. --set helps='a walk'. "
            "The sections are: warning_signs, helps, people_places, professionals, reasons.\n",
        ),
        (
            ["--set", "helps=" + "x" * 501],
            "befriend: Things that help me: one item is 501 characters long; keep each to "
            "500 or split it into several.\n",
        ),
        (
            ["--json"],
            "befriend: --json needs the plan on the command line: --set SECTION=ITEM or "
            "--from FILE.json.\n",
        ),
    ],
)
def test_bad_plan_input_is_one_line_and_changes_nothing(args: list[str], message: str) -> None:
    write_plan()
    result = invoke("safety-plan", "edit", *args)
    assert result.exit_code == 1
    assert result.stderr == message
    assert json.loads(invoke("safety-plan", "--json").stdout)["sections"][1]["items"] == [
        "A walk with the dog",
        "Loud music",
    ]


def test_plan_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps({"helps": ["Tea", "Music"], "reasons": ["My kids"]}))
    result = invoke("safety-plan", "edit", "--from", str(path), "--json")
    assert result.exit_code == 0, result.output
    sections = json.loads(result.stdout)["sections"]
    assert sections[1]["items"] == ["Tea", "Music"]
    assert sections[4]["items"] == ["My kids"]


def test_the_plan_is_stored_through_the_codec(journal: Any) -> None:
    from befriend.store.codec import PlainCodec
    from befriend.store.safety_plan import has_plan, load_plan, save_plan

    contexts: list[str] = []

    class Recording(PlainCodec):
        def encode(self, text: str, context: str = "") -> bytes:
            contexts.append(context)
            return super().encode(text, context)

        def decode(self, blob: bytes, context: str = "") -> str:
            contexts.append(context)
            return super().decode(blob, context)

    journal.codec = Recording()
    plan = SafetyPlan().with_section("helps", ["  A walk  ", ""])
    save_plan(journal, plan)
    assert has_plan(journal)
    loaded = load_plan(journal)
    assert loaded is not None
    assert loaded.to_dict() == SafetyPlan({"helps": ("A walk",)}).to_dict()
    assert set(contexts) == {"safety_plans.plan:safety-plan"}
    save_plan(journal, SafetyPlan())  # an empty plan removes it
    assert not has_plan(journal)
    assert load_plan(journal) is None


def test_a_plan_that_cannot_be_read_is_still_pointed_to() -> None:
    """An encrypted journal opened without its passphrase: the plan can't be read,
    but the crisis view says it exists and how to see it."""
    from befriend.cli.safety_plan import LOCKED_HINT, plan_in
    from befriend.progress.load import NoTextCodec
    from befriend.store import open_journal

    write_plan()
    with open_journal(codec=NoTextCodec()) as journal:
        lookup = plan_in(journal)
    assert lookup.plan is None and lookup.locked
    assert lookup.to_dict() == {"locked": True, "sections": []}
    assert "encrypted" in LOCKED_HINT


# -- shown with the crisis resources, everywhere ------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ["write", "--text", CRISIS],
        ["analyze", CRISIS],
        ["friend", "--self", CRISIS, "--friend", "You matter to me."],
        ["checkin", "--answers", "mood=1", "--note", CRISIS],
        ["practice", "break", "--answer", f"notice={CRISIS}"],
    ],
)
def test_the_plan_is_shown_with_the_crisis_resources(
    args: list[str], monkeypatch: pytest.MonkeyPatch, analyzer: Any
) -> None:
    monkeypatch.setenv("BEFRIEND_COUNTRY", "GB")
    write_plan()
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("Samaritans") < out.index("Your safety plan, in your words")
    assert out.index("Your safety plan, in your words") < out.index("not a crisis service")
    assert "My sister Jo, 07700 900123" in out
    assert "My niece" in out


def test_without_a_plan_the_crisis_view_is_unchanged_and_no_journal_is_made(
    _isolated_home: Path, analyzer: Any
) -> None:
    result = invoke("analyze", CRISIS)
    assert result.exit_code == 0, result.output
    assert "Your safety plan" not in result.stdout
    assert "You deserve support right now" in result.stdout
    assert not (_isolated_home / "befriend.db").exists()


def test_plan_words_that_fire_the_screen_show_the_resources(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BEFRIEND_COUNTRY", "GB")
    result = invoke("safety-plan", "edit", "--set", "warning_signs=I start thinking I want to die")
    assert result.exit_code == 0, result.output
    assert "Samaritans" in result.stdout
    assert "Your safety plan is saved." in flat(result.stdout)
