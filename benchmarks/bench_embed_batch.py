"""How many padded tokens the embedder should run at once, measured in one run.

The embedder sorts sequences by length and runs them through ONNX Runtime in
sub-batches of at most ``batch_tokens`` padded tokens (``befriend.model.embedder``).
This script embeds the sentences of the same corpus texts, chunk by chunk as the
analyzer does (64 texts a chunk), with several token caps, in alternating order, and
reports each cap's time against the baseline of 2048 tokens (the default until
2026-11-27). All caps give the same vectors to within float rounding; the script
checks that too.

Writes the table between the embed-batch markers in docs/analyzer.md (``--write``).
Run: ``.venv/bin/python benchmarks/bench_embed_batch.py --write``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "analyzer.md"
START, END = "<!-- embedbatch:start -->", "<!-- embedbatch:end -->"
BASELINE = 2048
CAPS = (2048, 1024, 512, 256, 128)


def main() -> None:
    from befriend.model.embedder import BATCH_TOKENS, OnnxEmbedder
    from befriend.text import split_sentences
    from bench_analyzer import corpus_texts

    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=4, help="alternating timed runs of each")
    parser.add_argument("--write", action="store_true", help="write results into docs/analyzer.md")
    args = parser.parse_args()

    texts = corpus_texts(args.texts)
    chunks = [
        [t[s.start : s.end] for t in texts[i : i + 64] for s in split_sentences(t)]
        for i in range(0, len(texts), 64)
    ]
    sentences = sum(len(c) for c in chunks)
    embedders = {cap: OnnxEmbedder(batch_tokens=cap) for cap in CAPS}
    reference = embedders[BASELINE].embed_batch(chunks[0])
    for cap, embedder in embedders.items():
        gap = float(np.abs(embedder.embed_batch(chunks[0]) - reference).max())
        if gap > 1e-5:
            raise SystemExit(f"batch_tokens={cap} changes the vectors by {gap}")
    times: dict[int, list[float]] = {cap: [] for cap in CAPS}
    for round_ in range(args.rounds):
        for cap in CAPS if round_ % 2 == 0 else CAPS[::-1]:
            started = time.perf_counter()
            for chunk in chunks:
                embedders[cap].embed_batch(chunk)
            times[cap].append(time.perf_counter() - started)

    base = min(times[BASELINE])
    table = [
        "| padded tokens per sub-batch | fastest run | median run | sentences/s | against 2048 |",
        "|---|---|---|---|---|",
    ]
    for cap in CAPS:
        best = min(times[cap])
        mark = " (default)" if cap == BATCH_TOKENS else ""
        table.append(
            f"| {cap}{mark} | {best:.2f} s | {statistics.median(times[cap]):.2f} s | "
            f"{sentences / best:.0f} | {base / best:.2f}x |"
        )
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    block = "\n".join(
        [
            START,
            f"Measured {time.strftime('%Y-%m-%d')} on {machine}: the {sentences} sentences "
            f"of {len(texts)} corpus texts, in chunks of 64 texts, {args.rounds} "
            "alternating runs of each.",
            "",
            *table,
            END,
        ]
    )
    sys.path.insert(0, str(ROOT / "scripts"))
    from doc_block import publish

    publish(DOC, START, END, block, write=args.write)


if __name__ == "__main__":
    main()
