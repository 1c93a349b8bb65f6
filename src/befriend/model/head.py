"""The trained classifier head: one logistic unit per label over sentence embeddings.

Stored as plain arrays in an ``.npz`` (never pickle): ``labels``, ``weights`` [L, D],
``bias`` [L], ``thresholds`` [L] and metadata strings.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt

from befriend.errors import ModelLoadError

HEAD_FILE: Final[str] = "head-v1.npz"

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

    def predict(self, embeddings: FloatArray) -> FloatArray:
        """Per-label probabilities, shape [n, L]."""
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
        return Head(
            name=str(data["name"]),
            labels=tuple(str(x) for x in data["labels"]),
            weights=data["weights"].astype(np.float32),
            bias=data["bias"].astype(np.float32),
            thresholds=data["thresholds"].astype(np.float32),
            embedder=str(data["embedder"]),
            fingerprint=hashlib.sha256(data_bytes).hexdigest()[:12],
        )
