"""The safety screen: finds signs of risk to life or safety in a text.

It runs before anything else on every text.  It is a transparent rule
screen, tuned for recall: every rule lives in ``data/crisis_patterns.tsv``
with the warning sign it encodes, and every idiom that must not fire lives in
``data/idioms.tsv``.

How one text is screened:

1. The text is lower-cased and its quotes straightened, character for
   character, so offsets found in the normalised form are offsets into the
   original text.
2. Idioms ("this commute is killing me", "I'd die for a coffee") are masked:
   only the idiom's trigger word is blanked, so a real sign later in the same
   sentence ("... and honestly I want to die") is still seen.
3. Every crisis rule is searched over the whole text, and again over a
   reading in which "you/your/yourself" stand for "I/my/myself": texts
   written to a friend, or self-distanced ("you keep hurting yourself"), are
   labelled like first-person ones.  Spans found in that reading are mapped
   back to the original text.  A match is then:
   - dropped when its rule is flagged ``g`` and the words just before it make
     a third person its subject ("she wants to die", "my friend's suicide");
   - dropped when its rule is flagged ``c`` and its sentence is about fiction,
     the news or research ("the news about the suicide bombing");
   - dropped when it sits inside a quotation attributed to someone else or to
     a song, book or film (never for danger from others: "he said 'I'll kill
     you'" is a threat against the speaker);
   - marked negated when a denial governs it ("I'm not suicidal").
   Rules flagged ``n`` carry their own negation ("I haven't eaten ... I
   don't deserve to") and skip this check.
4. Rules flagged ``s`` (support) are signs that are too ambiguous alone
   ("I can't do this anymore", "I wrote everyone letters"); they count only
   when the text holds another signal, negated or not.
5. ``crisis`` is True when any signal is not negated.  A negated mention alone
   is reported (kind ``negated_mention``) but is not a crisis.

The screen never changes, stores or sends the text.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Final

from befriend.safety.prefilter import GateIndex

__all__ = [
    "RULE_KINDS",
    "SIGNAL_KINDS",
    "CrisisRule",
    "IdiomRule",
    "SafetyDataError",
    "SafetyResult",
    "SafetyScreen",
    "SafetySignal",
    "default_screen",
    "normalize_for_screen",
    "screen",
]

RULE_KINDS: Final[tuple[str, ...]] = (
    "suicidal_thoughts",
    "wish_to_die",
    "wish_to_disappear",
    "indirect",
    "self_harm",
    "goodbye",
    "giving_away",
    "plan",
    "means",
    "date",
    "hopelessness",
    "danger_from_others",
)
"""Kinds a crisis rule may have."""

NEGATED_KIND: Final[str] = "negated_mention"

SIGNAL_KINDS: Final[tuple[str, ...]] = (*RULE_KINDS, NEGATED_KIND)
"""Kinds a :class:`SafetySignal` may have."""

FLAG_GUARD: Final[str] = "g"
FLAG_CONTEXT: Final[str] = "c"
FLAG_SUPPORT: Final[str] = "s"
FLAG_NO_NEGATION: Final[str] = "n"
_FLAGS: Final[frozenset[str]] = frozenset(
    {FLAG_GUARD, FLAG_CONTEXT, FLAG_SUPPORT, FLAG_NO_NEGATION}
)

RULES_VERSION: Final[str] = "safety-rules-v1"

_PATTERNS_FILE: Final[str] = "crisis_patterns.tsv"
_IDIOMS_FILE: Final[str] = "idioms.tsv"
_PATTERN_COLUMNS: Final[tuple[str, ...]] = ("id", "kind", "flags", "pattern", "source")
_IDIOM_COLUMNS: Final[tuple[str, ...]] = ("id", "pattern", "note")
_MASK_CHAR: Final[str] = "#"


class SafetyDataError(ValueError):
    """A safety data file is malformed (bad column count, kind, flag or regex)."""


# --------------------------------------------------------------------------
# Public result types
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SafetySignal:
    """One sign of risk found in a text."""

    kind: str
    """One of :data:`SIGNAL_KINDS`; ``negated_mention`` when ``negated``."""
    start: int
    """Offset of the first character of the evidence in the original text."""
    end: int
    """Offset just past the evidence in the original text."""
    rule_id: str
    """The id of the rule in ``crisis_patterns.tsv`` that found it."""
    negated: bool
    """True when a denial governs the match ("I'm not suicidal")."""

    def excerpt(self, text: str) -> str:
        """The evidence, cut from the text that was screened."""
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class SafetyResult:
    """The outcome of screening one text."""

    crisis: bool
    signals: tuple[SafetySignal, ...]
    version: str

    def kinds(self) -> list[str]:
        """The distinct signal kinds, in order of first appearance."""
        seen: list[str] = []
        for signal in self.signals:
            if signal.kind not in seen:
                seen.append(signal.kind)
        return seen

    @property
    def danger_from_others(self) -> bool:
        """True when someone else is a danger to the writer (not negated)."""
        return any(s.kind == "danger_from_others" and not s.negated for s in self.signals)

    @property
    def negated_only(self) -> bool:
        """True when the text holds only negated mentions."""
        return bool(self.signals) and all(s.negated for s in self.signals)


@dataclass(frozen=True, slots=True)
class CrisisRule:
    """One row of ``crisis_patterns.tsv``, compiled."""

    id: str
    kind: str
    flags: frozenset[str]
    pattern: re.Pattern[str]
    source: str

    @property
    def guarded(self) -> bool:
        return FLAG_GUARD in self.flags

    @property
    def contextual(self) -> bool:
        return FLAG_CONTEXT in self.flags

    @property
    def support(self) -> bool:
        return FLAG_SUPPORT in self.flags

    @property
    def negatable(self) -> bool:
        return FLAG_NO_NEGATION not in self.flags


@dataclass(frozen=True, slots=True)
class IdiomRule:
    """One row of ``idioms.tsv``, compiled.

    When the pattern has a group named ``m`` only that group is masked;
    otherwise the whole match is.
    """

    id: str
    pattern: re.Pattern[str]
    note: str


# --------------------------------------------------------------------------
# Normalisation and text structure
# --------------------------------------------------------------------------

_TRANSLATION: Final[dict[int, str]] = {
    ord("\u2019"): "'",
    ord("\u2018"): "'",
    ord("\u201b"): "'",
    ord("\u02bc"): "'",
    ord("\u00b4"): "'",
    ord("\u2032"): "'",
    ord("`"): "'",
    ord("\u201c"): '"',
    ord("\u201d"): '"',
    ord("\u201e"): '"',
    ord("\u201f"): '"',
    ord("\u00ab"): '"',
    ord("\u00bb"): '"',
    ord("\u2013"): "-",
    ord("\u2014"): "-",
    ord("\u2212"): "-",
    ord("\u2010"): "-",
    ord("\u2011"): "-",
    ord("\u2026"): ".",
    ord("\u00a0"): " ",
    ord("\u2007"): " ",
    ord("\u202f"): " ",
    ord("\u200b"): " ",
    ord("\u200c"): " ",
    ord("\u200d"): " ",
    ord("\u2060"): " ",
    ord("\ufeff"): " ",
    ord("\t"): " ",
    ord(_MASK_CHAR): "*",
}


def normalize_for_screen(text: str) -> str:
    """Lower-case, straighten quotes and dashes, keeping every offset.

    The result has exactly ``len(text)`` characters and character *i* of the
    result comes from character *i* of ``text``.  The mask character is
    replaced so that user text can never look masked.
    """
    translated = text.translate(_TRANSLATION)
    lowered = translated.lower()
    if len(lowered) == len(translated):
        return lowered
    # A few characters (e.g. U+0130) lower-case to two; keep those as they are.
    return "".join(low if len(low) == 1 else ch for ch, low in ((c, c.lower()) for c in translated))


_SENTENCE_END: Final[re.Pattern[str]] = re.compile(r"[.!?]+(?=[\s\"')\]]|$)|\n")
_CLAUSE_BREAK: Final[re.Pattern[str]] = re.compile(
    r"[,;:()\[\]]|\s-+\s|"
    r"\b(?:but|and|so|though|although|because|cause|cuz|however|yet|except|"
    r"unless|while|whereas|or|tbh|honestly|anyway|anyways|lol|lmao)\b"
)


def _sentence_starts(norm: str) -> list[int]:
    starts = [0]
    for match in _SENTENCE_END.finditer(norm):
        starts.append(match.end())
    return starts


_QUOTE: Final[re.Pattern[str]] = re.compile(r'"[^"\n]{1,400}"')

# --------------------------------------------------------------------------
# Second person
# --------------------------------------------------------------------------
# befriend's texts are often written to a friend ("you ...") or self-distanced
# ("you always mess up"), and the taxonomy labels them like first-person
# text.  So the rules also run over a second view of the text in which
# "you/your/yourself" read as "I/my/myself"; spans found there are mapped
# back to offsets in the original text.

_SECOND_PERSON: Final[re.Pattern[str]] = re.compile(
    r"\b(?:yourselves|yourself|urself|yours|your|ur|you'?re|you'?ve|you'?ll|"
    r"you'?d|you\s+are|you\s+were|you\s+have|you\s+was|you|u)\b"
)
_SECOND_FIXED: Final[dict[str, str]] = {
    "yourselves": "myself",
    "yourself": "myself",
    "urself": "myself",
    "yours": "mine",
    "your": "my",
    "ur": "my",
    "you're": "i'm",
    "youre": "im",
    "you've": "i've",
    "youve": "ive",
    "you'll": "i'll",
    "youll": "ill",
    "you'd": "i'd",
    "youd": "id",
    "you are": "i am",
    "you were": "i was",
    "you was": "i was",
    "you have": "i have",
}
# "you" right after one of these is an object ("he hit you", "told you").
_OBJECT_PREV: Final[re.Pattern[str]] = re.compile(
    r"\b(?:to|for|with|at|on|about|from|into|against|without|around|near|behind|"
    r"after|before|of|by|over|under|toward|towards|onto|upon|hit|hits|hitting|"
    r"shove|shoved|shoves|shoving|push|pushed|pushes|pushing|told|tell|tells|"
    r"telling|gave|give|gives|giving|make|made|makes|making|let|lets|hurt|hurts|"
    r"hurting|kill|killed|kills|choke|choked|chokes|choking|strangle|strangled|"
    r"strangles|slap|slapped|slaps|punch|punched|punches|kick|kicked|kicks|"
    r"threaten|threatened|threatens|lock|locked|locks|grab|grabbed|grabs|pin|"
    r"pinned|pins|threw|throws|beat|beats|beating|call|called|calls|follow|"
    r"followed|follows|need|needs|miss|misses|missed|love|loves|hate|hates|"
    r"see|saw|sees|seen|leave|left|leaves|stop|stopped|stops|help|helps|"
    r"helped|keep|keeps|kept|find|found|finds|bring|brought|take|took|takes|"
    r"ask|asked|asks|want|wants|wanted|blame|blames|blamed|control|controls|"
    r"controlled|track|tracks|tracked|check|checks|checked|scare|scares|"
    r"scared|frighten|frightens|frightened|stalk|stalks|stalked|force|forced|"
    r"forces|drag|dragged|drags|trap|trapped|traps|isolate|isolated|isolates|"
    r"bother|bothers|notice|noticed|notices|mess|messed|put|puts|send|sent|"
    r"sends|got|get|gets|watch|watched|watches|drive|drove|drives|protect|"
    r"protects|protected|meet|met|join|joined|like|likes|liked|believe|"
    r"believed|trust|trusted|hug|hugged|remind|reminded|have|has|had|with)\s+$"
)
# "you" right after one of these starts a clause ("if you leave", "till you").
_SUBJECT_PREV: Final[re.Pattern[str]] = re.compile(
    r"\b(?:till|until|til|when|whenever|if|because|cause|cuz|and|but|so|that|"
    r"unless|while|once|since|where|how|why|what|who|as|though|although|"
    r"whether|then|maybe|honestly|sometimes|and\s+then)\s+$"
)
# "you" right before one of these is the subject ("you want", "you keep").
_SUBJECT_NEXT: Final[re.Pattern[str]] = re.compile(
    r"\s+(?:want|wanna|wish|wished|hope|hoped|keep|kept|said|say|says|told|tell|"
    r"think|thought|feel|felt|need|needed|should|could|would|will|won'?t|wont|"
    r"can|can'?t|cant|cannot|might|must|just|really|never|always|still|"
    r"don'?t|dont|didn'?t|didnt|do|did|deserve|hate|know|knew|seem|seemed|"
    r"get|got|go|gave|give|wrote|write|written|start|started|stopped|have|"
    r"had|has|been|mentioned|cut|hit|hurt|tried|try|made|make|left|sorted|picked|"
    r"cancelled|canceled|closed|sound|sounded|may|also|even|only|literally|"
    r"honestly|actually|probably|lost|live|lived|took|take|stay|stayed|"
    r"look|looked|went|came|come|put|hid|hide|bought|buy|sent|send|posted|"
    r"already|ever|often|sometimes|barely|hardly|haven'?t|hasn'?t|wouldn'?t|"
    r"couldn'?t|shouldn'?t|weren'?t|aren'?t|isn'?t|wasn'?t|flinch|flinched|"
    r"[a-z]+ed)\b"
)


@dataclass(slots=True)
class _View:
    """A reading of the text; ``starts``/``ends`` map each of its characters
    to the span of the original text it came from (None: same as the text)."""

    text: str
    starts: list[int] | None = None
    ends: list[int] | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def _second_person_view(norm: str) -> _View | None:
    """The text with second-person words read as first person; None when it
    has none."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    changed = False
    for match in _SECOND_PERSON.finditer(norm):
        word = re.sub(r"\s+", " ", match.group(0))
        if word in _SECOND_FIXED:
            replacement = _SECOND_FIXED[word]
        elif _SUBJECT_PREV.search(norm, max(0, match.start() - 20), match.start()):
            replacement = "i"
        elif _OBJECT_PREV.search(norm, max(0, match.start() - 20), match.start()):
            replacement = "me"
        elif _SUBJECT_NEXT.match(norm, match.end()):
            replacement = "i"
        else:
            before = norm[max(0, match.start() - 3) : match.start()].strip()
            replacement = "i" if not before or not before[-1].isalnum() else "me"
        pieces.append(norm[pos : match.start()])
        starts.extend(range(pos, match.start()))
        ends.extend(range(pos + 1, match.start() + 1))
        pieces.append(replacement)
        starts.extend([match.start()] * len(replacement))
        ends.extend([match.end()] * len(replacement))
        pos = match.end()
        changed = True
    if not changed:
        return None
    pieces.append(norm[pos:])
    starts.extend(range(pos, len(norm)))
    ends.extend(range(pos + 1, len(norm) + 1))
    return _View("".join(pieces), starts, ends)


