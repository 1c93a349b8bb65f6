from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from befriend.errors import EmptyTextError, TextTooLongError
from befriend.text import MAX_TEXT_CHARS, looks_english, normalize, split_sentences, validate_text


def pieces(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_splits_on_terminal_punctuation_and_line_breaks() -> None:
    text = 'I failed the test. Dr. Patel was kind about it!! "I\'m hopeless."\nugh\n\nnext bit'
    assert pieces(text) == [
        "I failed the test.",
        "Dr. Patel was kind about it!!",
        '"I\'m hopeless."',
        "ugh",
        "next bit",
    ]


def test_stray_punctuation_joins_the_sentence_before() -> None:
    assert pieces("I tried. ... !") == ["I tried. ... !"]


def test_text_without_punctuation_is_one_sentence() -> None:
    assert pieces("ugh im so dumb lol why do i do this") == ["ugh im so dumb lol why do i do this"]


@given(st.text(max_size=300))
def test_normalize_keeps_every_offset(text: str) -> None:
    norm = normalize(text)
    assert len(norm) == len(text)


@given(st.text(max_size=300))
def test_sentence_spans_are_ordered_and_inside_the_text(text: str) -> None:
    last = 0
    for span in split_sentences(text):
        assert last <= span.start < span.end <= len(text)
        assert not text[span.start].isspace() and not text[span.end - 1].isspace()
        last = span.end


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_empty_text_is_refused(text: str) -> None:
    with pytest.raises(EmptyTextError):
        validate_text(text)


def test_overlong_text_is_refused_with_its_length() -> None:
    with pytest.raises(TextTooLongError) as err:
        validate_text("a" * (MAX_TEXT_CHARS + 1))
    assert "20,001" in err.value.message and "20,000" in err.value.message
    validate_text("a" * MAX_TEXT_CHARS)


@pytest.mark.parametrize(
    "text",
    [
        "Estoy muy cansado y no puedo más con todo esto",
        "Je suis nulle, je rate tout ce que je fais",
        "Ich bin so dumm und nichts klappt bei mir",
        "私はダメな人間だ",
        "Я полный неудачник",
    ],
)
def test_non_english_is_spotted(text: str) -> None:
    assert not looks_english(text)


@pytest.mark.parametrize(
    "text",
    [
        "im so dumb lol",
        "Ugh. Monday. Deadlines.",
        "I'm not a failure, I had a bad week.",
        "My abuela says I work too hard and she's probably right",
        "ok",
    ],
)
def test_english_is_accepted(text: str) -> None:
    assert looks_english(text)
