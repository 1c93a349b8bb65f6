"""A literal prefilter for regular expressions: which strings must a match contain?

Most of the screen's ~300 crisis rules can match nothing in a given text, yet
running each regular expression still costs a scan.  For each rule we work out,
once and from the pattern itself, a small set of literal strings such that *every
possible match contains at least one of them*.  When none of those strings occurs
in the text, the rule cannot match and is skipped.  A substring test is far cheaper
than a regex scan, and the answer is never different: the prefilter only skips
rules that provably cannot match.

When a pattern's shape is not understood (or gives only weak, one-letter
literals), :func:`required_literals` returns ``None`` and the rule always runs.

The analysis reads the pattern with the standard library's own regex parser
(``re._parser``), so it sees exactly what the regex engine compiles.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from typing import Any, Final

# The standard library's regex parser; private, but it is what `re` itself uses.
sre_parse: Any = importlib.import_module("re._parser")
sre_c: Any = importlib.import_module("re._constants")

__all__ = [
    "GRAM",
    "MAX_ALTERNATIVES",
    "MIN_LITERAL",
    "GateIndex",
    "required_literals",
    "text_grams",
]

MIN_LITERAL: Final[int] = 2
"""Shortest literal worth testing for: one letter occurs in nearly every text."""

MAX_ALTERNATIVES: Final[int] = 400
"""Beyond this many alternatives a gate costs about as much as the regex."""

# A factor set: every match contains at least one of these strings.  None means
# "no constraint known".
_Factors = frozenset[str] | None


def _weakest(factors: frozenset[str]) -> int:
    return min(len(s) for s in factors)


def _better(a: _Factors, b: _Factors) -> _Factors:
    """The more selective of two constraints (both are valid for the sequence)."""
    if a is None:
        return b
    if b is None:
        return a
    # Longer shortest-literal first, then fewer alternatives.
    key_a = (_weakest(a), -len(a))
    key_b = (_weakest(b), -len(b))
    return a if key_a >= key_b else b


def _sequence(items: Iterable[tuple[Any, Any]]) -> _Factors:
    """Factors of a concatenation: runs of literal characters become strings;
    the best single item's constraint wins."""
    best: _Factors = None
    run: list[str] = []

    def flush() -> None:
        nonlocal best
        if run:
            best = _better(best, frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op == sre_c.LITERAL:
            run.append(chr(av))
            continue
        if op == sre_c.AT:
            # Anchors (\b, ^, $) consume nothing: a run of letters on either side of
            # \b is still contiguous in the text.
            continue
        flush()
        best = _better(best, _node(op, av))
    flush()
    return best


def _node(op: Any, av: Any) -> _Factors:
    if op == sre_c.SUBPATTERN:
        # (group, add_flags, del_flags, pattern)
        _group, add_flags, _del_flags, sub = av
        if add_flags & sre_c.SRE_FLAG_IGNORECASE:
            # Case folding makes odd pairs match ("\u017f" and "s"): keep it sound.
            return None
        return _sequence(sub)
    if op == sre_c.BRANCH:
        _unused, branches = av
        union: set[str] = set()
        for branch in branches:
            factors = _sequence(branch)
            if factors is None:
                return None
            union |= factors
            if len(union) > MAX_ALTERNATIVES:
                return None
        return frozenset(union)
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = av
        if low >= 1:
            return _sequence(sub)
        return None
    if op == getattr(sre_c, "ATOMIC_GROUP", None):
        return _sequence(av)
    # IN (a character class) would give one-letter alternatives, too weak to use;
    # ANY, NOT_LITERAL, CATEGORY, GROUPREF, ASSERT, ASSERT_NOT ...: no constraint.
    return None


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """A set of strings of which every match of ``pattern`` contains one, or None.

    None when nothing useful is known: the pattern's shape is not understood,
    or its best constraint has a literal shorter than :data:`MIN_LITERAL`.
    """
    if pattern.flags & re.IGNORECASE:
        # Case folding makes odd pairs match ("ſ" and "s"): keep it simple and sound.
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:
        return None
    factors = _sequence(list(parsed))
    if factors is None or not factors or _weakest(factors) < MIN_LITERAL:
        return None
    return factors


GRAM: Final[int] = 3
"""Gates compare character n-grams of this length (shorter literals use their own
length)."""


def text_grams(text: str, sizes: Iterable[int] = range(1, GRAM + 1)) -> frozenset[str]:
    """Every substring of ``text`` of each length in ``sizes`` (by default 1 to
    ``GRAM``), as one set."""
    return frozenset({text[i : i + n] for n in sizes for i in range(len(text) - n + 1)})


class GateIndex:
    """For a list of patterns, which of them can match a given text?

    Each pattern's required literals (:func:`required_literals`) are each
    represented by one key, a substring of at most :data:`GRAM` characters, and
    an inverted index maps keys to patterns.  For a text, the keys among its
    n-grams name the candidate patterns (one C-level set intersection); a
    candidate is then kept only if one of its literals really occurs.  Only the
    literals whose key is among the text's n-grams are checked: a literal whose
    key is absent cannot occur.  A pattern with no known literals is always a
    candidate.  Never wrongly "no": a pattern left out cannot match the text.
    """

    __slots__ = ("_always", "_by_key", "_keys", "_sizes")

    def __init__(self, patterns: Iterable[re.Pattern[str]], *, enabled: bool = True) -> None:
        """``enabled=False`` makes every pattern a candidate for every text."""
        # key -> (pattern index, that pattern's literals with this key), by index
        by_key: dict[str, dict[int, list[str]]] = {}
        always: list[int] = []
        for index, pattern in enumerate(patterns):
            literals = required_literals(pattern) if enabled else None
            if literals is None:
                always.append(index)
                continue
            for literal in sorted(literals):
                by_key.setdefault(_key(literal), {}).setdefault(index, []).append(literal)
        self._by_key: dict[str, tuple[tuple[int, tuple[str, ...]], ...]] = {
            key: tuple((index, tuple(lits)) for index, lits in entries.items())
            for key, entries in by_key.items()
        }
        self._always = tuple(always)
        self._keys = frozenset(self._by_key)
        self._sizes = tuple(sorted({len(key) for key in self._keys}))

    def candidates(self, text: str) -> list[int]:
        """Indices, in order, of the patterns that may match ``text``."""
        kept: set[int] = set(self._always)
        by_key = self._by_key
        for key in self._keys.intersection(text_grams(text, self._sizes)):
            for index, literals in by_key[key]:
                if index not in kept and any(literal in text for literal in literals):
                    kept.add(index)
        return sorted(kept)


def _key(literal: str) -> str:
    """The substring of ``literal`` that stands for it: its least common-looking
    ``GRAM``-gram (one with letters only, and the rarest letters, is preferred)."""
    if len(literal) <= GRAM:
        return literal
    grams = [literal[i : i + GRAM] for i in range(len(literal) - GRAM + 1)]
    return min(grams, key=_commonness)


# Letters by rough frequency in English text; a gram built from rarer letters is a
# more selective key.
_FREQUENT = "etaoinshrdlcumwfgypbvkjxqz"


def _commonness(gram: str) -> tuple[int, str]:
    score = 0
    for char in gram:
        index = _FREQUENT.find(char)
        score += 30 if index < 0 and char == " " else (26 - index if index >= 0 else 0)
    return (score, gram)
