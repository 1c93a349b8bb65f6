"""Sentence embedders: the packaged int8 MiniLM model and a small registry of them.

Importing this module is cheap: onnxruntime and tokenizers are imported on first use.
Nothing here touches the network; the model and tokenizer ship inside the package.
"""

from __future__ import annotations

import abc
import hashlib
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt

from befriend.errors import ModelLoadError

if TYPE_CHECKING:
    from tokenizers import Tokenizer

__all__ = [
    "DEFAULT_EMBEDDER",
    "Embedder",
    "OnnxEmbedder",
    "available_embedders",
    "get_embedder",
    "register_embedder",
]

DEFAULT_EMBEDDER: Final[str] = "minilm-l6-v2-int8"
MODEL_FILE: Final[str] = "minilm-l6-v2-int8.onnx"
TOKENIZER_FILE: Final[str] = "tokenizer.json"
MAX_TOKENS: Final[int] = 256
BATCH_SIZE: Final[int] = 64
# Padded tokens per sub-batch. Small sub-batches keep each layer's activations in the
# CPU's caches: on the 2-core bench machine 256 embedded the same sentences about 25%
# faster than 2048, with 128 to 512 within noise of it (benchmarks/bench_embed_batch.py).
BATCH_TOKENS: Final[int] = 256
OUTPUT_NAME: Final[str] = "sentence_embedding"
MIN_ONNXRUNTIME: Final[str] = "1.22"  # first release with 8-bit MatMulNBits on the CPU

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]


class Embedder(abc.ABC):
    """Maps texts to float32 vectors of length ``dim`` with unit L2 norm."""

    name: str
    dim: int

    @abc.abstractmethod
    def embed_batch(self, texts: Sequence[str]) -> FloatArray:
        """Embed ``texts`` in order: an array [len(texts), dim] of unit-length rows."""

    def fingerprint(self) -> str:
        """16 hex characters naming this embedding space; they change when vectors would."""
        kind = f"{type(self).__module__}.{type(self).__qualname__}"
        return _sha16(f"{kind}:{self.name}:{self.dim}".encode())


@dataclass(frozen=True, slots=True)
class _Runtime:
    session: Any  # onnxruntime.InferenceSession
    input_names: frozenset[str]
    tokenizer: Tokenizer


