"""Sweep the crisis unit's threshold: dev F2 (model alone) against coach phrases flagged.

Development tool. For a trained head (build/finetuned*/head.npz, with its encoder
exported into the package by scripts/export_model.py --source), it runs the analyzer
with the safety screen switched off over the dev texts of the training split, and
over the coach's phrase bank, at each crisis threshold. A retrained crisis unit should
only ship at a threshold where it flags none of the coach's own phrases. The test
split is never read here.

    python scripts/crisis_sweep.py build/finetuned/head.npz
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from befriend.analyzer import Analyzer  # noqa: E402
from befriend.coach.phrases import load_phrase_bank  # noqa: E402
from befriend.evaluate import score  # noqa: E402
from befriend.labels import LABELS  # noqa: E402
from befriend.model.embedder import OnnxEmbedder  # noqa: E402
from befriend.model.head import Head  # noqa: E402
from befriend.safety import SafetyScreen  # noqa: E402
from tune_thresholds import CachingEmbedder, ModelOnly, dev_texts, f2, read_trained  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("trained", type=Path, help="a head.npz written by finetune_encoder.py")
    args = parser.parse_args()
    weights, bias, context, _ = read_trained(args.trained)
    texts, gold = dev_texts()
    phrases = [p.text for p in load_phrase_bank().phrases]
    embedder = CachingEmbedder(OnnxEmbedder())
    alone = ModelOnly(SafetyScreen())
    crisis = LABELS.index("crisis")
    for t in np.round(np.arange(0.2, 0.96, 0.05), 2):
        thresholds = np.full(len(LABELS), 0.5, np.float32)
        thresholds[crisis] = t
        head = Head("sweep", LABELS, weights, bias, thresholds, "", "sweep", context)
        analyzer = Analyzer(embedder=embedder, head=head, screen=alone)  # type: ignore[arg-type]
        predicted = [
            None if isinstance(r, Exception) else frozenset(r.labels)
            for r in analyzer.analyze_each(texts)
        ]
        report = score(gold, predicted, texts, "dev").per_label[crisis]
        precision, recall = report.precision, report.recall
        flagged = sum(
            not isinstance(a, Exception) and a.crisis for a in analyzer.analyze_each(phrases)
        )
        print(
            f"threshold {t:.2f}  dev P {precision:.3f} R {recall:.3f} F2 {f2(precision, recall):.3f}  "
            f"coach phrases flagged {flagged} of {len(phrases)}"
        )


if __name__ == "__main__":
    main()
