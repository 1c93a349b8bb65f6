"""The one way in for a suggestion backend: what it is asked, what it answers, and
how it says it could not answer.

A backend drafts texts in batches. It is asked for one draft per
:class:`DraftRequest` and answers with one string per request, in order. It never
shows anything to the user: every draft goes through the safety screen and the
analyzer first (:mod:`befriend.coach.drafting`), and a draft that fails is replaced
by the phrase bank's choice for the same slot.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Final

from befriend.errors import BefriendError

KINDS: Final[tuple[str, ...]] = ("rewrite", "suggestion")
"""``rewrite``: the friend's words turned into what the user can say to themselves,
in the first person. ``suggestion``: one thing to say to oneself, answering a need
(a harsh label the analyzer found, or a missing energy; see ``phrases.NEEDS``)."""


@dataclass(frozen=True, slots=True)
class DraftRequest:
    """One text to draft, with everything a backend may use to write it.

    ``curated`` is the phrase bank's text for the same slot (the chooser's phrase,
    or the re-addressed friend-words for a rewrite): the curated backend returns
    it, and it is what the user sees when a draft is dropped.
    """

    kind: str
    self_text: str
    friend_text: str
    curated: str
    situation: str = ""
    need: str | None = None
    energy: str | None = None
    aspect: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")
        if self.kind == "suggestion" and self.need is None:
            raise ValueError("a suggestion request needs a need")


class BackendUnavailable(BefriendError):
    """The backend could not draft at all (server down, too slow, a broken reply).
    The caller falls back to the phrase bank and shows ``note``; ``kind`` and
    ``detail`` are for --json and --debug."""

    code = "backend_unavailable"

    def __init__(self, kind: str, detail: str, note: str) -> None:
        super().__init__(note)
        self.kind = kind
        self.detail = detail
        self.note = note

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "detail": self.detail}


class SuggestionBackend(ABC):
    """A source of drafts. Subclasses set the capability attributes and implement
    :meth:`draft_batch`; they are found through :mod:`befriend.coach.backends.registry`.
    """

    name: ClassVar[str]
    """The registry name, as given to ``--backend`` and ``BEFRIEND_BACKEND``."""
    description: ClassVar[str]
    sends_text: ClassVar[bool] = False
    """True when the user's words leave befriend's process to be drafted from."""
    vetted: ClassVar[bool] = False
    """True when every text it can return is already checked by the test suite (the
    phrase bank), so its drafts need not be analysed again before they are shown."""
    kinds: ClassVar[frozenset[str]] = frozenset(KINDS)
    """The kinds of request it can draft; others get the curated text."""
    prompt_version: ClassVar[str | None] = None
    """The version of the prompts it drafts with, recorded with every result."""

    @property
    def destination(self) -> str | None:
        """Where the user's words are sent (for the privacy note and the JSON), or
        ``None`` when they stay in befriend's process."""
        return None

    @property
    def local(self) -> bool:
        """True when the user's words stay on this computer."""
        return not self.sends_text

    @property
    def label(self) -> str:
        """A short description of this instance for the JSON (e.g. the model)."""
        return self.name

    @abstractmethod
    def draft_batch(self, requests: Sequence[DraftRequest]) -> list[str]:
        """One draft per request, in order ("" when it had nothing for one).

        Raises :class:`BackendUnavailable` when it cannot draft at all; it never
        raises anything else for a server's failure.
        """
