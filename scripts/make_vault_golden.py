"""Write the vault's golden files for the current format version (once, forever).

tests/test_vault_golden.py opens them on every run, so every befriend release keeps
opening journals sealed by earlier ones. The files of a released format version
must never be rewritten: this script refuses to overwrite them, and writes only
the ones missing. When the format changes, bump the version and run it again to
add a new folder beside the old.

- ``v<N>/key_record.bin``, ``v<N>/blob-*.bin``, ``v<N>/manifest.json``: a key record
  and blobs sealed for known contexts, with their texts;
- ``v<N>/journal.db``: tests/data/journal/v0001.db (schema 0001_initial) with its
  text sealed under the same passphrase, as `befriend encrypt` would have left it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PASSPHRASE = "correct horse battery staple"
TEXTS = [
    ("entries.text:6f1c1a52-2f0c-4c39-9a55-0d7f4c7a1e01", "I'm so tired of feeling like this."),
    ("entries.text:6f1c1a52-2f0c-4c39-9a55-0d7f4c7a1e02", ""),
    (
        "entries.text:6f1c1a52-2f0c-4c39-9a55-0d7f4c7a1e03",
        "Café, naïve, 日本語, emoji 🌱, RTL עברית, and a tab\tand a newline\n.",
    ),
    (
        "practice_sessions.state:0b4f5c1e-8a7d-4e0e-b1a9-3c2d5e6f7a80",
        '{"friend": "You did your best with what you knew.", "step": 2}',
    ),
    ("checkins.note:1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5", "Slept badly. Walked anyway." * 40),
    ("", "No context: bound to the key only."),
]


def main() -> None:
    from befriend.vault import KdfParams, create_vault
    from befriend.vault.blob import VERSION

    folder = ROOT / "tests" / "data" / "vault" / f"v{VERSION}"
    if not (folder / "journal.db").exists() and (folder / "key_record.bin").exists():
        make_journal(folder)
        return
    if folder.exists():
        sys.exit(f"{folder} exists; golden files are never rewritten.")
    folder.mkdir(parents=True)
    params = KdfParams(memory_kib=256, iterations=2, parallelism=2)
    vault = create_vault(PASSPHRASE, params)
    (folder / "key_record.bin").write_bytes(vault.record.to_bytes())
    items = []
    for number, (context, text) in enumerate(TEXTS, start=1):
        name = f"blob-{number:02d}.bin"
        (folder / name).write_bytes(vault.seal_text(text, context))
        items.append({"file": name, "context": context, "text": text})
    manifest = {
        "format": VERSION,
        "passphrase": PASSPHRASE,
        "kdf": {"memory_kib": 256, "iterations": 2, "parallelism": 2},
        "key_id": vault.key_id.hex(),
        "blobs": items,
    }
    (folder / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"wrote {folder}")
    make_journal(folder)


def make_journal(folder: Path) -> None:
    import shutil
    import sqlite3

    from befriend.store.codec import CHECKIN_NOTE, ENTRY_TEXT, context_for
    from befriend.vault import unlock
    from befriend.vault.reseal import reseal_value

    out = folder / "journal.db"
    record = (folder / "key_record.bin").read_bytes()
    vault = unlock(record, PASSPHRASE)
    shutil.copy(ROOT / "tests" / "data" / "journal" / "v0001.db", out)
    db = sqlite3.connect(out)
    with db:
        for row_id, text in db.execute("SELECT id, text FROM entries").fetchall():
            sealed = reseal_value(text, context_for(ENTRY_TEXT, row_id), None, vault)
            db.execute("UPDATE entries SET text = ? WHERE id = ?", (sealed, row_id))
        note_id = "c0ffee00-0000-4000-8000-000000000001"
        note = vault.seal_text("Slept badly. Walked anyway.", context_for(CHECKIN_NOTE, note_id))
        db.execute("UPDATE checkins SET note = ? WHERE id = ?", (note, note_id))
        db.execute("INSERT INTO settings (key, value) VALUES ('vault.key_record', ?)", (record,))
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute("VACUUM")
    db.close()
    print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
