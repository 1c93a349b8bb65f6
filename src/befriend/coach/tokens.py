"""Words and the spaces between them, for the rewrite: a tokenizer that keeps
offsets, case helpers, and the splice that applies edits to the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

WORD: Final[re.Pattern[str]] = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
CLAUSE_BREAK: Final[re.Pattern[str]] = re.compile(r"[.!?;:,\n\u2014\u2013(\"“”]|\s-\s")
SENTENCE_BREAK: Final[re.Pattern[str]] = re.compile(r"[.!?\n…]")
TERMINAL: Final[str] = ".!?…\"'”’)]"


@dataclass(frozen=True, slots=True)
class Tok:
    start: int
    end: int
    text: str
    low: str  # lower case, straight apostrophe


def tokens(text: str) -> list[Tok]:
    return [
        Tok(m.start(), m.end(), m.group(), m.group().lower().replace("’", "'"))
        for m in WORD.finditer(text)
    ]


def gap_before(text: str, toks: list[Tok], i: int) -> str:
    """The characters between token i-1 and token i (from the text start for i=0)."""
    return text[(toks[i - 1].end if i > 0 else 0) : toks[i].start]


def match_case(source: str, word: str) -> str:
    if "’" in source:
        word = word.replace("'", "’")
    if len(source) > 1 and source.isupper() and any(c.isalpha() for c in source[1:]):
        return word.upper()
    if source[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def capitalise(word: str) -> str:
    return word[:1].upper() + word[1:]


def decapitalise(word: str) -> str:
    if word == "I" or word.startswith(("I'", "I’")) or (len(word) > 1 and word.isupper()):
        return word
    return word[:1].lower() + word[1:]


def joined(text: str, toks: list[Tok], i: int, j: int) -> bool:
    """Tokens i and j (j = i + 1) are in the same clause (only spaces between)."""
    if not (i >= 0 and j < len(toks)):
        return False
    gap = text[toks[i].end : toks[j].start]
    return not gap.strip() and "\n" not in gap


def apply_edits(
    text: str, toks: list[Tok], edits: dict[tuple[int, int], str], caps: set[int]
) -> str:
    for i in caps:
        if i >= len(toks):
            continue
        tok = toks[i]
        key = next((k for k in edits if k[0] == tok.start and k[1] > k[0]), None)
        if key is not None:
            edits[key] = capitalise(edits[key])
        else:
            edits[(tok.start, tok.end)] = capitalise(tok.text)
    out: list[str] = []
    pos = 0
    for (start, end), replacement in sorted(edits.items()):
        if start < pos:
            continue  # overlapping edits: the first one wins
        out.append(text[pos:start])
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)
