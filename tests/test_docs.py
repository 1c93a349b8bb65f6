"""Docs the tests keep honest."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from befriend.labels import LABELS

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def read(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def test_cli_reference_is_generated_from_the_current_help(monkeypatch: pytest.MonkeyPatch) -> None:
    import gen_cli_docs

    monkeypatch.setenv("COLUMNS", "88")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("NO_COLOR", "1")
    assert read("docs/cli.md") == gen_cli_docs.render(), (
        "docs/cli.md is out of date: run `python scripts/gen_cli_docs.py`"
    )


def test_every_command_is_in_the_cli_reference() -> None:
    from befriend.cli.main import app

    doc = read("docs/cli.md")
    for command in app.registered_commands:
        assert f"## befriend {command.name or command.callback.__name__}" in doc  # type: ignore[union-attr]


@pytest.mark.parametrize("label", LABELS)
def test_every_label_is_documented(label: str) -> None:
    assert f"`{label}`" in read("README.md")
    assert label in read("docs/analyzer.md")


def test_every_setting_is_documented() -> None:
    source = "".join(p.read_text() for p in (ROOT / "src" / "befriend").rglob("*.py"))
    settings = set(re.findall(r"\bBEFRIEND_[A-Z_]+\b", source))
    assert settings >= {"BEFRIEND_HOME", "BEFRIEND_COUNTRY", "BEFRIEND_THREADS"}
    readme = read("README.md")
    for name in settings:
        assert f"`{name}`" in readme, f"{name} is read by the code but not in the README"


def test_every_json_field_is_documented() -> None:
    from befriend.analyzer import Analyzer

    doc = read("docs/jsonl.md")
    obj = Analyzer().analyze("I'm such an idiot. Next time I'll ask for help.").to_dict()
    for key in obj:
        assert f"`{key}`" in doc, f"output field {key!r} is not in docs/jsonl.md"
    for key in obj["sentences"][0]:
        assert f"`{key}`" in doc
    for key in obj["sentences"][0]["evidence"][0]:
        assert f"`{key}`" in doc


def test_every_error_code_is_documented() -> None:
    import befriend.errors as errors

    doc = read("docs/jsonl.md")
    for code in (
        "undecodable_input",
        "bad_input",
        "empty_text",
        "text_too_long",
        "unsupported_language",
    ):
        assert f"`{code}`" in doc
    codes = {
        cls.code
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.BefriendError)
    }
    assert {"empty_text", "text_too_long", "unsupported_language", "undecodable_input"} <= codes


def test_readme_quick_start_is_two_commands() -> None:
    readme = read("README.md")
    block = readme.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in block.splitlines()[1:] if line.strip()]
    assert commands == ["make run", "make test"]
