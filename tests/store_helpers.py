"""Helpers shared by the journal's process-level tests (not a test module)."""

from __future__ import annotations

import os
import sqlite3
import textwrap
from pathlib import Path

SRC = str(Path(__file__).parent.parent / "src")

# A child that saves entries (entry + analysis, one transaction each) as fast as it
# can and prints each id only AFTER its transaction committed.
WRITE_LOOP = textwrap.dedent(
    """
    import sys
    from befriend.analysis import Analysis, Evidence, SentenceAnalysis
    from befriend.settings import load_settings
    from befriend.store import open_journal

    tag, count = sys.argv[1], int(sys.argv[2])
    journal = open_journal(load_settings())
    print("ready", flush=True)
    for i in range(count):
        text = f"{tag} entry {i}: I'm such an idiot."
        analysis = Analysis(
            text=text, labels=("self_judgment",), scores={"self_judgment": 0.9},
            sentences=(SentenceAnalysis(0, len(text), text, ("self_judgment",),
                {"self_judgment": 0.9},
                (Evidence("self_judgment", len(text) - 6, len(text) - 1, "rule:x", 0.9),)),),
            balance="too_harsh", crisis=False, version="reliability-test",
        )
        print(journal.add_entry(text, analysis).id, flush=True)
    """
)


def env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=SRC)


def check_sqlite(db: Path, committed: set[str], *, analysed: bool = True) -> set[str]:
    """The database passes integrity_check, holds every committed id, and every
    entry is whole: exactly one current analysis each. Returns the ids present."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = {row[0] for row in conn.execute("SELECT id FROM entries")}
        current = dict(
            conn.execute(
                "SELECT entry_id, count(*) FROM entry_analyses WHERE is_current GROUP BY entry_id"
            ).fetchall()
        )
    finally:
        conn.close()
    missing = committed - ids
    assert not missing, f"committed entries lost: {sorted(missing)}"
    if analysed:
        assert all(current.get(i) == 1 for i in ids), "an entry was saved without its analysis"
    return ids
