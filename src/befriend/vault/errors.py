"""Errors of the vault. Each says what is wrong and what to do; none shows a secret."""

from __future__ import annotations

from befriend.errors import BefriendError


class VaultError(BefriendError):
    code = "vault_error"


class WrongPassphraseError(VaultError):
    code = "wrong_passphrase"

    def __init__(self) -> None:
        super().__init__(
            "That passphrase doesn't open this journal, so nothing was changed. "
            "Passphrases are case-sensitive; check it and try again."
        )


class WeakPassphraseError(VaultError):
    code = "weak_passphrase"


class PassphraseMismatchError(VaultError):
    code = "passphrase_mismatch"

    def __init__(self) -> None:
        super().__init__(
            "The two passphrases you typed don't match, so nothing was changed. Try again."
        )


class VaultFormatError(VaultError):
    """Sealed data or a key record that is damaged, foreign, or from a newer befriend."""

    code = "vault_format"


class ForeignKeyError(VaultError):
    """A blob sealed under a different data key than the journal's."""

    code = "foreign_key"

    def __init__(self) -> None:
        super().__init__(
            "Some text in the journal was sealed with a different key from this journal's "
            "(perhaps copied in from another journal). befriend can't open it with this "
            "passphrase. Nothing was changed; restore it from the journal it came from."
        )


class UnsealedTextError(VaultError):
    """Plain text found where the vault expects sealed text."""

    code = "unsealed_text"

    def __init__(self) -> None:
        super().__init__(
            "Some text in your encrypted journal isn't sealed (another program or an older "
            "befriend may have written it), so befriend won't mix it in. Nothing was changed. "
            "Run `befriend passphrase` to seal everything again."
        )


class VaultStateError(VaultError):
    """Asked to turn the vault on when it is on, or off when it is off."""

    code = "vault_state"
