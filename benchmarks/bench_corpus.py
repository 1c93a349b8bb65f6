"""Corpus analysis speed and memory, measured against `befriend analyze --jsonl`.

Measures:
- whole-process throughput (texts/s, start-up included) of `befriend corpus analyze`
  (JSONL in, Parquet out) against `befriend analyze --jsonl` on the same texts
  (best of 2 runs each, alternated, because the machine may be shared);
- the Dask engine on a local cluster of 1 and of 2 worker processes, in process with
  the cluster started and every worker's model loaded before the clock starts; with
  the default threads (cores / workers per worker) and with 1 thread per worker;
- peak RSS of `befriend corpus analyze` on a 20,000-row and a 200,000-row corpus of
  short texts (sentences of the labelled corpus, varied), sampled every half second,
  to show that memory is flat in corpus size.

Writes the table between the bench markers in docs/research.md (``--write``).
Run: ``.venv/bin/python benchmarks/bench_corpus.py --write`` (takes about half an hour
on 2 cores; ``--big 0`` skips the 200,000-row run).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DOC = ROOT / "docs" / "research.md"
START, END = "<!-- bench-corpus:start -->", "<!-- bench-corpus:end -->"

OPENERS = ["", "Honestly, ", "Today ", "Again: ", "Tonight ", "Right now ", "Ugh. ", "Okay. "]


def corpus_texts() -> list[str]:
    texts: list[str] = []
    for name in ("train.jsonl", "test.jsonl"):
        for line in (ROOT / "corpus" / name).read_text(encoding="utf-8").splitlines():
            texts.append(json.loads(line)["text"])
    return texts


def repeated(n: int) -> list[str]:
    texts = corpus_texts()
    return [texts[i % len(texts)] for i in range(n)]


def short_texts(n: int) -> list[str]:
    """Short texts: single sentences of the corpus, with varied openings."""
    sys.path.insert(0, str(ROOT / "src"))
    from befriend.text import split_sentences

    sentences = []
    for text in corpus_texts():
        sentences += [text[s.start : s.end] for s in split_sentences(text)]
    return [
        OPENERS[(i // len(sentences)) % len(OPENERS)] + sentences[i % len(sentences)]
        for i in range(n)
    ]


def write_jsonl(path: Path, texts: list[str]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i, text in enumerate(texts):
            out.write(json.dumps({"id": i, "text": text}) + "\n")


def wall(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def peak_rss_mb(cmd: list[str]) -> tuple[float, list[float], float]:
    """Peak RSS (MB) of a child process, its RSS every ~10% of the run, and wall seconds."""
    import psutil

    started = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proc = psutil.Process(child.pid)
    samples: list[float] = []
    peak = 0.0

    def sample() -> None:
        nonlocal peak
        while child.poll() is None:
            try:
                rss = proc.memory_info().rss / 2**20
            except psutil.NoSuchProcess:
                break
            samples.append(rss)
            peak = max(peak, rss)
            time.sleep(0.5)

    thread = threading.Thread(target=sample)
    thread.start()
    code = child.wait()
    thread.join()
    if code:
        raise SystemExit(f"{cmd} failed with exit code {code}")
    step = max(1, len(samples) // 10)
    return peak, samples[::step], time.perf_counter() - started


def dask_rate(src: Path, folder: Path, workers: int, threads: str | None) -> tuple[float, float]:
    """texts/s of the analysis alone, and the seconds the cluster took to start."""
    sys.path.insert(0, str(ROOT / "src"))
    from befriend.research.corpus import CorpusJob, DaskEngine, analyze_corpus
    from befriend.research.corpus.engines import _version_on_worker

    if threads is None:
        os.environ.pop("BEFRIEND_THREADS", None)
    else:
        os.environ["BEFRIEND_THREADS"] = threads
    out = folder / f"dask-{workers}-{threads}.parquet"
    started = time.perf_counter()
    with DaskEngine("local", workers=workers) as engine:
        engine._connect().run(_version_on_worker)  # every worker loads its model now
        ready = time.perf_counter()
        summary = analyze_corpus(CorpusJob(src, out, chunk_size=256, force=True), engine=engine)
        done = time.perf_counter()
    os.environ.pop("BEFRIEND_THREADS", None)
    return summary.stats.rows / (done - ready), ready - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=3000)
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--big", type=int, default=200_000)
    parser.add_argument("--write", action="store_true", help="write results into docs/research.md")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="befriend-bench-corpus-"))
    befriend = str(BIN / "befriend")
    texts = repeated(args.texts)
    words = sum(len(t.split()) for t in texts) / len(texts)
    src = tmp / "texts.jsonl"
    write_jsonl(src, texts)
    subprocess.run([befriend, "analyze", "warm up"], stdout=subprocess.DEVNULL, check=True)

    corpus_cmd = [
        befriend,
        "corpus",
        "analyze",
        str(src),
        "-o",
        str(tmp / "o.parquet"),
        "-q",
        "--force",
    ]
    jsonl_cmd = [befriend, "analyze", "--jsonl", str(src)]
    t_jsonl, t_corpus = [], []
    for _ in range(2):
        t_jsonl.append(wall(jsonl_cmd))
        t_corpus.append(wall(corpus_cmd))
    tj, tc = min(t_jsonl), min(t_corpus)
    print(f"jsonl {tj:.1f}s corpus {tc:.1f}s", flush=True)

    d1, s1 = dask_rate(src, tmp, 1, None)
    d2, s2 = dask_rate(src, tmp, 2, None)
    print(f"dask default: 1 worker {d1:.0f}/s, 2 workers {d2:.0f}/s", flush=True)
    f1, _ = dask_rate(src, tmp, 1, "1")
    f2, _ = dask_rate(src, tmp, 2, "1")
    print(f"dask 1 thread each: 1 worker {f1:.0f}/s, 2 workers {f2:.0f}/s", flush=True)

    memory = []
    for n in (args.small, args.big):
        if n <= 0:
            continue
        big_src = tmp / f"short-{n}.jsonl"
        write_jsonl(big_src, short_texts(n))
        cmd = [
            befriend,
            "corpus",
            "analyze",
            str(big_src),
            "-o",
            str(tmp / f"short-{n}.parquet"),
            "-q",
            "--force",
        ]
        peak, series, seconds = peak_rss_mb(cmd)
        print(f"{n} rows: peak {peak:.0f} MB in {seconds:.0f} s; {series}", flush=True)
        memory.append((n, peak, series, seconds))

    n = len(texts)
    rows = [
        ("texts (mean words)", f"{n} ({words:.0f})", "", ""),
        ("`befriend analyze --jsonl`, whole process", f"{n / tj:.0f} texts/s", f"{tj:.1f} s", ""),
        (
            "`befriend corpus analyze` (JSONL → Parquet), whole process",
            f"{n / tc:.0f} texts/s",
            f"{tc:.1f} s",
            "",
        ),
        ("corpus / `analyze --jsonl` throughput", f"{tj / tc:.2f}", "", "≥ 0.9"),
        (
            "Dask, 1 local worker (2 model threads)",
            f"{d1:.0f} texts/s",
            f"cluster start {s1:.1f} s",
            "",
        ),
        (
            "Dask, 2 local workers (1 model thread each)",
            f"{d2:.0f} texts/s",
            f"cluster start {s2:.1f} s",
            "",
        ),
        ("2 workers / 1 worker, default threads", f"{d2 / d1:.2f}", "", "≥ 1.6"),
        (
            "2 workers / 1 worker, 1 model thread per worker",
            f"{f2 / f1:.2f}",
            f"{f1:.0f} → {f2:.0f} texts/s",
            "≥ 1.6",
        ),
    ]
    for count, peak, series, seconds in memory:
        shape = " → ".join(f"{v:.0f}" for v in series)
        rows.append(
            (
                f"peak memory, {count:,} short texts",
                f"{peak:.0f} MB",
                f"{seconds:.0f} s; RSS over the run (MB): {shape}",
                "flat, < 500 MB",
            )
        )
    table = ["| measure | result | detail | goal |", "|---|---|---|---|"]
    table += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    load = os.getloadavg()[0]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    block = "\n".join(
        [
            START,
            f"Measured {time.strftime('%Y-%m-%d')} on {machine}, shared with other jobs "
            f"(load average {load:.1f} at the end), so the absolute figures are noisy.",
            "",
            *table,
            END,
        ]
    )
    print(block)
    if args.write:
        sys.path.insert(0, str(ROOT / "scripts"))
        from doc_block import replace_block

        replace_block(DOC, START, END, block)
        print(f"wrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
