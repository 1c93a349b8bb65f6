"""The safety screen's literal prefilter skips only rules that cannot match."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from befriend.rules.engine import RuleSet, load_ruleset
from befriend.safety.prefilter import GateIndex, required_literals
from befriend.safety.screen import SafetyScreen, normalize_for_screen
from befriend.text import normalize, split_sentences

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bkill\s+myself\b", {"myself"}),
        (r"\b(?:end|take) my life\b", {" my life"}),
        (r"(?:really )?want to die", {"want to die"}),
        (r"\b(?:slit|slitting)\b", {"slit"}),  # the parser factors out the prefix
        (r"\b(?:cut|burn)(?:ing)? myself\b", {" myself"}),
        (r"(?:goodbye|good bye)+ letters?", {" letter"}),
        (r"\bi'?m\s+(?:so\s+)?done\b", {"done"}),
        (r"(?P<neg>not )?hopeless", {"hopeless"}),
    ],
)
def test_required_literals_of_typical_rules(pattern: str, expected: set[str]) -> None:
    assert required_literals(re.compile(pattern)) == frozenset(expected)


@pytest.mark.parametrize(
    "pattern",
    [
        r"a.b",  # only one-letter literals
        r"(?:die|)",  # an empty alternative: no constraint
        r"(?:suicide)?",  # optional: no constraint
        r"(?i)suicide",  # case folding: not analysed, always runs
        r"(?i:suicide)",
        r"[a-z]+",
        r"(\w+) \1",
    ],
)
def test_unknown_shapes_give_no_constraint(pattern: str) -> None:
    assert required_literals(re.compile(pattern)) is None


def test_a_pattern_with_no_constraint_is_always_a_candidate() -> None:
    index = GateIndex([re.compile(r"\w+"), re.compile(r"want to die")])
    assert index.candidates("nothing here") == [0]
    assert index.candidates("i want to die") == [0, 1]
    assert GateIndex([re.compile("want to die")], enabled=False).candidates("xyz") == [0]


def test_overlapping_and_nested_literals_are_all_found() -> None:
    # One pass over the text must report literals that overlap ("want to" and "to
    # die" share "to") or sit inside each other ("die" inside "to die").
    index = GateIndex([re.compile("want to"), re.compile("to die"), re.compile("die")])
    assert index.candidates("i want to die") == [0, 1, 2]
    assert index.candidates("wanting to diet") == [1, 2]
    assert index.candidates("") == []


# Small regexes over a tiny alphabet, so that random texts often match them.
_ATOM = st.sampled_from(["a", "b", "ab", "ba", " ", "aa", "bb", "a b", r"\b", "[ab]", "."])


def _regex() -> st.SearchStrategy[str]:
    return st.recursive(
        _ATOM,
        lambda inner: st.one_of(
            st.lists(inner, min_size=2, max_size=4).map("".join),
            st.lists(inner, min_size=2, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")"),
            inner.map(lambda x: f"(?:{x})?"),
            inner.map(lambda x: f"(?:{x})+"),
            inner.map(lambda x: f"(?:{x}){{2,3}}"),
            inner.map(lambda x: f"(?:{x})*?"),
        ),
        max_leaves=8,
    )


@settings(max_examples=400, deadline=None)
@given(_regex(), st.text(alphabet="ab ", max_size=24))
def test_the_prefilter_never_skips_a_pattern_that_matches(pattern: str, text: str) -> None:
    compiled = re.compile(pattern)
    if compiled.search(text) is not None:
        assert GateIndex([compiled]).candidates(text) == [0]


def _corpus_texts() -> list[str]:
    texts: list[str] = []
    for name in ("train.jsonl", "test.jsonl", "challenge.jsonl", "crisis-holdout-4.jsonl"):
        path = ROOT / "corpus" / name
        texts += [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines()]
    return texts


def test_every_packaged_rule_that_matches_a_corpus_text_is_a_candidate() -> None:
    screen = SafetyScreen()
    patterns = [rule.pattern for rule in screen.rules] + [idiom.pattern for idiom in screen.idioms]
    index = GateIndex(patterns)
    gated = sum(required_literals(p) is not None for p in patterns)
    assert gated > 0.9 * len(patterns)  # the prefilter does understand the rules
    for text in _corpus_texts():
        norm = normalize_for_screen(text)
        matching = [i for i, p in enumerate(patterns) if p.search(norm)]
        candidates = set(index.candidates(norm))
        assert set(matching) <= candidates, text


def test_screen_results_are_the_same_with_and_without_the_prefilter() -> None:
    fast, plain = SafetyScreen(), SafetyScreen(prefilter=False)
    texts = _corpus_texts()
    assert [fast.screen(t) for t in texts] == [plain.screen(t) for t in texts]


def test_label_rules_give_the_same_hits_with_and_without_the_prefilter() -> None:
    fast = load_ruleset()
    plain = RuleSet(fast.rules, fast.frames, fast.fingerprint, prefilter=False)
    hits = 0
    for text in _corpus_texts():
        norm, spans = normalize(text), split_sentences(text)
        gated = fast.apply(norm, spans)
        assert gated == plain.apply(norm, spans), text
        hits += sum(len(s.hits) for s in gated)
    assert hits > 1000  # the corpus does exercise the rules
