"""The JSONL contract of ``befriend analyze --jsonl``: one object in, one object out.

Input: one JSON object per line with a ``text`` string (other fields are ignored,
except ``id``, which is copied through). Output, in input order, one object per
non-blank input line: the analysis (see :meth:`Analysis.to_dict`) plus ``line``, or
``{"line": N, "error": {"code": ..., "message": ...}}`` for a line that couldn't be
read. A bad line never stops the stream.

Lines are analysed in batches for speed, but a batch never waits for input that
hasn't arrived: when the input pauses (a program writes one line and waits for its
answer), the lines read so far are analysed and written at once.
"""

from __future__ import annotations

import json
import os
import select
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from befriend.errors import BefriendError, InputDecodeError, InputFormatError

if TYPE_CHECKING:
    from befriend.analyzer import Analyzer


@dataclass(frozen=True, slots=True)
class _Line:
    number: int
    text: str | None
    id: Any
    error: BefriendError | None


def _parse(number: int, raw: bytes) -> _Line | None:
    if not raw.strip():
        return None
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _Line(
            number,
            None,
            None,
            InputDecodeError(
                f"Line {number} isn't valid UTF-8 (bad byte at position {exc.start}). "
                "Save the file as UTF-8 and try again."
            ),
        )
    try:
        obj = json.loads(decoded)
    except json.JSONDecodeError as exc:
        return _Line(
            number,
            None,
            None,
            InputFormatError(f"Line {number} isn't valid JSON ({exc.msg}, column {exc.colno})."),
        )
    if not isinstance(obj, dict):
        return _Line(
            number,
            None,
            None,
            InputFormatError(
                f'Line {number} is JSON but not an object; write it as {{"text": "..."}}.'
            ),
        )
    text = obj.get("text")
    if not isinstance(text, str):
        what = 'has no "text" field' if "text" not in obj else 'has a "text" that isn\'t a string'
        return _Line(
            number,
            None,
            obj.get("id"),
            InputFormatError(f'Line {number} {what}; each line needs {{"text": "..."}}.'),
        )
    return _Line(number, text, obj.get("id"), None)


def error_object(number: int, error: BefriendError, id_value: Any = None) -> dict[str, Any]:
    out: dict[str, Any] = {"line": number}
    if id_value is not None:
        out["id"] = id_value
    out["error"] = {"code": error.code, "message": error.message}
    return out


def read_lines(fd: int, chunk_size: int = 1 << 16) -> Iterator[bytes | None]:
    """The lines of an open file descriptor as they arrive, each with its newline.

    After the lines of each read, ``None`` marks a pause when no more input is ready
    yet (a pipe or terminal whose writer is waiting for answers). A regular file is
    always ready, so it never pauses.
    """
    partial: list[bytes] = []  # the pieces of a line not yet ended (joined once)
    while chunk := os.read(fd, chunk_size):
        first, *rest = chunk.split(b"\n")
        partial.append(first)
        if rest:
            *whole, last = rest
            yield b"".join(partial) + b"\n"
            for line in whole:
                yield line + b"\n"
            partial = [last]
        if not _ready(fd):
            yield None
    if tail := b"".join(partial):
        yield tail


def _ready(fd: int) -> bool:
    try:
        readable, _, _ = select.select([fd], [], [], 0)
    except (OSError, ValueError):  # e.g. a pipe on Windows: never pause
        return True
    return bool(readable)


def analyze_jsonl(
    lines: Iterable[bytes | None], analyzer: Analyzer, batch_size: int = 64
) -> Iterator[dict[str, Any]]:
    """Stream output objects for raw input lines (bytes, so bad UTF-8 is reported).

    A ``None`` among the lines (from :func:`read_lines`) means the input paused:
    the lines waiting for a full batch are analysed then, not held back.
    """
    pending: list[_Line] = []

    def flush() -> Iterator[dict[str, Any]]:
        results = iter(
            analyzer.analyze_each([p.text for p in pending if p.text is not None], batch_size)
        )
        for item in pending:
            if item.error is not None:
                yield error_object(item.number, item.error, item.id)
                continue
            result = next(results)
            if isinstance(result, BefriendError):
                yield error_object(item.number, _with_line(result, item.number), item.id)
            else:
                out = result.to_dict()
                out["line"] = item.number
                if item.id is not None:
                    out["id"] = item.id
                yield out

    number = 0
    for raw in lines:
        if raw is None:
            if pending:
                yield from flush()
                pending = []
            continue
        number += 1
        parsed = _parse(number, raw.rstrip(b"\r\n"))
        if parsed is None:
            continue
        pending.append(parsed)
        if len(pending) >= batch_size:
            yield from flush()
            pending = []
    if pending:
        yield from flush()


def _with_line(error: BefriendError, number: int) -> BefriendError:
    copy = BefriendError(f"Line {number}: {error.message}")
    copy.code = error.code
    return copy
