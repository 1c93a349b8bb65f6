"""One error hierarchy. Each message says what happened and what to do about it.

The CLI turns any :class:`BefriendError` into one line on stderr and exit code 1;
nothing else in the library prints or exits.
"""

from __future__ import annotations


class BefriendError(Exception):
    """Base class: the message is shown to the user as it is."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class EmptyTextError(BefriendError):
    code = "empty_text"

    def __init__(self) -> None:
        super().__init__(
            "The text is empty. Write a few words about what's on your mind and try again."
        )


class TextTooLongError(BefriendError):
    code = "text_too_long"

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(
            f"The text is {length:,} characters long; befriend reads up to {limit:,} at a time. "
            "Split it into shorter pieces and analyse each one."
        )
        self.length = length
        self.limit = limit


class UnsupportedLanguageError(BefriendError):
    code = "unsupported_language"

    def __init__(self) -> None:
        super().__init__(
            "This text doesn't look like English, and befriend can only read English for now, "
            "so it won't guess at labels."
        )


class InputDecodeError(BefriendError):
    code = "undecodable_input"


class InputFormatError(BefriendError):
    code = "bad_input"


class InputFileError(BefriendError):
    code = "file_error"


class ModelLoadError(BefriendError):
    code = "model_error"


class SettingsError(BefriendError):
    code = "settings_error"