# --------------------------------------------------------------------------
# Negation, third-person guard, context
# --------------------------------------------------------------------------

# Words that may stand between a denial and the sign it denies:
# "I'm not (really) (going to) kill myself", "I don't (even) want to die".
_NEG_FILLER: Final[str] = (
    r"(?:i|i'?m|im|am|i'?d|id|would|i'?ll|will|i'?ve|ive|have|had|ever|even|"
    r"really|actually|truly|seriously|currently|at\s+all|anymore|going\s+to|"
    r"gonna|planning\s+to|planning\s+on|plan\s+to|plan\s+on|about\s+to|"
    r"trying\s+to|try\s+to|want\s+to|wanna|wanting\s+to|intend\s+to|"
    r"intending\s+to|thinking\s+about|thinking\s+of|think\s+about|think\s+of|"
    r"thought\s+about|considering|consider|feeling|feel|felt|that|been|being|"
    r"be|any|a|the|in|at|of|to|do|did|think|thought|say|saying|mean|actively|"
    r"currently|particularly|necessarily|physically|ever\s+again|myself|"
    r"something|anything|like)"
)
_NEG_END: Final[re.Pattern[str]] = re.compile(
    r"(?:\b(?:not|never|nor|without|nt|dont|didnt|doesnt|wont|wouldnt|isnt|"
    r"arent|wasnt|werent|aint|havent|hasnt|hadnt|no\s+longer)|(?<!ca)(?<!could)(?<!should)n't)\s+"
    rf"(?:{_NEG_FILLER}\s+){{0,5}}$"
)
# "no" only negates nouns: "no suicidal thoughts", "no plans to end my life".
_NO_END: Final[re.Pattern[str]] = re.compile(
    r"\b(?:no|zero|none\s+of\s+the)\s+(?:(?:current|real|actual|active|"
    r"serious)\s+)?(?:(?:thoughts?|plans?|intentions?|intent|desire|wish|"
    r"urges?|risk|danger)\s+(?:of|about|to|for)\s+)?$"
)
# "I'm not going to kill myself yet" is not a denial.
_UNNEGATE_AFTER: Final[re.Pattern[str]] = re.compile(r"\s*,?\s*(?:yet|for\s+now)\b")

