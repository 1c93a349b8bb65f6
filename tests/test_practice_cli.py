"""`befriend practice ...` driven through Typer's runner with scripted answers, on
the real analyzer and a real SQLite journal in BEFRIEND_HOME."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from befriend.cli.main import app
from befriend.coach.practices import PAUSE_MESSAGE

runner = CliRunner()

CRISIS = "I don't want to be here anymore, everyone would be better off without me."
NOTICE = "I feel awful about snapping at my sister today."
COMMON = "Lots of people lose their temper when they're exhausted."
KIND = "Go easy on yourself, you were tired and you're trying."
BLOCK = "Being kind to myself will just make me lazy."


def invoke(*args: str, input: Any = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input, prog_name="befriend")


def sessions() -> list[Any]:
    """Every saved session, newest first, with its answers read back."""
    from befriend.coach.practices.sessions import PracticeSessions
    from befriend.store import open_journal

    with open_journal() as journal:
        repo = PracticeSessions(journal)
        return [repo.get(r.id) for r in repo.list()]


def answers(record: Any) -> dict[str, str]:
    return {key: value["text"] for key, value in record.answers.items()}


# -- the self-compassion break ----------------------------------------------------------
def test_break_scripted_json_is_saved_and_reflected(analyzer: Any) -> None:
    result = invoke(
        "practice", "break", "--json",
        "--answer", f"notice={NOTICE}", "--answer", f"common={COMMON}", "--answer", f"kind={KIND}",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    (saved,) = sessions()
    assert saved.kind == "break"
    assert saved.status == "done"
    assert saved.step == 3
    assert answers(saved) == {"notice": NOTICE, "common": COMMON, "kind": KIND}
    assert obj["id"] == saved.id
    assert obj["status"] == "done"
    assert obj["next_step"] is None
    assert obj["crisis"] is False
    assert obj["crisis_message"] is None
    assert [s["key"] for s in obj["steps"]] == ["notice", "common", "kind"]
    assert obj["steps"][0]["analysis"] == analyzer.analyze(NOTICE).to_dict()
    reflections = [[line["text"] for line in s["reflection"]] for s in obj["steps"]]
    assert reflections[:2] == [
        [
            "You named it plainly: “I feel awful about snapping at my sister today”. Seeing "
            "clearly that this is a hard moment is the whole of this first step."
        ],
        [
            "“Lots of people lose their temper when they're exhausted”: yes. Other people "
            "have stood right where you are, and many are standing there today."
        ],
    ]
    # The kindness step affirms what the analyzer found first: kind words about the
    # person, or else comfort for the feeling (either reading of this answer is fair).
    quote = "“Go easy on yourself, you were tired and you're trying”"
    found = analyzer.analyze(KIND).labels
    assert "self_kindness" in found or "tender" in found
    assert reflections[2] == [
        f"{quote}. Those are kind words. Let them land for a moment, the way they would "
        "if a friend said them to you."
        if "self_kindness" in found
        else f"{quote}. That's comfort, offered to yourself. Let it land for a moment."
    ]


def test_break_interactive_asks_each_step_and_asks_again_after_an_empty_answer(
    analyzer: Any,
) -> None:
    result = invoke("practice", "break", input=f"{NOTICE}\n\n{COMMON}\n{KIND}\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("1/3  Noticing") < out.index("2/3  You're not the only one")
    assert out.count("2/3  You're not the only one") == 2
    assert "Take your time. A few words are enough, even rough ones." in out
    assert "Your break, in your own words" in out
    assert "That's the break. Your three answers are saved with the session." in out
    (saved,) = sessions()
    assert saved.status == "done"
    assert answers(saved) == {"notice": NOTICE, "common": COMMON, "kind": KIND}
    assert f"Saved as practice session {saved.id[:8]}." in out


# -- interruptions and resuming ---------------------------------------------------------------
def interrupt_after(monkeypatch: pytest.MonkeyPatch, lines: list[str]) -> list[str]:
    """The prompt gives these answers, then acts as if Ctrl-C was pressed. Add to the
    returned list to give more."""
    import befriend.cli.practice_run as cli

    queue = list(lines)

    def ask(console: Any) -> str:
        if not queue:
            raise KeyboardInterrupt
        return queue.pop(0)

    monkeypatch.setattr(cli, "_ask", ask)
    return queue


def test_ctrl_c_mid_practice_keeps_the_answers_and_says_how_to_resume(
    monkeypatch: pytest.MonkeyPatch, analyzer: Any
) -> None:
    more = interrupt_after(monkeypatch, [NOTICE])
    result = invoke("practice", "break")
    assert result.exit_code == 130
    assert (
        "Stopped here. What you've answered is saved (1 of 3 steps). To carry on, run "
        "`befriend practice resume`, or `befriend practice break` again."
    ) in " ".join(result.stdout.split())
    (saved,) = sessions()
    assert saved.status == "in_progress"
    assert answers(saved) == {"notice": NOTICE}
    # `befriend practice resume` carries on from the second step.
    more.extend([COMMON, KIND])
    result = invoke("practice", "resume")
    assert result.exit_code == 0, result.output
    assert "Picking up where you left off. Already answered: Noticing." in result.stdout
    assert "1/3  Noticing" not in result.stdout
    assert "2/3  You're not the only one" in result.stdout
    (saved,) = sessions()
    assert saved.status == "done"
    assert answers(saved) == {"notice": NOTICE, "common": COMMON, "kind": KIND}


def test_running_the_practice_again_offers_to_resume(analyzer: Any) -> None:
    invoke("practice", "break", input=f"{NOTICE}\n")  # input runs out: stopped after one step
    result = invoke("practice", "break", input=f"y\n{COMMON}\n{KIND}\n")
    assert result.exit_code == 0, result.output
    assert "You didn't finish “A self-compassion break” on " in result.stdout
    assert "(1 of 3 steps answered). Pick up where you left off? [Y/n]" in result.stdout
    (saved,) = sessions()
    assert answers(saved) == {"notice": NOTICE, "common": COMMON, "kind": KIND}


def test_declining_to_resume_sets_the_old_session_aside_and_keeps_it(analyzer: Any) -> None:
    invoke("practice", "break", input=f"{NOTICE}\n")
    result = invoke("practice", "break", input=f"n\n{COMMON}\n{COMMON}\n{KIND}\n")
    assert result.exit_code == 0, result.output
    new, old = sessions()
    assert (old.status, answers(old)) == ("set_aside", {"notice": NOTICE})
    assert (new.status, answers(new)) == (
        "done",
        {"notice": COMMON, "common": COMMON, "kind": KIND},
    )


def test_scripted_resume_adds_the_remaining_answers(analyzer: Any) -> None:
    first = invoke("practice", "break", "--answer", f"notice={NOTICE}")
    assert first.exit_code == 0, first.output
    assert "Saved. The next step is 'common' (You're not the only one)" in first.stdout
    result = invoke(
        "practice", "resume", "break", "--json",
        "--answer", f"common={COMMON}", "--answer", f"kind={KIND}",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    assert obj["status"] == "done"
    assert [s["text"] for s in obj["steps"]] == [NOTICE, COMMON, KIND]


# -- bad input -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["practice", "break", "--answer", "notice=   "],
            "befriend: Noticing: this step is empty. Write a few words, even rough ones, and "
            "try again.\n",
        ),
        (
            ["practice", "break", "--answer", "notice=" + "a " * 15_000],
            "befriend: Noticing: The text is 30,000 characters long; befriend reads up to "
            "20,000 at a time. Split it into shorter pieces and analyse each one.\n",
        ),
        (
            ["practice", "break", "--answer", "feelings=sad"],
            "befriend: The break practice has no step 'feelings'. Its steps are: notice, "
            "common, kind.\n",
        ),
        (
            ["practice", "break", "--answer", f"kind={KIND}"],
            "befriend: The answers skip the step 'notice' (Noticing); add --answer notice=... . "
            "Nothing was saved.\n",
        ),
        (
            ["practice", "break", "--json"],
            "befriend: --json needs the answers on the command line: --answer STEP=TEXT "
            "(repeat it) or --answers FILE.json. The steps are: notice, common, kind.\n",
        ),
        (
            ["practice", "sing"],
            "befriend: There's no practice called 'sing'. The practices are: friend, break, "
            "fierce, motivate. `befriend practice list` shows your sessions; `befriend "
            "practice resume` carries on an unfinished one.\n",
        ),
        (
            ["practice", "resume", "fierce"],
            "befriend: There's no unfinished “A fierce self-compassion break” to pick up. "
            "`befriend practice fierce` starts one.\n",
        ),
        (
            ["practice", "resume"],
            "befriend: There's no unfinished practice to pick up. `befriend practice list` "
            "shows your sessions.\n",
        ),
    ],
)
def test_bad_input_is_one_line_exit_1_and_nothing_saved(args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 1
    assert result.stderr == message
    assert result.stdout == ""
    assert sessions() == []


def test_answers_from_a_file(tmp_path: Path, analyzer: Any) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"notice": NOTICE, "common": COMMON, "kind": KIND}))
    result = invoke("practice", "break", "--answers", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["status"] == "done"
    path.write_text("[1, 2]")
    result = invoke("practice", "break", "--answers", str(path), "--json")
    assert result.exit_code == 1
    assert result.stderr == (
        f'befriend: {path} should hold a JSON object of step to text, e.g. {{"notice": '
        '"..."}. Nothing was saved.\n'
    )
    assert len(sessions()) == 1


# -- list and show ---------------------------------------------------------------------------
def test_list_shows_sessions_without_their_words(analyzer: Any) -> None:
    invoke("practice", "break", "--answer", f"notice={NOTICE}")
    result = invoke("practice", "list", "--json")
    assert result.exit_code == 0, result.output
    (item,) = json.loads(result.stdout)
    (saved,) = sessions()
    assert item == {
        "id": saved.id,
        "kind": "break",
        "status": "in_progress",
        "steps_answered": 1,
        "created_at": saved.created_at.isoformat(),
        "updated_at": saved.updated_at.isoformat(),
    }
    text = invoke("practice", "list").stdout
    assert saved.id[:8] in text and "A self-compassion break" in text and "1/3" in text
    assert NOTICE not in text
    shown = invoke("practice", "show", saved.id[:8])
    assert shown.exit_code == 0, shown.output
    assert NOTICE in shown.stdout


# -- the block ---------------------------------------------------------------------------------
def test_the_block_response_is_offered_once_per_session(analyzer: Any) -> None:
    result = invoke("practice", "break", input=f"{BLOCK}\ny\n{BLOCK}\n{BLOCK}\n")
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    offer = (
        "Something you wrote sounds like a worry that being kind to yourself would make you "
        "soft (“Being kind to myself will just make me lazy”). Would you like a short, honest "
        "answer to that? [y/N]"
    )
    assert out.count(offer) == 1
    assert "Kindness and high standards can work together." in out
    assert "You don't have to take this on trust. Try it for one week" in out
    (saved,) = sessions()
    assert saved.state["block_offered"] == "notice"


def test_the_block_response_in_json(analyzer: Any) -> None:
    result = invoke(
        "practice", "break", "--json",
        "--answer", f"notice={NOTICE}", "--answer", f"common={COMMON}", "--answer", f"kind={BLOCK}",
    )  # fmt: skip
    obj = json.loads(result.stdout)
    assert (
        obj["steps"][2]["block"]["quotes"][0]["text"]
        == "Being kind to myself will just make me lazy"
    )
    assert obj["block"] == obj["steps"][2]["block"]
    assert obj["steps"][0]["block"] is None
    # Scripted without --json, the response is shown (there is no one to ask).
    text = invoke("practice", "break", "--answer", f"notice={BLOCK}").stdout
    assert "About being kind to yourself" in text
    assert "Kindness and high standards can work together." in " ".join(text.split())


# -- a crisis -----------------------------------------------------------------------------------
def _write_plan() -> None:
    result = invoke(
        "safety-plan", "edit", "--json",
        "--set", "helps=A walk with the dog", "--set", "people_places=My sister Jo, 07700 900123",
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_a_crisis_shows_resources_and_the_plan_first_then_offers_to_pause(
    monkeypatch: pytest.MonkeyPatch, analyzer: Any
) -> None:
    monkeypatch.setenv("BEFRIEND_COUNTRY", "US")
    _write_plan()
    result = invoke("practice", "break", input=f"{CRISIS}\ny\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("You deserve support right now") < out.index("988 Suicide & Crisis Lifeline")
    assert out.index("988 Suicide & Crisis Lifeline") < out.index("Your safety plan, in your words")
    assert "A walk with the dog" in out and "My sister Jo, 07700 900123" in out
    assert " ".join(PAUSE_MESSAGE.split()) in " ".join(out.split())
    assert "Would you like to stop here for now? [Y/n]" in out
    assert "Your answers are saved. Whenever you feel ready, `befriend practice resume`" in out
    assert "You named it" not in out  # no critique, no reflection
    (saved,) = sessions()
    assert saved.status == "in_progress"
    assert saved.state["crisis_in"] == ["notice"]
    assert answers(saved) == {"notice": CRISIS}


def test_after_a_crisis_every_later_screen_keeps_a_reminder(
    monkeypatch: pytest.MonkeyPatch, analyzer: Any
) -> None:
    monkeypatch.setenv("BEFRIEND_COUNTRY", "US")
    _write_plan()
    result = invoke("practice", "break", input=f"{CRISIS}\nn\n{COMMON}\n{BLOCK}\n")
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    reminder = (
        "Help is there whenever you need it: 988 Suicide & Crisis Lifeline, call 988 / text "
        "988. `befriend resources` lists more; `befriend safety-plan` shows your plan."
    )
    assert out.count(reminder) == 3  # before step 2, before step 3, at the end
    assert (
        out.count("Thank you for writing this. There's nothing more to do with it right now.") == 2
    )
    assert "Would you like a short, honest answer" not in out  # no coaching after a crisis
    assert "Your break, in your own words" not in out
    assert "Thank you for staying with this." in out


def test_a_crisis_in_json(monkeypatch: pytest.MonkeyPatch, analyzer: Any) -> None:
    monkeypatch.setenv("BEFRIEND_COUNTRY", "US")
    _write_plan()
    result = invoke("practice", "break", "--json", "--answer", f"notice={CRISIS}")
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    assert obj["crisis"] is True
    assert obj["crisis_in"] == ["notice"]
    assert obj["message"] == PAUSE_MESSAGE
    assert obj["crisis_message"]["services"][0]["name"] == "988 Suicide & Crisis Lifeline"
    assert obj["safety_plan"]["sections"][1] == {
        "key": "helps",
        "title": "Things that help me",
        "items": ["A walk with the dog"],
    }
    assert obj["steps"][0]["reflection"] == []
    assert obj["status"] == "in_progress"
    assert "You deserve support right now" in result.stderr  # resources first, on stderr
