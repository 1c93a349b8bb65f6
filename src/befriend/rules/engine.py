"""The rule engine: data files in ``rules/data`` compiled once, applied per sentence.

Cues add labels with a weight; vetoes cap the model's score for a label in one
sentence (negated criticism, reported criticism, insults aimed at someone else).
A veto never cancels a cue that matched in its own right.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Final

from befriend.labels import CRITIC_LABELS, KIND_LABELS, LABELS
from befriend.safety.prefilter import GateIndex
from befriend.text import Span

RULES_VERSION: Final[str] = "rules-v1"

# How far before a critic cue a "don't think", "never" etc. still negates it.
NEGATION_WINDOW_CHARS: Final[int] = 28
# Weight of a dismissal that sits next to a real problem (complacency), and of an
# endorsement of reported criticism ("...and she's right").
DISMISSAL_WITH_PROBLEM_WEIGHT: Final[float] = 0.8
ENDORSEMENT_WEIGHT: Final[float] = 0.85

_NEGATOR = re.compile(
    r"\b(?:not|never|don'?t (?:think|believe|feel like)|doesn'?t (?:mean|make|prove)|"
    r"didn'?t (?:make|prove)|stop|quit|no more|instead of|isn'?t (?:true|it)|no longer|"
    r"(?:isn'?t|wasn'?t) [\"']?(?:proof|a sign|evidence|admitting)|can'?t|cannot|won'?t|"
    r"don'?t|do not|nobody thinks|who says)\b(?![^,;.!?]*\bbut\b)"
)
# Labels whose cues a negation turns around ("I'm not a failure"); a negation cancels
# the cues of the kind labels (labels.KIND_LABELS).
NEGATABLE_CRITIC: Final[frozenset[str]] = frozenset(
    {"self_judgment", "over_identification", "isolation"}
)
# In a sentence where a belief against self-compassion or a fear-driven push is voiced,
# warm or active cues are read as part of that voice ("go easy on yourself and you'll
# end up on the sofa"), so they are dropped and left to the model.
OVERRIDING_LABELS: Final[frozenset[str]] = frozenset({"compassion_block", "fear_motivation"})
# (strong, capped): a strong cue for the first label, with no cue for the second, caps
# the model's score for the second in that sentence. Opposites in Neff's model cap each
# other (isolation and common humanity). A sentence that sets a boundary, plans a next
# step or asks for help is action, so a strong fierce cue caps complacency ("tenderness
# without action", TAXONOMY.md), while a dismissal cue in the same sentence still counts.
CAPS: Final[tuple[tuple[str, str], ...]] = (
    ("isolation", "common_humanity"),
    ("common_humanity", "isolation"),
    ("fierce", "complacency"),
)
_CLAUSE_BREAK = re.compile(r"[;:,]|\s(?:but|so)\s|\s-\s|\.\s")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    adds: tuple[str, ...]
    vetoes: tuple[str, ...]
    weight: float
    pattern: re.Pattern[str]
    source: str


@dataclass(frozen=True, slots=True)
class Frame:
    id: str
    kind: str
    pattern: re.Pattern[str]
    source: str


@dataclass(frozen=True, slots=True)
class RuleHit:
    """A cue that fired: its labels, where (offsets into the full text) and how strongly."""

    rule_id: str
    labels: tuple[str, ...]
    start: int
    end: int
    weight: float


@dataclass(slots=True)
class SentenceRules:
    hits: list[RuleHit] = field(default_factory=list)
    # label -> why the model's score is capped ("negated", "reported", "third_person", ...)
    vetoes: dict[str, str] = field(default_factory=dict)


class RuleSet:
    """The compiled rules. Build with :func:`load_ruleset`; immutable after that."""

    def __init__(
        self,
        rules: Sequence[Rule],
        frames: Sequence[Frame],
        fingerprint: str,
        *,
        prefilter: bool = True,
    ) -> None:
        self.rules = tuple(rules)
        self.frames = tuple(frames)
        self.version = RULES_VERSION
        self.fingerprint = fingerprint
        # Which rules can match a text at all, from the literals each one needs: most
        # texts need only a few of the rules run. ``prefilter=False`` runs every rule
        # (for testing that the gate changes nothing).
        self._gate = GateIndex((rule.pattern for rule in self.rules), enabled=prefilter)
        self._by_kind: dict[str, tuple[re.Pattern[str], ...]] = {}
        for frame in self.frames:
            self._by_kind.setdefault(frame.kind, ())
            self._by_kind[frame.kind] += (frame.pattern,)

    def _first(self, kind: str, text: str, pos: int = 0) -> re.Match[str] | None:
        best: re.Match[str] | None = None
        for pattern in self._by_kind.get(kind, ()):
            match = pattern.search(text, pos)
            if match and (best is None or match.start() < best.start()):
                best = match
        return best

    def apply(self, norm: str, spans: Sequence[Span]) -> list[SentenceRules]:
        """Run every rule over each sentence of ``norm`` (the normalised full text)."""
        out = [SentenceRules() for _ in spans]
        texts = [norm[s.start : s.end] for s in spans]
        candidates = [self.rules[k] for k in self._gate.candidates(norm)]
        for i, (span, sent) in enumerate(zip(spans, texts, strict=True)):
            result = out[i]
            reported = self._first("reported", sent)
            region_end = len(sent)
            if reported is not None:
                brk = _CLAUSE_BREAK.search(sent, reported.end())
                region_end = brk.start() if brk else len(sent)
                if self._first("self_talk", sent[: reported.end()]) is not None or self._endorsed(
                    texts, spans, i, reported, region_end, out
                ):
                    reported = None
            for rule in candidates:
                for match in rule.pattern.finditer(sent):
                    if reported is not None and reported.start() <= match.start() < region_end:
                        # Someone else's words: they carry no label of the speaker's.
                        for label in set(rule.adds) & CRITIC_LABELS:
                            result.vetoes.setdefault(label, "reported")
                        continue
                    if self._negated(sent, match.start()):
                        for label in set(rule.adds) & NEGATABLE_CRITIC:
                            result.vetoes.setdefault(label, "negated")
                        # A negated veto-only cue says the opposite of what it vetoes
                        # ("I don't think self-care helps"), so it vetoes nothing.
                        if not rule.adds or set(rule.adds) & (NEGATABLE_CRITIC | KIND_LABELS):
                            continue
                    weight = rule.weight
                    if rule.adds == ("complacency",) and self._has_problem(texts, i):
                        weight = DISMISSAL_WITH_PROBLEM_WEIGHT
                    result.hits.append(
                        RuleHit(
                            rule.id,
                            rule.adds,
                            span.start + match.start(),
                            span.start + match.end(),
                            weight,
                        )
                    )
                    for label in rule.vetoes:
                        result.vetoes.setdefault(label, "disputed")
            if reported is not None and _HARSH_WORDS.search(sent, reported.start(), region_end):
                for label in CRITIC_LABELS:
                    result.vetoes.setdefault(label, "reported")
            active = {label for hit in result.hits for label in hit.labels if hit.weight >= 0.5}
            if active & OVERRIDING_LABELS:
                result.hits = [h for h in result.hits if not set(h.labels) <= KIND_LABELS]
            cued = {label for hit in result.hits for label in hit.labels}
            for strong, capped in CAPS:
                if strong in active and capped not in cued:
                    result.vetoes.setdefault(capped, "opposite")
            if "self_judgment" not in active and self._first("third_person_insult", sent):
                result.vetoes.setdefault("self_judgment", "third_person")
                result.vetoes.setdefault("over_identification", "third_person")
        return out

    def _negated(self, sent: str, cue_start: int) -> bool:
        window = sent[max(0, cue_start - NEGATION_WINDOW_CHARS) : cue_start]
        last = max(_NEGATOR.finditer(window), key=lambda m: m.start(), default=None)
        return last is not None and _CLAUSE_BREAK.search(window, last.end()) is None

    def _has_problem(self, texts: Sequence[str], i: int) -> bool:
        return any(
            self._first("problem", texts[j]) is not None for j in (i - 1, i) if 0 <= j < len(texts)
        )

    def _endorsed(
        self,
        texts: Sequence[str],
        spans: Sequence[Span],
        i: int,
        reported: re.Match[str],
        region_end: int,
        out: list[SentenceRules],
    ) -> bool:
        """Reported criticism the speaker agrees with ("...and she's right") counts as
        their own: the endorsement is marked as self-judgment evidence."""
        if not _HARSH_WORDS.search(texts[i], reported.start(), region_end):
            return False
        for j, pos in ((i, reported.end()), (i + 1, 0)):
            if j >= len(texts):
                break
            endorse = self._first("endorse", texts[j], pos)
            if endorse is not None and not self._negated(texts[j], endorse.start()):
                out[j].hits.append(
                    RuleHit(
                        "endorsed_criticism",
                        ("self_judgment",),
                        spans[j].start + endorse.start(),
                        spans[j].start + endorse.end(),
                        ENDORSEMENT_WEIGHT,
                    )
                )
                return True
        return False


_HARSH_WORDS = re.compile(r"(?!)")  # replaced by load_ruleset with the INSULT/WORTH macros


def _data_text(name: str) -> str:
    return (resources.files("befriend.rules") / "data" / name).read_text(encoding="utf-8")


def _rows(text: str) -> Iterable[list[str]]:
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _expand(pattern: str, macros: dict[str, str]) -> str:
    for _ in range(3):
        for name, value in macros.items():
            pattern = pattern.replace("{" + name + "}", value)
    return pattern


def _labels(field_value: str, row_id: str) -> tuple[str, ...]:
    if field_value in ("", "-"):
        return ()
    labels = tuple(field_value.split("|"))
    unknown = [label for label in labels if label not in LABELS]
    if unknown:
        raise ValueError(f"rule {row_id}: unknown label(s) {unknown}")
    return labels


@lru_cache(maxsize=1)
def load_ruleset() -> RuleSet:
    """Compile the packaged rule files (once per process)."""
    global _HARSH_WORDS
    patterns_text = _data_text("patterns.tsv")
    frames_text = _data_text("frames.tsv")
    macros: dict[str, str] = {}
    rules: list[Rule] = []
    for row in _rows(patterns_text):
        if row[0].startswith("@"):
            macros[row[0][1:]] = row[1]
            continue
        rule_id, adds, vetoes, weight, pattern, source = row
        rules.append(
            Rule(
                rule_id,
                _labels(adds, rule_id),
                _labels(vetoes, rule_id),
                float(weight),
                re.compile(_expand(pattern, macros)),
                source,
            )
        )
    frames = [
        Frame(row[0], row[1], re.compile(_expand(row[2], macros)), row[3])
        for row in _rows(frames_text)
    ]
    _HARSH_WORDS = re.compile(r"\b(?:" + macros["INSULT"] + "|" + macros["WORTH"] + r")\b")
    fingerprinted = patterns_text + frames_text + engine_settings()
    digest = hashlib.sha256(fingerprinted.encode("utf-8")).hexdigest()[:12]
    return RuleSet(rules, frames, digest)


def engine_settings() -> str:
    """The engine's own settings, as text: part of the rules' fingerprint, so a change
    to how the rules are applied changes the analyzer version as a change to a rule
    file does."""
    return repr(
        (
            NEGATION_WINDOW_CHARS,
            DISMISSAL_WITH_PROBLEM_WEIGHT,
            ENDORSEMENT_WEIGHT,
            _NEGATOR.pattern,
            sorted(NEGATABLE_CRITIC),
            sorted(OVERRIDING_LABELS),
            CAPS,
            _CLAUSE_BREAK.pattern,
        )
    )
