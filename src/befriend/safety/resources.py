"""Crisis resources by country: who a person can reach right now.

The data lives in ``data/crisis_resources.json``; every service names the
official page that lists it (``source``).  Unknown countries, or none, get
the international fallback (``is_fallback=True``), which always includes
"call your local emergency number" and directories of crisis lines.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Final

__all__ = [
    "SERVICE_KINDS",
    "CountryResources",
    "ResourceBook",
    "ResourceDataError",
    "Service",
    "country_from_locale",
    "load_resources",
    "parse_resources",
    "resolve_country",
]

SERVICE_KINDS: Final[tuple[str, ...]] = ("crisis", "domestic_violence", "emergency")
INTERNATIONAL_CODE: Final[str] = "INTL"
_RESOURCES_FILE: Final[str] = "crisis_resources.json"

# Region codes people and systems use that are not ISO 3166-1 alpha-2.
_REGION_ALIASES: Final[dict[str, str]] = {"UK": "GB", "EL": "GR"}

# Region names Windows uses in locale strings ("English_United Kingdom.1252").
_REGION_NAMES: Final[dict[str, str]] = {
    "united states": "US",
    "united kingdom": "GB",
    "great britain": "GB",
    "canada": "CA",
    "ireland": "IE",
    "australia": "AU",
    "new zealand": "NZ",
    "india": "IN",
    "germany": "DE",
    "france": "FR",
    "spain": "ES",
    "netherlands": "NL",
    "south africa": "ZA",
    "singapore": "SG",
}

# Locale variables, most specific first (explicit setting comes before them).
LOCALE_VARIABLES: Final[tuple[str, ...]] = ("LC_ALL", "LC_MESSAGES", "LANG")


class ResourceDataError(ValueError):
    """The crisis resources file is malformed."""


@dataclass(frozen=True, slots=True)
class Service:
    """One service a person can contact."""

    name: str
    kind: str
    """``crisis``, ``domestic_violence`` or ``emergency``."""
    hours: str
    source: str
    """The official page that lists this service (https URL)."""
    phone: str | None = None
    text: str | None = None
    """What to text and where, e.g. ``988`` or ``HOME to 741741``."""
    web: str | None = None
    note: str | None = None

    def contact_lines(self) -> list[str]:
        """Plain one-line ways to reach the service, phone first."""
        lines: list[str] = []
        if self.phone:
            lines.append(f"Call {self.phone}")
        if self.text:
            lines.append(f"Text {self.text}")
        if self.web:
            lines.append(self.web)
        return lines


@dataclass(frozen=True, slots=True)
class CountryResources:
    """The services for one country (or the international fallback)."""

    code: str
    name: str
    services: tuple[Service, ...]
    is_fallback: bool = False

    def by_kind(self, kind: str) -> tuple[Service, ...]:
        return tuple(s for s in self.services if s.kind == kind)

    @property
    def emergency(self) -> tuple[Service, ...]:
        return self.by_kind("emergency")

    @property
    def crisis_lines(self) -> tuple[Service, ...]:
        return self.by_kind("crisis")

    @property
    def domestic_violence_lines(self) -> tuple[Service, ...]:
        return self.by_kind("domestic_violence")

    @property
    def emergency_number(self) -> str | None:
        """The first emergency phone number, e.g. ``"999"``."""
        for service in self.emergency:
            if service.phone:
                return service.phone
        return None


@dataclass(frozen=True, slots=True)
class ResourceBook:
    """All crisis resources, by ISO 3166-1 alpha-2 country code."""

    version: str
    updated: str
    countries: tuple[CountryResources, ...]
    international: CountryResources

    def codes(self) -> list[str]:
        """The country codes that have their own entry, sorted."""
        return sorted(c.code for c in self.countries)

    def for_country(self, code: str | None) -> CountryResources:
        """The resources for ``code``; the international fallback when the
        code is None, unknown or not a country code."""
        normalized = normalize_country_code(code) if code else None
        if normalized is not None:
            for country in self.countries:
                if country.code == normalized:
                    return country
        return self.international


def normalize_country_code(value: str) -> str | None:
    """``"gb"`` -> ``"GB"``, ``"uk"`` -> ``"GB"``; None when not two letters."""
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        return None
    return _REGION_ALIASES.get(code, code)


def country_from_locale(value: str | None) -> str | None:
    """The country in a locale string, or None.

    ``"en_GB.UTF-8"`` -> ``"GB"``, ``"de-DE"`` -> ``"DE"``, ``"en_IN"`` ->
    ``"IN"``, ``"en_UK"`` -> ``"GB"``, ``"zh_Hant_TW"`` -> ``"TW"``,
    ``"English_United Kingdom.1252"`` -> ``"GB"``; ``"C"``, ``"POSIX"``,
    ``"en"`` and ``"es_419"`` (a region that is not a country) -> None.
    """
    if not value:
        return None
    base = value.strip().split(".", 1)[0].split("@", 1)[0].strip()
    if not base or base.upper() in {"C", "POSIX"}:
        return None
    parts = re.split(r"[_-]", base)
    if len(parts) < 2:
        return None
    for part in parts[1:]:
        named = _REGION_NAMES.get(part.strip().lower())
        if named is not None:
            return named
        if re.fullmatch(r"[A-Za-z]{2}", part):
            return normalize_country_code(part)
    return None


def resolve_country(setting: str | None, environ: Mapping[str, str]) -> str | None:
    """Pick the user's country: the explicit setting first, then the locale.

    ``setting`` may be a country code (``"GB"``, ``"uk"``) or a locale
    (``"en_GB"``); empty or ``"auto"`` means "use the locale".  Then
    ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` are read in that order and the
    first one that names a country wins (``LC_ALL=C`` names none, so a
    ``LANG=en_GB.UTF-8`` behind it still counts).  None when nothing names a
    country.
    """
    if setting is not None:
        cleaned = setting.strip()
        if cleaned and cleaned.lower() != "auto":
            code = normalize_country_code(cleaned)
            if code is not None:
                return code
            code = country_from_locale(cleaned)
            if code is not None:
                return code
    for variable in LOCALE_VARIABLES:
        code = country_from_locale(environ.get(variable))
        if code is not None:
            return code
    return None


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------


def _optional(entry: Mapping[str, Any], key: str, where: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ResourceDataError(f"{where}: '{key}' must be a non-empty string")
    return value.strip()


def _required(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = _optional(entry, key, where)
    if value is None:
        raise ResourceDataError(f"{where}: '{key}' is required")
    return value


def _parse_service(entry: Any, where: str) -> Service:
    if not isinstance(entry, Mapping):
        raise ResourceDataError(f"{where}: each service must be an object")
    name = _required(entry, "name", where)
    kind = _required(entry, "kind", where)
    hours = _required(entry, "hours", where)
    source = _required(entry, "source", where)
    where = f"{where} ({name})"
    if kind not in SERVICE_KINDS:
        raise ResourceDataError(f"{where}: kind {kind!r} must be one of {', '.join(SERVICE_KINDS)}")
    if not source.startswith("https://"):
        raise ResourceDataError(f"{where}: source must be an https:// URL")
    phone = _optional(entry, "phone", where)
    text = _optional(entry, "text", where)
    web = _optional(entry, "web", where)
    note = _optional(entry, "note", where)
    if not (phone or text or web):
        raise ResourceDataError(f"{where}: needs at least one of phone, text or web")
    if web is not None and not web.startswith("https://"):
        raise ResourceDataError(f"{where}: web must be an https:// URL")
    return Service(name, kind, hours, source, phone, text, web, note)


def _parse_country(code: str, entry: Any, *, fallback: bool) -> CountryResources:
    where = f"{_RESOURCES_FILE}: {code}"
    if not isinstance(entry, Mapping):
        raise ResourceDataError(f"{where}: must be an object")
    name = _required(entry, "name", where)
    raw_services = entry.get("services")
    if not isinstance(raw_services, list) or not raw_services:
        raise ResourceDataError(f"{where}: 'services' must be a non-empty list")
    services = tuple(
        _parse_service(item, f"{where} service {index + 1}")
        for index, item in enumerate(raw_services)
    )
    kinds = {s.kind for s in services}
    if "emergency" not in kinds or "crisis" not in kinds:
        raise ResourceDataError(f"{where}: needs an emergency and a crisis service")
    return CountryResources(code, name, services, is_fallback=fallback)


def parse_resources(data: Any) -> ResourceBook:
    """Validate and build a :class:`ResourceBook` from parsed JSON."""
    if not isinstance(data, Mapping):
        raise ResourceDataError(f"{_RESOURCES_FILE}: the top level must be an object")
    version = _required(data, "version", _RESOURCES_FILE)
    updated = _required(data, "updated", _RESOURCES_FILE)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", updated):
        raise ResourceDataError(f"{_RESOURCES_FILE}: 'updated' must be YYYY-MM-DD")
    raw_countries = data.get("countries")
    if not isinstance(raw_countries, Mapping) or not raw_countries:
        raise ResourceDataError(f"{_RESOURCES_FILE}: 'countries' must be an object")
    countries: list[CountryResources] = []
    for code, entry in raw_countries.items():
        if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{2}", code):
            raise ResourceDataError(
                f"{_RESOURCES_FILE}: country key {code!r} must be an ISO 3166-1 "
                "alpha-2 code in capitals"
            )
        countries.append(_parse_country(code, entry, fallback=False))
    international = _parse_country(INTERNATIONAL_CODE, data.get("international"), fallback=True)
    return ResourceBook(version, updated, tuple(countries), international)


def load_resources(path: Path | str | None = None) -> ResourceBook:
    """Load the packaged crisis resources (or the file at ``path``)."""
    if path is None:
        raw = (resources.files(__package__) / "data" / _RESOURCES_FILE).read_text(encoding="utf-8")
    else:
        raw = Path(path).read_text(encoding="utf-8")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ResourceDataError(f"{_RESOURCES_FILE}: not valid JSON: {exc}") from exc
    return parse_resources(data)
