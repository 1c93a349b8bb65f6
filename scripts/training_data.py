"""The texts the model pipeline trains on, sentence by sentence (scripts/finetune_encoder.py).

The training split minus its dev texts (scripts/splits.py) unless asked for them, plus the crisis-only sets,
whose sentences teach the crisis unit and nothing else. The test split, the challenge
set and crisis hold-out 4 are never read here.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
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
# crisis-train-9 (training data from the start) favours the forms a screen misses most:
# euphemism, burden told as an image, cultural and religious phrasing, signs that need
# their context, with look-alike negatives.
# crisis-train-10 (two more blind writers, the same forms, older and younger writers and
# many cultures and faiths) was read once as a blind set, then joined these sets; the
# packaged model trains on it.
# crisis-negatives-12 (three blind writers; three quarters look-alike negatives in the
# forms the dev texts' false crisis flags took, one quarter crisis texts written close
# to them) was read once as a blind set, then joined these sets.
# corpus/kind-negatives-7 (short kind and planning self-talk) is left out: training
# with it did not stop the crisis unit flagging the coach's phrases, and it lowered
# blind crisis recall (docs/analyzer.md).
CRISIS_ONLY = (
    "crisis-holdout",
    "crisis-holdout-2",
    "crisis-holdout-3",
    "crisis-train-5",
    "crisis-negatives-6",
    "crisis-train-9",
    "crisis-train-10",
    "crisis-negatives-12",
)


# Which crisis-labelled training sentences carry a sign on their own, and which are
# crisis only in the light of the rest of their text (corpus/crisis-sentences.tsv).
CRISIS_SENTENCES = ROOT / "corpus" / "crisis-sentences.tsv"


def crisis_context_keys() -> frozenset[str]:
    """Keys (``set/text id/sentence index``) of crisis sentences marked ``context``."""
    if not CRISIS_SENTENCES.exists():
        return frozenset()
    keys = set()
    for line in CRISIS_SENTENCES.read_text(encoding="utf-8").splitlines()[1:]:
        key, answer = line.split("\t")[:2]
        if answer == "context":
            keys.add(key)
    return frozenset(keys)


def load_texts(
    mask_context_crisis: bool = False,
    crisis_only: Sequence[str] = CRISIS_ONLY,
    include_dev: bool = False,
) -> list[tuple[list[str], np.ndarray, np.ndarray]]:
    """Each training text as (its sentences, their 0/1 targets, the loss mask).

    Sentences stay grouped by text, in order, so a head that reads a sentence's context
    (the other sentences of its text) sees the same context in training as at run time.
    With ``mask_context_crisis``, a crisis sentence that is a crisis only because of
    its neighbours ("Not in a dramatic way.") teaches the crisis unit nothing either
    way: its crisis loss is masked, so the unit is not pushed to call such ordinary
    sentences a crisis wherever they appear.
    """
    texts: list[tuple[list[str], np.ndarray, np.ndarray]] = []
    every = np.ones(len(LABELS), dtype=np.float32)
    crisis_at = LABELS.index("crisis")
    crisis_mask = np.array([1.0 if lab == "crisis" else 0.0 for lab in LABELS], dtype=np.float32)
    context_keys = crisis_context_keys() if mask_context_crisis else frozenset()

    def add(sentences: list[str], labels: list[list[str]], mask: np.ndarray, key: str) -> None:
        targets = np.array(
            [[1.0 if lab in have else 0.0 for lab in LABELS] for have in labels],
            dtype=np.float32,
        )
        masks = np.tile(mask, (len(sentences), 1))
        for i in range(len(sentences)):
            if f"{key}/{i}" in context_keys:
                masks[i, crisis_at] = 0.0
        texts.append((sentences, targets, masks))

    for line in (ROOT / "corpus" / "train.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if is_dev(row["id"]) and not include_dev:
            continue
        spans = row["sentences"]
        add(
            [row["text"][s["start"] : s["end"]] for s in spans],
            [s["labels"] for s in spans],
            every,
            f"train/{row['id']}",
        )
    for name in crisis_only:
        for line in (ROOT / "corpus" / name / "raw.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            spans = row["sentences"]
            add(
                [s["text"] for s in spans],
                [s["labels"] for s in spans],
                crisis_mask,
                f"{name}/{row['id']}",
            )
    return texts
