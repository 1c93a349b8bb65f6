"""`befriend practice break` in a real terminal, through tmux: the screens a person
sees, Ctrl-C half-way, and picking up again. Skipped only when tmux is missing
(and never in CI, where it must run)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# How long to wait for a screen before giving up. Generous: loading the analyzer on
# a busy machine can take a while. Waiting is not asserting anything about speed.
WAIT_SECONDS = 120.0
NOTICE = "I feel awful about snapping at my sister today."
COMMON = "Lots of people lose their temper when they're exhausted."
KIND = "Go easy on yourself, you were tired and you're trying."


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[str]:
    if shutil.which("tmux") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("tmux is not installed, and CI must run the real-terminal test")
        pytest.skip("tmux is not installed: the real-terminal test needs it")
    socket = f"befriend-test-{os.getpid()}"
    yield socket
    path = subprocess.run(
        ["tmux", "-L", socket, "display-message", "-p", "#{socket_path}"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, check=False)
    if path:
        Path(path).unlink(missing_ok=True)


def _tmux(socket: str, *args: str) -> str:
    done = subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True, check=True)
    return done.stdout


def screen(socket: str) -> str:
    """The pane's text, wrapped lines joined, runs of spaces collapsed."""
    raw = _tmux(socket, "capture-pane", "-p", "-J", "-S", "-200", "-t", "practice")
    return "\n".join(" ".join(line.split()) for line in raw.splitlines())


def wait_for(socket: str, text: str, *, count: int = 1) -> str:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        shown = screen(socket)
        if shown.count(text) >= count:
            return shown
        if time.monotonic() > deadline:
            raise AssertionError(f"never saw {text!r} on the screen:\n{shown}")
        time.sleep(0.2)


def type_line(socket: str, text: str) -> None:
    _tmux(socket, "send-keys", "-t", "practice", "-l", text)
    _tmux(socket, "send-keys", "-t", "practice", "Enter")


def test_break_in_a_real_terminal(tmux: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    befriend = Path(sys.executable).parent / "befriend"
    env = f"BEFRIEND_HOME={shlex.quote(str(home))} BEFRIEND_COUNTRY=US TERM=xterm-256color"
    command = f"env {env} {shlex.quote(str(befriend))} practice break"
    _tmux(
        tmux,
        "new-session",
        "-d",
        "-s",
        "practice",
        "-x",
        "100",
        "-y",
        "60",
        "bash --norc --noprofile",
    )
    _tmux(tmux, "set-option", "-t", "practice", "remain-on-exit", "on")

    # First run: one step, then Ctrl-C at the second.
    type_line(tmux, command)
    shown = wait_for(tmux, "1/3 Noticing")
    assert "A self-compassion break" in shown
    assert "What's hard right now?" in shown
    type_line(tmux, NOTICE)
    shown = wait_for(tmux, "2/3 You're not the only one")
    assert (
        "You named it plainly: “I feel awful about snapping at my sister today”. Seeing "
        "clearly that this is a hard moment is the whole of this first step."
    ) in " ".join(shown.split())
    _tmux(tmux, "send-keys", "-t", "practice", "C-c")
    shown = " ".join(wait_for(tmux, "To carry on, run").split())
    assert "Stopped here. What you've answered is saved (1 of 3 steps)." in shown

    # Second run: befriend offers to pick up where it stopped.
    type_line(tmux, "clear")
    type_line(tmux, command)
    wait_for(tmux, "Pick up where you left off? [Y/n]")
    type_line(tmux, "y")
    shown = wait_for(tmux, "2/3 You're not the only one")
    assert "Picking up where you left off. Already answered: Noticing." in shown
    type_line(tmux, COMMON)
    wait_for(tmux, "3/3 Kindness")
    type_line(tmux, KIND)
    shown = " ".join(wait_for(tmux, "Saved as practice session").split())
    assert "Your break, in your own words" in shown
    assert f"Noticing: {NOTICE}" in shown
    assert "That's the break. Your three answers are saved with the session." in shown

    from befriend.coach.practices.sessions import PracticeSessions
    from befriend.settings import Settings
    from befriend.store import open_journal

    with open_journal(Settings(home=home, country=None, threads=None)) as journal:
        repo = PracticeSessions(journal)
        (record,) = repo.list()
        saved = repo.get(record.id)
    assert saved.status == "done"
    assert {k: v["text"] for k, v in saved.answers.items()} == {
        "notice": NOTICE,
        "common": COMMON,
        "kind": KIND,
    }
