"""The trained classifier head: one logistic unit per label over sentence embeddings.

Stored as plain arrays in an ``.npz`` (never pickle): ``labels``, ``weights`` [L, D],
``bias`` [L], ``thresholds`` [L] and metadata strings, among them ``context``: what the
head reads besides the sentence's own embedding. ``none`` (D is the embedding size),
``mean-of-others`` (D is twice that: the sentence, then the mean embedding of the other
sentences of its text, zeros when it stands alone) or ``neighbours`` (four times: those
two, then the sentence just before and the one just after, zeros at either end).
Files written before ``context`` existed read as ``none``.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt

from befriend.errors import ModelLoadError

HEAD_FILE: Final[str] = "head-v1.npz"
# How many embedding-sized blocks each context gives the head to read.
CONTEXT_WIDTH: Final[dict[str, int]] = {"none": 1, "mean-of-others": 2, "neighbours": 4}
CONTEXTS: Final[tuple[str, ...]] = tuple(CONTEXT_WIDTH)

FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Head:
    name: str
    labels: tuple[str, ...]
    weights: FloatArray
    bias: FloatArray
    thresholds: FloatArray
    embedder: str
    fingerprint: str
    context: str = "none"

    def predict(self, embeddings: FloatArray, sizes: Sequence[int] | None = None) -> FloatArray:
        """Per-label probabilities, shape [n, L].

        ``sizes`` gives how many consecutive rows belong to each text; a head that reads
        context needs it (without it, every row is read as a text of its own).
        """
        if self.context != "none":
            embeddings = with_context(embeddings, sizes or [1] * len(embeddings), self.context)
        logits: FloatArray = embeddings @ self.weights.T + self.bias
        probs: FloatArray = (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)
        return probs

    def calibrate(self, probs: FloatArray) -> FloatArray:
        """Map each label's tuned threshold to 0.5, piecewise linearly, so that every
        label is decided at 0.5 and rule weights mean the same for all labels."""
        t = self.thresholds
        low = 0.5 * probs / t
        high = 0.5 + 0.5 * (probs - t) / (1.0 - t)
        return np.where(probs < t, low, high).astype(np.float32)


def with_context(
    embeddings: FloatArray, sizes: Sequence[int], context: str = "mean-of-others"
) -> FloatArray:
    """Each row followed by what ``context`` adds (see the module docstring).

    ``mean-of-others``: the mean of the other rows of its text (zeros if none).
    ``neighbours``: that, then the row before and the row after within its text (zeros
    at either end). ``sizes`` splits the rows into consecutive texts. This is the
    arithmetic the head was trained with (scripts/finetune_encoder.py), so it must not
    change for a given head.
    """
    n, dim = embeddings.shape
    if sum(sizes) != n:
        raise ValueError(f"sizes add up to {sum(sizes)}, but there are {n} embeddings")
    out = np.zeros((n, CONTEXT_WIDTH[context] * dim), dtype=np.float32)
    out[:, :dim] = embeddings
    start = 0
    for size in sizes:
        if size > 1:
            rows = embeddings[start : start + size]
            out[start : start + size, dim : 2 * dim] = (rows.sum(axis=0) - rows) / (size - 1)
            if context == "neighbours":
                out[start + 1 : start + size, 2 * dim : 3 * dim] = rows[:-1]
                out[start : start + size - 1, 3 * dim : 4 * dim] = rows[1:]
        start += size
    return out


def stored_context(data: np.lib.npyio.NpzFile) -> str:
    """The ``context`` a head file names; ``none`` for files written before it existed."""
    return str(data["context"]) if "context" in data.files else "none"


def save_head(
    path: Path,
    *,
    name: str,
    labels: tuple[str, ...],
    weights: FloatArray,
    bias: FloatArray,
    thresholds: FloatArray,
    embedder: str,
    trained_on: str,
    context: str = "none",
) -> None:
    """Write a head as plain arrays (``np.savez``; loading never allows pickle)."""
    np.savez(
        path,
        name=np.array(name),
        labels=np.array(labels),
        weights=weights.astype(np.float32),
        bias=bias.astype(np.float32),
        thresholds=thresholds.astype(np.float32),
        embedder=np.array(embedder),
        trained_on=np.array(trained_on),
        context=np.array(context),
    )


def load_head(path: Path | None = None) -> Head:
    """Load the packaged head (or one at ``path``)."""
    try:
        if path is None:
            data_bytes = (resources.files("befriend.model") / "data" / HEAD_FILE).read_bytes()
        else:
            data_bytes = Path(path).read_bytes()
    except OSError as exc:
        raise ModelLoadError(
            f"The analyzer's classifier file could not be read ({exc.strerror or exc}). "
            "Reinstall befriend, or run `make train` in a source checkout."
        ) from exc
    with np.load(io.BytesIO(data_bytes), allow_pickle=False) as data:
        context = stored_context(data)
        if context not in CONTEXTS:
            raise ModelLoadError(
                f"The analyzer's classifier file asks for context {context!r}, which this "
                "version of befriend does not know. Reinstall befriend, or run `make train`."
            )
        return Head(
            name=str(data["name"]),
            labels=tuple(str(x) for x in data["labels"]),
            weights=data["weights"].astype(np.float32),
            bias=data["bias"].astype(np.float32),
            thresholds=data["thresholds"].astype(np.float32),
            embedder=str(data["embedder"]),
            fingerprint=hashlib.sha256(data_bytes).hexdigest()[:12],
            context=context,
        )
