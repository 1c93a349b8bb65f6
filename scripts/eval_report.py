"""Write the evaluation figures into docs/analyzer.md (between the eval markers).

Runs the packaged analyzer over the held-out sets with `befriend.evaluate`:
- corpus/test.jsonl: the test split of the project corpus;
- corpus/challenge.jsonl: texts by a writer who never saw the corpus;
- corpus/crisis-holdout-2.jsonl and -3: crisis sets reviewed, then trained on;
- corpus/crisis-holdout-4.jsonl and -11: blind crisis sets (crisis labels only);
- corpus/kind-holdout-8.jsonl: blind kind and everyday texts, none a crisis (how
  often a crisis panel would answer ordinary writing).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from befriend.analyzer import Analyzer  # noqa: E402
from befriend.evaluate import evaluate, read_gold  # noqa: E402
from befriend.labels import LABELS  # noqa: E402
from doc_block import publish  # noqa: E402

DOC = ROOT / "docs" / "analyzer.md"
START, END = "<!-- eval:start -->", "<!-- eval:end -->"
SETS = (("test split", "test.jsonl"), ("challenge set", "challenge.jsonl"))
CRISIS_SETS = (
    ("crisis hold-out 2 (reviewed, then trained on)", "crisis-holdout-2.jsonl"),
    ("crisis hold-out 3 (reviewed, then trained on)", "crisis-holdout-3.jsonl"),
    ("crisis hold-out 4 (blind)", "crisis-holdout-4.jsonl"),
    ("crisis hold-out 11 (blind)", "crisis-holdout-11.jsonl"),
    ("kind hold-out 8 (blind, no crisis texts)", "kind-holdout-8.jsonl"),
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="This reads the test split and the hold-outs. Every read spends a little "
        "of what they can tell about new text: decide on the dev texts first.",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print the figures without changing the docs"
    )
    args = parser.parse_args()
    analyzer = Analyzer()
    reports = [(name, evaluate(read_gold(ROOT / "corpus" / f), analyzer)) for name, f in SETS]
    crisis = [(name, evaluate(read_gold(ROOT / "corpus" / f), analyzer)) for name, f in CRISIS_SETS]
    lines = [START, f"Measured {time.strftime('%Y-%m-%d')} with `{analyzer.version}`.", ""]
    header = "| label | " + " | ".join(f"{n}: P / R / F1 (n)" for n, _ in reports) + " |"
    lines += [header, "|---|" + "---|" * len(reports)]
    for i, label in enumerate(LABELS):
        cells = []
        for _, r in reports:
            s = r.per_label[i]
            cells.append(f"{s.precision:.2f} / {s.recall:.2f} / **{s.f1:.2f}** ({s.support})")
        lines.append(f"| `{label}` | " + " | ".join(cells) + " |")
    lines.append(
        "| **macro-F1** | "
        + " | ".join(f"**{r.macro_f1:.3f}** ({r.texts} texts)" for _, r in reports)
        + " |"
    )
    lines.append(
        "| **crisis recall** | "
        + " | ".join(f"**{r.crisis_recall:.3f}**" for _, r in reports)
        + " |"
    )
    lines += [
        "",
        "| crisis-only set | texts | crisis precision | crisis recall | missed |",
        "|---|---|---|---|---|",
    ]
    for name, r in crisis:
        s = r.per_label[LABELS.index("crisis")]
        if not s.support:  # no crisis texts: what counts is how many were flagged
            lines.append(f"| {name} | {r.texts} | flagged {s.predicted} of {r.texts} | | |")
            continue
        lines.append(
            f"| {name} | {r.texts} | {s.precision:.3f} | **{s.recall:.3f}** | {len(r.crisis_missed)} of {s.support} |"
        )
    lines.append(END)
    block = "\n".join(lines)
    publish(DOC, START, END, block, write=not args.no_write)


if __name__ == "__main__":
    main()