_THIRD_SUBJECTS: Final[str] = (
    r"(?:he|she|they|it|who|one|someone|somebody|everyone|everybody|nobody|"
    r"people|person|man|woman|guy|girl|boy|kid|kids|character|characters|"
    r"protagonist|narrator|hero|heroine|villain|author|singer|rapper|actor|"
    r"actress|celebrity|friend|friends|bestie|bff|mate|mom|mum|mother|dad|"
    r"father|parent|parents|brother|sister|sibling|cousin|aunt|uncle|grandma|"
    r"grandpa|grandmother|grandfather|son|daughter|husband|wife|boyfriend|"
    r"girlfriend|partner|bf|gf|ex|roommate|flatmate|coworker|colleague|"
    r"classmate|student|patient|client|neighbour|neighbor|teacher|boss|him|"
    r"her|them|his|hers|their|theirs|"
    r"(?:friend|mom|mum|mother|dad|father|brother|sister|cousin|aunt|uncle|"
    r"son|daughter|husband|wife|boyfriend|girlfriend|partner|roommate|"
    r"coworker|colleague|classmate|neighbour|neighbor|teacher|boss|"
    r"character|singer|author|patient|client|grandma|grandpa)'s)"
)
_THIRD_FILLER: Final[str] = (
    r"(?:is|was|are|were|be|been|being|has|had|have|keeps|kept|feels|felt|"
    r"seems|seemed|looks|looked|got|gets|getting|became|becomes|so|really|"
    r"very|kinda|pretty|quite|extremely|also|too|now|again|still|just|always|"
    r"even|feeling|acting|said|says|saying|told|tells|wants|wanted|tried|"
    r"tries|trying|thinks|thought|talks|talked|talking|about|of|to|might|may|"
    r"could|would|will|should|must|once|sometimes|often|apparently|"
    r"supposedly|probably|definitely|then|finally|recently|allegedly|almost|"
    r"nearly|already|openly|seriously|left|wrote|writes|sent|posted|a|an|"
    r"the|doesn'?t|didn'?t|does|did|hoping|hopes|hoped|wishes|wished|"
    r"decided|decides|planned|plans|planning|threatened|threatens|"
    r"threatening|started|starts|began|ended|up|needs|needed|went|goes|died|dies|by|committed|commits|attempted|attempts|lost|to|took|takes|completed)"
)
_GUARD_END: Final[re.Pattern[str]] = re.compile(
    rf"\b{_THIRD_SUBJECTS}(?:'s|'re|'d|'ll)?\s+(?:{_THIRD_FILLER}\s+){{0,5}}$"
)
_FIRST_PERSON_START: Final[re.Pattern[str]] = re.compile(
    r"(?:i|i'm|im|i've|ive|i'd|i'll|my|me|myself|mine)\b"
)

