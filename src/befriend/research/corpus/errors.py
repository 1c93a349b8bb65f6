"""The corpus toolkit's errors: each says what is wrong and what to do."""

from __future__ import annotations

from befriend.errors import BefriendError


class CorpusError(BefriendError):
    code = "corpus_error"


class OutputExistsError(CorpusError):
    code = "output_exists"


class ResumeMismatchError(CorpusError):
    code = "resume_mismatch"


class WorkerVersionError(CorpusError):
    code = "worker_version"
