"""How far two blind annotators agree with the corpus labels, and with each other.

Development tool. corpus/agreement/labels-*.jsonl hold text-level labels that two
annotators gave to the same 200 test texts (drawn at random with a fixed seed), each
reading only the texts, TAXONOMY.md and the labelling conventions in docs/analyzer.md:
no gold labels, no model output, not each other's file. Agreement is scored the way
`befriend eval` scores the analyzer (per-label F1 at the text level, then the mean
over the twelve labels), so the figures say how high a careful reader gets on the same
texts. Nothing here tunes anything.

    python scripts/agreement.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from befriend.evaluate import score  # noqa: E402
from befriend.labels import LABELS  # noqa: E402

Labels = dict[str, frozenset[str]]


def read(path: Path) -> Labels:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {r["id"]: frozenset(r["labels"]) for r in rows}


def f1_per_label(reference: Labels, other: Labels, ids: list[str]) -> dict[str, float]:
    """Text-level F1 of ``other`` against ``reference``, per label (befriend eval's scoring)."""
    report = score([reference[i] for i in ids], [other[i] for i in ids], ids, "agreement")
    return {s.label: s.f1 for s in report.per_label}


def main() -> None:
    folder = ROOT / "corpus" / "agreement"
    a, b = read(folder / "labels-A.jsonl"), read(folder / "labels-B.jsonl")
    gold_all = read(ROOT / "corpus" / "test.jsonl")
    ids = list(a)
    if set(ids) != set(b) or not set(ids) <= set(gold_all):
        raise SystemExit("The two label files must cover the same ids, all in corpus/test.jsonl.")
    gold = {i: gold_all[i] for i in ids}
    pairs = {
        "A vs corpus": f1_per_label(gold, a, ids),
        "B vs corpus": f1_per_label(gold, b, ids),
        "A vs B": f1_per_label(a, b, ids),
    }
    print(f"{len(ids)} test texts, text-level F1")
    print(f"| label | {' | '.join(pairs)} |")
    print(f"|---|{'---|' * len(pairs)}")
    for label in LABELS:
        print(f"| `{label}` | {' | '.join(f'{p[label]:.2f}' for p in pairs.values())} |")
    macros = [sum(p.values()) / len(LABELS) for p in pairs.values()]
    print(f"| **macro-F1** | {' | '.join(f'**{m:.3f}**' for m in macros)} |")


if __name__ == "__main__":
    main()
