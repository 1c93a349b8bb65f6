"""Train the classifier head (head-v1) on corpus/train.jsonl.

1. Embed every gold sentence of the training split with the packaged ONNX model.
2. Five folds, grouped by text: fit one logistic regression per label on four folds
   and predict the fifth, so every training text gets an out-of-fold model score.
3. For each label, pick the decision threshold that maximises the text-level F1 of
   the whole analyzer (rules + model, merged by merge-v1) on those out-of-fold scores.
4. Fit on the whole training split and write src/befriend/model/data/head-v1.npz.

The test split is never read here. Needs scikit-learn (a dev dependency only).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sklearn.linear_model import LogisticRegression  # noqa: E402

from befriend.analyzer import Analyzer  # noqa: E402
from befriend.evaluate import score  # noqa: E402
from befriend.labels import LABELS  # noqa: E402
from befriend.model.embedder import Embedder, OnnxEmbedder  # noqa: E402
from befriend.model.head import HEAD_FILE, Head, save_head  # noqa: E402

FOLDS = 5
# Inverse regularisation strength; chosen among 0.5, 1, 2, 4, 8 by out-of-fold macro-F1.
C_VALUES = (0.5, 1.0, 2.0, 4.0, 8.0)
THRESHOLDS = np.round(np.arange(0.10, 0.91, 0.05), 2)


class CachingEmbedder(Embedder):
    """Wraps the real embedder and remembers each sentence's vector."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.cache: dict[str, np.ndarray] = {}

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        missing = sorted({t for t in texts if t not in self.cache})
        if missing:
            for text, vec in zip(missing, self.inner.embed_batch(missing), strict=True):
                self.cache[text] = vec
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self.cache[t] for t in texts])

    def fingerprint(self) -> str:
        return self.inner.fingerprint()


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def fit(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    weights = np.zeros((len(LABELS), x.shape[1]), dtype=np.float32)
    bias = np.zeros(len(LABELS), dtype=np.float32)
    for j in range(len(LABELS)):
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
        model.fit(x, y[:, j])
        weights[j] = model.coef_[0]
        bias[j] = model.intercept_[0]
    return weights, bias


def main() -> None:
    started = time.time()
    rows = load(ROOT / "corpus" / "train.jsonl")
    sentences, targets, groups = [], [], []
    for i, row in enumerate(rows):
        for s in row["sentences"]:
            sentences.append(row["text"][s["start"] : s["end"]])
            targets.append([1 if lab in s["labels"] else 0 for lab in LABELS])
            groups.append(i)
    y = np.array(targets, dtype=np.int64)
    fold_of_text = np.arange(len(rows)) % FOLDS
    rng = np.random.default_rng(20261126)
    rng.shuffle(fold_of_text)
    sentence_fold = fold_of_text[np.array(groups)]

    embedder = CachingEmbedder(OnnxEmbedder())
    x = embedder.embed_batch(sentences)
    print(f"embedded {len(sentences)} sentences in {time.time() - started:.1f}s")

    gold = [frozenset(r["labels"]) for r in rows]
    texts = [r["text"] for r in rows]
    best: tuple[float, float, np.ndarray] | None = None
    for c in C_VALUES:
        fold_heads = []
        for k in range(FOLDS):
            w, b = fit(x[sentence_fold != k], y[sentence_fold != k], c)
            fold_heads.append((w, b))
        # For each candidate threshold, run the whole analyzer on each held-out fold.
        f1_by_t = np.zeros((len(THRESHOLDS), len(LABELS)))
        for ti, t in enumerate(THRESHOLDS):
            predicted: list[frozenset[str] | None] = [None] * len(rows)
            for k, (w, b) in enumerate(fold_heads):
                head = Head("oof", LABELS, w, b, np.full(len(LABELS), t, np.float32), "", "oof")
                analyzer = Analyzer(embedder=embedder, head=head)
                idx = [i for i in range(len(rows)) if fold_of_text[i] == k]
                for i, result in zip(
                    idx, analyzer.analyze_each([texts[i] for i in idx]), strict=True
                ):
                    predicted[i] = None if isinstance(result, Exception) else frozenset(result.labels)
            report = score(gold, predicted, texts, "oof")
            f1_by_t[ti] = [s.f1 for s in report.per_label]
        thresholds = THRESHOLDS[f1_by_t.argmax(axis=0)]
        macro = float(f1_by_t.max(axis=0).mean())
        print(f"C={c}: out-of-fold macro-F1 {macro:.4f}; thresholds {dict(zip(LABELS, thresholds))}")
        if best is None or macro > best[0]:
            best = (macro, c, thresholds)
    assert best is not None
    macro, c, thresholds = best
    w, b = fit(x, y, c)
    out = ROOT / "src" / "befriend" / "model" / "data" / HEAD_FILE
    save_head(
        out,
        name="head-v1",
        labels=LABELS,
        weights=w,
        bias=b,
        thresholds=thresholds.astype(np.float32),
        embedder=embedder.name,
        trained_on=f"corpus/train.jsonl: {len(rows)} texts, {len(sentences)} sentences; C={c}",
    )
    print(f"chose C={c} (out-of-fold macro-F1 {macro:.4f}); wrote {out.relative_to(ROOT)}")
    print(f"done in {time.time() - started:.0f}s")


if __name__ == "__main__":
    main()