# Sentences about fiction, news, research or awareness campaigns.
_CONTEXT: Final[re.Pattern[str]] = re.compile(
    r"\b(?:news|article|articles|headline|headlines|documentary|documentaries|"
    r"movie|movies|film|films|novel|novels|book|books|story|stories|"
    r"character|characters|episode|episodes|series|tv|netflix|anime|manga|"
    r"comic|comics|song|songs|lyric|lyrics|album|game|games|podcast|bomb|"
    r"bombs|bombing|bombings|bomber|bombers|attack|attacks|terrorist|"
    r"terrorists|terror|statistics|stats|rate|rates|awareness|prevention|"
    r"research|researcher|study|studies|survey|essay|paper|thesis|lecture|"
    r"seminar|training|journalist|reporter|reported|celebrity|actor|actress|"
    r"poem|poet|play|musical|opera|hamlet|fiction|fictional|plot|chapter|"
    r"scene|trope|tropes|author|writer|screenplay|manuscript|squad|"
    r"historian|history|war|soldier|soldiers|kamikaze|volunteer|volunteering|"
    r"campaign|charity|fundraiser|wikipedia|textbook|course|class|module)\b"
)
_SPEECH_FRAME_END: Final[re.Pattern[str]] = re.compile(
    r"\b(?P<who>[a-z]+)\s+(?:says|said|sings|sang|writes|wrote|screams|"
    r"screamed|yells|yelled|goes|went|whispers|whispered|shouts|shouted|"
    r"cries|cried|asks|asked|reads|read|titled|called|posted|tweeted|"
    r"captioned)\s*[,:]?\s*$"
)
_FIRST_PERSON_SPEAKERS: Final[frozenset[str]] = frozenset({"i", "we", "me"})


