"""The analyzer's API: shapes, ordering, errors, and robustness on arbitrary text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import befriend
from befriend.analyzer import Analyzer
from befriend.errors import BefriendError, EmptyTextError, UnsupportedLanguageError
from befriend.labels import LABELS


def test_module_level_analyze() -> None:
    result = befriend.analyze("I'm not a failure, I had a bad week.")
    assert "self_kindness" in result.labels
    assert "self_judgment" not in result.labels
    assert set(result.scores) == set(LABELS)
    assert result.version.startswith("befriend-analyzer/2 ")


def test_analyze_many_keeps_order_and_matches_analyze(analyzer: Analyzer) -> None:
    texts = [
        "I'm such an idiot.",
        "Plenty of people find this hard. I'll ask for help tomorrow.",
        "I don't want to wake up tomorrow.",
        "The train was late.",
    ]
    many = list(analyzer.analyze_many(texts, batch_size=3))
    assert [a.text for a in many] == texts
    for text, result in zip(texts, many, strict=True):
        single = analyzer.analyze(text)
        assert single.labels == result.labels
        assert single.crisis == result.crisis


def test_analyze_many_raises_on_a_bad_text_and_analyze_each_reports_it(analyzer: Analyzer) -> None:
    with pytest.raises(EmptyTextError):
        list(analyzer.analyze_many(["fine text here", "  "]))
    results = list(analyzer.analyze_each(["fine text here", "  ", "Je suis nulle et je rate tout"]))
    assert not isinstance(results[0], BefriendError)
    assert isinstance(results[1], EmptyTextError)
    assert isinstance(results[2], UnsupportedLanguageError)


def test_crisis_in_another_language_is_still_shown(analyzer: Analyzer) -> None:
    # The screen runs before the language check: English crisis words inside a
    # mostly foreign text still raise the flag instead of an "unsupported" error.
    result = analyzer.analyze(
        "Estoy muy cansado de todo, nada tiene sentido. I want to kill myself."
    )
    assert result.crisis


def test_a_negated_mention_alone_is_not_a_crisis(analyzer: Analyzer) -> None:
    result = analyzer.analyze("I'm not suicidal, just really tired of this job.")
    assert not result.crisis
    assert "negated_mention" in result.safety_signals


def test_negation_does_not_switch_the_screen_off(analyzer: Analyzer) -> None:
    result = analyzer.analyze(
        "I'm not suicidal, but I've given my cat to my sister and written letters to everyone."
    )
    assert result.crisis
    assert "crisis" in result.labels


def test_crisis_evidence_points_at_the_words(analyzer: Analyzer) -> None:
    text = "Work was fine. Honestly I want to kill myself. Anyway, dinner."
    result = analyzer.analyze(text)
    evidence = [e for s in result.sentences for e in s.evidence if e.source.startswith("safety:")]
    assert evidence and "kill myself" in text[evidence[0].start : evidence[0].end]
    assert result.sentences[0].labels == ()


def test_unknown_merger_is_refused() -> None:
    with pytest.raises(BefriendError, match="no merger called"):
        Analyzer(merger="merge-v9")


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=400)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_text)
def test_any_text_gives_an_analysis_or_a_clear_error(analyzer: Analyzer, text: str) -> None:
    try:
        result = analyzer.analyze(text)
    except BefriendError as exc:
        assert exc.message
        return
    assert result.text == text
    for sentence in result.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        for ev in sentence.evidence:
            assert 0 <= ev.start < ev.end <= len(text)
    assert all(0.0 <= v <= 1.0 for v in result.scores.values())
    assert set(result.labels) == {lab for s in result.sentences for lab in s.labels} | (
        {"crisis"} if result.crisis else set()
    )


def test_a_sentence_with_a_crisis_sign_gets_other_labels_only_from_rules(
    analyzer: Analyzer,
) -> None:
    # A head that calls every label everywhere (a large bias) stands in for a model
    # that guesses on crisis sentences, as fine-tuned ones sometimes do.
    import dataclasses

    from befriend.model.head import load_head

    packaged = load_head()
    eager = dataclasses.replace(packaged, bias=packaged.bias + 40.0)
    reader = Analyzer(embedder=analyzer.embedder, head=eager)
    result = reader.analyze("I want to die. I had a long day at work.")
    crisis_sentence, other = result.sentences
    assert crisis_sentence.labels == ("crisis",)
    assert all(
        e.source.startswith(("safety:", "rule:"))
        for e in crisis_sentence.evidence
        if e.label != "crisis"
    )
    # The model still speaks for the sentence without a sign.
    assert len(other.labels) > 3
    # A rule cue in a crisis sentence still counts.
    result = reader.analyze("I'm a worthless idiot and I want to die.")
    assert {"crisis", "self_judgment"} <= set(result.sentences[0].labels)


def test_the_version_names_the_safety_screen(analyzer: Analyzer) -> None:
    from befriend.safety import SafetyScreen

    assert analyzer.version.endswith(" " + analyzer.screen.version)
    packaged = analyzer.screen.rules
    assert packaged  # the packaged screen has rules; a screen built from one differs
    patterns = (
        "id\tkind\tflags\tpattern\tsource\n"
        "x.test\tsuicidal_thoughts\t-\t\\bwant to die\\b\tproject test\n"
    )
    idioms = "id\tpattern\tnote\nx.idiom\t\\bdying to\\b\tproject test\n"
    other = Analyzer(
        embedder=analyzer.embedder,
        screen=SafetyScreen(patterns_text=patterns, idioms_text=idioms),
    )
    assert other.version != analyzer.version
