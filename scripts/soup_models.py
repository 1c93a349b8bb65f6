"""Average the weights of several fine-tuned models ("model soup").

Development tool (needs safetensors: run it with the export venv). Every source must be a
folder written by scripts/finetune_encoder.py from the same starting model; the
encoder weights and the classifier layers are averaged element by element, which
costs nothing at run time (the result is one model of the same size).

    python scripts/soup_models.py --out build/soup build/finetuned build/finetuned-s7
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import numpy as np


def average_heads(heads: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """The element-wise average of classifier heads as saved in ``head.npz``.

    What a head reads besides the sentence (``context``, see befriend.model.head) is
    carried over: an average is only meaningful between heads that read the same thing,
    and a head saved without it would be read as ``none`` and fail on the wider input.
    """
    contexts = {str(h["context"]) if "context" in h else "none" for h in heads}
    if len(contexts) != 1:
        raise SystemExit(f"the heads read different contexts ({', '.join(sorted(contexts))})")
    return {
        "weights": np.mean([h["weights"] for h in heads], axis=0).astype(np.float32),
        "bias": np.mean([h["bias"] for h in heads], axis=0).astype(np.float32),
        "context": np.array(contexts.pop()),
        "trained_on": np.array(
            "weight average of: " + " | ".join(str(h["trained_on"]) for h in heads)
        ),
    }


def main() -> None:
    from safetensors.numpy import load_file, save_file

    parser = argparse.ArgumentParser()
    parser.add_argument("sources", type=Path, nargs="+")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    sources: list[Path] = args.sources
    if len(sources) < 2:
        raise SystemExit("give at least two model folders to average")
    tensors = [load_file(str(s / "model.safetensors")) for s in sources]
    keys = set(tensors[0])
    for s, t in zip(sources, tensors, strict=True):
        if set(t) != keys:
            raise SystemExit(f"{s} has different weights from {sources[0]}: not the same model")
    averaged = {
        k: np.mean([t[k] for t in tensors], axis=0).astype(tensors[0][k].dtype) for k in keys
    }
    heads = []
    for source in sources:
        with np.load(source / "head.npz", allow_pickle=False) as saved:
            heads.append({k: saved[k] for k in saved.files})
    head = average_heads(heads)
    out: Path = args.out
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(sources[0], out)
    save_file(averaged, str(out / "model.safetensors"), metadata={"format": "pt"})
    np.savez(
        out / "head.npz",
        weights=head["weights"],
        bias=head["bias"],
        context=head["context"],
        trained_on=head["trained_on"],
    )
    print(f"wrote {out}: the average of {len(sources)} models")


if __name__ == "__main__":
    main()