# --------------------------------------------------------------------------
# Data files
# --------------------------------------------------------------------------

_MACRO_REF: Final[re.Pattern[str]] = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


def _expand_macros(pattern: str, macros: dict[str, str], where: str) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise SafetyDataError(f"{where}: unknown macro {{{name}}}")
        return macros[name]

    return _MACRO_REF.sub(replace, pattern)


def _compile(pattern: str, where: str, *, allow_empty: bool = False) -> re.Pattern[str]:
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise SafetyDataError(f"{where}: invalid regular expression: {exc}") from exc
    if not allow_empty and compiled.fullmatch("") is not None:
        raise SafetyDataError(f"{where}: pattern matches the empty string")
    return compiled


def _data_rows(text: str, columns: tuple[str, ...], name: str) -> Iterable[tuple[int, list[str]]]:
    header_seen = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) != len(columns):
            raise SafetyDataError(
                f"{name}:{lineno}: expected {len(columns)} tab-separated columns "
                f"({', '.join(columns)}), found {len(cells)}"
            )
        if not header_seen:
            if tuple(cells) != columns:
                raise SafetyDataError(f"{name}:{lineno}: header must be {' / '.join(columns)}")
            header_seen = True
            continue
        yield lineno, cells
    if not header_seen:
        raise SafetyDataError(f"{name}: no header row")


