"""The sentences the model pipeline trains on (shared by fine-tuning and head refits).

The training split minus its dev texts (scripts/splits.py), plus the crisis-only sets,
whose sentences teach the crisis unit and nothing else. The test split, the challenge
set and crisis hold-out 4 are never read here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from befriend.labels import LABELS  # noqa: E402
from splits import is_dev  # noqa: E402

# Sets labelled for crisis only: their sentences teach the crisis unit and nothing
# else (the other labels' losses are masked out for them).
# crisis-train-5 was written as training data from the start (never a hold-out);
# crisis-negatives-6 holds only non-crisis sentences that share surface cues with crisis
# texts (time words, "I can", giving away, goodbyes, calm, medication, idioms).
CRISIS_ONLY = (
    "crisis-holdout",
    "crisis-holdout-2",
    "crisis-holdout-3",
    "crisis-train-5",
    "crisis-negatives-6",
)


def load_sentences() -> tuple[list[str], np.ndarray, np.ndarray]:
    """Sentences, their 0/1 targets, and a mask of which targets count in the loss."""
    sentences, targets, masks = [], [], []
    crisis_only = np.array([1.0 if lab == "crisis" else 0.0 for lab in LABELS])
    for line in (ROOT / "corpus" / "train.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if is_dev(row["id"]):
            continue
        for s in row["sentences"]:
            sentences.append(row["text"][s["start"] : s["end"]])
            targets.append([1.0 if lab in s["labels"] else 0.0 for lab in LABELS])
            masks.append(np.ones(len(LABELS)))
    for name in CRISIS_ONLY:
        for line in (ROOT / "corpus" / name / "raw.jsonl").read_text(encoding="utf-8").splitlines():
            for s in json.loads(line)["sentences"]:
                sentences.append(s["text"])
                targets.append([1.0 if lab in s["labels"] else 0.0 for lab in LABELS])
                masks.append(crisis_only)
    return (
        sentences,
        np.array(targets, dtype=np.float32),
        np.array(masks, dtype=np.float32),
    )
