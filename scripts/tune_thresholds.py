"""Choose each label's decision threshold and write the packaged head (head-v1.npz).

Reads the classifier layer that scripts/finetune_encoder.py trained
(build/finetuned/head.npz) and runs the whole analyzer (safety screen, rules, model,
merge-v1) over the dev texts of the training split that fine-tuning never saw. For
each label it keeps the threshold with the best text-level F1 (F2 for crisis). The
test split is never read here.

Two product rules bound the choice, both from the coach: its own kind phrases must
read as kind.
- The critic's labels and complacency (``PHRASE_SAFE``): each label's threshold is
  chosen only among the thresholds at which no phrase of the coach's phrase bank gets
  that label; if there is none, the script stops.
- The crisis unit: the coach must never answer one of its own phrases with a crisis
  panel. If the crisis threshold chosen on the dev texts would flag any phrase, it is
  raised to the lowest threshold (up to 0.99) that flags none (and the script says
  so); if none does, it stops with an error rather than write such a head.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from befriend.analyzer import Analyzer  # noqa: E402
from befriend.coach.phrases import load_phrase_bank  # noqa: E402
from befriend.evaluate import score  # noqa: E402
from befriend.labels import CRITIC_LABELS, LABELS  # noqa: E402
from befriend.model.embedder import Embedder, OnnxEmbedder  # noqa: E402
from befriend.model.head import HEAD_FILE, Head, save_head, stored_context  # noqa: E402
from befriend.safety import SafetyResult, SafetyScreen  # noqa: E402
from splits import is_dev  # noqa: E402

# Each label's threshold is chosen from the coarse grid; the crisis threshold may then be
# raised further, in finer steps up to 0.99, because a fine-tuned unit's scores crowd
# near 1 and 0.95 can be just short of a phrase the unit misreads.
COARSE = np.round(np.arange(0.05, 0.96, 0.05), 2)
THRESHOLDS = np.concatenate([COARSE, [0.96, 0.97, 0.975, 0.98, 0.985, 0.99]])
TRAINED = ROOT / "build" / "finetuned" / "head.npz"
# Labels no coach phrase may carry (crisis has its own rule, below).
PHRASE_SAFE = (*sorted(CRITIC_LABELS), "complacency")


def f2(precision: float, recall: float) -> float:
    """F-beta with beta 2: recall weighs four times as much as precision."""
    return 5 * precision * recall / (4 * precision + recall) if precision + recall else 0.0


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


class ModelOnly:
    """A screen that never fires (idioms still known): the crisis unit is tuned as if
    it stood alone, so that it is a real second line behind the rules, not a copy of
    them. (The dev texts were visible while the screen's rules were written.)"""

    version = "no-screen"  # the analyzer's version string names its screen

    def __init__(self, real: SafetyScreen) -> None:
        self.idioms = real.idioms

    def screen(self, text: str) -> SafetyResult:
        return SafetyResult(False, (), "none")


def dev_texts() -> tuple[list[str], list[frozenset[str]]]:
    """The dev texts of the training split (never fine-tuned on) and their gold labels."""
    rows = [
        json.loads(line)
        for line in (ROOT / "corpus" / "train.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    dev = [r for r in rows if is_dev(r["id"])]
    return [r["text"] for r in dev], [frozenset(r["labels"]) for r in dev]


def choose(scores: np.ndarray, allowed: np.ndarray) -> int:
    """The index of the threshold to use: among the allowed thresholds within 0.005 of
    the best allowed score, the middle one (less noisy than the single best on a few
    hundred texts)."""
    best = scores[allowed].max()
    good = np.flatnonzero(allowed & (scores >= best - 0.005))
    return int(good[len(good) // 2])


def keep_or_raise(start: int, allowed: np.ndarray) -> int | None:
    """For a threshold taken from an earlier dev run (``--thresholds-from``): keep it if
    it is allowed, else the lowest allowed threshold above it; ``None`` if there is none."""
    above = np.flatnonzero(allowed[start:])
    return int(start + above[0]) if above.size else None


def read_trained(path: Path) -> tuple[np.ndarray, np.ndarray, str, str]:
    """A head.npz from finetune_encoder.py: weights, bias, context and what it saw."""
    with np.load(path, allow_pickle=False) as data:
        return data["weights"], data["bias"], stored_context(data), str(data["trained_on"])


def phrase_safe_crisis_threshold(
    embedder: Embedder,
    weights: np.ndarray,
    bias: np.ndarray,
    context: str,
    chosen: list[float],
) -> float | None:
    """The lowest crisis threshold, from the chosen one up, at which the whole analyzer
    flags none of the coach's phrases; ``None`` if every threshold flags one."""
    phrases = [p.text for p in load_phrase_bank().phrases]
    crisis_at = LABELS.index("crisis")
    for t in [t for t in THRESHOLDS if t >= chosen[crisis_at]]:
        thresholds = np.array(chosen, dtype=np.float32)
        thresholds[crisis_at] = t
        head = Head("phrases", LABELS, weights, bias, thresholds, "", "phrases", context)
        analyzer = Analyzer(embedder=embedder, head=head)
        if not any(isinstance(a, Exception) or a.crisis for a in analyzer.analyze_each(phrases)):
            return float(t)
    return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trained", type=Path, default=TRAINED, help="the head to tune")
    parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
    parser.add_argument(
        "--no-phrase-rule",
        action="store_true",
        help="keep the crisis threshold chosen on the dev texts even if it flags coach "
        "phrases (for experiments only: such a head must not ship)",
    )
    parser.add_argument(
        "--thresholds-from",
        type=Path,
        metavar="HEAD",
        help="take the thresholds from a head chosen earlier on the dev texts (for a "
        "model refit on train plus dev, finetune_encoder.py --with-dev); the phrase "
        "rules still apply and may raise them",
    )
    args = parser.parse_args()
    if args.thresholds_from:
        refit(args.trained, args.thresholds_from, args.dry_run)
        return
    texts, gold = dev_texts()
    weights, bias, context, trained_on = read_trained(args.trained)
    embedder = CachingEmbedder(OnnxEmbedder())
    f1 = np.zeros((len(THRESHOLDS), len(LABELS)))
    # phrase_hit[ti, j]: some coach phrase gets label j at threshold ti.
    phrase_hit = np.zeros((len(THRESHOLDS), len(LABELS)), dtype=bool)
    phrases = [p.text for p in load_phrase_bank().phrases]
    model_only = ModelOnly(SafetyScreen())
    for ti, t in enumerate(THRESHOLDS):
        head = Head(
            "dev", LABELS, weights, bias, np.full(len(LABELS), t, np.float32), "", "dev", context
        )
        analyzer = Analyzer(embedder=embedder, head=head)
        predicted = [
            None if isinstance(r, Exception) else frozenset(r.labels)
            for r in analyzer.analyze_each(texts)
        ]
        report = score(gold, predicted, texts, "dev").per_label
        f1[ti] = [s.f1 for s in report]
        for result in analyzer.analyze_each(phrases):
            if isinstance(result, Exception):
                raise SystemExit(f"A coach phrase could not be analysed: {result}")
            phrase_hit[ti] |= [label in result.labels for label in LABELS]
        alone = Analyzer(embedder=embedder, head=head, screen=model_only)  # type: ignore[arg-type]
        predicted = [
            None if isinstance(r, Exception) else frozenset(r.labels)
            for r in alone.analyze_each(texts)
        ]
        # Missing a crisis is the worst failure: crisis is tuned for F2 (recall weighs
        # four times as much as precision).
        crisis = score(gold, predicted, texts, "dev").per_label[LABELS.index("crisis")]
        f1[ti, LABELS.index("crisis")] = f2(crisis.precision, crisis.recall)
    chosen = []
    for j, label in enumerate(LABELS):
        coarse = f1[: len(COARSE), j]
        allowed = np.ones(len(COARSE), dtype=bool)
        if label in PHRASE_SAFE:
            allowed = ~phrase_hit[: len(COARSE), j]
            if not allowed.any():
                raise SystemExit(
                    f"At every threshold some of the coach's own phrases read as {label}. "
                    "Not writing the head: retrain with more kind texts."
                )
        pick = choose(coarse, allowed)
        best = coarse[allowed].max()
        chosen.append(THRESHOLDS[pick])
        what = "F2" if label == "crisis" else "F1"
        note = ""
        if label in PHRASE_SAFE and best < coarse.max():
            note = f"  (best anywhere {coarse.max():.3f}, but there coach phrases read as it)"
        print(f"{label:20s} threshold {chosen[-1]:.3g}  dev {what} {f1[pick, j]:.3f}{note}")
    crisis_at = LABELS.index("crisis")
    safe = (
        chosen[crisis_at]
        if args.no_phrase_rule
        else phrase_safe_crisis_threshold(embedder, weights, bias, context, chosen)
    )
    if safe is None:
        raise SystemExit(
            "Even at the highest threshold this crisis unit flags some of the coach's own "
            "phrases as crisis. Not writing the head: retrain with more kind negatives."
        )
    if safe != chosen[crisis_at]:
        print(
            f"crisis threshold raised from {chosen[crisis_at]:.3g} to {safe:.3g}, the lowest "
            "that flags none of the coach's phrases; "
            f"dev F2 there {f1[list(THRESHOLDS).index(safe), crisis_at]:.3f}"
        )
        chosen[crisis_at] = safe
    thresholds = np.array(chosen, dtype=np.float32)
    macro = float(np.mean([f1[list(THRESHOLDS).index(t), j] for j, t in enumerate(chosen)]))
    print(f"dev texts: {len(texts)}; dev macro-F1 at the chosen thresholds: {macro:.4f}")
    if args.dry_run:
        return
    write_head(
        weights,
        bias,
        thresholds,
        embedder.name,
        trained_on + f"; thresholds from {len(texts)} dev texts",
        context,
    )


def refit(trained: Path, earlier: Path, dry_run: bool) -> None:
    """Write a head for a model trained on the dev texts too: its thresholds are those
    an earlier model's dev run chose, raised where the phrase rules demand. The dev
    texts are not read: this model has seen them."""
    weights, bias, context, trained_on = read_trained(trained)
    with np.load(earlier, allow_pickle=False) as data:
        given = [float(t) for t in data["thresholds"]]
    embedder = CachingEmbedder(OnnxEmbedder())
    phrases = [p.text for p in load_phrase_bank().phrases]
    chosen = []
    for j, label in enumerate(LABELS):
        t = given[j]
        if label in PHRASE_SAFE:
            hits = np.zeros(len(COARSE), dtype=bool)
            for ti, c in enumerate(COARSE):
                thresholds = np.full(len(LABELS), c, np.float32)
                head = Head("phrases", LABELS, weights, bias, thresholds, "", "phrases", context)
                analyzer = Analyzer(embedder=embedder, head=head)
                hits[ti] = any(
                    isinstance(a, Exception) or label in a.labels
                    for a in analyzer.analyze_each(phrases)
                )
            # Thresholds are stored as float32: compare on the grid's two decimals.
            start = int(np.searchsorted(COARSE, round(t, 3) - 1e-6))
            pick = keep_or_raise(start, ~hits)
            if pick is None:
                raise SystemExit(
                    f"From {t:.3g} up, some of the coach's own phrases read as {label}. "
                    "Not writing the head."
                )
            if not np.isclose(COARSE[pick], t, atol=1e-4):
                print(f"{label:20s} threshold raised from {t:.3g} to {COARSE[pick]:.3g} (phrases)")
                t = float(COARSE[pick])
        chosen.append(t)
    safe = phrase_safe_crisis_threshold(embedder, weights, bias, context, chosen)
    crisis_at = LABELS.index("crisis")
    if safe is None:
        raise SystemExit(
            "Even at the highest threshold this crisis unit flags some of the coach's own "
            "phrases as crisis. Not writing the head."
        )
    if safe != chosen[crisis_at]:
        print(f"crisis threshold raised from {chosen[crisis_at]:.3g} to {safe:.3g} (phrases)")
        chosen[crisis_at] = safe
    for label, t in zip(LABELS, chosen, strict=True):
        print(f"{label:20s} threshold {t:.3g}")
    if dry_run:
        return
    write_head(
        weights,
        bias,
        np.array(chosen, dtype=np.float32),
        embedder.name,
        trained_on + f"; thresholds from {earlier.name} (an earlier dev run)",
        context,
    )


def write_head(
    weights: np.ndarray,
    bias: np.ndarray,
    thresholds: np.ndarray,
    embedder: str,
    trained_on: str,
    context: str,
) -> None:
    """Write the packaged head (head-v1.npz) and say where."""
    out = ROOT / "src" / "befriend" / "model" / "data" / HEAD_FILE
    save_head(
        out,
        name="head-v1",
        labels=LABELS,
        weights=weights,
        bias=bias,
        thresholds=thresholds,
        embedder=embedder,
        trained_on=trained_on,
        context=context,
    )
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