def parse_crisis_patterns(text: str, name: str = _PATTERNS_FILE) -> tuple[CrisisRule, ...]:
    """Parse the text of ``crisis_patterns.tsv``.

    Rows whose kind is ``macro`` define ``{NAME}`` shorthands that later rows
    (and later macros) may use.
    """
    macros: dict[str, str] = {}
    rules: list[CrisisRule] = []
    seen: set[str] = set()
    for lineno, (rule_id, kind, flags_cell, pattern, source) in _data_rows(
        text, _PATTERN_COLUMNS, name
    ):
        where = f"{name}:{lineno} ({rule_id})"
        if not rule_id or not pattern:
            raise SafetyDataError(f"{where}: id and pattern are required")
        if kind == "macro":
            if not re.fullmatch(r"[A-Z][A-Z0-9_]*", rule_id):
                raise SafetyDataError(f"{where}: macro names are UPPER_CASE")
            expanded = _expand_macros(pattern, macros, where)
            _compile(expanded, where, allow_empty=True)
            macros[rule_id] = f"(?:{expanded})"
            continue
        if kind not in RULE_KINDS:
            raise SafetyDataError(
                f"{where}: unknown kind {kind!r}; use one of {', '.join(RULE_KINDS)}"
            )
        if rule_id in seen:
            raise SafetyDataError(f"{where}: duplicate rule id")
        seen.add(rule_id)
        flags = frozenset() if flags_cell in ("", "-") else frozenset(flags_cell.split(","))
        unknown = flags - _FLAGS
        if unknown:
            raise SafetyDataError(f"{where}: unknown flags {sorted(unknown)}")
        if not source:
            raise SafetyDataError(f"{where}: the source column is required")
        compiled = _compile(_expand_macros(pattern, macros, where), where)
        rules.append(CrisisRule(rule_id, kind, flags, compiled, source))
    if not rules:
        raise SafetyDataError(f"{name}: no rules")
    return tuple(rules)


def parse_idioms(text: str, name: str = _IDIOMS_FILE) -> tuple[IdiomRule, ...]:
    """Parse the text of ``idioms.tsv``."""
    idioms: list[IdiomRule] = []
    seen: set[str] = set()
    for lineno, (idiom_id, pattern, note) in _data_rows(text, _IDIOM_COLUMNS, name):
        where = f"{name}:{lineno} ({idiom_id})"
        if not idiom_id or not pattern:
            raise SafetyDataError(f"{where}: id and pattern are required")
        if idiom_id in seen:
            raise SafetyDataError(f"{where}: duplicate idiom id")
        seen.add(idiom_id)
        idioms.append(IdiomRule(idiom_id, _compile(pattern, where), note))
    return tuple(idioms)


