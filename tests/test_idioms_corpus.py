"""No idiom is flagged as crisis: every labelled text that uses a death or violence
idiom (found by the screen's own idiom list) and is not labelled crisis stays calm."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from befriend.safety.screen import default_screen, normalize_for_screen

CORPUS = Path(__file__).parent.parent / "corpus"
FILES = ["train.jsonl", "test.jsonl", "challenge.jsonl", "crisis-holdout-2.jsonl"]


def idiom_texts() -> list[str]:
    idioms = default_screen().idioms
    out = []
    for name in FILES:
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if "crisis" in row["labels"]:
                continue
            norm = normalize_for_screen(row["text"])
            if any(rule.pattern.search(norm) for rule in idioms):
                out.append(row["text"])
    return out


TEXTS = idiom_texts()


def test_the_corpora_hold_many_idioms() -> None:
    assert len(TEXTS) >= 100


@pytest.mark.parametrize("text", TEXTS)
def test_idiom_is_not_crisis(analyzer, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not analyzer.analyze(text).crisis
