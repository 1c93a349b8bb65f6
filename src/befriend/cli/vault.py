"""`befriend encrypt`, `befriend passphrase`, `befriend decrypt`, and the one way the
CLI opens a journal that may be encrypted (:func:`open_cli_journal`).

Passphrases come from a hidden prompt (read from the terminal, even when standard
input is piped), or from ``BEFRIEND_PASSPHRASE`` (and ``BEFRIEND_NEW_PASSPHRASE`` for
a change) for scripts. The library work lives in ``befriend.vault.journal``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click
import typer

from befriend.cli.boundary import boundary
from befriend.errors import BefriendError

if TYPE_CHECKING:
    from befriend.settings import Settings
    from befriend.store.journal import Journal
    from befriend.vault.journal import VaultReport

PASSPHRASE_ENV = "BEFRIEND_PASSPHRASE"
NEW_PASSPHRASE_ENV = "BEFRIEND_NEW_PASSPHRASE"


class NoPassphraseError(BefriendError):
    code = "no_passphrase"

    def __init__(self) -> None:
        super().__init__(
            "No passphrase was given, so nothing was changed. Type it when befriend asks, "
            f"or set {PASSPHRASE_ENV} for scripts."
        )


def _prompt(text: str) -> str:
    try:
        value = click.prompt(text, hide_input=True, default="", show_default=False)
    except click.exceptions.Abort:
        raise NoPassphraseError() from None
    if not value:
        raise NoPassphraseError()
    return str(value)


def ask_passphrase(text: str = "Passphrase") -> str:
    """The current passphrase: ``BEFRIEND_PASSPHRASE``, else a hidden prompt."""
    return os.environ.get(PASSPHRASE_ENV) or _prompt(text)


def ask_new_passphrase(env: str) -> str:
    """A new passphrase: from ``env`` when set, else typed twice at a hidden prompt."""
    from befriend.vault import PassphraseMismatchError, check_new_passphrase

    value = os.environ.get(env)
    if not value:
        value = _prompt("New passphrase")
        check_new_passphrase(value)
        if _prompt("Type it again") != value:
            raise PassphraseMismatchError()
    check_new_passphrase(value)
    return value


def open_cli_journal(settings: Settings | None = None, *, text: bool = True) -> Journal:
    """The journal, migrated and, when encryption is on, unlocked with the
    passphrase (asked only then). Every CLI command opens the journal through here.

    ``text=False`` is for commands that need no user text (progress, check-in
    history without notes): an encrypted journal is then opened WITHOUT asking for
    the passphrase, and any attempt to read or write text raises
    :class:`~befriend.store.errors.JournalLockedError`."""
    from befriend.store import open_journal

    def _unlock(record: bytes) -> Any:
        if not text:
            from befriend.vault.journal import LockedCodec

            return LockedCodec(record)
        from befriend.vault import SealingCodec, unlock

        return SealingCodec(unlock(record, ask_passphrase()))

    return open_journal(settings, unlock=_unlock)


def _open_locked() -> Journal:
    """The journal with its text left as stored (the vault commands re-seal it)."""
    from befriend.store import PlainCodec, open_journal

    return open_journal(codec=PlainCodec())


def _count(report: VaultReport) -> str:
    return "1 piece of writing" if report.values == 1 else f"{report.values} pieces of writing"


def _compaction_note(report: VaultReport) -> None:
    if not report.compacted:
        typer.echo(
            "One thing is unfinished: befriend couldn't rewrite the database to clear out "
            "old copies of your writing (another program had the journal open, or the "
            "database didn't allow it). Close other befriend windows, then run `befriend "
            "passphrase` (you may keep the same passphrase) to finish."
        )


@boundary
def encrypt() -> None:
    """Encrypt your journal with a passphrase (Argon2id + AES-256-GCM)."""
    from befriend.vault import VaultStateError
    from befriend.vault.journal import encrypt_journal, key_record

    with _open_locked() as journal:
        if key_record(journal) is not None:
            raise VaultStateError(
                "Your journal is already encrypted, so nothing was changed. To change the "
                "passphrase, run `befriend passphrase`."
            )
        passphrase = ask_new_passphrase(PASSPHRASE_ENV)
        report = encrypt_journal(journal, passphrase)
    if report.values:
        typer.echo(f"Your journal is encrypted now: {_count(report)} sealed with your passphrase.")
    else:
        typer.echo(
            "Your journal is encrypted now. There's nothing in it yet; everything you write "
            "from now on is sealed with your passphrase."
        )
    typer.echo(
        "Keep the passphrase somewhere safe. If it is lost, nobody can open your writing "
        "again, befriend included."
    )
    typer.echo(
        "Labels, scores and dates stay readable so `befriend progress` works without it, "
        "and copies made before now (backups, exports) are not encrypted. "
        "docs/privacy.md says what is sealed and what isn't."
    )
    _compaction_note(report)


@boundary
def passphrase() -> None:
    """Change your journal's passphrase; everything is re-sealed with a new key."""
    from befriend.vault import unlock
    from befriend.vault.journal import change_passphrase, require_key_record

    with _open_locked() as journal:
        record = require_key_record(journal)
        old = ask_passphrase("Current passphrase")
        unlock(record, old)  # a wrong passphrase stops here, before the new one is asked
        new = ask_new_passphrase(NEW_PASSPHRASE_ENV)
        report = change_passphrase(journal, old, new)
    typer.echo(
        f"Your passphrase is changed: {_count(report)} re-sealed with a new key. "
        "The old passphrase no longer opens anything."
    )
    _compaction_note(report)


@boundary
def decrypt() -> None:
    """Turn encryption off: store your journal unencrypted again."""
    from befriend.vault.journal import decrypt_journal, require_key_record

    with _open_locked() as journal:
        require_key_record(journal)
        report = decrypt_journal(journal, ask_passphrase())
    typer.echo(
        f"Your journal isn't encrypted any more: {_count(report)} stored as plain text. "
        "Anyone who can read your files can read it now; `befriend encrypt` turns "
        "encryption back on."
    )
    # Copies left behind by an unfinished clean-up are sealed: nothing to finish.


COMMANDS: tuple[Callable[..., None], ...] = (encrypt, passphrase, decrypt)