def _read_packaged(name: str) -> str:
    return (resources.files(__package__) / "data" / name).read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# The screen
# --------------------------------------------------------------------------


@dataclass(slots=True)
class _Candidate:
    rule: CrisisRule
    start: int
    end: int
    negated: bool


class SafetyScreen:
    """Loads and compiles the safety data once; screens any number of texts.

    Instances are immutable after construction and safe to share between
    threads.
    """

    __slots__ = ("_idiom_gates", "_idioms", "_rule_gates", "_rules", "_version")

    def __init__(
        self,
        patterns_text: str | None = None,
        idioms_text: str | None = None,
        *,
        prefilter: bool = True,
    ) -> None:
        if patterns_text is None:
            patterns_text = _read_packaged(_PATTERNS_FILE)
        if idioms_text is None:
            idioms_text = _read_packaged(_IDIOMS_FILE)
        self._rules = parse_crisis_patterns(patterns_text)
        self._idioms = parse_idioms(idioms_text)
        # Cheap substring tests that skip rules which provably cannot match a text
        # (see prefilter.py): the results are exactly those of running every rule.
        # ``prefilter=False`` runs every rule on every text (for testing that the
        # prefilter changes nothing).
        self._rule_gates = GateIndex((rule.pattern for rule in self._rules), enabled=prefilter)
        self._idiom_gates = GateIndex((idiom.pattern for idiom in self._idioms), enabled=prefilter)
        digest = hashlib.sha256()
        digest.update(patterns_text.encode("utf-8"))
        digest.update(b"\0")
        digest.update(idioms_text.encode("utf-8"))
        self._version = f"{RULES_VERSION}+{digest.hexdigest()[:10]}"

    @classmethod
    def from_files(cls, patterns: Path | str, idioms: Path | str) -> SafetyScreen:
        """Build a screen from data files on disk (for testing new rules)."""
        return cls(
            Path(patterns).read_text(encoding="utf-8"),
            Path(idioms).read_text(encoding="utf-8"),
        )

    @property
    def version(self) -> str:
        """``safety-rules-v1+`` and a short hash of the two data files."""
        return self._version

    @property
    def rules(self) -> tuple[CrisisRule, ...]:
        return self._rules

    @property
    def idioms(self) -> tuple[IdiomRule, ...]:
        return self._idioms

    def screen_many(self, texts: Iterable[str]) -> list[SafetyResult]:
        """Screen each text; the same as calling :meth:`screen` on each."""
        return [self.screen(text) for text in texts]

    def screen(self, text: str) -> SafetyResult:
        """Screen one text of any length."""
        if not isinstance(text, str):
            raise TypeError(f"the safety screen needs text (str), not {type(text).__name__}")
        if not text.strip():
            return SafetyResult(False, (), self._version)
        norm = normalize_for_screen(text)
        views = [_View(norm)]
        second = _second_person_view(norm)
        if second is not None:
            views.append(second)
        candidates: list[_Candidate] = []
        seen: set[tuple[str, int, int]] = set()
        for view in views:
            masked = self._mask_idioms(view.text)
            starts = _sentence_starts(view.text)
            quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(view.text)]
            for index in self._rule_gates.candidates(masked):
                rule = self._rules[index]
                for match in rule.pattern.finditer(masked):
                    found = self._judge(rule, match, view, norm, starts, quotes)
                    if found is None:
                        continue
                    key = (rule.id, found.start, found.end)
                    if key in seen:
                        continue
                    seen.add(key)
                    candidates.append(found)
        signals = _resolve(candidates)
        crisis = any(not s.negated for s in signals)
        return SafetyResult(crisis, signals, self._version)

    # -- internals ---------------------------------------------------------

    def _mask_idioms(self, norm: str) -> str:
        chars: list[str] | None = None
        for index in self._idiom_gates.candidates(norm):
            idiom = self._idioms[index]
            for match in idiom.pattern.finditer(norm):
                if "m" in idiom.pattern.groupindex and match.group("m") is not None:
                    start, end = match.span("m")
                else:
                    start, end = match.span()
                if start == end:
                    continue
                if chars is None:
                    chars = list(norm)
                for i in range(start, end):
                    if not chars[i].isspace():
                        chars[i] = _MASK_CHAR
        return norm if chars is None else "".join(chars)

    def _judge(
        self,
        rule: CrisisRule,
        match: re.Match[str],
        view: _View,
        norm: str,
        starts: list[int],
        quotes: list[tuple[int, int]],
    ) -> _Candidate | None:
        text = view.text
        start, end = match.span()
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if start >= end:
            return None
        index = bisect.bisect_right(starts, start) - 1
        sent_start = starts[index]
        sent_end = starts[index + 1] if index + 1 < len(starts) else len(text)

        if rule.guarded and _third_person(text, sent_start, start):
            return None
        if rule.contextual and _CONTEXT.search(text, sent_start, sent_end):
            return None
        if rule.kind != "danger_from_others" and _in_reported_quote(
            text, start, end, quotes, starts
        ):
            return None
        has_neg_group = "neg" in rule.pattern.groupindex and match.group("neg") is not None
        negated = has_neg_group or (rule.negatable and _is_negated(text, sent_start, start))
        if negated and _UNNEGATE_AFTER.match(text, end):
            negated = False
        orig_start, orig_end = _word_bounds(norm, *view.to_original(start, end))
        return _Candidate(rule, orig_start, orig_end, negated)


