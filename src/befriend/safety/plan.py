"""The person's own safety plan: what they have written down, in their words, for
a time when things get very hard. befriend only keeps it and shows it (beside the
crisis resources whenever the safety screen fires); it never writes it for them.

Pure data here; storage is :mod:`befriend.store.safety_plan` (through the journal's
codec, so the plan is sealed when encryption is on).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Final

from befriend.errors import BefriendError

MAX_ITEM_CHARS: Final[int] = 500
MAX_ITEMS: Final[int] = 20
PLAN_FORMAT: Final[int] = 1


@dataclass(frozen=True, slots=True)
class PlanSection:
    key: str
    title: str
    question: str


SECTIONS: Final[tuple[PlanSection, ...]] = (
    PlanSection(
        "warning_signs",
        "My warning signs",
        "What tells you a hard time is building? Thoughts, feelings, or things you "
        "start or stop doing.",
    ),
    PlanSection(
        "helps",
        "Things that help me",
        "What helps you get through, even a little, that you can do on your own?",
    ),
    PlanSection(
        "people_places",
        "People and places",
        "Who could you be with, or where could you go, to feel less alone or take "
        "your mind off things? Add how to reach people.",
    ),
    PlanSection(
        "professionals",
        "Professionals I can contact",
        "Your doctor, a counsellor, a local crisis team: names and how to reach them.",
    ),
    PlanSection(
        "reasons",
        "My reasons to keep going",
        "What matters to you? Who and what would you want to stay for?",
    ),
)
SECTION_KEYS: Final[tuple[str, ...]] = tuple(s.key for s in SECTIONS)


class SafetyPlanError(BefriendError):
    code = "safety_plan"


@dataclass(frozen=True, slots=True)
class SafetyPlan:
    """Each section's items, in the person's words, in order."""

    sections: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(self.sections.get(k) for k in SECTION_KEYS)

    def items(self, key: str) -> tuple[str, ...]:
        return self.sections.get(key, ())

    def with_section(self, key: str, items: list[str] | tuple[str, ...]) -> SafetyPlan:
        return SafetyPlan({**self.sections, key: clean_items(key, items)})

    def to_dict(self) -> dict[str, Any]:
        return {
            "sections": [
                {"key": s.key, "title": s.title, "items": list(self.items(s.key))} for s in SECTIONS
            ]
        }

    def to_json(self) -> str:
        return json.dumps(
            {"format": PLAN_FORMAT, **{k: list(self.items(k)) for k in SECTION_KEYS}},
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> SafetyPlan:
        try:
            obj = json.loads(text)
        except json.JSONDecodeError:
            raise SafetyPlanError(
                "Your saved safety plan can't be read. Nothing was changed; "
                "`befriend safety-plan edit` can write it again."
            ) from None
        if not isinstance(obj, dict):
            obj = {}
        return cls(
            {k: tuple(str(i) for i in obj.get(k, []) if isinstance(i, str)) for k in SECTION_KEYS}
        )

    def all_text(self) -> str:
        return "\n".join(i for k in SECTION_KEYS for i in self.items(k))


def section(key: str) -> PlanSection:
    for s in SECTIONS:
        if s.key == key:
            return s
    raise SafetyPlanError(
        f"A safety plan has no section {key!r}. The sections are: {', '.join(SECTION_KEYS)}."
    )


def clean_items(key: str, items: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Trimmed, non-empty items; a clear error for too many or too long."""
    title = section(key).title
    kept = tuple(" ".join(i.split()) for i in items if i and i.strip())
    if len(kept) > MAX_ITEMS:
        raise SafetyPlanError(
            f"{title}: {len(kept)} items is more than befriend keeps in one section "
            f"({MAX_ITEMS}). Pick the ones that matter most."
        )
    for item in kept:
        if len(item) > MAX_ITEM_CHARS:
            raise SafetyPlanError(
                f"{title}: one item is {len(item):,} characters long; keep each to "
                f"{MAX_ITEM_CHARS} or split it into several."
            )
        if any("\ud800" <= ch <= "\udfff" for ch in item):
            raise SafetyPlanError(
                f"{title}: the text has bytes that aren't valid UTF-8. Check your "
                "terminal's encoding (it should be UTF-8) and try again."
            )
    return kept
