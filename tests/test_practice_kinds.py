"""The friend exercise, the fierce break (with its check-in follow-up) and
motivating change with care, through Typer's runner on the real analyzer."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from befriend.cli.main import app
from befriend.coach.gap import GIVEN_LABELS, HARSH_LABELS

runner = CliRunner()

SITUATION = "My manager keeps emailing me at midnight and I answer."
PROTECT = "I'll stop answering emails after 8pm."
PROVIDE = "I need proper sleep."
MOTIVATE = "You can set this boundary; you deserve evenings off."
ACTION = "Tomorrow morning I'll turn off email notifications after 8pm."


def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input, prog_name="befriend")


def flat(text: str) -> str:
    return " ".join(text.split())


def fierce_json(action: str = ACTION) -> dict[str, Any]:
    result = invoke(
        "practice", "fierce", "--json",
        "--answer", f"situation={SITUATION}", "--answer", f"protect={PROTECT}",
        "--answer", f"provide={PROVIDE}", "--answer", f"motivate={MOTIVATE}",
        "--answer", f"action={action}",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    obj: dict[str, Any] = json.loads(result.stdout)
    return obj


# -- fierce ---------------------------------------------------------------------------------
def test_fierce_ends_in_one_stored_action(analyzer: Any) -> None:
    obj = fierce_json()
    assert obj["kind"] == "fierce"
    assert obj["status"] == "done"
    assert obj["action"] == ACTION
    assert [s["key"] for s in obj["steps"]] == [
        "situation",
        "protect",
        "provide",
        "motivate",
        "action",
    ]
    assert [line["text"] for line in obj["steps"][3]["reflection"]] == [
        "“You can set this boundary; you deserve evenings off”: a change you care about, "
        "said by someone on your side."
    ]
    assert [line["text"] for line in obj["steps"][4]["reflection"]] == [
        "“Tomorrow morning I'll turn off email notifications after 8pm”. That's a clear step."
    ]
    from befriend.coach.practices.sessions import PracticeSessions
    from befriend.store import open_journal

    with open_journal() as journal:
        saved = PracticeSessions(journal).get(obj["id"])
    assert saved.state["action"] == ACTION
    assert saved.answers["action"]["text"] == ACTION


def test_an_action_without_a_when_gets_a_gentle_nudge(analyzer: Any) -> None:
    obj = fierce_json("Ask my manager to stop emailing me.")
    assert obj["steps"][4]["reflection"][-1]["text"] == (
        "If you can, add when you'll do it: a day or a time makes a step easier to start."
    )


def test_the_next_checkin_asks_whether_the_action_was_taken(analyzer: Any) -> None:
    from befriend.checkin import load_items

    skips = "\n" * (len(load_items()) - 1)
    fierce_json()
    result = invoke("checkin", input=f"3\n{skips}partly\n\n")
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert (
        f"In a fierce self-compassion break you chose one step: “{ACTION}”. Did you get to it?"
    ) in out
    assert "Part of it counts. Whatever got in the way is worth understanding, not judging." in out
    from sqlalchemy import select

    from befriend.store import open_journal
    from befriend.store.models import CheckIn, PracticeSession

    with open_journal() as journal, journal.transaction() as s:
        session_id = s.scalars(select(PracticeSession.id)).one()
        followup = s.scalars(select(CheckIn.followup)).one()
    assert followup == {"actions": [{"session": session_id, "answer": "partly"}]}
    # Asked once: the check-in after that doesn't ask again.
    again = invoke("checkin", input=f"3\n{skips}\n")
    assert again.exit_code == 0, again.output
    assert "Did you get to it?" not in again.stdout


def test_a_scripted_checkin_answers_the_followup(analyzer: Any) -> None:
    obj = fierce_json()
    result = invoke("checkin", "--answers", "mood=4", "--action-taken", "yes", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["followup"] == [
        {"session": obj["id"], "action": ACTION, "answer": "yes"}
    ]
    # Nothing pending any more: the option is refused, and nothing is saved.
    refused = invoke("checkin", "--answers", "mood=4", "--action-taken", "yes")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "befriend: --action-taken: there's no step from a fierce self-compassion break "
        "waiting for an answer, so nothing was saved.\n"
    )


def test_a_scripted_checkin_without_the_option_records_it_as_asked(analyzer: Any) -> None:
    obj = fierce_json()
    result = invoke("checkin", "--answers", "mood=4", "--json")
    assert json.loads(result.stdout)["followup"] == [
        {"session": obj["id"], "action": ACTION, "answer": None}
    ]


def test_an_unknown_followup_answer_is_one_line() -> None:
    result = invoke("checkin", "--answers", "mood=4", "--action-taken", "maybe")
    assert result.exit_code == 1
    assert result.stderr == (
        "befriend: 'maybe' isn't an answer befriend knows for whether you took your step; "
        "use yes, partly or no.\n"
    )


def test_an_unfinished_fierce_break_is_not_asked_about(analyzer: Any) -> None:
    invoke("practice", "fierce", "--answer", f"situation={SITUATION}")
    result = invoke("checkin", "--answers", "mood=4", "--json")
    assert json.loads(result.stdout)["followup"] is None


# -- motivating change with care --------------------------------------------------------------
CRITIC = "You're pathetic, no discipline at all. If you don't stop you'll lose your job."
COACH = (
    "You're exhausted and the phone is an easy escape. Let's put it on the charger in the "
    "kitchen tonight; you deserve real rest."
)


def test_motivate_contrasts_the_critic_and_the_coach(analyzer: Any) -> None:
    result = invoke(
        "practice", "motivate", "--json",
        "--answer", "behaviour=I scroll my phone in bed until 2am.",
        "--answer", f"critic={CRITIC}", "--answer", f"coach={COACH}",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    contrast = obj["steps"][2]["contrast"]
    assert contrast["summary"] == (
        "Same problem, two voices. Here's what changed when care did the talking."
    )
    # The contrast is the difference of the two voices' analyses, in the coach's order.
    critic, coach = set(analyzer.analyze(CRITIC).labels), set(analyzer.analyze(COACH).labels)
    assert [i["label"] for i in contrast["coach_gives"]] == [
        label for label in GIVEN_LABELS if label in coach - critic
    ]
    assert [i["label"] for i in contrast["critic_only"]] == [
        label for label in HARSH_LABELS if label in critic - coach
    ]
    assert [i["label"] for i in contrast["still_in_coach"]] == [
        label for label in HARSH_LABELS if label in coach
    ]
    # What the rules find is fixed: the insult, the threat, the named state, the plan.
    gives = {i["label"]: i for i in contrast["coach_gives"]}
    only = {i["label"]: i for i in contrast["critic_only"]}
    assert {"self_judgment", "fear_motivation"} <= set(only)
    assert {"mindfulness", "fierce"} <= set(gives)
    judgment = only["self_judgment"]
    assert judgment["reading"] == "The critic attacks who you are; the coach leaves that out."
    assert [q["text"] for q in judgment["quotes"]] == ["You're pathetic"]
    assert [q["text"] for q in gives["mindfulness"]["quotes"]] == ["You're exhausted"]
    assert [line["text"] for line in obj["steps"][1]["reflection"]] == [
        "That's the critic, in its own words: “You're pathetic, no discipline at all”. Seeing "
        "it on the page makes it easier to answer."
    ]


def test_motivate_interactive_shows_the_contrast(analyzer: Any) -> None:
    result = invoke(
        "practice", "motivate", input=f"I scroll my phone in bed until 2am.\n{CRITIC}\n{COACH}\n"
    )
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "The critic and the coach" in out
    assert "What the coach gives you" in out
    assert "What the critic says and the coach doesn't" in out
    assert "self-judgment: The critic attacks who you are; the coach leaves that out." in out
    assert "Next time the critic starts up about this, you have the coach's words ready." in out


# -- the friend exercise ----------------------------------------------------------------------
SELF = "I'm such an idiot. Everyone else manages fine."
FRIEND = "Sam, you're not an idiot. Go easy on yourself tonight."


def test_friend_practice_json_has_gap_rewrite_and_final(analyzer: Any) -> None:
    result = invoke(
        "practice", "friend", "--json", "--name", "Alex",
        "--answer", f"self={SELF}", "--answer", f"friend={FRIEND}",
        "--answer", "final=I'm not an idiot. I'll go easy on myself tonight and text Jo tomorrow.",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    obj = json.loads(result.stdout)
    situation, _, friend, final = obj["steps"]
    assert situation["skipped"] is True and situation["text"] == ""
    assert [i["label"] for i in friend["gap"]["given_to_friend_not_self"]] == [
        "self_kindness",
        "tender",
    ]
    assert [i["label"] for i in friend["gap"]["harsh_on_self_not_friend"]] == [
        "self_judgment",
        "isolation",
    ]
    assert (
        friend["rewrite"]["distanced"] == "Alex, you're not an idiot. Go easy on yourself tonight."
    )
    assert friend["rewrite"]["first_person"] == "I'm not an idiot. I can go easy on myself tonight."
    assert final["analysis"] == analyzer.analyze(final["text"]).to_dict()
    assert final["review"]["notes"] == []
    assert [line["text"] for line in final["reflection"]] == [final["review"]["summary"]]
    assert obj["status"] == "done"


def test_friend_practice_enter_keeps_the_first_person_version(analyzer: Any) -> None:
    result = invoke("practice", "friend", input=f"\n{SELF}\n{FRIEND}\n\n")
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "What you gave your friend and kept from yourself" in out
    assert "In your own voice: I'm not an idiot. I can go easy on myself tonight." in out
    assert "What you'll say to yourself: I'm not an idiot. I can go easy on myself tonight." in out
    assert "What befriend noticed in it: self-kindness" in out


@pytest.mark.parametrize("kind", ["friend", "break", "fierce", "motivate"])
def test_every_practice_has_its_help(kind: str) -> None:
    result = invoke("practice", kind, "--help")
    assert result.exit_code == 0
    assert "--answer" in result.stdout and "--json" in result.stdout


def test_every_json_field_of_a_session_is_documented(analyzer: Any) -> None:
    from pathlib import Path

    doc = (Path(__file__).parent.parent / "docs" / "coach.md").read_text(encoding="utf-8")
    obj = fierce_json()
    friend = json.loads(
        invoke(
            "practice", "friend", "--json",
            "--answer", f"self={SELF}", "--answer", f"friend={FRIEND}", "--answer", "final=",
        ).stdout
    )  # fmt: skip
    motivate = json.loads(
        invoke(
            "practice", "motivate", "--json", "--answer", "behaviour=I snack at night.",
            "--answer", f"critic={CRITIC}", "--answer", f"coach={COACH}",
        ).stdout
    )  # fmt: skip
    keys = set(obj) | {k for o in (obj, friend, motivate) for s in o["steps"] for k in s}
    keys |= set(obj["steps"][0]["reflection"][0]) | set(motivate["steps"][2]["contrast"])
    for key in sorted(keys):
        assert f"`{key}`" in doc, f"{key!r} is not in docs/coach.md"
    for kind in ("friend", "break", "fierce", "motivate"):
        assert f"`befriend practice {kind}`" in doc or f"| `{kind}` |" in doc