def _word_bounds(norm: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to whole words ("they'd", "yourself")."""

    def inside(i: int) -> bool:
        if norm[i].isalnum():
            return True
        return (
            norm[i] == "'"
            and 0 < i < len(norm) - 1
            and norm[i - 1].isalnum()
            and norm[i + 1].isalnum()
        )

    while start > 0 and inside(start - 1):
        start -= 1
    while end < len(norm) and inside(end):
        end += 1
    return start, end


def _third_person(norm: str, sent_start: int, start: int) -> bool:
    if _FIRST_PERSON_START.match(norm, start):
        return False
    window_start = max(sent_start, start - 100)
    return _GUARD_END.search(norm, window_start, start) is not None


def _is_negated(norm: str, sent_start: int, start: int) -> bool:
    window_start = max(sent_start, start - 120)
    clause_start = window_start
    for brk in _CLAUSE_BREAK.finditer(norm, window_start, start):
        clause_start = brk.end()
    if clause_start >= start:
        return False
    return bool(
        _NEG_END.search(norm, clause_start, start) or _NO_END.search(norm, clause_start, start)
    )


def _in_reported_quote(
    norm: str,
    start: int,
    end: int,
    quotes: list[tuple[int, int]],
    starts: list[int],
) -> bool:
    for q_start, q_end in quotes:
        if q_start < start and end < q_end:
            frame_start = max(0, q_start - 60)
            frame = _SPEECH_FRAME_END.search(norm, frame_start, q_start)
            if frame is not None and frame.group("who") not in _FIRST_PERSON_SPEAKERS:
                return True
            index = bisect.bisect_right(starts, q_start) - 1
            sent_start = starts[index]
            sent_end = starts[index + 1] if index + 1 < len(starts) else len(norm)
            return _CONTEXT.search(norm, sent_start, sent_end) is not None
        if q_start > start:
            break
    return False


def _overlaps(a: _Candidate, b: _Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def _resolve(candidates: list[_Candidate]) -> tuple[SafetySignal, ...]:
    # Support signs count only beside another, separate signal.
    kept = [
        c
        for c in candidates
        if not c.rule.support
        or any(other is not c and not _overlaps(other, c) for other in candidates)
    ]
    # Within one kind (and negation state) keep the longest of overlapping spans.
    kept.sort(key=lambda c: (-(c.end - c.start), c.start))
    chosen: list[_Candidate] = []
    for cand in kept:
        if any(
            other.rule.kind == cand.rule.kind
            and other.negated == cand.negated
            and _overlaps(other, cand)
            for other in chosen
        ):
            continue
        chosen.append(cand)
    chosen.sort(key=lambda c: (c.start, c.end, c.rule.kind, c.rule.id))
    return tuple(
        SafetySignal(
            kind=NEGATED_KIND if c.negated else c.rule.kind,
            start=c.start,
            end=c.end,
            rule_id=c.rule.id,
            negated=c.negated,
        )
        for c in chosen
    )


@functools.lru_cache(maxsize=1)
def default_screen() -> SafetyScreen:
    """The shared screen built from the packaged data files (built once)."""
    return SafetyScreen()


def screen(text: str) -> SafetyResult:
    """Screen one text with the packaged rules."""
    return default_screen().screen(text)
