"""Drafts from a suggestion backend, checked before anyone sees them.

The phrase bank always chooses first: its phrase for each slot (and the
re-addressed friend-words for the rewrite) is the fallback. The backend is then
asked for a draft for each slot, and every draft goes through the safety screen and
the analyzer (:func:`check_drafts`). A draft that is unsafe, harsh, fear-driven,
complacent, doubtful of kindness, not kind at all, or stock cheer is dropped and
the curated text shown in its place; the report says why, for --json and --debug.
If the backend cannot draft at all, every slot keeps its curated text and the
report carries a short note saying so.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final

from befriend.coach.backends.base import BackendUnavailable, DraftRequest, SuggestionBackend
from befriend.coach.backends.prompts import PROMPT_FRAGMENTS
from befriend.coach.phrases import Phrase
from befriend.coach.suggest import Suggestion
from befriend.errors import BefriendError
from befriend.labels import KIND_LABELS

if TYPE_CHECKING:
    from befriend.analyzer import Analyzer
    from befriend.coach.rewrite import Rewrite

# A draft carrying any of these is dropped: the labels the issue names (harsh,
# complacent, fear-driven, unsafe), and the critic's other voices, as for the
# phrase bank (tests/test_coach_phrases.py).
REJECT_LABELS: Final[frozenset[str]] = frozenset(
    {
        "self_judgment",
        "complacency",
        "fear_motivation",
        "compassion_block",
        "crisis",
        "isolation",
        "over_identification",
    }
)
# Stock cheer the analyzer has no label for: kind-sounding, but it waves the pain
# away. Lower-case substrings, matched against the lower-cased draft.
STOCK_CHEER: Final[tuple[str, ...]] = (
    "everything happens for a reason",
    "good vibes",
    "stay positive",
    "cheer up",
    "bright side",
    "could be worse",
    "no big deal",
    "just be happy",
    "don't worry",
)
# One to three short sentences, as the prompt asks: a draft past this many
# characters (about six long sentences) is rambling, not a phrase to say to oneself.
MAX_DRAFT_CHARS: Final[int] = 600
# The prompt asks for one to three sentences, and every phrase in the bank has at
# most three: a suggestion with more is a speech. A rewrite may have three too, or
# as many as the friend-words it turns round plus one, whichever is more.
MAX_SUGGESTION_SENTENCES: Final[int] = 3
_SENTENCE_END = re.compile(r"[.!?…]+(?=[\s\"”’)]|$)")
# The labels that show each energy, as in the phrase bank's test: fierce is its own
# label; tender shows as tender or the kind labels around it.
ENERGY_LABELS: Final[dict[str, frozenset[str]]] = {
    "fierce": frozenset({"fierce"}),
    "tender": KIND_LABELS - {"fierce"},
}
# Reasons whose draft text is withheld even from the JSON: it may describe harm.
UNSAFE_REASONS: Final[frozenset[str]] = frozenset({"crisis", "safety_signal"})
ALL_DROPPED: Final[str] = (
    "None of your model's drafts passed befriend's checks, so these come from "
    "befriend's own phrases."
)


@dataclass(frozen=True, slots=True)
class DraftCheck:
    """One draft and the verdict on it."""

    slot: str
    """``rewrite`` or ``suggestion:N`` (N counts from 0 in the suggestions list)."""
    text: str
    kept: bool
    reasons: tuple[str, ...]
    """Why it was dropped: a label from REJECT_LABELS, ``safety_signal``,
    ``not_kind`` (no kind label at all), ``wrong_energy`` (kind, but not the tender
    or fierce energy its slot asks for), ``stock_cheer``, ``echoes_prompt`` (repeats
    befriend's instructions), ``empty``, ``too_long`` (over MAX_DRAFT_CHARS, or
    more sentences than its slot allows),
    ``repeat`` (the same words as an earlier draft), or the code of the error the
    analyzer raised (``unsupported_language``)."""
    labels: tuple[str, ...]
    safety_signals: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        unsafe = bool(set(self.reasons) & UNSAFE_REASONS)
        return {
            "slot": self.slot,
            "text": None if unsafe else self.text,
            "kept": self.kept,
            "reasons": list(self.reasons),
            "labels": list(self.labels),
            "safety_signals": list(self.safety_signals),
        }


@dataclass(frozen=True, slots=True)
class DraftedText:
    text: str
    backend: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "backend": self.backend}


@dataclass(frozen=True, slots=True)
class BackendReport:
    """Which backend drafted what, and what happened to each draft."""

    name: str
    label: str
    prompts: str | None
    sent_to: str | None
    """Where the user's words were sent, or ``None`` if they stayed in befriend."""
    local: bool
    rewrite: DraftedText | None
    checks: tuple[DraftCheck, ...]
    error: BackendUnavailable | None
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "prompts": self.prompts,
            "sent_to": self.sent_to,
            "local": self.local,
            "rewrite": self.rewrite.to_dict() if self.rewrite else None,
            "drafts": [c.to_dict() for c in self.checks],
            "error": self.error.to_dict() if self.error else None,
            "note": self.note,
        }


