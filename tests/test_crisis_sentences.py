"""corpus/crisis-sentences.tsv stays in step with the corpus it annotates.

Fine-tuning masks the crisis loss of the sentences marked ``context`` by their key
(``set/text id/sentence index``). If a corpus file were edited so that an index moved,
the mask would silently fall on another sentence; these tests catch that.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from befriend.labels import LABELS

ROOT = Path(__file__).parent.parent
CORPUS = ROOT / "corpus"
sys.path.insert(0, str(ROOT / "scripts"))


def _corpus_sentences() -> dict[str, tuple[str, list[str]]]:
    """Every sentence of the sets the file annotates, by key: (text, labels)."""
    out: dict[str, tuple[str, list[str]]] = {}
    for line in (CORPUS / "train.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for i, span in enumerate(row["sentences"]):
            text = row["text"][span["start"] : span["end"]]
            out[f"train/{row['id']}/{i}"] = (text, span["labels"])
    from training_data import CRISIS_ONLY

    for name in CRISIS_ONLY:  # the crisis-only sets fine-tuning reads, as it reads them
        for line in (CORPUS / name / "raw.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            for i, sentence in enumerate(row["sentences"]):
                out[f"{name}/{row['id']}/{i}"] = (sentence["text"], sentence["labels"])
    return out


def _rows() -> list[list[str]]:
    lines = (CORPUS / "crisis-sentences.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["key", "answer", "sentence"]
    return [line.split("\t") for line in lines[1:]]


def test_every_key_names_a_crisis_sentence_with_the_same_words() -> None:
    sentences = _corpus_sentences()
    rows = _rows()
    assert len(rows) > 1000
    for key, answer, sentence in rows:
        assert answer in {"own", "context"}, key
        assert key in sentences, f"{key} is not in the corpus any more"
        text, labels = sentences[key]
        assert text.strip() == sentence.strip(), f"{key} now holds other words"
        assert "crisis" in labels, f"{key} is no longer labelled crisis"


def test_keys_are_unique_and_most_sentences_carry_their_sign() -> None:
    rows = _rows()
    keys = [row[0] for row in rows]
    assert len(set(keys)) == len(keys)
    context = sum(row[1] == "context" for row in rows)
    # Masking is for the few sentences that need their text; if most were marked
    # context, the crisis unit would have little left to learn from.
    assert 0 < context < len(rows) // 4


def test_the_training_pipeline_masks_exactly_the_context_sentences() -> None:
    # The keys above are built the way scripts/training_data.py builds them; this checks
    # the pipeline itself, so a change to its key format cannot leave the mask unused.
    from training_data import load_texts

    crisis = LABELS.index("crisis")
    context = sum(row[1] == "context" for row in _rows())
    masked = [
        bool(targets[i, crisis]) and not mask[i, crisis]
        for _, targets, mask in load_texts(mask_context_crisis=True)
        for i in range(len(mask))
    ]
    unmasked = [
        bool(targets[i, crisis]) and not mask[i, crisis]
        for _, targets, mask in load_texts(mask_context_crisis=False)
        for i in range(len(mask))
    ]
    assert sum(masked) == context
    assert sum(unmasked) == 0
