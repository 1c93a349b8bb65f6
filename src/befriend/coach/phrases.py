"""The phrase bank: kind things to say to oneself, written for befriend, stored as
data (``data/phrases.tsv``) with what each phrase answers, its energy and the
situations it suits. ``tests/test_coach_phrases.py`` runs every phrase through the
real analyzer: each must come out kind."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

from befriend.errors import BefriendError

PHRASES_FILE: Final[str] = "phrases.tsv"
COLUMNS: Final[tuple[str, ...]] = (
    "id",
    "text",
    "addresses",
    "energy",
    "aspect",
    "situations",
    "source",
)

# What a phrase can answer: a harsh label the analyzer found (most pressing first),
# or an energy missing.
LABEL_NEEDS: Final[tuple[str, ...]] = (
    "self_judgment",
    "over_identification",
    "isolation",
    "fear_motivation",
    "complacency",
    "compassion_block",
)
NEEDS: Final[tuple[str, ...]] = (*LABEL_NEEDS, "missing_tender", "missing_fierce")
ENERGIES: Final[tuple[str, ...]] = ("tender", "fierce")
# Tender phrases comfort, validate or accept; fierce ones protect, provide or
# motivate (Neff's fierce self-compassion).
ASPECTS: Final[dict[str, tuple[str, ...]]] = {
    "tender": ("comfort", "validate", "accept"),
    "fierce": ("protect", "provide", "motivate"),
}
SITUATIONS: Final[tuple[str, ...]] = (
    "work",
    "study",
    "parenting",
    "relationships",
    "body",
    "illness",
    "grief",
    "money",
    "everyday",
)


class PhraseBankError(BefriendError):
    code = "phrase_bank_error"


@dataclass(frozen=True, slots=True)
class Phrase:
    id: str
    text: str
    addresses: tuple[str, ...]
    energy: str
    aspect: str
    situations: tuple[str, ...]
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "addresses": list(self.addresses),
            "energy": self.energy,
            "aspect": self.aspect,
            "situations": list(self.situations),
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class PhraseBank:
    phrases: tuple[Phrase, ...]
    fingerprint: str
    """The first 12 hex digits of the file's SHA-256: names the bank's version."""

    def __len__(self) -> int:
        return len(self.phrases)

    def get(self, phrase_id: str) -> Phrase | None:
        return next((p for p in self.phrases if p.id == phrase_id), None)

    def answering(self, need: str) -> tuple[Phrase, ...]:
        return tuple(p for p in self.phrases if need in p.addresses)


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def parse_phrase_bank(text: str, name: str = PHRASES_FILE) -> PhraseBank:
    """Parse and check a phrase bank; a bad row raises :class:`PhraseBankError`
    naming the file, the line and what is wrong."""
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = list(reader)
    if not rows or tuple(rows[0]) != COLUMNS:
        raise PhraseBankError(
            f"{name} must start with the header line {' / '.join(COLUMNS)} (tab-separated)."
        )
    phrases: list[Phrase] = []
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        if not row or not "".join(row).strip():
            continue

        def bad(what: str, line: int = number) -> PhraseBankError:
            return PhraseBankError(f"{name}, line {line}: {what}. Fix the row and try again.")

        if len(row) != len(COLUMNS):
            raise bad(f"expected {len(COLUMNS)} tab-separated columns, found {len(row)}")
        pid, phrase_text, addresses, energy, aspect, situations, source = (c.strip() for c in row)
        if not pid or pid in seen:
            raise bad(f"the id {pid!r} is empty or used twice")
        seen.add(pid)
        if not phrase_text:
            raise bad("the phrase is empty")
        needs = _split(addresses)
        if not needs or any(n not in NEEDS for n in needs):
            raise bad(f"addresses must be some of {', '.join(NEEDS)}, not {addresses!r}")
        if energy not in ENERGIES:
            raise bad(f"energy must be tender or fierce, not {energy!r}")
        if aspect not in ASPECTS[energy]:
            raise bad(f"a {energy} phrase's aspect is one of {', '.join(ASPECTS[energy])}")
        fits = _split(situations)
        if not fits or any(s not in SITUATIONS for s in fits):
            raise bad(f"situations must be some of {', '.join(SITUATIONS)}, not {situations!r}")
        if not source:
            raise bad("the source column is empty")
        phrases.append(Phrase(pid, phrase_text, needs, energy, aspect, fits, source))
    fingerprint = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return PhraseBank(tuple(phrases), fingerprint)


def load_phrase_bank(path: Path | str | None = None) -> PhraseBank:
    """The packaged bank, or the one at ``path``."""
    if path is None:
        return _packaged()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise PhraseBankError(f"The phrase bank {path} couldn't be read: {exc.strerror}.") from None
    return parse_phrase_bank(text, str(path))


@lru_cache(maxsize=1)
def _packaged() -> PhraseBank:
    text = resources.files("befriend.coach").joinpath("data", PHRASES_FILE).read_text("utf-8")
    return parse_phrase_bank(text)
