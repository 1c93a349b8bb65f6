"""Text handling shared by the screen, the rules and the model: validation,
offset-preserving normalisation and sentence splitting."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from befriend.errors import EmptyTextError, TextTooLongError

MAX_TEXT_CHARS: Final[int] = 20_000

_APOSTROPHES: Final[dict[int, str]] = {
    ord("\u2019"): "'",
    ord("\u2018"): "'",
    ord("\u02bc"): "'",
    ord("\u00b4"): "'",
    ord("`"): "'",
    ord("\u201c"): '"',
    ord("\u201d"): '"',
    ord("\u2014"): "-",
    ord("\u2013"): "-",
}


def validate_text(text: str, *, limit: int = MAX_TEXT_CHARS) -> None:
    """Raise a :class:`~befriend.errors.BefriendError` for text befriend can't read."""
    if not text or not text.strip():
        raise EmptyTextError()
    if len(text) > limit:
        raise TextTooLongError(len(text), limit)


def normalize(text: str) -> str:
    """Lower-case and straighten quotes, keeping every character at its offset.

    Rules match on this form; spans found in it are valid offsets into the original.
    """
    out = []
    for ch in text.translate(_APOSTROPHES):
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


_ABBREVIATIONS: Final[frozenset[str]] = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "e.g", "i.e", "approx", "jr", "sr"}
)
# A sentence ends at ., !, ? (possibly repeated, possibly followed by closing quotes or
# brackets) before whitespace, or at a line break.
_BOUNDARY = re.compile(r"(?:[.!?\u2026]+[\"'\u201d\u2019)\]]*)(?=\s)|\n+")


def split_sentences(text: str) -> list[Span]:
    """Split into sentence spans (offsets into ``text``), trimmed of whitespace."""
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group().startswith(".") and not match.group().startswith(".."):
            word = re.search(r"([\w.]+)\.$", text[start : match.start() + 1])
            if word and word.group(1).lower() in _ABBREVIATIONS:
                continue
        _append_trimmed(text, start, end, spans)
        start = end
    _append_trimmed(text, start, len(text), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and any(ch.isalnum() for ch in text[start:end]):
        spans.append(Span(start, end))
    elif end > start and spans:
        # Stray punctuation or emoji on its own joins the sentence before it.
        prev = spans.pop()
        spans.append(Span(prev.start, end))


# ---------------------------------------------------------------------------
# Is it English? A small, dependency-free check: script first, then function words.

_ENGLISH: Final[frozenset[str]] = frozenset(
    """a about after again all always am an and any are as at be because been before being
    but by can cant could did didnt do does doesnt dont down even ever every for from get
    got had has have havent he her here him his how i id if ill im in into is isnt it its
    ive just know like made make me more most much my myself never no not nothing now of
    off on once one only or other our out over really same she should so some still such
    than that thats the their them then there these they thing think this those through
    to too up us very was wasnt we were what when where which while who why will with
    wont would you youre your yourself u ur gonna wanna lol tho cuz feel today tomorrow
    yesterday again okay ok yeah hey sorry ugh""".split()
)

_OTHER: Final[frozenset[str]] = frozenset(
    # Spanish, French, German, Italian, Portuguese, Dutch function words that English
    # text does not use.
    """el la los las que por para con una uno pero muy estoy soy mi tengo esto eso
    está yo también porque cuando todo nada siempre nunca como más
    je tu il elle nous vous les des est une suis pas mais avec pour dans qui très
    moi mon ma mes toujours jamais rien ça ai fait être
    ich du er sie wir ihr und ist nicht ein eine der die das mit für auf auch sehr
    mich mein meine immer nie nichts bin habe aber wenn schon
    sono non una per che della questo molto sempre mai niente anche perché
    eu você não uma com para muito estou tenho isso sempre nunca também
    het een niet ik ben mijn maar ook voor met zijn heb altijd nooit niets""".split()
)

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def looks_english(text: str) -> bool:
    """True when the text is plausibly English; errs towards True for short texts."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    latin = sum(1 for ch in letters if "LATIN" in unicodedata.name(ch, ""))
    if latin / len(letters) < 0.5:
        return False
    words = [w.replace("'", "") for w in _WORD.findall(normalize(text))]
    if len(words) < 3:
        return True
    english = sum(1 for w in words if w in _ENGLISH)
    other = sum(1 for w in words if w in _OTHER and w not in _ENGLISH)
    return not (other >= 2 and other > 2 * english)
