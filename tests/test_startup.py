"""`befriend --help` imports nothing heavy; the analyzer loads with no network."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

SRC = str(Path(__file__).parent.parent / "src")
HEAVY = ["numpy", "onnxruntime", "tokenizers", "torch", "dask", "sklearn", "pandas", "matplotlib"]
HEAVY += ["openpyxl", "yaml"]  # questionnaire scoring (befriend scale)
HEAVY += ["sqlalchemy", "alembic", "psycopg"]
HEAVY += ["llama_cpp"]  # the LLM test server (dev only)
HEAVY += ["cryptography", "argon2"]  # the vault
HEAVY += ["pyarrow", "distributed"]  # the corpus toolkit


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import sys, json\n"
        "from befriend.cli.main import app\n"
        "try:\n"
        "    app(['--help'], prog_name='befriend')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=SRC),
        check=True,
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_import_befriend_is_light() -> None:
    code = f"import sys, befriend; print([m for m in {HEAVY!r} if m in sys.modules])"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=SRC),
        check=True,
    )
    assert done.stdout.strip() == "[]"


def test_analyzer_loads_and_runs_with_networking_disabled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network access attempted during an offline test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from befriend.analyzer import Analyzer

    result = Analyzer().analyze("I'm such an idiot. Everyone else copes fine.")
    assert "self_judgment" in result.labels
    assert "isolation" in result.labels


def test_the_runtime_does_not_need_torch() -> None:
    code = (
        "import sys\n"
        "sys.modules['torch'] = None  # any import of torch now fails\n"
        "import befriend\n"
        "print(befriend.analyze('I feel hurt right now.').labels)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=SRC),
    )
    assert done.returncode == 0, done.stderr
    assert "mindfulness" in done.stdout


def test_same_text_same_output() -> None:
    from befriend.analyzer import Analyzer

    text = "I'm a failure. It's okay, everyone struggles. Tomorrow I'll ask for help."
    first = Analyzer().analyze(text).to_dict()
    second = Analyzer().analyze(text).to_dict()
    assert first == second


def test_onnxruntime_telemetry_is_off(tmp_path: Path) -> None:
    """onnxruntime's event client stays off: no session file appears in the temp folder."""
    code = (
        "from befriend.analyzer import Analyzer\n"
        "Analyzer().analyze('I missed the bus and that is fine.')\n"
    )
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(os.environ, PYTHONPATH=SRC, TMPDIR=str(temp))
    env.pop("ORT_DISABLE_TELEMETRY", None)
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
    assert sorted(p.name for p in temp.iterdir()) == []
