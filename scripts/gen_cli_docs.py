"""Regenerate docs/cli.md from the CLI's own --help output (tests/test_docs.py checks
that the committed file is current)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

HEADER = """# Command-line reference

Generated from `befriend --help` by `scripts/gen_cli_docs.py`; do not edit by hand.
A test fails when this page and the CLI disagree.
"""


def help_text(args: list[str]) -> str:
    from typer.testing import CliRunner

    from befriend.cli.main import app

    result = CliRunner().invoke(app, [*args, "--help"], prog_name="befriend", terminal_width=88)
    return "\n".join(line.rstrip() for line in result.output.splitlines()).strip("\n") + "\n"


def commands() -> list[str]:
    """Every command, as its words after `befriend`; a group's commands follow it."""
    from befriend.cli.main import app

    names = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
    for group in app.registered_groups:
        sub = group.typer_instance
        if sub is None:
            continue
        name = group.name or sub.info.name
        names.append(name)
        names += [
            f"{name} {c.name or c.callback.__name__}" for c in sub.registered_commands if c.callback
        ]
    return names


def render() -> str:
    parts = [HEADER, "## befriend\n", "```", help_text([]).rstrip(), "```\n"]
    for name in commands():
        parts += [f"## befriend {name}\n", "```", help_text(name.split()).rstrip(), "```\n"]
    return "\n".join(parts)


def main() -> None:
    import os

    os.environ["COLUMNS"] = "88"
    os.environ["TERM"] = "dumb"
    os.environ["NO_COLOR"] = "1"
    (ROOT / "docs" / "cli.md").write_text(render(), encoding="utf-8")
    print("wrote docs/cli.md")


if __name__ == "__main__":
    main()
