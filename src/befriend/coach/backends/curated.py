"""The curated backend: befriend's own phrase bank, nothing sent anywhere.

The phrase for each slot is chosen by :func:`befriend.coach.suggest.suggest_for`
(by what the analyzer found and the situation) and the rewrite by
:func:`befriend.coach.rewrite.readdress`; the request carries that choice as
``curated``, and this backend returns it. Its texts are checked by
``tests/test_coach_phrases.py``, so they are not analysed again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from befriend.coach.backends.base import DraftRequest, SuggestionBackend

if TYPE_CHECKING:
    from befriend.coach.backends.registry import AddBackend
    from befriend.settings import Settings


class CuratedBackend(SuggestionBackend):
    name = "curated"
    description = "befriend's own phrase bank, written for the project (the default)"
    sends_text = False
    vetted = True

    def draft_batch(self, requests: Sequence[DraftRequest]) -> list[str]:
        return [r.curated for r in requests]


def _create(settings: Settings) -> CuratedBackend:
    return CuratedBackend()


def register(add: AddBackend) -> None:
    add(CuratedBackend.name, _create)
