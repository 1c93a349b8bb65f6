"""Tests for crisis resources (befriend.safety.resources) and the crisis
message (befriend.safety.messages)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from befriend.safety import screen
from befriend.safety.messages import DISCLAIMER, CrisisMessage, crisis_message
from befriend.safety.resources import (
    SERVICE_KINDS,
    CountryResources,
    ResourceBook,
    ResourceDataError,
    Service,
    country_from_locale,
    load_resources,
    parse_resources,
    resolve_country,
)

REQUIRED_COUNTRIES = ["US", "CA", "GB", "IE", "AU", "NZ", "IN", "DE"]
DATA_FILE = (
    Path(__file__).resolve().parents[1]
    / "src"
    / "befriend"
    / "safety"
    / "data"
    / "crisis_resources.json"
)


@pytest.fixture(scope="module")
def book() -> ResourceBook:
    return load_resources()


def _all_areas(book: ResourceBook) -> list[CountryResources]:
    return [*book.countries, book.international]


# ---------------------------------------------------------------------------
# The data
# ---------------------------------------------------------------------------


def test_file_has_version_and_date(book: ResourceBook) -> None:
    assert book.version
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", book.updated)


@pytest.mark.parametrize("code", REQUIRED_COUNTRIES)
def test_required_country_present(book: ResourceBook, code: str) -> None:
    country = book.for_country(code)
    assert country.code == code
    assert not country.is_fallback
    assert country.name


def test_every_service_is_complete(book: ResourceBook) -> None:
    for area in _all_areas(book):
        for service in area.services:
            where = f"{area.code}/{service.name}"
            assert service.name.strip(), where
            assert service.kind in SERVICE_KINDS, where
            assert service.hours.strip(), where
            assert re.fullmatch(r"https://[^\s/]+\.[^\s]+", service.source), where
            assert service.phone or service.text or service.web, where
            if service.web:
                assert service.web.startswith("https://"), where
            if service.phone:
                assert re.fullmatch(r"[0-9][0-9 \-]*[0-9]|[0-9]+", service.phone), where


def test_every_area_has_emergency_and_crisis_entries(book: ResourceBook) -> None:
    for area in _all_areas(book):
        assert area.emergency, area.code
        assert area.crisis_lines, area.code
        assert area.emergency_number, area.code


def test_required_countries_have_a_domestic_violence_line(book: ResourceBook) -> None:
    for code in REQUIRED_COUNTRIES:
        assert book.for_country(code).domestic_violence_lines, code


@pytest.mark.parametrize(
    ("code", "emergency", "crisis_number"),
    [
        ("US", "911", "988"),
        ("CA", "911", "988"),
        ("GB", "999", "116 123"),
        ("IE", "112", "116 123"),
        ("AU", "000", "13 11 14"),
        ("NZ", "111", "1737"),
        ("IN", "112", "14416"),
        ("DE", "112", "0800 111 0 111"),
    ],
)
def test_known_numbers(book: ResourceBook, code: str, emergency: str, crisis_number: str) -> None:
    country = book.for_country(code)
    assert country.emergency_number == emergency
    assert crisis_number in [s.phone for s in country.crisis_lines]


def test_germany_lists_both_telefonseelsorge_numbers(book: ResourceBook) -> None:
    (seelsorge,) = [s for s in book.for_country("DE").services if "TelefonSeelsorge" in s.name]
    assert seelsorge.phone == "0800 111 0 111"
    assert seelsorge.note is not None and "0800 111 0 222" in seelsorge.note


def test_international_fallback_points_to_directories(book: ResourceBook) -> None:
    fallback = book.international
    assert fallback.is_fallback
    webs = " ".join(s.web or "" for s in fallback.services)
    assert "findahelpline.com" in webs
    assert "iasp.info" in webs
    assert any("local emergency number" in (s.name + (s.note or "")) for s in fallback.emergency)


def test_country_codes_are_iso_alpha2(book: ResourceBook) -> None:
    codes = book.codes()
    assert codes == sorted(codes)
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in codes)
    assert set(REQUIRED_COUNTRIES) <= set(codes)


def test_raw_json_matches_the_documented_schema() -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert set(data) >= {"version", "updated", "countries", "international"}
    allowed = {"name", "phone", "text", "web", "hours", "kind", "source", "note"}
    for entry in [*data["countries"].values(), data["international"]]:
        assert set(entry) == {"name", "services"}
        for service in entry["services"]:
            assert set(service) <= allowed
            assert {"name", "hours", "kind", "source"} <= set(service)


# ---------------------------------------------------------------------------
# Lookup and fallback
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", [None, "", "XX", "ZZ", "usa", "123", "  "])
def test_unknown_or_missing_country_falls_back(book: ResourceBook, code: str | None) -> None:
    country = book.for_country(code)
    assert country.is_fallback
    assert country is book.international


@pytest.mark.parametrize(("code", "expected"), [("gb", "GB"), (" us ", "US"), ("UK", "GB")])
def test_lookup_is_forgiving(book: ResourceBook, code: str, expected: str) -> None:
    assert book.for_country(code).code == expected


# ---------------------------------------------------------------------------
# Locale parsing
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en_GB.UTF-8", "GB"),
        ("de-DE", "DE"),
        ("en_IN", "IN"),
        ("en_UK", "GB"),
        ("en_US.utf8", "US"),
        ("fr_CA.UTF-8@euro", "CA"),
        ("de_DE@euro", "DE"),
        ("en-au", "AU"),
        ("zh_Hant_TW.UTF-8", "TW"),
        ("sr_RS@latin", "RS"),
        ("English_United Kingdom.1252", "GB"),
        ("C", None),
        ("POSIX", None),
        ("C.UTF-8", None),
        ("en", None),
        ("es_419", None),
        ("", None),
        (None, None),
    ],
)
def test_country_from_locale(value: str | None, expected: str | None) -> None:
    assert country_from_locale(value) == expected


@pytest.mark.parametrize(
    ("setting", "environ", "expected"),
    [
        ("NZ", {"LANG": "en_GB.UTF-8"}, "NZ"),
        ("uk", {}, "GB"),
        ("en_IE", {"LANG": "en_GB.UTF-8"}, "IE"),
        (None, {"LC_ALL": "de_DE.UTF-8", "LC_MESSAGES": "en_US", "LANG": "en_GB"}, "DE"),
        (None, {"LC_MESSAGES": "en_AU.UTF-8", "LANG": "en_GB.UTF-8"}, "AU"),
        (None, {"LANG": "en_IN"}, "IN"),
        (None, {"LC_ALL": "C", "LANG": "en_GB.UTF-8"}, "GB"),
        ("", {"LANG": "fr_FR.UTF-8"}, "FR"),
        ("auto", {"LANG": "nl_NL.UTF-8"}, "NL"),
        ("not a country", {"LANG": "en_CA.UTF-8"}, "CA"),
        (None, {"LANG": "C.UTF-8"}, None),
        (None, {}, None),
    ],
)
def test_resolve_country(
    setting: str | None, environ: dict[str, str], expected: str | None
) -> None:
    assert resolve_country(setting, environ) == expected


def test_resolve_country_then_lookup_end_to_end(book: ResourceBook) -> None:
    code = resolve_country(None, {"LANG": "en_GB.UTF-8"})
    assert book.for_country(code).emergency_number == "999"
    code = resolve_country(None, {"LANG": "C"})
    assert book.for_country(code).is_fallback


# ---------------------------------------------------------------------------
# Validation of a bad file
# ---------------------------------------------------------------------------


def _minimal() -> dict[str, Any]:
    service_e = {
        "name": "Emergency",
        "phone": "112",
        "hours": "24/7",
        "kind": "emergency",
        "source": "https://example.org/112",
    }
    service_c = {
        "name": "Line",
        "web": "https://example.org",
        "hours": "24/7",
        "kind": "crisis",
        "source": "https://example.org/line",
    }
    area = {"name": "X", "services": [service_e, service_c]}
    return {
        "version": "v",
        "updated": "2025-01-01",
        "countries": {"XX": json.loads(json.dumps(area))},
        "international": json.loads(json.dumps(area)),
    }


def test_minimal_file_parses() -> None:
    book = parse_resources(_minimal())
    assert book.for_country("XX").code == "XX"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["countries"]["XX"]["services"][0].pop("source"), "source"),
        (
            lambda d: d["countries"]["XX"]["services"][0].update(source="http://insecure"),
            "https",
        ),
        (lambda d: d["countries"]["XX"]["services"][0].pop("phone"), "phone, text or web"),
        (lambda d: d["countries"]["XX"]["services"][0].update(kind="hotline"), "kind"),
        (lambda d: d["countries"]["XX"]["services"].pop(0), "emergency"),
        (lambda d: d["countries"].update(usa=d["countries"]["XX"]), "alpha-2"),
        (lambda d: d.update(updated="last week"), "YYYY-MM-DD"),
        (lambda d: d.pop("international"), "must be an object"),
        (lambda d: d["countries"]["XX"].update(services=[]), "non-empty"),
    ],
)
def test_bad_files_are_rejected_clearly(mutate: Any, message: str) -> None:
    data = _minimal()
    mutate(data)
    with pytest.raises(ResourceDataError, match=message):
        parse_resources(data)


def test_load_from_path_and_bad_json(tmp_path: Path) -> None:
    good = tmp_path / "r.json"
    good.write_text(json.dumps(_minimal()), encoding="utf-8")
    assert load_resources(good).codes() == ["XX"]
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ResourceDataError, match="not valid JSON"):
        load_resources(bad)


# ---------------------------------------------------------------------------
# The crisis message
# ---------------------------------------------------------------------------

_BANNED_WORDS = [
    "ideation",
    "patient",
    "diagnos",
    "disorder",
    "commit suicide",
    "selfish",
    "cheer up",
    "look on the bright side",
    "everything happens for a reason",
    "you should be grateful",
    "overdose",
    "pills",
    "rope",
    "method",
]


def _all_words(message: CrisisMessage) -> str:
    return " ".join([message.heading, *message.body, message.disclaimer]).lower()


def test_crisis_message_for_suicidal_text(book: ResourceBook) -> None:
    message = crisis_message(screen("I want to die"), book.for_country("GB"))
    assert message.heading
    assert len(message.heading) <= 60
    assert message.body
    first = message.body[0]
    assert 2 <= first.count(". ") + first.count("; ") + 1 <= 4
    assert any("999" in line for line in message.body)
    assert message.services[0].kind == "crisis"
    assert any(s.phone == "116 123" for s in message.services)
    assert message.disclaimer == DISCLAIMER
    assert not message.danger_from_others
    assert message.country == "GB"


def test_disclaimer_says_what_befriend_is_not() -> None:
    text = DISCLAIMER.lower()
    assert "self-help" in text
    assert "not a crisis service" in text
    assert "therapy" in text
    assert "cannot contact anyone for you" in text


def test_danger_message_mentions_emergency_and_domestic_violence_line(
    book: ResourceBook,
) -> None:
    result = screen("He said he'd kill me if I left")
    message = crisis_message(result, book.for_country("US"))
    assert message.danger_from_others
    words = " ".join(message.body)
    assert "911" in words
    assert "1-800-799-7233" in words
    kinds = [s.kind for s in message.services]
    assert kinds[0] == "emergency"
    assert "domestic_violence" in kinds


def test_danger_and_self_risk_together(book: ResourceBook) -> None:
    result = screen("He hits me. I want to die.")
    message = crisis_message(result, book.for_country("AU"))
    words = " ".join(message.body)
    assert "000" in words
    assert "1800RESPECT" in words
    assert {"crisis", "emergency", "domestic_violence"} <= {s.kind for s in message.services}


def test_fallback_message(book: ResourceBook) -> None:
    message = crisis_message(screen("I want to kill myself"), book.for_country(None))
    assert message.is_fallback
    words = " ".join(message.body).lower()
    assert "local emergency number" in words
    assert any("findahelpline.com" in (s.web or "") for s in message.services)


@pytest.mark.parametrize("code", [*REQUIRED_COUNTRIES, None])
@pytest.mark.parametrize(
    "text", ["I want to die", "he choked me", "he choked me and I want to die"]
)
def test_messages_are_gentle_and_never_mention_methods(
    book: ResourceBook, code: str | None, text: str
) -> None:
    message = crisis_message(screen(text), book.for_country(code))
    words = _all_words(message)
    for banned in _BANNED_WORDS:
        assert banned not in words, banned
    assert "!" not in words
    assert message.services


def test_message_renders_as_text_and_dict(book: ResourceBook) -> None:
    message = crisis_message(screen("I want to die"), book.for_country("IE"))
    text = message.as_text()
    assert message.heading in text
    assert "116 123" in text
    assert DISCLAIMER in text
    data = message.to_dict()
    json.dumps(data)
    assert data["heading"] == message.heading
    assert data["services"][0]["source"].startswith("https://")
    assert data["country"] == "IE"


def test_message_for_non_crisis_result_still_offers_help(book: ResourceBook) -> None:
    message = crisis_message(screen("I'm not suicidal, just tired"), book.for_country("CA"))
    assert message.services
    assert message.disclaimer


def test_contact_lines() -> None:
    service = Service(
        name="Line",
        kind="crisis",
        hours="24/7",
        source="https://example.org",
        phone="988",
        text="988",
        web="https://example.org",
    )
    assert service.contact_lines() == ["Call 988", "Text 988", "https://example.org"]
