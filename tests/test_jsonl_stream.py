"""`befriend analyze --jsonl`: batching never holds back answers to input that paused."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from befriend.jsonl import analyze_jsonl, read_lines


def test_read_lines_marks_a_pause_in_a_pipe() -> None:
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, b'{"text": "one"}\n{"text": "tw')
        lines = read_lines(read_end)
        assert next(lines) == b'{"text": "one"}\n'
        assert next(lines) is None  # nothing more is ready: the writer is waiting
        os.write(write_end, b'o"}\n')
        os.close(write_end)
        write_end = -1
        assert list(lines) == [b'{"text": "two"}\n']
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)


def test_read_lines_joins_a_line_longer_than_a_read(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    long_line = b'{"text": "' + b"a" * 50_000 + b'"}'
    path.write_bytes(long_line + b"\n\n" + long_line)
    with path.open("rb") as stream:
        lines = list(read_lines(stream.fileno(), chunk_size=1000))
    assert lines == [long_line + b"\n", b"\n", long_line]


def test_read_lines_never_pauses_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"".join(b'{"text": "line %d"}\n' % i for i in range(5000)) + b"last")
    with path.open("rb") as stream:
        lines = list(read_lines(stream.fileno(), chunk_size=4096))
    assert None not in lines
    assert len(lines) == 5001 and lines[-1] == b"last"


def test_a_pause_analyses_the_lines_waiting_for_a_batch(analyzer: Any) -> None:
    asked: list[str] = []

    def source() -> Iterator[bytes | None]:
        asked.append("first")
        yield b'{"text": "I missed the bus and felt a bit low."}\n'
        asked.append("pause")
        yield None
        asked.append("after the pause")
        yield b'{"text": "Next time I will leave earlier."}\n'

    out = analyze_jsonl(source(), analyzer, batch_size=64)
    first = next(out)
    assert first["line"] == 1 and "labels" in first
    assert asked == ["first", "pause"]  # answered before the next line was asked for
    rest = list(out)
    assert [o["line"] for o in rest] == [2]


def test_a_real_process_answers_each_line_while_its_input_stays_open() -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent.parent / "src"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "befriend", "analyze", "--jsonl", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        for number, text in enumerate(["I forgot the form again.", "I'll send it tomorrow."], 1):
            proc.stdin.write(json.dumps({"text": text}).encode() + b"\n")
            proc.stdin.flush()
            # Generous: this guards against waiting forever for a full batch, it is
            # not a speed check.
            ready, _, _ = select.select([proc.stdout], [], [], 120)
            assert ready, f"no answer to line {number} while the input stayed open"
            answer = json.loads(proc.stdout.readline())
            assert answer["line"] == number and answer["text"] == text
        proc.stdin.close()
        assert proc.wait(timeout=120) == 0
        assert proc.stdout.read() == b""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
