"""Writing a chart or report file whole, or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from befriend.errors import BefriendError


class OutputFileError(BefriendError):
    code = "file_error"


def write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, so a
    failure never leaves a half-written file (an existing file is replaced)."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputFileError(
            f"{path} is a folder; give a file name, such as {path / 'progress.png'}."
        )
    if not folder.is_dir():
        raise OutputFileError(
            f"The folder {folder} doesn't exist. Create it first, or choose another place."
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputFileError(f"{path} couldn't be written: {exc.strerror or exc}.") from None
