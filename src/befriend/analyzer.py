"""The analyzer: safety screen first, then rules and model, merged per sentence."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import numpy as np

from befriend.analysis import Analysis, Evidence, SentenceAnalysis
from befriend.balance import balance_of
from befriend.errors import BefriendError, UnsupportedLanguageError
from befriend.labels import LABELS
from befriend.merge import DECISION_THRESHOLD, MERGERS, VETO_CAP
from befriend.rules import RuleSet, SentenceRules, load_ruleset
from befriend.text import Span, looks_english, normalize, split_sentences, validate_text

if TYPE_CHECKING:
    from befriend.model.embedder import Embedder
    from befriend.model.head import Head
    from befriend.safety import SafetyResult, SafetyScreen

ANALYZER_SERIES: Final[str] = "befriend-analyzer/2"
DEFAULT_BATCH_SIZE: Final[int] = 64
_CRISIS = LABELS.index("crisis")


@dataclass(frozen=True, slots=True)
class _Prepared:
    text: str
    norm: str
    spans: list[Span]
    rules: list[SentenceRules]
    safety: SafetyResult


class Analyzer:
    """Reads self-talk and labels it (see TAXONOMY.md).

    The embedder, head, rules and safety screen can be passed in (tests use a fake
    embedder); by default the packaged ones load on first use, with no network.
    """

    def __init__(
        self,
        *,
        embedder: Embedder | None = None,
        head: Head | None = None,
        rules: RuleSet | None = None,
        screen: SafetyScreen | None = None,
        merger: str = "merge-v1",
        threads: int | None = None,
    ) -> None:
        if merger not in MERGERS:
            raise BefriendError(
                f"There is no merger called {merger!r}; choose one of {', '.join(MERGERS)}."
            )
        self._embedder = embedder
        self._head = head
        self._rules = rules
        self._screen = screen
        self._merger_name = merger
        self._merge = MERGERS[merger]
        self._threads = threads
        self._lock = threading.Lock()

    # -- components, loaded lazily --------------------------------------------------
    @property
    def rules(self) -> RuleSet:
        if self._rules is None:
            self._rules = load_ruleset()
        return self._rules

    @property
    def screen(self) -> SafetyScreen:
        if self._screen is None:
            from befriend.safety import SafetyScreen

            self._screen = SafetyScreen()
        return self._screen

    @property
    def head(self) -> Head:
        if self._head is None:
            from befriend.model.head import load_head

            self._head = load_head()
        return self._head

    @property
    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                from befriend.model.embedder import OnnxEmbedder

                self._embedder = OnnxEmbedder(threads=self._threads)
            return self._embedder

    @property
    def version(self) -> str:
        """Names every component and its content hash, so a result can be cited."""
        return (
            f"{ANALYZER_SERIES} {self.rules.version}:{self.rules.fingerprint} "
            f"{self.head.name}:{self.head.fingerprint} "
            f"{self.embedder.name}:{self.embedder.fingerprint()} {self._merger_name} "
            f"{self.screen.version}"
        )

    # -- public API -------------------------------------------------------------------
    def analyze(self, text: str) -> Analysis:
        """Analyse one text. Raises a :class:`BefriendError` for text it can't read."""
        result = next(iter(self.analyze_each([text])))
        if isinstance(result, BefriendError):
            raise result
        return result

    def analyze_many(
        self, texts: Iterable[str], batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Iterator[Analysis]:
        """Analyse texts in order, embedding ``batch_size`` texts' sentences at a time.

        Raises on the first text it can't read; see :meth:`analyze_each` to get the
        error in place of the result instead.
        """
        for result in self.analyze_each(texts, batch_size=batch_size):
            if isinstance(result, BefriendError):
                raise result
            yield result

    def analyze_each(
        self, texts: Iterable[str], batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Iterator[Analysis | BefriendError]:
        """Like :meth:`analyze_many`, yielding a :class:`BefriendError` for a bad text."""
        if batch_size < 1:
            raise BefriendError("batch_size must be 1 or more.")
        # Overlapping the screen of one chunk with the embedding of the previous one in
        # a thread was measured slower on 2 cores at first; later about 5% faster in
        # process, but with no gain beyond noise for a whole `--jsonl` run with the
        # reader streaming through one call (2026-11-27, docs/analyzer.md).
        for chunk in _chunked(texts, batch_size):
            yield from self._finish_chunk(self._prepare_chunk(chunk))

    # -- internals ------------------------------------------------------------------
    def _has_idiom(self, sentence: str) -> bool:
        from befriend.safety.screen import normalize_for_screen

        norm = normalize_for_screen(sentence)
        return any(rule.pattern.search(norm) for rule in self.screen.idioms)

    def _prepare(self, text: str) -> _Prepared | BefriendError:
        try:
            validate_text(text)
        except BefriendError as exc:
            return exc
        safety = self.screen.screen(text)
        if not safety.crisis and not looks_english(text):
            return UnsupportedLanguageError()
        norm = normalize(text)
        spans = split_sentences(text)
        return _Prepared(text, norm, spans, self.rules.apply(norm, spans), safety)

    def _prepare_chunk(self, texts: Sequence[str]) -> list[_Prepared | BefriendError]:
        return [self._prepare(t) for t in texts]

    def _finish_chunk(
        self, prepared: Sequence[_Prepared | BefriendError]
    ) -> list[Analysis | BefriendError]:
        sentences = [
            p.text[s.start : s.end] for p in prepared if isinstance(p, _Prepared) for s in p.spans
        ]
        if sentences:
            sizes = [len(p.spans) for p in prepared if isinstance(p, _Prepared)]
            calibrated = self.head.calibrate(
                self.head.predict(self.embedder.embed_batch(sentences), sizes)
            )
        else:
            calibrated = np.zeros((0, len(LABELS)), dtype=np.float32)
        version = self.version
        out: list[Analysis | BefriendError] = []
        row = 0
        for item in prepared:
            if isinstance(item, BefriendError):
                out.append(item)
                continue
            n = len(item.spans)
            out.append(self._assemble(item, calibrated[row : row + n], version))
            row += n
        return out

    def _assemble(self, item: _Prepared, model: np.ndarray, version: str) -> Analysis:
        head_labels = self.head.labels
        signals = item.safety.signals
        sentences: list[SentenceAnalysis] = []
        idioms: dict[int, bool] = {}

        def has_idiom(j: int) -> bool:
            if j not in idioms:
                around = item.spans[j]
                idioms[j] = self._has_idiom(item.text[around.start : around.end])
            return idioms[j]

        for i, (span, rules, probs) in enumerate(zip(item.spans, item.rules, model, strict=True)):
            model_scores = {label: float(probs[head_labels.index(label)]) for label in LABELS}
            inside = [s for s in signals if s.start < span.end and s.end > span.start]
            real_signals = [s for s in inside if not s.negated]
            near = range(max(0, i - 1), min(len(item.spans), i + 2))
            if (
                not real_signals
                and model_scores["crisis"] > VETO_CAP
                and (any(s.negated for s in inside) or any(has_idiom(j) for j in near))
            ):
                # "I'm not suicidal, just tired", or "this commute is killing me" in this
                # sentence or the one next to it: the model alone does not call it a
                # crisis there; the screen's own signals still would.
                model_scores["crisis"] = min(model_scores["crisis"], VETO_CAP)
            if real_signals:
                # The screen found a crisis sign in this sentence. Most crisis text the
                # model learned from is labelled for crisis alone, so its other scores
                # here are guesses, and a guess such as "motivation by fear" beside "I
                # want to die" is wrong and unkind. Only rule cues add labels here.
                for label in LABELS:
                    if label != "crisis":
                        model_scores[label] = min(model_scores[label], VETO_CAP)
            scores = self._merge(model_scores, rules)
            evidence: list[Evidence] = []
            if real_signals:
                scores["crisis"] = 1.0
                evidence.extend(
                    Evidence("crisis", s.start, s.end, f"safety:{s.rule_id}", 1.0)
                    for s in real_signals
                )
            labels = tuple(label for label in LABELS if scores[label] >= DECISION_THRESHOLD)
            for hit in rules.hits:
                for label in hit.labels:
                    if label in labels:
                        evidence.append(
                            Evidence(label, hit.start, hit.end, f"rule:{hit.rule_id}", hit.weight)
                        )
            for label in labels:
                if model_scores[label] >= DECISION_THRESHOLD and label not in rules.vetoes:
                    evidence.append(
                        Evidence(
                            label,
                            span.start,
                            span.end,
                            f"model:{self.head.name}",
                            model_scores[label],
                        )
                    )
            evidence.sort(key=lambda e: (e.start, LABELS.index(e.label), e.source))
            sentences.append(
                SentenceAnalysis(
                    span.start,
                    span.end,
                    item.text[span.start : span.end],
                    labels,
                    scores,
                    tuple(evidence),
                )
            )
        text_scores = {
            label: max((s.scores[label] for s in sentences), default=0.0) for label in LABELS
        }
        present = {label for s in sentences for label in s.labels}
        crisis = item.safety.crisis or "crisis" in present
        if crisis:
            present.add("crisis")
            text_scores["crisis"] = max(text_scores["crisis"], 1.0 if item.safety.crisis else 0.0)
        labels = tuple(label for label in LABELS if label in present)
        return Analysis(
            text=item.text,
            labels=labels,
            scores=text_scores,
            sentences=tuple(sentences),
            balance=balance_of(labels),
            crisis=crisis,
            version=version,
            safety_signals=tuple(item.safety.kinds()),
        )


def _chunked(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for text in texts:
        chunk.append(text)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_default: Analyzer | None = None
_default_lock = threading.Lock()


def default_analyzer() -> Analyzer:
    """The process-wide analyzer used by :func:`befriend.analyze`, created on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Analyzer()
        return _default


def analyze(text: str) -> Analysis:
    """Analyse one text with the packaged analyzer."""
    return default_analyzer().analyze(text)