def count_sentences(text: str) -> int:
    return max(1, len(_SENTENCE_END.findall(text.strip())))


def check_drafts(
    analyzer: Analyzer,
    texts: Sequence[str],
    energies: Sequence[str | None] | None = None,
    max_sentences: Sequence[int | None] | None = None,
) -> list[DraftCheck]:
    """Screen and analyse each text; say whether it may be shown, and why not.
    ``energies`` gives the energy each text must carry (``tender``, ``fierce``, or
    ``None`` for either), as the phrase it would replace does; ``max_sentences``
    how many sentences each may have (``None``: any). Slots are numbered
    ``draft:N``; :func:`draft_with` names them."""
    wanted = list(energies) if energies is not None else [None] * len(texts)
    limits = list(max_sentences) if max_sentences is not None else [None] * len(texts)
    checks: list[DraftCheck] = []
    readable = [bool(t.strip()) and len(t) <= MAX_DRAFT_CHARS for t in texts]
    results = analyzer.analyze_each(
        [t if ok else "." for t, ok in zip(texts, readable, strict=True)]
    )
    for index, (text, result) in enumerate(zip(texts, results, strict=True)):
        slot = f"draft:{index}"
        if not text.strip():
            checks.append(DraftCheck(slot, text, False, ("empty",), ()))
            continue
        if len(text) > MAX_DRAFT_CHARS:
            checks.append(DraftCheck(slot, text, False, ("too_long",), ()))
            continue
        if isinstance(result, BefriendError):
            checks.append(DraftCheck(slot, text, False, (result.code,), ()))
            continue
        labels = set(result.labels)
        reasons: list[str] = []
        if result.crisis:
            reasons.append("crisis")
        if result.safety_signals:
            reasons.append("safety_signal")
        reasons.extend(sorted(labels & REJECT_LABELS - {"crisis"}))
        if not labels & KIND_LABELS:
            reasons.append("not_kind")
        elif wanted[index] is not None and not labels & ENERGY_LABELS[wanted[index] or ""]:
            reasons.append("wrong_energy")
        lowered = " ".join(text.lower().replace("’", "'").split())
        if any(stock in lowered for stock in STOCK_CHEER):
            reasons.append("stock_cheer")
        if any(fragment in lowered for fragment in PROMPT_FRAGMENTS):
            reasons.append("echoes_prompt")
        limit = limits[index]
        if limit is not None and count_sentences(text) > limit:
            reasons.append("too_long")
        checks.append(
            DraftCheck(
                slot, text, not reasons, tuple(reasons), result.labels, result.safety_signals
            )
        )
    return checks


def _drafted_phrase(base: Phrase, text: str, backend: SuggestionBackend) -> Phrase:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
    return Phrase(
        id=f"{backend.name}-{digest}",
        text=text,
        addresses=base.addresses,
        energy=base.energy,
        aspect=base.aspect,
        situations=base.situations,
        source=f"drafted by {backend.label}, checked by befriend's analyzer",
    )


