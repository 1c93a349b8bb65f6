"""`befriend write` and `befriend journal ...`, in-process, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from befriend.cli.main import app

runner = CliRunner()
CRITIC = "I'm such an idiot. Everyone else copes fine."
CRISIS = "I don't want to be here anymore, everyone would be better off without me."


def invoke(*args: str, input: str | bytes | None = None) -> Any:
    return runner.invoke(app, list(args), input=input, prog_name="befriend")


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def entries_json() -> list[dict[str, Any]]:
    result = invoke("journal", "list", "--json", "--limit", "1000")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_write_saves_the_entry_and_shows_its_analysis(database_url: str | None) -> None:
    result = invoke("write", "--text", CRITIC)
    assert result.exit_code == 0, result.output
    [saved] = entries_json()
    assert result.stdout.startswith(f"Saved to your journal ({time.strftime('%a %d %b %Y')} ")
    assert f"id {saved['id'][:8]})." in result.stdout
    assert "self-judgment" in result.stdout
    assert saved["text"] == CRITIC
    assert saved["source"] == "write"
    assert saved["analysis"]["labels"][:2] == ["self_judgment", "isolation"]


def test_write_reads_standard_input_without_the_final_newline(database_url: str | None) -> None:
    result = invoke("write", "--json", input="Line one.\nLine two, said kindly.\n")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["text"] == "Line one.\nLine two, said kindly."
    assert shown["analysis"]["text"] == shown["text"]
    assert [e["id"] for e in entries_json()] == [shown["id"]]


def test_write_shows_crisis_resources_before_anything_else(
    database_url: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BEFRIEND_COUNTRY", "GB")
    result = invoke("write", "--text", CRISIS)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "116 123" in out  # Samaritans
    assert out.index("116 123") < out.index("Saved to your journal") < out.index("What you wrote")
    assert entries_json()[0]["analysis"]["crisis"] is True


def test_write_json_sends_crisis_resources_to_stderr_first(
    database_url: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BEFRIEND_COUNTRY", "GB")
    result = invoke("write", "--json", "--text", CRISIS)
    assert result.exit_code == 0
    assert "116 123" in result.stderr
    shown = json.loads(result.stdout)
    assert shown["analysis"]["crisis"] is True and shown["crisis"] is True


def test_text_the_analyzer_cant_read_is_saved_and_still_screened(
    database_url: str | None,
) -> None:
    text = "Heute war ein schwerer Tag und ich bin müde."
    result = invoke("write", "--text", text)
    assert result.exit_code == 0, result.output
    assert "befriend didn't read it this time: This text doesn't look like English" in result.stdout
    [saved] = entries_json()
    assert saved["text"] == text and saved["analysis"] is None


def test_an_empty_entry_is_refused_and_nothing_is_saved(database_url: str | None) -> None:
    result = invoke("write", "--text", "   \n ")
    assert result.exit_code == 1
    assert result.stderr.startswith("befriend: The text is empty.")
    assert len(result.stderr.strip().splitlines()) == 1
    assert entries_json() == []


def test_list_search_show_and_their_json(database_url: str | None) -> None:
    for text in ("First, a calm walk by the river.", CRITIC):
        assert invoke("write", "--text", text).exit_code == 0
    listed = invoke("journal", "list")
    assert listed.exit_code == 0
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["id", "written", "begins", "noticed"]
    assert "I'm such an idiot. Everyone e…" in lines[1]  # newest first
    found = json.loads(invoke("journal", "search", "RIVER", "--json").stdout)
    assert [e["text"] for e in found] == ["First, a calm walk by the river."]
    nothing = invoke("journal", "search", "elephant")
    assert nothing.stdout == "No entry contains 'elephant'.\n"
    entry_id = entries_json()[0]["id"]
    shown = invoke("journal", "show", entry_id[:8])
    assert shown.exit_code == 0
    assert shown.stdout.splitlines()[0].endswith(entry_id)
    assert "What you wrote" in shown.stdout and "self-judgment" in shown.stdout
    full = json.loads(invoke("journal", "show", entry_id, "--json").stdout)
    assert full["analysis"]["sentences"][0]["text"] == "I'm such an idiot."
    only = json.loads(invoke("journal", "list", "--label", "self_judgment", "--json").stdout)
    assert [e["id"] for e in only] == [entry_id]


def test_list_of_an_empty_journal_says_how_to_start(database_url: str | None) -> None:
    result = invoke("journal", "list")
    assert result.stdout == "Your journal is empty. `befriend write` starts an entry.\n"


def test_delete_asks_first_and_yes_skips_the_question(database_url: str | None) -> None:
    assert invoke("write", "--text", CRITIC).exit_code == 0
    entry_id = entries_json()[0]["id"]
    kept = invoke("journal", "delete", entry_id[:8], input="n\n")
    assert kept.exit_code == 0
    assert "This can't be undone. [y/N]" in kept.stderr
    assert kept.stdout.endswith("Kept it: nothing was deleted.\n")
    assert len(entries_json()) == 1
    unanswered = invoke("journal", "delete", entry_id[:8], input="")
    assert unanswered.exit_code == 1
    assert unanswered.stderr.endswith(
        "\nbefriend: Nothing was deleted: there was no answer. "
        "Add --yes to delete without being asked.\n"
    )
    assert len(entries_json()) == 1
    asked = invoke("journal", "delete", entry_id[:8], input="y\n")
    assert asked.exit_code == 0 and "Deleted the entry from " in asked.stdout
    assert entries_json() == []
    assert invoke("write", "--text", CRITIC).exit_code == 0
    other = entries_json()[0]["id"]
    quiet = invoke("journal", "delete", other, "--yes", "--json")
    assert json.loads(quiet.stdout) == {"deleted": other}
    assert entries_json() == []


@pytest.mark.parametrize(
    "args",
    [("journal", "show", "nope"), ("journal", "delete", "nope", "--yes")],
)
def test_an_unknown_id_is_one_line_and_exit_code_1(database_url: str | None, args: Any) -> None:
    result = invoke(*args)
    assert result.exit_code == 1
    assert result.stderr == (
        "befriend: There's no journal entry with the id 'nope'. "
        "Run `befriend journal list` to see your entries and their ids.\n"
    )


def test_an_unknown_label_is_named(database_url: str | None) -> None:
    result = invoke("journal", "list", "--label", "sadness")
    assert result.exit_code == 1
    assert result.stderr.startswith("befriend: There's no label 'sadness'. The labels are: ")


def test_the_editor_flow_returns_what_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from befriend.cli.journal import edit_in_editor

    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\nopen(sys.argv[1], 'w', encoding='utf-8').write('Written in an editor ✓\\n')\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    draft, text = edit_in_editor()
    assert text == "Written in an editor ✓\n"
    assert stat.S_IMODE(draft.parent.stat().st_mode) == 0o700
    os.remove(draft)
    draft.parent.rmdir()


def test_an_editor_that_fails_keeps_the_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from befriend.cli.journal import edit_in_editor
    from befriend.errors import BefriendError

    editor = tmp_path / "editor.py"
    editor.write_text("import sys\nopen(sys.argv[1], 'w').write('half')\nsys.exit(3)\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    with pytest.raises(BefriendError, match="exit code 3") as caught:
        edit_in_editor()
    kept = Path(caught.value.message.rsplit(" is in ", 1)[1].rstrip("."))
    assert kept.read_text() == "half"
    os.remove(kept)
    kept.parent.rmdir()


def test_write_opens_the_editor_at_a_terminal_and_cleans_up(
    _isolated_home: Path, tmp_path: Path
) -> None:
    """The real command in a real terminal (a pty): $EDITOR writes the entry."""
    import pty
    import subprocess

    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\n"
        "open(sys.argv[1], 'w', encoding='utf-8').write('From the editor: I did my best.\\n')\n"
    )
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    controller, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "befriend", "write", "--json"],
            stdin=terminal,
            capture_output=True,
            text=True,
            env=dict(
                os.environ,
                PYTHONPATH=str(Path(__file__).parent.parent / "src"),
                EDITOR=f"{sys.executable} {editor}",
                VISUAL="",
                TMPDIR=str(scratch),
            ),
            timeout=300,
        )
    finally:
        os.close(controller)
        os.close(terminal)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["text"] == "From the editor: I did my best."
    assert list(scratch.glob("befriend-*")) == []  # the draft and its folder are gone
