"""scripts/eval_report.py answers --help without reading the test split."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parent.parent / "scripts" / "eval_report.py"


def test_help_explains_and_does_not_evaluate() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert "--no-write" in done.stdout
    assert "Measured" not in done.stdout  # the figures block was not computed


def test_an_unknown_option_is_refused_before_any_work() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--wirte"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "unrecognized arguments: --wirte" in done.stderr
    assert "Measured" not in done.stdout
