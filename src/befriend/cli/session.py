"""The interactive session `befriend` starts with no command (what `make run` runs)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from befriend.errors import BefriendError

if TYPE_CHECKING:
    from befriend.analyzer import Analyzer

GREETING = (
    "Hi. This is a quiet place to write what's on your mind, and to see how you're "
    "talking to yourself about it.\n"
    "Nothing you write here is saved or sent anywhere. befriend is a self-help tool, "
    "not a crisis service or therapy.\n"
    "Write a few sentences and press Enter. To leave, type quit or press Ctrl-D."
)
PROMPT = "\nWhat's on your mind? > "
GOODBYE = "Take care of yourself. You can come back any time."
STILL_HERE = (
    "The support lines shown earlier are still there for you: run `befriend resources` "
    "to see them again."
)
QUIT_WORDS = frozenset({"quit", "exit", ":q", "bye"})


def run_session(analyzer: Analyzer, stdin: TextIO | None = None) -> None:
    stream = stdin if stdin is not None else sys.stdin
    if stream.isatty():
        _interactive(analyzer, stream)
    else:
        _lines(analyzer, stream)


def _interactive(analyzer: Analyzer, stream: TextIO) -> None:
    from befriend.cli.main import show_analysis
    from befriend.cli.render import make_console

    console = make_console()
    console.print(GREETING)
    crisis_seen = False
    while True:
        try:
            console.print(PROMPT, end="", style="bold")
            line = stream.readline()
        except KeyboardInterrupt:
            console.print()
            break
        if not line:
            console.print()
            break
        text = line.strip()
        if text.lower() in QUIT_WORDS:
            break
        if not text:
            console.print("Take your time. Write whatever is there, even a few words.")
            continue
        try:
            analysis = analyzer.analyze(text)
        except BefriendError as exc:
            console.print(exc.message)
            continue
        show_analysis(analysis)
        if crisis_seen and not analysis.crisis:
            console.print(STILL_HERE, style="bold #d7af5f")
        crisis_seen = crisis_seen or analysis.crisis
    console.print(GOODBYE)


def _lines(analyzer: Analyzer, stream: TextIO) -> None:
    """Standard input is not a terminal: analyse each line as it arrives, exit at the end."""
    from befriend.cli.main import show_analysis

    raw_lines = (
        stream.buffer
        if hasattr(stream, "buffer")
        else (line.encode("utf-8", "surrogateescape") for line in stream)
    )
    for n, raw in enumerate(raw_lines, 1):
        try:
            text = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            print(
                f"befriend: line {n} isn't valid UTF-8 text, so it was skipped. "
                "Make sure your input is saved as UTF-8.",
                file=sys.stderr,
            )
            continue
        if not text:
            continue
        try:
            analysis = analyzer.analyze(text)
        except BefriendError as exc:
            print(f"befriend: line {n}: {exc.message}", file=sys.stderr)
            continue
        show_analysis(analysis)
