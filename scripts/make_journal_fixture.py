"""Write tests/data/journal/v0001.db: a tiny journal at the first schema revision
(0001_initial), for the test that upgrades an old journal. Run once per schema
revision worth keeping; the committed file must never change afterwards."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
OUT = ROOT / "tests" / "data" / "journal" / "v0001.db"


def main() -> None:
    from sqlalchemy import create_engine

    from befriend.store.db import migrate

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{OUT}")
    migrate(engine, "0001_initial")
    engine.dispose()
    db = sqlite3.connect(OUT)
    with db:
        db.executemany(
            "INSERT INTO entries (id, created_at, updated_at, text, source) VALUES (?, ?, ?, ?, ?)",
            [
                (
                    "5f0c9a51-0c7e-4b8e-9d7f-1f3c2b6d8a01",
                    "2026-01-02 03:04:05.678901",
                    "2026-01-02 03:04:05.678901",
                    b"I'm such an idiot. Everyone else copes fine.",
                    "write",
                ),
                (
                    "a3e1d2c4-5b6f-4a7e-8c9d-0e1f2a3b4c5d",
                    "2026-01-03 09:00:00.000000",
                    "2026-01-03 09:00:00.000000",
                    "Ünïcödé ✓ and a second line\nstays exact.".encode(),
                    "import",
                ),
            ],
        )
        db.execute(
            "INSERT INTO entry_analyses (entry_id, analyzer_version, created_at, labels, scores,"
            " balance, crisis, safety_signals, sentences, is_current) VALUES"
            " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                "5f0c9a51-0c7e-4b8e-9d7f-1f3c2b6d8a01",
                "befriend-analyzer/0 fixture",
                "2026-01-02 03:04:05.678901",
                '["self_judgment"]',
                '{"self_judgment": 0.9}',
                "too_harsh",
                0,
                "[]",
                '[{"start": 0, "end": 18, "labels": ["self_judgment"], "scores":'
                ' {"self_judgment": 0.9}, "evidence": []}]',
                1,
            ),
        )
        db.execute(
            "INSERT INTO checkins (id, created_at, answers, note, followup) VALUES (?, ?, ?, ?, ?)",
            (
                "c0ffee00-0000-4000-8000-000000000001",
                "2026-01-02 20:00:00.000000",
                '{"mood": 3}',
                None,
                None,
            ),
        )
        db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", ("fixture", b"v0001"))
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute("VACUUM")
    db.close()
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
