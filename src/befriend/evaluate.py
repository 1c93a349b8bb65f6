"""Evaluation of the analyzer on a labelled JSONL file (``befriend eval``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from befriend.errors import BefriendError, InputFileError, InputFormatError
from befriend.labels import LABELS


@dataclass(frozen=True, slots=True)
class LabelScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int
    predicted: int


@dataclass(frozen=True, slots=True)
class EvalReport:
    texts: int
    per_label: tuple[LabelScore, ...]
    macro_f1: float
    crisis_recall: float
    crisis_missed: tuple[str, ...]
    skipped: int
    version: str

    def to_dict(self) -> dict[str, object]:
        return {
            "texts": self.texts,
            "skipped": self.skipped,
            "macro_f1": round(self.macro_f1, 4),
            "crisis_recall": round(self.crisis_recall, 4),
            "crisis_missed": list(self.crisis_missed),
            "per_label": {
                s.label: {
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                    "support": s.support,
                    "predicted": s.predicted,
                }
                for s in self.per_label
            },
            "version": self.version,
        }


def read_gold(path: Path) -> list[tuple[str, frozenset[str]]]:
    """Read ``{"text": ..., "labels": [...]}`` lines; a bad line stops with its number."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"There's no file at {path}. Check the path and try again.") from None
    except OSError as exc:
        raise InputFileError(f"{path} couldn't be read: {exc.strerror or exc}.") from None
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputFormatError(
            f"{path} isn't valid UTF-8 text (bad byte at position {exc.start}). "
            "Save it as UTF-8 and try again."
        ) from None
    rows: list[tuple[str, frozenset[str]]] = []
    for n, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            raise InputFormatError(f"{path}, line {n}: this line isn't valid JSON.") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise InputFormatError(
                f'{path}, line {n}: each line needs a JSON object with a "text" string.'
            )
        labels = obj.get("labels")
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise InputFormatError(f'{path}, line {n}: "labels" needs to be a list of label names.')
        unknown = sorted(set(labels) - set(LABELS))
        if unknown:
            raise InputFormatError(
                f"{path}, line {n}: unknown label(s) {', '.join(unknown)}. "
                f"The labels are: {', '.join(LABELS)}."
            )
        rows.append((obj["text"], frozenset(labels)))
    if not rows:
        raise InputFormatError(f"{path} has no labelled lines to evaluate.")
    return rows


def score(
    gold: Sequence[frozenset[str]],
    predicted: Sequence[frozenset[str] | None],
    texts: Sequence[str],
    version: str,
) -> EvalReport:
    """Per-label precision/recall/F1 and macro-F1. ``None`` predictions (texts the
    analyzer refused) count as predicting nothing, and are also counted as skipped."""
    per_label = []
    for label in LABELS:
        tp = fp = fn = 0
        for g, p in zip(gold, predicted, strict=True):
            has_p = p is not None and label in p
            if has_p and label in g:
                tp += 1
            elif has_p:
                fp += 1
            elif label in g:
                fn += 1
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label.append(LabelScore(label, precision, recall, f1, tp + fn, tp + fp))
    crisis_gold = [i for i, g in enumerate(gold) if "crisis" in g]
    missed = tuple(
        texts[i]
        for i in crisis_gold
        if predicted[i] is None or "crisis" not in predicted[i]  # type: ignore[operator]
    )
    crisis_recall = 1.0 - len(missed) / len(crisis_gold) if crisis_gold else 1.0
    scored = [s for s in per_label if s.support]
    macro = sum(s.f1 for s in scored) / len(scored) if scored else 0.0
    return EvalReport(
        texts=len(gold),
        per_label=tuple(per_label),
        macro_f1=macro,
        crisis_recall=crisis_recall,
        crisis_missed=missed,
        skipped=sum(1 for p in predicted if p is None),
        version=version,
    )


def evaluate(rows: Iterable[tuple[str, frozenset[str]]], analyzer: object) -> EvalReport:
    """Run ``analyzer`` (an :class:`~befriend.analyzer.Analyzer`) over gold rows."""
    from befriend.analyzer import Analyzer

    assert isinstance(analyzer, Analyzer)
    rows = list(rows)
    texts = [t for t, _ in rows]
    predicted: list[frozenset[str] | None] = []
    for result in analyzer.analyze_each(texts):
        if isinstance(result, BefriendError):
            predicted.append(None)
        else:
            predicted.append(frozenset(result.labels))
    return score([g for _, g in rows], predicted, texts, analyzer.version)
