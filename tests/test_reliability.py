"""No entry is ever lost: SIGKILL at random moments, and concurrent writers.

These drive real processes against a real database. The random delays only pick
WHEN to kill; nothing here asserts how long anything takes.
"""

from __future__ import annotations

import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from store_helpers import WRITE_LOOP, check_sqlite, env

KILLS_DURING_CLI_WRITE = 30
KILLS_DURING_WRITE_LOOP = 20


def _start_loop(tag: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITE_LOOP, tag, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )


def test_sigkill_during_a_write_loop_loses_nothing_committed(_isolated_home: Path) -> None:
    rng = random.Random(20261126)
    db = _isolated_home / "befriend.db"
    committed: set[str] = set()
    for round_ in range(KILLS_DURING_WRITE_LOOP):
        child = _start_loop(f"round{round_}", 100_000)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready", (
            child.stderr.read() if child.stderr else ""
        )
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        assert child.returncode == -signal.SIGKILL
        # The last line may be cut mid-way; only whole ids were committed.
        committed |= {line for line in out.splitlines() if re.fullmatch(r"[0-9a-f-]{36}", line)}
        check_sqlite(db, committed)
    assert committed  # the children did get to write before being killed


def test_sigkill_during_befriend_write_loses_nothing_committed(_isolated_home: Path) -> None:
    rng = random.Random(7)
    db = _isolated_home / "befriend.db"

    def start(n: int) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "befriend",
                "write",
                "--text",
                f"Kill test {n}: I failed again.",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env(),
        )

    saved = re.compile(r"id ([0-9a-f]{8})\)")
    committed_prefixes: set[str] = set()
    shortest = float("inf")
    killed = 0
    for n in range(KILLS_DURING_CLI_WRITE + 1):
        began = time.monotonic()
        child = start(n)
        if n % 5 == 0:  # every fifth write runs to the end: what a whole write takes
            out, err = child.communicate()
            assert child.returncode == 0, err
            shortest = min(shortest, time.monotonic() - began)
        else:  # the others are killed somewhere from start-up to just past the commit
            time.sleep(rng.uniform(0.3, 1.05) * shortest)
            if child.poll() is None:
                child.send_signal(signal.SIGKILL)
                killed += 1
            out, _ = child.communicate()
        committed_prefixes |= set(saved.findall(out))
        ids = check_sqlite(db, set())
        assert committed_prefixes <= {i[:8] for i in ids}
    assert killed > 0
    # What survived is whole and readable through befriend itself.
    done = subprocess.run(
        [sys.executable, "-m", "befriend", "journal", "list", "--json", "--limit", "1000"],
        capture_output=True,
        text=True,
        env=env(),
    )
    assert done.returncode == 0, done.stderr
    assert all(e["text"].startswith("Kill test ") for e in __import__("json").loads(done.stdout))


def test_two_concurrent_writers_lose_nothing(
    database_url: str | None, _isolated_home: Path
) -> None:
    per_writer = 40
    children = [_start_loop(tag, per_writer) for tag in ("left", "right")]
    outputs = [child.communicate() for child in children]
    for child, (_, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
    committed = {
        line
        for out, _ in outputs
        for line in out.splitlines()
        if re.fullmatch(r"[0-9a-f-]{36}", line)
    }
    assert len(committed) == 2 * per_writer
    from befriend.settings import load_settings
    from befriend.store import open_journal

    with open_journal(load_settings()) as journal:
        records = journal.entries()
    assert {r.id for r in records} == committed
    texts = {r.text for r in records}
    assert texts == {
        f"{t} entry {i}: I'm such an idiot." for t in ("left", "right") for i in range(per_writer)
    }
    assert all(r.analysis is not None for r in records)
    if database_url is None:
        check_sqlite(_isolated_home / "befriend.db", committed)


def test_two_concurrent_befriend_write_commands(_isolated_home: Path) -> None:
    def start(n: int) -> subprocess.Popen[str]:
        # Each write's own stderr is passed on, so a failure says why.
        script = "; ".join(
            f"subprocess.run([sys.executable, '-m', 'befriend', 'write', '--text', 'Writer {n} entry {i}.'], check=True, stdout=subprocess.DEVNULL)"
            for i in range(3)
        )
        return subprocess.Popen(
            [sys.executable, "-c", f"import subprocess, sys; {script}"],
            env=env(),
            text=True,
            stderr=subprocess.PIPE,
        )

    children = [start(1), start(2)]
    for child in children:
        _, err = child.communicate()
        assert child.returncode == 0, err
    ids = check_sqlite(_isolated_home / "befriend.db", set())
    assert len(ids) == 6
    conn = sqlite3.connect(_isolated_home / "befriend.db")
    texts = sorted(bytes(r[0]).decode() for r in conn.execute("SELECT text FROM entries"))
    conn.close()
    assert texts == sorted(f"Writer {n} entry {i}." for n in (1, 2) for i in range(3))


IMPORT_LOOP = """
import sys, uuid
from befriend.settings import load_settings
from befriend.store import NewEntry, open_journal

tag, size = sys.argv[1], int(sys.argv[2])
journal = open_journal(load_settings())
print("ready", flush=True)
batch = [NewEntry(text=f"{tag} imported {i}", id=str(uuid.uuid4()), source="import")
         for i in range(size)]
journal.add_entries(batch)  # the one transaction `befriend import` ends with
print("committed", flush=True)
"""


def test_sigkill_during_an_import_leaves_all_or_nothing(_isolated_home: Path) -> None:
    rng = random.Random(99)
    size = 3000
    db = _isolated_home / "befriend.db"
    whole = float("inf")  # how long the import transaction takes, from whole runs
    for round_ in range(12):
        child = subprocess.Popen(
            [sys.executable, "-c", IMPORT_LOOP, f"batch{round_}", str(size)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env(),
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        began = time.monotonic()
        if round_ % 4 == 0:  # let some finish, to learn when to kill the others
            out, err = child.communicate()
            assert child.returncode == 0, err
            whole = min(whole, time.monotonic() - began)
        else:
            time.sleep(rng.uniform(0.0, 1.2) * whole)
            child.send_signal(signal.SIGKILL)
            out, _ = child.communicate()
        check_sqlite(db, set(), analysed=False)  # these entries have no analyses
        conn = sqlite3.connect(db)
        saved = conn.execute(
            "SELECT count(*) FROM entries WHERE CAST(text AS TEXT) LIKE ?", (f"batch{round_} %",)
        ).fetchone()[0]
        conn.close()
        assert saved in (0, size)
        if "committed" in out:
            assert saved == size
