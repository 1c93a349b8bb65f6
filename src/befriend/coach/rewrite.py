"""The re-addressing rewrite: the words a user wrote to a friend, said back to them.

Two forms (see docs/coach.md):

- ``distanced``: still "you", with the user's name where the friend's was, or added
  once as a vocative ("You're not a failure, Sam.");
- ``first_person``: "you" becomes "I"/"me"/"myself", "your" "my", verbs agree
  ("you are" -> "I am", "are you" -> "am I"), and advice to the friend becomes
  something one can do ("Go easy on yourself" -> "I can go easy on myself").

It is deterministic and rule-based: a tokenizer, a few word classes (words.py) and
position rules. Everything outside the words it changes is kept exactly, punctuation
included. Sentences about the friend as the speaker ("call me any time") can't be
turned round, so the first person keeps them as written and says so in ``notes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, Final

from befriend.coach import words as W
from befriend.coach.names import could_be_name, detect_friend_name, vocative_edits
from befriend.coach.tokens import (
    CLAUSE_BREAK,
    SENTENCE_BREAK,
    TERMINAL,
    Tok,
    apply_edits,
    decapitalise,
    gap_before,
    joined,
    match_case,
    tokens,
)
from befriend.text import split_sentences


@dataclass(frozen=True, slots=True)
class RewriteNote:
    """A sentence the rewrite left as written, and why."""

    sentence: str
    start: int
    end: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Rewrite:
    """The friend-words re-addressed to the user, in both forms."""

    source: str
    distanced: str
    first_person: str
    name: str | None = None
    friend_name: str | None = None
    notes: tuple[RewriteNote, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "distanced": self.distanced,
            "first_person": self.first_person,
            "name": self.name,
            "friend_name": self.friend_name,
            "notes": [n.to_dict() for n in self.notes],
        }


KEPT_REASON: Final[str] = (
    'This sentence is about you as the friend ("me", "let\'s"), so it was left as '
    "written: change it or leave it out."
)
ABOUT_REASON: Final[str] = (
    "This sentence talks about your friend rather than to them, so it couldn't be "
    'turned round. Try writing it the way you\'d say it to them, with "you".'
)
# "I'd tell her she's doing her best": words about the friend, not to them.
_ABOUT_FRIEND: Final[re.Pattern[str]] = re.compile(
    r"\bI(?:['’]d| would| will|['’]ll)\s+(?:just\s+|probably\s+)?"
    r"(?:tell|say to|remind|ask|reassure|want|hug|let)\s+(?:him|her|them)\b",
    re.IGNORECASE,
)


def readdress(text: str, *, name: str | None = None, friend_name: str | None = None) -> Rewrite:
    """Both forms of the rewrite of ``text`` (the words written to the friend).

    ``name`` is the user's name for the distanced form; ``friend_name`` overrides the
    friend's name found in the text ("Sam, you ..." or "..., Sam.").
    """
    name = _clean_name(name)
    found = _clean_name(friend_name) or detect_friend_name(text)
    first, notes = _first_person(text, found)
    return Rewrite(
        source=text,
        distanced=distanced(text, name=name, friend_name=found),
        first_person=first,
        name=name,
        friend_name=found,
        notes=tuple(notes),
    )


def first_person(text: str, *, friend_name: str | None = None) -> str:
    """``text`` said by the user to themselves, in the first person."""
    return _first_person(text, _clean_name(friend_name) or detect_friend_name(text))[0]


def _clean_name(name: str | None) -> str | None:
    if name is None:
        return None
    name = " ".join(name.split())
    return name or None


# -- the distanced form ---------------------------------------------------------------


def distanced(text: str, *, name: str | None, friend_name: str | None = None) -> str:
    """Second person kept; the friend's name replaced by ``name`` (or dropped when no
    name is given), or ``name`` added once as a vocative where the text has none."""
    toks = tokens(text)
    if friend_name:
        if name:
            return re.sub(rf"(?<![\w]){re.escape(friend_name)}(?![\w])", name, text)
        edits: dict[tuple[int, int], str] = {}
        caps: set[int] = set()
        vocative_edits(text, toks, {friend_name}, edits, caps)
        return apply_edits(text, toks, edits, caps)
    if not name or re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", text):
        return text
    return _add_vocative(text, toks, name)


def _add_vocative(text: str, toks: list[Tok], name: str) -> str:
    """Add ``name`` once, to the first sentence that speaks to the friend: after an
    opening "Hey", before a closing aside ("..., Alex, I promise."), or at the end."""
    spans = split_sentences(text)
    advice = {toks[j].start for j, _ in _imperatives(text, toks, spans)}
    for span in spans:
        inside = [t for t in toks if span.start <= t.start < span.end]
        if not inside or not any(t.low in W.SECOND_PERSON or t.start in advice for t in inside):
            continue
        first = inside[0]
        after_first = text[first.end : inside[1].start] if len(inside) > 1 else ""
        if first.low in W.INTERJECTIONS and after_first.startswith(","):
            if first.low in {"look", "listen", "ok", "okay"}:
                return text[: first.end] + ", " + name + text[first.end :]
            return text[: first.end] + " " + name + text[first.end :]
        end = span.end
        while end > span.start and text[end - 1] in TERMINAL:
            end -= 1
        if text[end : span.end] and not any(c in ".!?…" for c in text[end : span.end]):
            end = span.end  # only closing quotes/brackets: put the name after them
        comma = text.rfind(",", span.start, end)
        if comma > span.start:
            tail = [t for t in inside if t.start > comma]
            head = [t for t in inside if t.start < comma]
            if (
                tail
                and not any(t.low in W.SECOND_PERSON for t in tail)
                and any(t.low in W.SECOND_PERSON or t.start in advice for t in head)
            ):
                end = comma  # "You'll feel better, I promise." -> "..., Alex, I promise."
        return text[:end] + ", " + name + text[end:]
    return text


# -- the first-person form ------------------------------------------------------------


def _first_person(text: str, friend_name: str | None) -> tuple[str, list[RewriteNote]]:
    toks = tokens(text)
    edits: dict[tuple[int, int], str] = {}
    caps: set[int] = set()
    notes: list[RewriteNote] = []
    names = set(W.ENDEARMENTS)
    if friend_name:
        names.add(friend_name)
    removed = vocative_edits(text, toks, names, edits, caps)

    spans = split_sentences(text)
    kept: list[tuple[int, int]] = []
    for start, end in _clauses(text, spans):
        inside = [t for t in toks if start <= t.start < end]
        if any(t.low in W.SPEAKER_OBJECTS for t in inside) or any(
            a.low in {"thank", "thanks"} and b.low == "you" for a, b in pairwise(inside)
        ):
            kept.append((start, end))
            notes.append(RewriteNote(text[start:end], start, end, KEPT_REASON))
        elif _ABOUT_FRIEND.search(text, start, end) and not any(
            t.low in W.SECOND_PERSON for t in inside
        ):
            notes.append(RewriteNote(text[start:end], start, end, ABOUT_REASON))

    def is_kept(i: int) -> bool:
        return any(a <= toks[i].start < b for a, b in kept)

    subject_you: set[int] = set()
    for i, tok in enumerate(toks):
        if i in removed or is_kept(i):
            continue
        if tok.low in W.CONTRACTIONS:
            edits[(tok.start, tok.end)] = match_case(tok.text, W.CONTRACTIONS[tok.low])
            subject_you.add(i)
        elif tok.low in W.POSSESSIVES:
            edits[(tok.start, tok.end)] = match_case(tok.text, W.POSSESSIVES[tok.low])
        elif tok.low == "you":
            if _is_subject(text, toks, i):
                subject_you.add(i)
                _subject_edits(text, toks, i, edits)
            else:
                reflexive = _speaker_is_subject(text, toks, i, subject_you)
                edits[(tok.start, tok.end)] = match_case(tok.text, "myself" if reflexive else "me")
    for i, after_clause in _imperatives(text, toks, spans):
        if is_kept(i) or i in removed:
            continue
        _imperative_edit(text, toks, i, edits, caps, will=after_clause)
    return apply_edits(text, toks, edits, caps), notes


_CLAUSE_SPLIT: Final[re.Pattern[str]] = re.compile(r"\s*(?:[;:\u2014]|\s-\s)\s*")


def _clauses(text: str, spans: list[Any]) -> list[tuple[int, int]]:
    """Sentences cut at ";", ":" and dashes: the unit a sentence about the friend as
    speaker ("Listen to me: ...") is kept as written in."""
    out = []
    for span in spans:
        start = span.start
        for m in _CLAUSE_SPLIT.finditer(text, span.start, span.end):
            if m.start() > start:
                out.append((start, m.start() + (1 if text[m.start()] in ";:" else 0)))
            start = m.end()
        if span.end > start:
            out.append((start, span.end))
    return out


def _clause_start(text: str, toks: list[Tok], i: int) -> bool:
    return (
        i == 0
        or bool(CLAUSE_BREAK.search(gap_before(text, toks, i)))
        or toks[i - 1].low in W.CONJUNCTIONS
    )


def _verb_like(tok: Tok) -> bool:
    return (
        tok.low in W.AUXILIARIES
        or tok.low in W.ADVERBS
        or tok.low in W.COMMON_VERBS
        or tok.low.endswith(("ed", "n't"))
    )


def _is_subject(text: str, toks: list[Tok], i: int) -> bool:
    prev = toks[i - 1] if joined(text, toks, i - 1, i) else None
    nxt = toks[i + 1] if joined(text, toks, i, i + 1) else None
    if prev is None:
        return True
    if prev.low in W.AUXILIARIES and (
        _clause_start(text, toks, i - 1) or (i >= 2 and toks[i - 2].low in W.CONJUNCTIONS)
    ):
        return True  # "are you okay?", "..., didn't you?", "what do you need?"
    if prev.low in W.CONJUNCTIONS or prev.low in W.RELATIVE_HEADS:
        return True
    if prev.low in W.PREPOSITIONS:
        return False
    if prev.low == "like":
        # "feel like you do" (subject) vs "people like you make" (object)
        return nxt is not None and (nxt.low in W.AUXILIARIES or nxt.low in W.CLAUSE_VERBS)
    if prev.low in W.AMBIGUOUS:
        return not (nxt is None or nxt.low in {"and", "or", "but"})
    if prev.low in W.OBJECT_VERBS:
        return False
    if prev.low in W.CLAUSE_VERBS:
        return nxt is not None and _verb_like(nxt)
    if nxt is None:
        return False
    return _verb_like(nxt)


def _speaker_is_subject(text: str, toks: list[Tok], i: int, subject_you: set[int]) -> bool:
    """Is the nearest subject before object "you" the speaker ("I'm proud of you")?"""
    for j in range(i - 1, -1, -1):
        gap = text[toks[j].end : toks[j + 1].start]
        if SENTENCE_BREAK.search(gap) or _CLAUSE_SPLIT.search(gap):
            return False
        if toks[j].low in W.SPEAKER_SUBJECTS or j in subject_you:
            return True
        if toks[j].low in W.OTHER_SUBJECTS or toks[j].low in _OTHER_OBJECTS:
            # "ask her to do it for you": someone else acts, so "for me", not "myself".
            return False
    return False


# Another person as the object just before "you" starts a clause of their own.
_OTHER_OBJECTS: Final[frozenset[str]] = frozenset({"him", "her", "them", "us"})


def _subject_edits(text: str, toks: list[Tok], i: int, edits: dict[tuple[int, int], str]) -> None:
    tok = toks[i]
    edits[(tok.start, tok.end)] = "I"
    prev = toks[i - 1] if joined(text, toks, i - 1, i) else None
    if (
        prev is not None
        and prev.low in W.AGREE_INVERTED
        and (_clause_start(text, toks, i - 1) or (i >= 2 and toks[i - 2].low in W.CONJUNCTIONS))
    ):
        edits[(prev.start, prev.end)] = match_case(prev.text, W.AGREE_INVERTED[prev.low])
        return
    subjunctive = prev is not None and prev.low in W.SUBJUNCTIVE
    j = i + 1
    skipped = 0
    while joined(text, toks, j - 1, j) and toks[j].low in W.ADVERBS and skipped < 2:
        if toks[j].low in {"so", "all", "sure"}:
            break
        j += 1
        skipped += 1
    if not joined(text, toks, j - 1, j):
        return
    verb = toks[j]
    if verb.low == "aren't":
        if skipped == 0:
            edits.pop((tok.start, tok.end))
            edits[(tok.start, verb.end)] = match_case(tok.text, "I'm not").replace(
                "'", "’" if "’" in verb.text else "'"
            )
        else:
            edits[(verb.start, verb.end)] = match_case(verb.text, "am not")
    elif verb.low in {"were", "weren't"} and subjunctive:
        return
    elif verb.low in W.AGREE_AFTER_YOU:
        edits[(verb.start, verb.end)] = match_case(verb.text, W.AGREE_AFTER_YOU[verb.low])


def _imperatives(text: str, toks: list[Tok], spans: list[Any]) -> list[tuple[int, bool]]:
    """Tokens that open advice to the friend ("Go easy...", "Don't ..."), each with
    whether it follows a subordinate clause ("If you can, rest")."""
    found: list[tuple[int, bool]] = []
    for span in spans:
        idx = [i for i, t in enumerate(toks) if span.start <= t.start < span.end]
        if not idx:
            continue
        starts = [idx[0]]
        after_subordinate: set[int] = set()
        subordinate = toks[idx[0]].low in W.SUBORDINATORS
        for i in idx[1:]:
            gap = gap_before(text, toks, i)
            if any(c in gap for c in ";:\u2014") or " - " in gap:
                starts.append(i)
            elif "," in gap and subordinate:
                starts.append(i)
                after_subordinate.add(i)
                subordinate = False
            elif "," in gap and toks[i].low in {"and", "so", "then", "now", "but"}:
                starts.append(i)
        for i in starts:
            j = i
            # Skip a vocative, "please", and leads such as "so", "and", "just".
            while (
                j < len(toks)
                and j <= idx[-1]
                and (
                    toks[j].low in W.PLEASE
                    or toks[j].low in W.LEADS
                    or toks[j].low in W.INTERJECTIONS
                    or toks[j].low in W.ENDEARMENTS
                    or (
                        toks[j].text[:1].isupper()
                        and could_be_name(toks[j].low)
                        and ","
                        in text[toks[j].end : toks[j + 1].start if j + 1 < len(toks) else len(text)]
                    )
                )
            ):
                j += 1
            if j > idx[-1] or j >= len(toks):
                continue
            if _is_imperative(text, toks, j):
                found.append((j, i in after_subordinate))
    return found


def _is_imperative(text: str, toks: list[Tok], j: int) -> bool:
    tok = toks[j]
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    after = text[tok.end : nxt.start] if nxt is not None else text[tok.end :]
    if SENTENCE_BREAK.search(after):
        nxt, after = None, ""
    if tok.low in {"don't", "dont"} or (tok.low == "do" and nxt is not None and nxt.low == "not"):
        return nxt is not None and not after.strip() and nxt.low not in W.NOT_AFTER_IMPERATIVE
    if tok.low not in W.IMPERATIVE_VERBS:
        return False
    if ("," in after and tok.low in W.INTERJECTIONS | {"see", "wait", "remember"}) or (
        nxt is not None and nxt.low in {"and", "or", "but"} and not after.strip()
    ):
        return False  # "Look, you did your best", "Rest and food help"
    return nxt is None or nxt.low not in W.NOT_AFTER_IMPERATIVE


def _imperative_edit(
    text: str,
    toks: list[Tok],
    j: int,
    edits: dict[tuple[int, int], str],
    caps: set[int],
    *,
    will: bool = False,
) -> None:
    """Advice becomes something one can do: "I can rest" ("I'll rest" after an "if"
    clause); "Don't ..." becomes "I won't ..."."""
    tok = toks[j]
    # Drop "please" (and its comma) just before the verb.
    k = j - 1
    while (
        k >= 0
        and toks[k].low in W.PLEASE
        and not SENTENCE_BREAK.search(text[toks[k].end : tok.start])
    ):
        edits[(toks[k].start, toks[k + 1].start)] = ""
        if k == 0 or SENTENCE_BREAK.search(gap_before(text, toks, k)):
            caps.add(k + 1)
        k -= 1
    if tok.low in {"don't", "dont"}:
        edits[(tok.start, tok.end)] = "I won’t" if "’" in tok.text else "I won't"
        caps.discard(j)
        return
    if tok.low == "do" and j + 1 < len(toks) and toks[j + 1].low == "not":
        nxt = toks[j + 1]
        edits[(tok.start, nxt.end)] = "I will " + ("NOT" if nxt.text.isupper() else nxt.text)
        caps.discard(j)
        return
    lead = ("I’ll " if "’" in text else "I'll ") if will else "I can "
    if j > 0 and toks[j - 1].low in {"just", "also"} and joined(text, toks, j - 1, j):
        j -= 1  # "Just breathe" -> "I can just breathe"
        tok = toks[j]
    current = edits.get((tok.start, tok.end), tok.text)
    edits[(tok.start, tok.end)] = lead + decapitalise(current)
    caps.discard(j)
