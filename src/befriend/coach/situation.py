"""What the user's situation is about: work, study, parenting, relationships, body,
illness, grief, money or everyday life.

A deliberately light classifier: keyword lists per situation (``data/situations.tsv``),
matched on words. The packaged sentence model is fine-tuned for the twelve labels
and is poor at general topic similarity, so it is not used here; keyword tags are
transparent, fast, deterministic, and easy to extend (docs/coach.md).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Final

from befriend.coach.phrases import SITUATIONS, PhraseBankError

SITUATIONS_FILE: Final[str] = "situations.tsv"
_WORDS: Final[re.Pattern[str]] = re.compile(r"[a-z]+(?:[-'][a-z]+)*")
# A keyword this long also matches longer words it starts ("deadline" in "deadlines").
PREFIX_MIN: Final[int] = 5


@dataclass(frozen=True, slots=True)
class SituationMatch:
    situation: str
    score: float
    """The share of keyword hits that went to this situation, in (0, 1]."""
    keywords: tuple[str, ...]
    """The words of the text that matched, in order of first appearance."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "situation": self.situation,
            "score": round(self.score, 4),
            "keywords": list(self.keywords),
        }


@lru_cache(maxsize=1)
def situation_keywords() -> dict[str, frozenset[str]]:
    text = resources.files("befriend.coach").joinpath("data", SITUATIONS_FILE).read_text("utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    out: dict[str, frozenset[str]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != 3 or row[0] not in SITUATIONS or not row[2].strip():
            raise PhraseBankError(
                f"{SITUATIONS_FILE}, line {number}: expected a known situation, its keywords "
                "and a source, tab-separated."
            )
        out[row[0]] = frozenset(row[1].split())
    return out


def _matches(word: str, keyword: str) -> bool:
    if word == keyword or word in (keyword + "s", keyword + "es"):
        return True
    return len(keyword) >= PREFIX_MIN and word.startswith(keyword)


def classify_situation(*texts: str) -> tuple[SituationMatch, ...]:
    """The situations the texts talk about, most likely first; empty when no
    keyword matches (then only everyday phrases fit well)."""
    words = _WORDS.findall(" ".join(texts).lower().replace("’", "'"))
    hits: dict[str, list[str]] = {}
    for situation, keywords in situation_keywords().items():
        for word in words:
            if any(_matches(word, k) for k in keywords):
                hits.setdefault(situation, []).append(word)
    total = sum(len(v) for v in hits.values())
    found = [
        SituationMatch(s, len(v) / total, tuple(dict.fromkeys(v))) for s, v in hits.items() if total
    ]
    found.sort(key=lambda m: (-m.score, SITUATIONS.index(m.situation)))
    return tuple(found)
