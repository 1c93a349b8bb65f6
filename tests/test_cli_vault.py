"""`befriend encrypt`, `befriend passphrase`, `befriend decrypt` through the real CLI,
with the default (strong) Argon2id costs, on the SQLite journal in BEFRIEND_HOME."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from befriend.cli.main import app
from befriend.settings import load_settings
from befriend.store import PlainCodec, open_journal
from befriend.store.models import Base, Entry
from befriend.vault import DEFAULT_KDF, is_sealed
from befriend.vault.journal import key_record, unlocker
from befriend.vault.record import parse

runner = CliRunner()
pytestmark = pytest.mark.filterwarnings("ignore::getpass.GetPassWarning")
PASS = "tea in the garden at dawn"
NEW_PASS = "a walk by the river at dusk"
TEXTS = ["Nobody knows I cried in the stairwell today.", "Walked anyway. 🌱"]


@pytest.fixture(autouse=True)
def _no_passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BEFRIEND_PASSPHRASE", raising=False)
    monkeypatch.delenv("BEFRIEND_NEW_PASSPHRASE", raising=False)


@pytest.fixture
def ids() -> list[str]:
    journal = open_journal(load_settings())
    try:
        return [journal.add_entry(t).id for t in TEXTS]
    finally:
        journal.close()


def raw() -> dict[str, Any]:
    journal = open_journal(load_settings(), codec=PlainCodec())
    try:
        with journal.transaction() as s:
            return {
                t.name: [tuple(r) for r in s.execute(select(t).order_by(*t.primary_key)).all()]
                for t in Base.metadata.sorted_tables
            }
    finally:
        journal.close()


def texts(passphrase: str | None, ids: list[str]) -> list[str]:
    unlock = unlocker(passphrase) if passphrase else None
    journal = open_journal(load_settings(), unlock=unlock)
    try:
        return [journal.get(i).text for i in ids]
    finally:
        journal.close()


def one_line_error(result: Any, message: str) -> None:
    """Exit 1 and one line of error (the hidden prompts, when any, come before it)."""
    assert result.exit_code == 1
    assert result.stderr.endswith(f"befriend: {message}\n")
    assert result.stderr.count("befriend:") == 1
    assert "Traceback" not in result.output
    assert result.stdout.strip() == ""


def encrypt(passphrase: str = PASS) -> Any:
    return runner.invoke(app, ["encrypt"], input=f"{passphrase}\n{passphrase}\n")


def test_encrypt_asks_twice_seals_and_says_what_it_did(ids: list[str]) -> None:
    result = encrypt()
    assert result.exit_code == 0, result.output
    assert "New passphrase: " in result.stderr
    assert "Type it again: " in result.stderr
    assert result.stdout == (
        "Your journal is encrypted now: 2 pieces of writing sealed with your passphrase.\n"
        "Keep the passphrase somewhere safe. If it is lost, nobody can open your writing "
        "again, befriend included.\n"
        "Labels, scores and dates stay readable so `befriend progress` works without it, "
        "and copies made before now (backups, exports) are not encrypted. "
        "docs/privacy.md says what is sealed and what isn't.\n"
    )
    journal = open_journal(load_settings(), unlock=unlocker(PASS))
    try:
        record = key_record(journal)
        assert record is not None and parse(record).params == DEFAULT_KDF
        with journal.transaction() as s:
            assert all(is_sealed(v) for v in s.scalars(select(Entry.text)))
    finally:
        journal.close()
    assert texts(PASS, ids) == TEXTS


def test_encrypt_takes_the_passphrase_from_the_environment(
    ids: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BEFRIEND_PASSPHRASE", PASS)
    result = runner.invoke(app, ["encrypt"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no prompt
    assert result.stdout.startswith(
        "Your journal is encrypted now: 2 pieces of writing sealed with your passphrase.\n"
    )
    assert texts(PASS, ids) == TEXTS


def test_passphrases_that_differ_change_nothing(ids: list[str]) -> None:
    before = raw()
    result = runner.invoke(app, ["encrypt"], input=f"{PASS}\n{PASS}x\n")
    one_line_error(
        result, "The two passphrases you typed don't match, so nothing was changed. Try again."
    )
    assert raw() == before


def test_a_short_passphrase_is_refused(ids: list[str]) -> None:
    before = raw()
    result = encrypt("short")
    one_line_error(
        result,
        "That passphrase is shorter than 8 characters, which is easy to guess. Nothing was "
        "changed. Choose a longer one: a few unrelated words work well and are easier to "
        "remember.",
    )
    assert raw() == before


def test_no_passphrase_at_all_says_how_to_give_one(ids: list[str]) -> None:
    result = runner.invoke(app, ["encrypt"], input="")
    one_line_error(
        result,
        "No passphrase was given, so nothing was changed. Type it when befriend asks, or set "
        "BEFRIEND_PASSPHRASE for scripts.",
    )


def test_encrypting_twice_says_it_already_is(ids: list[str]) -> None:
    assert encrypt().exit_code == 0
    before = raw()
    one_line_error(
        encrypt(),
        "Your journal is already encrypted, so nothing was changed. To change the passphrase, "
        "run `befriend passphrase`.",
    )
    assert raw() == before


def test_wrong_passphrase_is_one_line_and_changes_nothing(
    ids: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert encrypt().exit_code == 0
    before = raw()
    message = (
        "That passphrase doesn't open this journal, so nothing was changed. "
        "Passphrases are case-sensitive; check it and try again."
    )
    one_line_error(runner.invoke(app, ["passphrase"], input="Tea in the garden at dawn\n"), message)
    one_line_error(runner.invoke(app, ["decrypt"], input="nope nope nope\n"), message)
    monkeypatch.setenv("BEFRIEND_PASSPHRASE", "wrong, from a script")
    one_line_error(runner.invoke(app, ["decrypt"]), message)
    assert raw() == before


def test_encrypt_then_change_then_decrypt(ids: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    plain = raw()
    assert encrypt().exit_code == 0
    result = runner.invoke(app, ["passphrase"], input=f"{PASS}\n{NEW_PASS}\n{NEW_PASS}\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        "Your passphrase is changed: 2 pieces of writing re-sealed with a new key. "
        "The old passphrase no longer opens anything.\n"
    )
    assert texts(NEW_PASS, ids) == TEXTS
    monkeypatch.setenv("BEFRIEND_PASSPHRASE", NEW_PASS)
    result = runner.invoke(app, ["decrypt"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Your journal isn't encrypted any more: 2 pieces of writing stored as plain text. "
        "Anyone who can read your files can read it now; `befriend encrypt` turns encryption "
        "back on.\n"
    )
    assert raw() == plain
    assert texts(None, ids) == TEXTS


def test_passphrase_change_from_the_environment(
    ids: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert encrypt().exit_code == 0
    monkeypatch.setenv("BEFRIEND_PASSPHRASE", PASS)
    monkeypatch.setenv("BEFRIEND_NEW_PASSPHRASE", NEW_PASS)
    result = runner.invoke(app, ["passphrase"])
    assert result.exit_code == 0, result.output
    assert texts(NEW_PASS, ids) == TEXTS


def test_passphrase_and_decrypt_on_a_plain_journal_say_so(ids: list[str]) -> None:
    message = (
        "Your journal isn't encrypted, so there is no passphrase to use. Nothing was changed. "
        "To turn encryption on, run `befriend encrypt`."
    )
    one_line_error(runner.invoke(app, ["passphrase"]), message)
    one_line_error(runner.invoke(app, ["decrypt"]), message)


def test_the_cli_opens_an_encrypted_journal_with_the_passphrase(
    ids: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from befriend.cli.vault import open_cli_journal

    plain = open_cli_journal()  # no key record: no passphrase asked
    plain.close()
    assert encrypt().exit_code == 0
    monkeypatch.setenv("BEFRIEND_PASSPHRASE", PASS)
    journal = open_cli_journal()
    try:
        assert [journal.get(i).text for i in ids] == TEXTS
    finally:
        journal.close()


def test_journal_commands_on_an_encrypted_journal(
    _isolated_home: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert encrypt().exit_code == 0
    secret = "I hid in the car park and cried before the meeting."
    monkeypatch.setenv("BEFRIEND_PASSPHRASE", PASS)
    result = runner.invoke(app, ["write", "--text", secret, "--json"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["journal", "search", "car park", "--json"])
    assert result.exit_code == 0, result.output
    assert secret in result.stdout
    before = raw()
    monkeypatch.setenv("BEFRIEND_PASSPHRASE", "Tea in the garden at dawn")
    for args in (["journal", "list"], ["write", "--text", "more words"], ["export"]):
        one_line_error(
            runner.invoke(app, args),
            "That passphrase doesn't open this journal, so nothing was changed. "
            "Passphrases are case-sensitive; check it and try again.",
        )
    assert raw() == before
    for path in _isolated_home.iterdir():
        assert b"car park" not in path.read_bytes(), path.name


def test_commands_that_need_no_text_open_without_the_passphrase(ids: list[str]) -> None:
    from befriend.cli.vault import open_cli_journal
    from befriend.store.errors import JournalLockedError

    assert encrypt().exit_code == 0
    journal = open_cli_journal(text=False)  # no BEFRIEND_PASSPHRASE, no prompt
    try:
        assert journal.count() == len(TEXTS)
        with pytest.raises(JournalLockedError):
            journal.get(ids[0])
    finally:
        journal.close()


def test_encrypt_says_when_it_could_not_clean_up(
    ids: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import befriend.store.db as db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_SECONDS", 0.3)
    monkeypatch.setenv("BEFRIEND_PASSPHRASE", PASS)
    reader = open_journal(load_settings())
    try:
        with reader.transaction() as s:  # another befriend, mid-read
            s.scalars(select(Entry.id)).all()
            result = runner.invoke(app, ["encrypt"])
    finally:
        reader.close()
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        "One thing is unfinished: befriend couldn't rewrite the database to clear out old "
        "copies of your writing (another program had the journal open, or the database "
        "didn't allow it). Close other befriend windows, then run `befriend passphrase` (you "
        "may keep the same passphrase) to finish.\n"
    )
    assert texts(PASS, ids) == TEXTS


def test_encrypting_an_empty_journal_says_what_happens_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BEFRIEND_PASSPHRASE", PASS)
    result = runner.invoke(app, ["encrypt"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "Your journal is encrypted now. There's nothing in it yet; everything you write from "
        "now on is sealed with your passphrase.\n"
    )
    result = runner.invoke(app, ["write", "--text", "The first thing I wrote.", "--json"])
    assert result.exit_code == 0, result.output
    journal = open_journal(load_settings(), unlock=unlocker(PASS))
    try:
        with journal.transaction() as s:
            assert all(is_sealed(v) for v in s.scalars(select(Entry.text)))
        assert [e.text for e in journal.entries()] == ["The first thing I wrote."]
    finally:
        journal.close()
