"""The friend's name in the words to them, and vocatives ("Sam, ...", "..., buddy.")
to drop or replace in the rewrite."""

from __future__ import annotations

import re
from typing import Final

from befriend.coach import words as W
from befriend.coach.tokens import SENTENCE_BREAK, Tok, gap_before, tokens

_NAME: Final[re.Pattern[str]] = re.compile(r"[A-Z][^\W\d_]*(?:['’-][^\W\d_]+)*")


def _next_mark(after: str, *, last: bool) -> str:
    """The punctuation right after a word: "" at the end of the text, "w" when
    another word follows directly."""
    mark = after.lstrip(" ")[:1]
    if not mark:
        return "" if last else "w"
    return mark


def _vocative_positions(text: str, toks: list[Tok], name: str) -> list[int]:
    """Indices of tokens that are the name used to address someone."""
    out = []
    for i, tok in enumerate(toks):
        if tok.text != name:
            continue
        before = gap_before(text, toks, i)
        after = text[tok.end : toks[i + 1].start] if i + 1 < len(toks) else text[tok.end :]
        at_start = i == 0 or bool(SENTENCE_BREAK.search(before))
        after_interjection = i > 0 and toks[i - 1].low in W.INTERJECTIONS and not before.strip(" ")
        follows = _next_mark(after, last=i + 1 == len(toks))
        if (
            ((at_start or after_interjection) and follows == ",")
            or (before.rstrip(" ").endswith(",") and follows in {",", ".", "!", "?", "…", ""})
            or (after_interjection and follows in {".", "!", "?"})
        ):
            out.append(i)
    return out


_FIRST_PERSON_WORDS: Final[frozenset[str]] = frozenset(
    w.lower() for w in (*W.POSSESSIVES.values(), *W.CONTRACTIONS.values(), "me", "myself")
)


def could_be_name(low: str) -> bool:
    """Not a word befriend knows as something else ("Honestly, ...", "Apologise, ...")."""
    known = (
        W.NOT_NAMES,
        W.IMPERATIVE_VERBS,
        W.COMMON_VERBS,
        W.ADVERBS,
        W.CONJUNCTIONS,
        W.INTERJECTIONS,
        W.ENDEARMENTS,
        W.AUXILIARIES,
        W.SECOND_PERSON,
        W.SPEAKER_SUBJECTS,
        W.SPEAKER_OBJECTS,
        W.OTHER_SUBJECTS,
        _FIRST_PERSON_WORDS,
    )
    if any(low in words for words in known):
        return False
    return not (low.endswith("ly") and len(low) >= 7)


def detect_friend_name(text: str) -> str | None:
    """The name the friend is addressed by, if the text uses one as a vocative
    ("Sam, you ...", "..., Sam.", "Hey Sam, ..."); otherwise ``None``."""
    toks = tokens(text)
    for tok in toks:
        if not _NAME.fullmatch(tok.text) or tok.text.isupper() or not could_be_name(tok.low):
            continue
        if _vocative_positions(text, toks, tok.text):
            return tok.text
    return None


