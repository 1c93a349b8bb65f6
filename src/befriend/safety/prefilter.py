"""A literal prefilter for regular expressions: which strings must a match contain?

Most of the screen's ~300 crisis rules can match nothing in a given text, yet
running each regular expression still costs a scan.  For each rule we work out,
once and from the pattern itself, a small set of literal strings such that *every
possible match contains at least one of them*.  When none of those strings occurs
in the text, the rule cannot match and is skipped.  One Aho-Corasick pass finds
every rule's literals in a text at once, far cheaper than a regex scan per rule, and
the answer is never different: the prefilter only skips rules that provably cannot
match.

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

import ahocorasick

# The standard library's regex parser; private, but it is what `re` itself uses.
sre_parse: Any = importlib.import_module("re._parser")
sre_c: Any = importlib.import_module("re._constants")

__all__ = [
    "MAX_ALTERNATIVES",
    "MIN_LITERAL",
    "GateIndex",
    "required_literals",
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


class GateIndex:
    """For a list of patterns, which of them can match a given text?

    Each pattern's required literals (:func:`required_literals`) go into one
    Aho-Corasick automaton (pyahocorasick, in C), which finds every occurrence of
    every literal in a single pass over the text, overlapping ones included. The
    patterns named by the literals found are the candidates.  A pattern with no
    known literals is always a candidate.  Never wrongly "no": a pattern left out
    cannot match the text.
    """

    __slots__ = ("_always", "_automaton")

    def __init__(self, patterns: Iterable[re.Pattern[str]], *, enabled: bool = True) -> None:
        """``enabled=False`` makes every pattern a candidate for every text."""
        by_literal: dict[str, list[int]] = {}
        always: list[int] = []
        for index, pattern in enumerate(patterns):
            literals = required_literals(pattern) if enabled else None
            if literals is None:
                always.append(index)
                continue
            for literal in literals:
                by_literal.setdefault(literal, []).append(index)
        self._always = frozenset(always)
        self._automaton: Any = None
        if by_literal:
            automaton = ahocorasick.Automaton()
            for literal, indices in by_literal.items():
                automaton.add_word(literal, tuple(indices))
            automaton.make_automaton()
            self._automaton = automaton

    def candidates(self, text: str) -> list[int]:
        """Indices, in order, of the patterns that may match ``text``."""
        kept = set(self._always)
        if self._automaton is not None:
            for _end, indices in self._automaton.iter(text):
                kept.update(indices)
        return sorted(kept)
