"""The phrase bank: every phrase, through the real analyzer, comes out kind."""

from __future__ import annotations

from collections import Counter

import pytest

from befriend.coach.phrases import (
    ENERGIES,
    NEEDS,
    SITUATIONS,
    PhraseBankError,
    load_phrase_bank,
    parse_phrase_bank,
)

KIND = {"self_kindness", "common_humanity", "mindfulness", "tender", "fierce"}
# No phrase may carry these: the three the issue names, crisis, and the other voices
# of the critic.
NEVER = {
    "self_judgment",
    "complacency",
    "fear_motivation",
    "crisis",
    "isolation",
    "over_identification",
    "compassion_block",
}
SOURCE = "befriend, written for the project"


def test_every_phrase_comes_out_kind(analyzer) -> None:  # type: ignore[no-untyped-def]
    bank = load_phrase_bank()
    failures = []
    for phrase, analysis in zip(
        bank.phrases, analyzer.analyze_many([p.text for p in bank.phrases]), strict=True
    ):
        labels = set(analysis.labels)
        if labels & NEVER or analysis.crisis or not labels & KIND:
            failures.append((phrase.id, phrase.text, sorted(labels)))
    assert failures == []


def test_every_phrase_carries_the_energy_it_is_tagged_with(analyzer) -> None:  # type: ignore[no-untyped-def]
    bank = load_phrase_bank()
    failures = []
    for phrase, analysis in zip(
        bank.phrases, analyzer.analyze_many([p.text for p in bank.phrases]), strict=True
    ):
        wanted = {"fierce"} if phrase.energy == "fierce" else KIND - {"fierce"}
        if not set(analysis.labels) & wanted:
            failures.append((phrase.id, phrase.energy, sorted(analysis.labels)))
    assert failures == []


def test_the_bank_covers_every_need_energy_and_situation() -> None:
    bank = load_phrase_bank()
    assert 150 <= len(bank) <= 200
    needs = Counter(n for p in bank.phrases for n in p.addresses)
    assert set(needs) == set(NEEDS)
    assert min(needs.values()) >= 10
    assert {p.energy for p in bank.phrases} == set(ENERGIES)
    situations = Counter(s for p in bank.phrases for s in p.situations)
    assert set(situations) == set(SITUATIONS)
    assert min(situations.values()) >= 8
    assert {p.source for p in bank.phrases} == {SOURCE}
    assert len({p.text for p in bank.phrases}) == len(bank)


@pytest.mark.parametrize(
    "stock",
    [
        "everything happens for a reason",
        "good vibes",
        "stay positive",
        "cheer up",
        "bright side",
        "could be worse",
        "no big deal",
        "don't worry",
        "be happy",
        "you should",
        "just be",
    ],
)
def test_no_stock_cheer_or_orders(stock: str) -> None:
    offenders = [p.id for p in load_phrase_bank().phrases if stock in p.text.lower()]
    assert offenders == []


HEADER = "id\ttext\taddresses\tenergy\taspect\tsituations\tsource\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "a\tHi.\tself_judgment\ttender\tcomfort\twork\n",
            "expected 7 tab-separated columns, found 6",
        ),
        ("a\tHi.\tnope\ttender\tcomfort\twork\tme\n", "addresses must be some of"),
        (
            "a\tHi.\tself_judgment\twarm\tcomfort\twork\tme\n",
            "energy must be tender or fierce, not 'warm'",
        ),
        (
            "a\tHi.\tself_judgment\tfierce\tcomfort\twork\tme\n",
            "a fierce phrase's aspect is one of protect, provide, motivate",
        ),
        ("a\tHi.\tself_judgment\ttender\tcomfort\tspace\tme\n", "situations must be some of"),
        ("a\tHi.\tself_judgment\ttender\tcomfort\twork\t\n", "the source column is empty"),
        ("a\t\tself_judgment\ttender\tcomfort\twork\tme\n", "the phrase is empty"),
        (
            "a\tHi.\tself_judgment\ttender\tcomfort\twork\tme\n"
            "a\tHo.\tself_judgment\ttender\tcomfort\twork\tme\n",
            "line 3: the id 'a' is empty or used twice",
        ),
    ],
)
def test_a_bad_row_names_the_line_and_the_problem(body: str, message: str) -> None:
    with pytest.raises(PhraseBankError) as info:
        parse_phrase_bank(HEADER + body, "bank.tsv")
    assert message in info.value.message
    assert info.value.message.startswith("bank.tsv, line ")
    assert info.value.message.endswith("Fix the row and try again.")


def test_a_missing_header_is_refused() -> None:
    with pytest.raises(PhraseBankError, match="must start with the header line"):
        parse_phrase_bank("a\tHi.\tself_judgment\ttender\tcomfort\twork\tme\n")


def test_a_bank_file_can_be_loaded_from_a_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bank.tsv"
    path.write_text(HEADER + "x1\tI can rest.\tmissing_fierce\tfierce\tprovide\teveryday\tme\n")
    bank = load_phrase_bank(path)
    assert [p.to_dict() for p in bank.phrases] == [
        {
            "id": "x1",
            "text": "I can rest.",
            "addresses": ["missing_fierce"],
            "energy": "fierce",
            "aspect": "provide",
            "situations": ["everyday"],
            "source": "me",
        }
    ]
    with pytest.raises(PhraseBankError, match="couldn't be read"):
        load_phrase_bank(tmp_path / "missing.tsv")