def vocative_edits(
    text: str, toks: list[Tok], names: set[str], edits: dict[tuple[int, int], str], caps: set[int]
) -> set[int]:
    """Delete vocatives: the friend's name, and (given as lower-case words) endearments.
    Returns the indices of the tokens removed."""
    removed: set[int] = set()
    edit_of: dict[int, tuple[int, int]] = {}  # token index -> the edit that removes it
    openings: list[int] = []  # vocatives removed at the start of a sentence
    greetings: list[int] = []  # vocatives removed after an interjection ("Hey Sam, ...")
    for name in names:
        positions = (
            _vocative_positions(text, toks, name)
            if name[:1].isupper()
            else [
                i
                for i, t in enumerate(toks)
                if t.low == name and _is_endearment_vocative(text, toks, i)
            ]
        )
        for i in positions:
            tok = toks[i]
            before = gap_before(text, toks, i)
            after = text[tok.end : toks[i + 1].start] if i + 1 < len(toks) else text[tok.end :]
            at_start = i == 0 or bool(SENTENCE_BREAK.search(before))
            if at_start and after.lstrip(" ")[:1] in {",", "!"}:
                # "Sam, you're ..." -> "You're ..."; "Sam,\nyou ..." -> "You ..."
                key = (tok.start, tok.end + len(after) - len(after.lstrip(" ,!\r\n")))
                edits[key] = ""
                edit_of[i] = key
                openings.append(i)
                caps.add(i + 1)
            elif (
                i > 0
                and toks[i - 1].low == "dear"
                and (i == 1 or SENTENCE_BREAK.search(gap_before(text, toks, i - 1)))
                and after.lstrip(" ")[:1] == ","
            ):
                # "Dear Sam,\n..." opens a letter: drop the whole greeting.
                edits[(toks[i - 1].start, tok.end + len(after) - len(after.lstrip(" ,\r\n")))] = ""
                caps.add(i + 1)
            elif before.rstrip(" ").endswith(","):
                # "..., Sam." / "Listen, Sam, you ..." -> drop ", Sam"
                comma = text.rindex(",", 0, tok.start)
                edits[(comma, tok.end)] = ""
                edit_of[i] = (comma, tok.end)
            elif i > 0:
                # "Hey Sam, ..." -> "Hey, ..."
                edits[(toks[i - 1].end, tok.end)] = ""
                edit_of[i] = (toks[i - 1].end, tok.end)
                if toks[i - 1].low in W.INTERJECTIONS:
                    greetings.append(i)
            else:
                continue
            removed.add(i)
    # A chain opening a sentence ("Sam, love, you ...") or following a greeting ("Hey
    # Sam, love, you ..."): the edit grows to take each vocative that follows. An
    # opening takes the punctuation after the last link too, so the sentence starts at
    # the first real word ("You ..."); a greeting keeps it ("Hey, you ...").
    chains = [(i, True) for i in sorted(openings)] + [(i, False) for i in sorted(greetings)]
    for i, opening in chains:
        key = edit_of[i]
        j = i + 1
        while j + 1 < len(toks) and (toks[j].low in names or toks[j].text in names):
            before = text[toks[j - 1].end : toks[j].start]
            after = text[toks[j].end : toks[j + 1].start]
            if after.strip(" ")[:1] not in {",", "!"}:
                break
            if not opening and before.strip(" ") != ",":
                break
            if j in edit_of:
                edits.pop(edit_of[j], None)
            end = toks[j].end
            if opening:
                end += len(after) - len(after.lstrip(" ,!\r\n"))
                caps.discard(j)
                caps.add(j + 1)
            del edits[key]
            key = (key[0], end)
            edits[key] = ""
            edit_of[i] = edit_of[j] = key
            removed.add(j)
            j += 1
    # A chain closing a sentence ("..., buddy, Sam."): each link before a removed
    # closing vocative goes too, so one pass drops them all.
    for i in sorted(removed, reverse=True):
        j = i - 1
        while (
            j >= 0
            and j not in removed
            and (toks[j].low in names or toks[j].text in names)
            and text[toks[j].end : toks[j + 1].start].strip(" ") == ","
            and gap_before(text, toks, j).rstrip(" ").endswith(",")
            and text.rindex(",", 0, toks[j + 1].start) in {start for start, _ in edits}
        ):
            comma = text.rindex(",", 0, toks[j].start)
            edits[(comma, toks[j].end)] = ""
            removed.add(j)
            j -= 1
    return removed


def _is_endearment_vocative(text: str, toks: list[Tok], i: int) -> bool:
    before = gap_before(text, toks, i)
    after = text[toks[i].end : toks[i + 1].start] if i + 1 < len(toks) else text[toks[i].end :]
    starts = i == 0 or bool(SENTENCE_BREAK.search(before))
    if i > 0 and toks[i - 1].low == "my" and not before.strip():
        return False  # "my love" is not handled; keep it
    if i > 0 and toks[i - 1].low in W.INTERJECTIONS and not before.strip():
        starts = True  # "Hey buddy, ..."
    follows = _next_mark(after, last=i + 1 == len(toks))
    return (starts and follows == ",") or (
        before.rstrip(" ").endswith(",") and follows in {".", "!", "?", "…", ""}
    )
