"""The words befriend shows when the safety screen finds a crisis.

Written to be warm, plain and specific: no clinical terms, no lecture, no
false cheer, no shame, and never any detail about methods.  The CLI and the
web app render a :class:`CrisisMessage`; they do not write their own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from befriend.safety.resources import CountryResources, Service
from befriend.safety.screen import SafetyResult

__all__ = [
    "CRISIS_BODY",
    "DANGER_HEADING",
    "DISCLAIMER",
    "HEADING",
    "CrisisMessage",
    "crisis_message",
]

HEADING: Final[str] = "You deserve support right now"
DANGER_HEADING: Final[str] = "Your safety matters"

CRISIS_BODY: Final[str] = (
    "It sounds like you're going through something really painful right now. "
    "You don't have to face it alone: the people below are there to listen, "
    "and you can reach them now. "
    "It's okay not to know what to say; reaching out is enough."
)

_EMERGENCY_SELF: Final[str] = (
    "If you might act on these thoughts, or you're not safe right now, {call}"
)
_EMERGENCY_BOTH: Final[str] = (
    "If you might act on these thoughts, or you're in danger right now, {call}"
)
_EMERGENCY_DANGER: Final[str] = "If you're in danger right now, {call}"
_CALL_NUMBER: Final[str] = "call {number} now."
_CALL_LOCAL: Final[str] = (
    "call your local emergency number now (112 works from mobile phones in many countries)."
)
_DANGER_LINE: Final[str] = (
    "No one has the right to hurt you or make you afraid. A domestic abuse "
    "service can help you plan your next step safely and in confidence: "
    "{service}, {contact}."
)
_DANGER_LINE_DIRECTORY: Final[str] = (
    "No one has the right to hurt you or make you afraid. A domestic abuse "
    "service can help you plan your next step safely and in confidence; "
    "{service} lists them ({contact})."
)
_DANGER_LINE_NO_SERVICE: Final[str] = (
    "No one has the right to hurt you or make you afraid. A domestic abuse "
    "service near you can help you plan your next step safely and in "
    "confidence."
)
_FALLBACK_NOTE: Final[str] = (
    "We don't have numbers for your country yet. The directories below list "
    "free crisis lines around the world."
)

DISCLAIMER: Final[str] = (
    "befriend is a self-help tool. It is not a crisis service or therapy, "
    "and it cannot contact anyone for you."
)


@dataclass(frozen=True, slots=True)
class CrisisMessage:
    """What to show a person in crisis, ready to render."""

    heading: str
    body: tuple[str, ...]
    """Short paragraphs, in order."""
    services: tuple[Service, ...]
    """Who to contact, most relevant first."""
    disclaimer: str
    country: str
    """The country code the services are for (``INTL`` for the fallback)."""
    country_name: str
    is_fallback: bool
    danger_from_others: bool

    def as_text(self) -> str:
        """A plain-text rendering for terminals and logs-free display."""
        lines = [self.heading, ""]
        for paragraph in self.body:
            lines.extend([paragraph, ""])
        lines.append(f"Who you can reach ({self.country_name}):")
        for service in self.services:
            detail = " | ".join(service.contact_lines())
            hours = f" ({service.hours})" if service.hours else ""
            lines.append(f"  - {service.name}: {detail}{hours}")
            if service.note:
                lines.append(f"    {service.note}")
        lines.extend(["", self.disclaimer])
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form for the HTTP API."""
        return {
            "heading": self.heading,
            "body": list(self.body),
            "services": [
                {
                    key: value
                    for key, value in (
                        ("name", s.name),
                        ("kind", s.kind),
                        ("phone", s.phone),
                        ("text", s.text),
                        ("web", s.web),
                        ("hours", s.hours),
                        ("note", s.note),
                        ("source", s.source),
                    )
                    if value is not None
                }
                for s in self.services
            ],
            "disclaimer": self.disclaimer,
            "country": self.country,
            "country_name": self.country_name,
            "is_fallback": self.is_fallback,
            "danger_from_others": self.danger_from_others,
        }


def _first_contact(service: Service) -> str:
    if service.phone:
        return f"call {service.phone}"
    if service.text:
        return f"text {service.text}"
    return service.web or service.name


def crisis_message(result: SafetyResult, resources: CountryResources) -> CrisisMessage:
    """Build the message for a screened text and the user's country.

    It never fails for a valid result: called on a text that is not a crisis,
    it still returns the general message, so a caller that errs on the side
    of showing help always has something to show.
    """
    danger = result.danger_from_others
    self_risk = any(not s.negated and s.kind != "danger_from_others" for s in result.signals)
    emergency = resources.emergency_number
    dv_lines = resources.domestic_violence_lines

    body: list[str] = []
    if danger and not self_risk:
        heading = DANGER_HEADING
    else:
        heading = HEADING
        body.append(CRISIS_BODY)
    if danger:
        if not dv_lines:
            body.append(_DANGER_LINE_NO_SERVICE)
        elif dv_lines[0].phone or dv_lines[0].text:
            body.append(
                _DANGER_LINE.format(service=dv_lines[0].name, contact=_first_contact(dv_lines[0]))
            )
        else:
            body.append(
                _DANGER_LINE_DIRECTORY.format(
                    service=dv_lines[0].name, contact=_first_contact(dv_lines[0])
                )
            )
    if emergency and not resources.is_fallback:
        call = _CALL_NUMBER.format(number=emergency)
    else:
        call = _CALL_LOCAL
    if danger and self_risk:
        body.append(_EMERGENCY_BOTH.format(call=call))
    elif danger:
        body.append(_EMERGENCY_DANGER.format(call=call))
    else:
        body.append(_EMERGENCY_SELF.format(call=call))
    if resources.is_fallback:
        body.append(_FALLBACK_NOTE)

    order = ("emergency", "domestic_violence", "crisis") if danger else ("crisis", "emergency")
    services = tuple(s for kind in order for s in resources.by_kind(kind))

    return CrisisMessage(
        heading=heading,
        body=tuple(body),
        services=services,
        disclaimer=DISCLAIMER,
        country=resources.code,
        country_name=resources.name,
        is_fallback=resources.is_fallback,
        danger_from_others=danger,
    )
