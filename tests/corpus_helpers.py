"""A small test corpus in every input format, shared by the corpus tests."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).parent.parent

# Rows the analyzer can't read, and texts that are hard to carry through CSV.
SPECIAL = [
    ("x-empty", ""),
    ("x-blank", "   "),
    ("x-long", "I keep going over it. " * 1000),
    ("x-french", "Je suis vraiment fatiguée ce soir et je ne sais plus quoi faire de ma vie"),
    ("x-csv", 'I said "fine, whatever", and then,\non a new line: I\'m such an idiot.'),
    ("x-unicode", "I’m tired — and honestly that’s okay; everyone gets tired 🙂"),
]


def corpus_rows(n: int = 150) -> list[dict[str, str]]:
    rows = []
    for line in (ROOT / "corpus" / "test.jsonl").read_text(encoding="utf-8").splitlines()[:n]:
        obj = json.loads(line)
        rows.append({"id": obj["id"], "group": obj["voice"], "text": obj["text"]})
    for i, (ident, text) in enumerate(SPECIAL):
        rows.insert(20 + 25 * i, {"id": ident, "group": "first", "text": text})
    return rows


def write_inputs(folder: Path, rows: list[dict[str, str]]) -> dict[str, Path]:
    """The same rows as CSV, Parquet and JSONL (the text column named ``body``)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "id": [r["id"] for r in rows],
            "group": [r["group"] for r in rows],
            "body": [r["text"] for r in rows],
        }
    )
    paths = {
        "csv": folder / "in.csv",
        "parquet": folder / "in.parquet",
        "jsonl": folder / "in.jsonl",
    }
    pacsv.write_csv(table, paths["csv"])
    pq.write_table(table, paths["parquet"], row_group_size=50)  # groups unaligned to chunks
    paths["jsonl"].write_text(
        "".join(
            json.dumps({"id": r["id"], "group": r["group"], "body": r["text"]}, ensure_ascii=False)
            + "\n"
            for r in rows
        ),
        encoding="utf-8",
    )
    return paths