def draft_with(
    analyzer: Analyzer,
    backend: SuggestionBackend,
    *,
    self_text: str,
    friend_text: str,
    situation: str,
    rewrite: Rewrite,
    suggestions: Sequence[Suggestion],
) -> tuple[BackendReport, tuple[Suggestion, ...]]:
    """Ask ``backend`` to draft the friend-voice rewrite and one text for each of
    the phrase bank's ``suggestions``; keep the drafts that pass the checks and the
    curated text everywhere else."""
    requests = [
        DraftRequest("rewrite", self_text, friend_text, rewrite.first_person, situation),
        *(
            DraftRequest(
                "suggestion",
                self_text,
                friend_text,
                s.phrase.text,
                situation,
                need=s.need,
                energy=s.phrase.energy,
                aspect=s.phrase.aspect,
            )
            for s in suggestions
        ),
    ]
    slots = ["rewrite", *(f"suggestion:{i}" for i in range(len(suggestions)))]
    curated_rewrite = DraftedText(rewrite.first_person, "curated")

    def report(
        rewrite_text: DraftedText,
        checks: Sequence[DraftCheck] = (),
        error: BackendUnavailable | None = None,
        note: str | None = None,
    ) -> BackendReport:
        return BackendReport(
            backend.name,
            backend.label,
            backend.prompt_version,
            backend.destination if backend.sends_text else None,
            backend.local,
            rewrite_text,
            tuple(checks),
            error,
            note,
        )

    try:
        drafts = backend.draft_batch(requests)
    except BackendUnavailable as exc:
        return report(curated_rewrite, error=exc, note=exc.note), tuple(suggestions)
    if len(drafts) != len(requests):
        miscount = BackendUnavailable(
            "malformed",
            f"{len(drafts)} drafts for {len(requests)} requests",
            f"The {backend.name} backend gave a wrong number of drafts, so these come "
            "from befriend's own phrases.",
        )
        return report(curated_rewrite, error=miscount, note=miscount.note), tuple(suggestions)

    if backend.vetted:
        # Texts the test suite already checks (the phrase bank): shown as they are.
        vetted = [
            replace(s, phrase=replace(s.phrase, text=text), backend=backend.name)
            if text != s.phrase.text
            else s
            for s, text in zip(suggestions, drafts[1:], strict=True)
        ]
        return report(DraftedText(drafts[0], backend.name)), tuple(vetted)
    checks = _drop_repeats(
        [
            replace(check, slot=slot)
            for slot, check in zip(
                slots,
                check_drafts(
                    analyzer,
                    drafts,
                    [None, *(s.phrase.energy for s in suggestions)],
                    [
                        max(MAX_SUGGESTION_SENTENCES, count_sentences(friend_text) + 1),
                        *([MAX_SUGGESTION_SENTENCES] * len(suggestions)),
                    ],
                ),
                strict=True,
            )
        ]
    )
    rewrite_check, *suggestion_checks = checks
    rewrite_text = (
        DraftedText(rewrite_check.text, backend.name) if rewrite_check.kept else curated_rewrite
    )
    chosen: list[Suggestion] = []
    for suggestion, check in zip(suggestions, suggestion_checks, strict=True):
        if check.kept:
            phrase = _drafted_phrase(suggestion.phrase, check.text, backend)
            chosen.append(replace(suggestion, phrase=phrase, backend=backend.name))
        else:
            chosen.append(suggestion)
    dropped = sum(not c.kept for c in checks)
    note: str | None = None
    if dropped == len(checks):
        note = ALL_DROPPED
    elif dropped:
        note = (
            f"{_count(dropped)} of your model's drafts didn't pass befriend's checks, so "
            f"befriend's own {'phrase stands' if dropped == 1 else 'phrases stand'} in "
            f"{'its' if dropped == 1 else 'their'} place."
        )
    return report(rewrite_text, checks, None, note), tuple(chosen)


def _drop_repeats(checks: list[DraftCheck]) -> list[DraftCheck]:
    """A kept draft that repeats an earlier kept one (small models do) is dropped."""
    seen: set[str] = set()
    out: list[DraftCheck] = []
    for check in checks:
        key = " ".join(check.text.lower().split())
        if check.kept and key in seen:
            check = replace(check, kept=False, reasons=("repeat",))
        elif check.kept:
            seen.add(key)
        out.append(check)
    return out


def _count(n: int) -> str:
    words = ("No", "One", "Two", "Three", "Four", "Five", "Six")
    return words[n] if n < len(words) else str(n)