class OnnxEmbedder(Embedder):
    """all-MiniLM-L6-v2, int8, run by ONNX Runtime on the CPU.

    The model loads on first use (thread-safe). Texts are truncated at 256 tokens;
    a batch is sorted by length and run in sub-batches of at most ``batch_size`` texts
    and ``batch_tokens`` padded tokens, each padded to its own longest text.
    """

    name = DEFAULT_EMBEDDER
    dim = 384

    def __init__(
        self,
        model_path: str | os.PathLike[str] | None = None,
        tokenizer_path: str | os.PathLike[str] | None = None,
        *,
        threads: int | None = None,
        batch_size: int = BATCH_SIZE,
        batch_tokens: int = BATCH_TOKENS,
    ) -> None:
        if threads is not None and threads < 1:
            raise ValueError(f"threads must be at least 1, not {threads}")
        if batch_size < 1 or batch_tokens < 1:
            raise ValueError("batch_size and batch_tokens must be at least 1")
        self._model_source = _source(model_path, MODEL_FILE)
        self._tokenizer_source = _source(tokenizer_path, TOKENIZER_FILE)
        self.threads = threads if threads is not None else min(4, os.cpu_count() or 1)
        self.batch_size = batch_size
        self.batch_tokens = batch_tokens
        self._lock = threading.Lock()
        self._runtime: _Runtime | None = None
        self._fingerprint: str | None = None

    def embed_batch(self, texts: Sequence[str]) -> FloatArray:
        if isinstance(texts, str):
            raise TypeError("embed_batch takes a sequence of texts, not a single string")
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        runtime = self._ensure_loaded()
        rows = self._tokenize(texts)
        for chunk in self._sub_batches([len(row) for row in rows]):
            feeds = _pad([rows[i] for i in chunk])
            inputs = {k: v for k, v in feeds.items() if k in runtime.input_names}
            (vectors,) = runtime.session.run([OUTPUT_NAME], inputs)
            out[chunk] = vectors
        return out

    def fingerprint(self) -> str:
        """sha256 of the .onnx file's bytes, first 16 hex characters."""
        if self._fingerprint is None:
            with self._lock:
                if self._fingerprint is None:
                    self._fingerprint = _digest16(self._model_source)
        return self._fingerprint

    def _sub_batches(self, lengths: Sequence[int]) -> Iterator[list[int]]:
        """Indices grouped shortest first, within ``batch_size`` and ``batch_tokens``."""
        chunk: list[int] = []
        for i in sorted(range(len(lengths)), key=lengths.__getitem__):
            full = len(chunk) >= self.batch_size
            if chunk and (full or (len(chunk) + 1) * lengths[i] > self.batch_tokens):
                yield chunk
                chunk = []
            chunk.append(i)
        if chunk:
            yield chunk

    def _encode(self, texts: Sequence[str]) -> dict[str, IntArray]:
        """The model inputs for ``texts`` as one batch, padded to its longest text."""
        return _pad(self._tokenize(texts))

    def _tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        tokenizer = self._ensure_loaded().tokenizer
        return [encoding.ids for encoding in tokenizer.encode_batch(list(texts))]

    def _ensure_loaded(self) -> _Runtime:
        runtime = self._runtime
        if runtime is None:
            with self._lock:
                runtime = self._runtime
                if runtime is None:
                    runtime = self._load()
                    self._runtime = runtime
        return runtime

    def _load(self) -> _Runtime:
        ort = import_onnxruntime()

        source = self._model_source
        if self._fingerprint is None:  # also checks that the file can be read
            self._fingerprint = _digest16(source)
        # A path lets onnxruntime map the file itself, without a second copy in memory.
        model = str(source) if isinstance(source, Path) else _read_bytes(source, "model")
        tokenizer = _load_tokenizer(self._tokenizer_source)

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            session = ort.InferenceSession(
                model, sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own, untyped, exceptions
            if _version(ort.__version__) < _version(MIN_ONNXRUNTIME):
                advice = f"It needs onnxruntime {MIN_ONNXRUNTIME} or newer: upgrade onnxruntime."
            else:
                advice = "Reinstall befriend, or run `make export-model` in a source checkout."
            raise ModelLoadError(
                f"The sentence-embedding model could not be loaded by onnxruntime "
                f"{ort.__version__} ({exc}). {advice}"
            ) from exc
        outputs = {output.name for output in session.get_outputs()}
        if OUTPUT_NAME not in outputs:
            raise ModelLoadError(
                f"The sentence-embedding model has no {OUTPUT_NAME!r} output. "
                "Reinstall befriend, or run `make export-model` in a source checkout."
            )
        input_names = frozenset(i.name for i in session.get_inputs())
        return _Runtime(session=session, input_names=input_names, tokenizer=tokenizer)


def import_onnxruntime() -> Any:
    """Import onnxruntime with its telemetry off.

    Recent onnxruntime builds carry Microsoft's event-collection client and, on import,
    write a session file (``.ses``, a timestamp and an id) to the temporary folder.
    befriend promises no telemetry, so ``ORT_DISABLE_TELEMETRY`` is set before the first
    import (which stops that file and the client), and telemetry events are switched
    off again through the API where it exists.
    """
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"
    import onnxruntime as ort

    disable = getattr(ort, "disable_telemetry_events", None)
    if callable(disable):
        disable()
    return ort


def _version(text: str) -> tuple[int, ...]:
    parts = []
    for part in text.split(".")[:2]:
        digits = "".join(ch for ch in part if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def _sha16(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _digest16(source: Traversable) -> str:
    """sha256 of a model file, first 16 hex characters, read in chunks."""
    digest = hashlib.sha256()
    try:
        with source.open("rb") as file:
            while block := file.read(1 << 20):
                digest.update(block)
    except OSError as exc:
        raise _unreadable(source, "model", exc) from exc
    return digest.hexdigest()[:16]


def _source(path: str | os.PathLike[str] | None, packaged: str) -> Traversable:
    if path is not None:
        return Path(path)
    return resources.files("befriend.model") / "data" / packaged


def _read_bytes(source: Traversable, what: str) -> bytes:
    try:
        return source.read_bytes()
    except OSError as exc:
        raise _unreadable(source, what, exc) from exc


def _unreadable(source: Traversable, what: str, exc: OSError) -> ModelLoadError:
    return ModelLoadError(
        f"The sentence-embedding {what} file {source.name} could not be read "
        f"({exc.strerror or exc}). "
        "Reinstall befriend, or run `make export-model` in a source checkout."
    )


def _load_tokenizer(source: Traversable) -> Tokenizer:
    from tokenizers import Tokenizer

    try:
        if isinstance(source, Path):
            tokenizer = Tokenizer.from_file(str(source))
        else:
            tokenizer = Tokenizer.from_str(source.read_text(encoding="utf-8"))
    except Exception as exc:  # OSError, or tokenizers' own parse errors
        raise ModelLoadError(
            f"The tokenizer file {source.name} could not be loaded ({exc}). "
            "Reinstall befriend, or run `make export-model` in a source checkout."
        ) from exc
    tokenizer.no_padding()  # embed_batch pads each sub-batch to its own longest text
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    return tokenizer


def _pad(rows: Sequence[Sequence[int]]) -> dict[str, IntArray]:
    """Right-pad token ids with 0 to the longest row; mask 1 for real tokens."""
    width = max((len(row) for row in rows), default=0)
    input_ids = np.zeros((len(rows), width), dtype=np.int64)
    attention_mask = np.zeros((len(rows), width), dtype=np.int64)
    for i, row in enumerate(rows):
        input_ids[i, : len(row)] = row
        attention_mask[i, : len(row)] = 1
    return {
        "input_ids": input_ids,
        "attention_mask": attention_mask,
        "token_type_ids": np.zeros((len(rows), width), dtype=np.int64),
    }


# -- registry ----------------------------------------------------------------------------

_FACTORIES: dict[str, Callable[[], Embedder]] = {}
_INSTANCES: dict[str, Embedder] = {}
_REGISTRY_LOCK = threading.RLock()


def register_embedder(name: str, factory: Callable[[], Embedder]) -> None:
    """Make ``factory`` available under ``name``, replacing any earlier one."""
    if not name:
        raise ValueError("an embedder needs a non-empty name")
    with _REGISTRY_LOCK:
        _FACTORIES[name] = factory
        _INSTANCES.pop(name, None)


def get_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """The shared instance of the embedder registered as ``name``."""
    with _REGISTRY_LOCK:
        instance = _INSTANCES.get(name)
        if instance is None:
            factory = _FACTORIES.get(name)
            if factory is None:
                known = ", ".join(sorted(_FACTORIES)) or "none"
                raise KeyError(f"unknown embedder {name!r}; available: {known}")
            instance = factory()
            _INSTANCES[name] = instance
        return instance


def available_embedders() -> list[str]:
    """Names of the registered embedders, sorted."""
    with _REGISTRY_LOCK:
        return sorted(_FACTORIES)


register_embedder(OnnxEmbedder.name, OnnxEmbedder)
