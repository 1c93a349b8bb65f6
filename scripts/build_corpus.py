"""Build corpus/train.jsonl and corpus/test.jsonl from the hand-written parts.

Each raw line holds sentences with their own labels; the built files hold the joined
text, the text-level labels (the union) and the sentence spans, which is the format
`befriend eval` reads. The split is fixed by a hash of each text's id, so it never
changes when texts are added: about one text in five goes to the held-out test split.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "corpus" / "raw"
sys.path.insert(0, str(ROOT / "src"))

sys.path.insert(0, str(ROOT / "scripts"))

from befriend.labels import LABELS  # noqa: E402
from splits import split_of  # noqa: E402


def build(paths: list[Path], split: bool = True) -> dict[str, list[dict[str, object]]]:
    out: dict[str, list[dict[str, object]]] = {"train": [], "test": []}
    seen: set[str] = set()
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            parts = row["sentences"]
            text, spans, labels = "", [], set()
            for part in parts:
                if text:
                    text += " "
                start = len(text)
                text += part["text"].strip()
                bad = [lab for lab in part["labels"] if lab not in LABELS]
                if bad:
                    raise SystemExit(f"{path.name}:{n}: unknown labels {bad}")
                spans.append({"start": start, "end": len(text), "labels": sorted(part["labels"])})
                labels.update(part["labels"])
            key = " ".join(text.lower().split())
            if key in seen:
                continue
            seen.add(key)
            out[split_of(row["id"]) if split else "test"].append(
                {
                    "id": row["id"],
                    "text": text,
                    "labels": [lab for lab in LABELS if lab in labels],
                    "voice": row.get("voice", ""),
                    "domain": row.get("domain", ""),
                    "sentences": spans,
                }
            )
    return out


def main() -> None:
    splits = build(sorted(RAW.glob("*.jsonl")))
    extra = [
        (name, build([ROOT / "corpus" / name / "raw.jsonl"], split=False)["test"])
        for name in (
            "challenge",
            "crisis-holdout",
            "crisis-holdout-2",
            "crisis-holdout-3",
            "crisis-holdout-4",
            "crisis-holdout-11",
        )
        if (ROOT / "corpus" / name / "raw.jsonl").exists()
    ]
    for name, rows in [*splits.items(), *extra]:
        path = ROOT / "corpus" / f"{name}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        counts = Counter(lab for row in rows for lab in row["labels"])  # type: ignore[attr-defined]
        print(f"{name}: {len(rows)} texts; " + ", ".join(f"{k}={counts[k]}" for k in LABELS))


if __name__ == "__main__":
    main()
