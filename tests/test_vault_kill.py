"""SIGKILL at random moments during `befriend encrypt` and `befriend decrypt`: the
journal is always either wholly plain or wholly sealed, never half, and it passes
PRAGMA integrity_check."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from befriend.settings import load_settings
from befriend.store import NewEntry, open_journal
from befriend.vault import is_sealed
from befriend.vault.journal import decrypt_journal, unlocker

PASS = "tea in the garden at dawn"
ENTRIES = 1000
ROUNDS = 6


def _run(command: str, home: Path, kill_after: float | None) -> int | None:
    env = dict(os.environ, BEFRIEND_HOME=str(home), BEFRIEND_PASSPHRASE=PASS)
    process = subprocess.Popen(
        [sys.executable, "-m", "befriend", command],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    if kill_after is None:
        return process.wait(timeout=120)
    try:
        return process.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        return None


def _state(db: Path, expected: dict[str, str]) -> bool:
    """True when sealed, False when plain; asserts it is wholly one or the other."""
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        values = [bytes(v) for (v,) in raw.execute("SELECT text FROM entries")]
        record = raw.execute("SELECT 1 FROM settings WHERE key = 'vault.key_record'").fetchone()
    finally:
        raw.close()
    sealed = [is_sealed(v) for v in values]
    assert len(values) == len(expected)
    assert all(sealed) if record else not any(sealed)
    with open_journal(load_settings(), unlock=unlocker(PASS)) as journal:
        assert {r.id: r.text for r in journal.iter_entries(chunk=500)} == expected
    return record is not None


def test_sigkill_during_encrypt_or_decrypt_leaves_all_or_nothing(_isolated_home: Path) -> None:
    with open_journal(load_settings()) as journal:
        texts = [f"Entry {n}: I feel heavy today, and that's okay. " * 8 for n in range(ENTRIES)]
        ids = journal.add_entries([NewEntry(text=t) for t in texts]).added
    expected = dict(zip(ids, texts, strict=True))
    db = _isolated_home / "befriend.db"

    started = time.monotonic()
    assert _run("encrypt", _isolated_home, None) == 0
    full = time.monotonic() - started
    assert _state(db, expected)
    with open_journal(load_settings(), unlock=unlocker(PASS)) as journal:
        decrypt_journal(journal, PASS)

    rng = random.Random(20260101)
    outcomes = set()
    for _ in range(ROUNDS):
        sealed_before = _state(db, expected)
        command = "decrypt" if sealed_before else "encrypt"
        code = _run(command, _isolated_home, rng.uniform(0.1, full * 1.1))
        sealed_after = _state(db, expected)
        if code is None:
            outcomes.add("killed")
        else:
            assert code == 0
            assert sealed_after != sealed_before
    assert "killed" in outcomes
