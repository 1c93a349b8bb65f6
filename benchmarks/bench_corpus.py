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

Results are kept in benchmarks/out/corpus.json, so the parts can be run separately
(``--only speed``, ``--only memory --rows 20000 200000``); ``--write`` puts the table
of all kept results between the bench markers in docs/research.md.
Run: ``.venv/bin/python benchmarks/bench_corpus.py --write`` (the 200,000-row run is
the long part: about 15 minutes on an idle 2-core machine).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

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


def peak_rss_mb(cmd: list[str], limit: float | None = None) -> tuple[float, list[float], float]:
    """Peak RSS (MB) of a child process, its RSS every ~10% of the run, and wall seconds.

    With ``limit``, the child is interrupted (SIGINT, as Ctrl-C) after that many seconds.
    """
    import psutil

    started = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proc = psutil.Process(child.pid)
    samples: list[float] = []
    peak = 0.0

    def sample() -> None:
        nonlocal peak
        while child.poll() is None:
            if limit is not None and time.perf_counter() - started > limit:
                child.send_signal(signal.SIGINT)
                break
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
    if code and not (limit is not None and code == 130):
        raise SystemExit(f"{cmd} failed with exit code {code}")
    step = max(1, len(samples) // 10)
    return peak, samples[::step], time.perf_counter() - started


def _cpu_seconds() -> float:
    import psutil

    times = psutil.Process().cpu_times()
    return float(times.user + times.system)


def dask_run(src: Path, folder: Path, workers: int, threads: str | None) -> dict[str, float]:
    """texts/s of the analysis alone, the workers' CPU-seconds for it, and the seconds
    the cluster took to start (every worker's model loaded before the clock starts)."""
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
        client = engine._connect()
        client.run(_version_on_worker)
        cpu_before = sum(client.run(_cpu_seconds).values())
        ready = time.perf_counter()
        summary = analyze_corpus(CorpusJob(src, out, chunk_size=256, force=True), engine=engine)
        done = time.perf_counter()
        cpu = sum(client.run(_cpu_seconds).values()) - cpu_before
    os.environ.pop("BEFRIEND_THREADS", None)
    rows = summary.stats.rows
    return {"rate": rows / (done - ready), "start": ready - started, "cpu_per_k": cpu / rows * 1000}


def dask_rate(src: Path, folder: Path, workers: int, threads: str | None) -> tuple[float, float]:
    run = dask_run(src, folder, workers, threads)
    return run["rate"], run["start"]


def measure_dask(n_texts: int, tmp: Path) -> dict[str, object]:
    """1 and 2 local workers with one model thread each: wall rate and CPU cost."""
    src = tmp / "dask.jsonl"
    write_jsonl(src, repeated(n_texts))
    one = dask_run(src, tmp, 1, "1")
    two = dask_run(src, tmp, 2, "1")
    print(f"dask 1 thread each: {one} {two}", flush=True)
    return {
        "texts": n_texts,
        "one": one,
        "two": two,
        "load": os.getloadavg()[0],
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }


RESULTS = ROOT / "benchmarks" / "out" / "corpus.json"


def measure_speed(n_texts: int, tmp: Path) -> dict[str, object]:
    befriend = str(BIN / "befriend")
    texts = repeated(n_texts)
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
    print(f"jsonl {t_jsonl} corpus {t_corpus}", flush=True)
    d1, s1 = dask_rate(src, tmp, 1, None)
    d2, s2 = dask_rate(src, tmp, 2, None)
    print(f"dask default: 1 worker {d1:.0f}/s, 2 workers {d2:.0f}/s", flush=True)
    f1, _ = dask_rate(src, tmp, 1, "1")
    f2, _ = dask_rate(src, tmp, 2, "1")
    print(f"dask 1 thread each: 1 worker {f1:.0f}/s, 2 workers {f2:.0f}/s", flush=True)
    return {
        "texts": len(texts),
        "words": words,
        "jsonl_s": min(t_jsonl),
        "corpus_s": min(t_corpus),
        "dask1": d1,
        "dask2": d2,
        "start1": s1,
        "start2": s2,
        "dask1_t1": f1,
        "dask2_t1": f2,
        "load": os.getloadavg()[0],
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }


def measure_memory(n: int, tmp: Path, limit: float | None = None) -> dict[str, object]:
    befriend = str(BIN / "befriend")
    src = tmp / f"short-{n}.jsonl"
    texts = short_texts(n)
    write_jsonl(src, texts)
    words = sum(len(t.split()) for t in texts) / len(texts)
    out = tmp / f"short-{n}.parquet"
    cmd = [befriend, "corpus", "analyze", str(src), "-o", str(out), "-q", "--force"]
    peak, series, seconds = peak_rss_mb(cmd, limit)
    done = n
    if not out.exists():  # stopped by the time limit: count the finished chunks
        parts = (tmp / f"short-{n}.parquet.partial").glob("part-*.json")
        done = sum(json.loads(p.read_text())["rows"] for p in parts)
    print(f"{n} rows: {done} done, peak {peak:.0f} MB in {seconds:.0f} s; {series}", flush=True)
    return {
        "rows": n,
        "done": done,
        "words": words,
        "peak": peak,
        "series": series,
        "seconds": seconds,
        "load": os.getloadavg()[0],
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }


def render(results: dict[str, dict[str, object]]) -> str:
    rows: list[tuple[str, str, str, str]] = []
    loads = []
    if "speed" in results:
        r: dict[str, Any] = results["speed"]
        loads.append(r["load"])
        n, tj, tc = r["texts"], r["jsonl_s"], r["corpus_s"]
        rows += [
            ("texts (mean words)", f"{n} ({r['words']:.0f})", "", ""),
            (
                "`befriend analyze --jsonl`, whole process",
                f"{n / tj:.0f} texts/s",
                f"{tj:.1f} s",
                "",
            ),
            (
                "`befriend corpus analyze` (JSONL → Parquet), whole process",
                f"{n / tc:.0f} texts/s",
                f"{tc:.1f} s",
                "",
            ),
            ("corpus / `analyze --jsonl` throughput", f"{tj / tc:.2f}", "best of 2 each", "≥ 0.9"),
            (
                "Dask, 1 local worker (2 model threads)",
                f"{r['dask1']:.0f} texts/s",
                f"cluster start {r['start1']:.1f} s",
                "",
            ),
            (
                "Dask, 2 local workers (1 model thread each)",
                f"{r['dask2']:.0f} texts/s",
                f"cluster start {r['start2']:.1f} s",
                "",
            ),
            (
                "2 workers / 1 worker, default threads",
                f"{r['dask2'] / r['dask1']:.2f}",
                "",
                "≥ 1.6",
            ),
            (
                "2 workers / 1 worker, 1 model thread per worker",
                f"{r['dask2_t1'] / r['dask1_t1']:.2f}",
                f"{r['dask1_t1']:.0f} → {r['dask2_t1']:.0f} texts/s",
                "≥ 1.6",
            ),
        ]
    if "dask" in results:
        dk: dict[str, Any] = results["dask"]
        loads.append(dk["load"])
        one, two = dk["one"], dk["two"]
        rows += [
            (
                f"Dask CPU cost, {dk['texts']} texts, 1 worker (1 model thread)",
                f"{one['cpu_per_k']:.1f} CPU-s per 1,000 texts",
                f"{one['rate']:.0f} texts/s wall",
                "",
            ),
            (
                "Dask CPU cost, 2 workers (1 model thread each)",
                f"{two['cpu_per_k']:.1f} CPU-s per 1,000 texts",
                f"{two['rate']:.0f} texts/s wall",
                "",
            ),
            (
                "2 workers / 1 worker on an idle 2-core machine, projected from CPU cost",
                f"{2 * one['cpu_per_k'] / two['cpu_per_k']:.2f}",
                "2 × (CPU per text, 1 worker) / (CPU per text, 2 workers)",
                "≥ 1.6",
            ),
        ]
    for key in sorted((k for k in results if k.startswith("memory-")), key=lambda k: int(k[7:])):
        m: dict[str, Any] = results[key]
        loads.append(m["load"])
        shape = " → ".join(f"{v:.0f}" for v in m["series"])
        done = m.get("done", m["rows"])
        stopped = f"stopped by the time limit after {done:,} rows; " if done < m["rows"] else ""
        rows.append(
            (
                f"peak memory, {m['rows']:,} short texts ({m['words']:.0f} words)",
                f"{m['peak']:.0f} MB",
                f"{stopped}{m['seconds']:.0f} s, {done / m['seconds']:.0f} texts/s; "
                f"RSS over the run (MB): {shape}",
                "flat, < 500 MB",
            )
        )
    table = ["| measure | result | detail | goal |", "|---|---|---|---|"]
    table += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    dates = sorted({str(v["date"])[:10] for v in results.values()})
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    return "\n".join(
        [
            START,
            f"Measured {', '.join(dates)} on {machine}, shared with other jobs (load average "
            f"{min(loads):.1f} to {max(loads):.1f} at the ends of the runs, on 2 cores), so the "
            "absolute figures are low and noisy; the ratios compare runs made minutes apart.",
            "",
            *table,
            END,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=["speed", "dask", "memory"], help="run one part")
    parser.add_argument("--texts", type=int, default=3000)
    parser.add_argument(
        "--rows",
        type=int,
        nargs="*",
        default=[20_000, 200_000],
        help="corpus sizes for the memory runs",
    )
    parser.add_argument("--limit", type=float, help="stop each memory run after this many s")
    parser.add_argument("--write", action="store_true", help="write results into docs/research.md")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="befriend-bench-corpus-"))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)

    def save(key: str, value: dict[str, object]) -> None:
        # Re-read first: another part may have finished meanwhile.
        kept = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        kept[key] = value
        RESULTS.write_text(json.dumps(kept, indent=2))

    if args.only in (None, "speed"):
        save("speed", measure_speed(args.texts, tmp))
    if args.only in (None, "dask"):
        save("dask", measure_dask(args.texts, tmp))
    if args.only in (None, "memory"):
        for n in args.rows:
            save(f"memory-{n}", measure_memory(n, tmp, args.limit))
    results = json.loads(RESULTS.read_text())
    block = render(results)
    sys.path.insert(0, str(ROOT / "scripts"))
    from doc_block import publish

    publish(DOC, START, END, block, write=args.write)


if __name__ == "__main__":
    main()
