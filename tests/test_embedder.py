"""The packaged sentence embedder: shapes, meaning, padding, offline loading, registry."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from befriend.model import embedder as embedder_module
from befriend.model.embedder import (
    DEFAULT_EMBEDDER,
    Embedder,
    OnnxEmbedder,
    available_embedders,
    get_embedder,
    register_embedder,
)

REFERENCE = Path(__file__).parent / "data" / "minilm_reference.npz"

VARIED = [
    "hi",
    "I failed my exam.",
    "i keep telling myself im not good enough for this job",
    "teh quick brwon fox jumsp over the lazy dog",
    "When I make a mistake I try to talk to myself the way I would talk to a close friend: "
    "kindly, honestly, and without pretending that the mistake did not happen at all.",
    "",
    "ok",
    "😂 that was hilarious",
    "The committee reviewed the proposal in detail and decided to postpone the decision.",
]


@pytest.fixture(scope="module")
def model() -> OnnxEmbedder:
    return OnnxEmbedder()


def _one_by_one(model: Embedder, texts: list[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
    return np.vstack([model.embed_batch([t]) for t in texts])


def test_shape_dtype_and_unit_norm(model: OnnxEmbedder) -> None:
    vectors = model.embed_batch(VARIED)
    assert vectors.shape == (len(VARIED), 384)
    assert vectors.dtype == np.float32
    assert np.all(np.isfinite(vectors))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert model.name == "minilm-l6-v2-int8"
    assert model.dim == 384


def test_empty_input_gives_empty_array(model: OnnxEmbedder) -> None:
    vectors = model.embed_batch([])
    assert vectors.shape == (0, 384)
    assert vectors.dtype == np.float32


def test_a_single_string_is_refused(model: OnnxEmbedder) -> None:
    with pytest.raises(TypeError):
        model.embed_batch("a whole string is not a list of texts")


def test_texts_with_the_same_voice_are_closer_than_opposite_voices(model: OnnxEmbedder) -> None:
    # The shipped encoder is fine-tuned for the twelve labels: it places sentences by
    # how they treat the person, which is what the classifier head reads.
    harsh_a, harsh_b, kind = model.embed_batch(
        [
            "I'm such an idiot, I ruin everything",
            "God I'm so stupid and useless",
            "It's okay to feel this way, be gentle with yourself",
        ]
    )
    assert float(harsh_a @ harsh_b) > float(harsh_a @ kind) + 0.1
    assert float(harsh_a @ harsh_b) > float(harsh_b @ kind) + 0.1


def test_batch_equals_one_by_one(model: OnnxEmbedder) -> None:
    batched = model.embed_batch(VARIED)
    single = _one_by_one(model, VARIED)
    np.testing.assert_allclose(batched, single, atol=1e-5, rtol=0)


def test_order_is_kept_across_sorted_sub_batches() -> None:
    small = OnnxEmbedder(batch_size=3, batch_tokens=64)  # many sub-batches, sorted by length
    texts = VARIED * 2
    expected = _one_by_one(small, VARIED)
    np.testing.assert_allclose(small.embed_batch(texts), np.vstack([expected, expected]), atol=1e-5)
    reversed_rows = small.embed_batch(texts[::-1])
    np.testing.assert_allclose(reversed_rows, np.vstack([expected, expected])[::-1], atol=1e-5)


def test_sub_batches_respect_size_and_token_limits() -> None:
    small = OnnxEmbedder(batch_size=4, batch_tokens=40)
    lengths = [3, 30, 5, 12, 3, 9, 256, 7, 11, 4]
    chunks = list(small._sub_batches(lengths))
    assert sorted(i for chunk in chunks for i in chunk) == list(range(len(lengths)))
    for chunk in chunks:
        widths = [lengths[i] for i in chunk]
        assert widths == sorted(widths)
        assert len(chunk) <= 4
        assert len(chunk) == 1 or len(chunk) * max(widths) <= 40
    assert [6] in chunks  # a text longer than the budget still runs, alone


def test_pads_to_the_longest_text_in_the_batch(model: OnnxEmbedder) -> None:
    texts = ["hi", "a somewhat longer sentence, with a few more tokens in it"]
    lengths = [len(ids) for ids in model._tokenize(texts)]
    feeds = model._encode(texts)
    assert set(feeds) == {"input_ids", "attention_mask", "token_type_ids"}
    for array in feeds.values():
        assert array.dtype == np.int64
        assert array.shape == (2, max(lengths))
    assert max(lengths) < 128
    assert feeds["attention_mask"].sum(axis=1).tolist() == lengths
    assert feeds["input_ids"][0, lengths[0] :].tolist() == [0] * (max(lengths) - lengths[0])
    assert model._encode(["hi"])["input_ids"].shape == (1, 3)  # [CLS] hi [SEP]


def test_truncates_at_256_tokens(model: OnnxEmbedder) -> None:
    long_text = "friendship " * 600
    feeds = model._encode([long_text, "short"])
    assert feeds["input_ids"].shape == (2, 256)
    assert model.embed_batch([long_text]).shape == (1, 384)


def test_loads_and_embeds_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the embedder tried to open a network connection")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    fresh = OnnxEmbedder()  # loads here, with the network unavailable
    vectors = fresh.embed_batch(["nobody is reachable from here", "and that is fine"])
    assert vectors.shape == (2, 384)


def test_matches_reference_vectors_from_the_original_model(model: OnnxEmbedder) -> None:
    with np.load(REFERENCE, allow_pickle=False) as data:
        texts = [str(t) for t in data["texts"]]
        reference = data["vectors"]
    assert reference.shape == (len(texts), 384)
    vectors = model.embed_batch(texts)
    cosines = (vectors * reference).sum(axis=1) / np.linalg.norm(reference, axis=1)
    assert cosines.min() > 0.98, cosines


def test_fingerprint_is_the_hash_of_the_packaged_model(model: OnnxEmbedder) -> None:
    packaged = resources.files("befriend.model") / "data" / "minilm-l6-v2-int8.onnx"
    expected = hashlib.sha256(packaged.read_bytes()).hexdigest()[:16]
    assert model.fingerprint() == expected
    assert OnnxEmbedder().fingerprint() == expected  # without loading the session


def test_concurrent_first_use_loads_once(monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = OnnxEmbedder()
    loads: list[int] = []
    real_load = fresh._load

    def counting_load() -> Any:
        loads.append(1)
        return real_load()

    monkeypatch.setattr(fresh, "_load", counting_load)
    results: list[np.ndarray[Any, np.dtype[np.float32]]] = []
    barrier = threading.Barrier(4)

    def worker() -> None:
        barrier.wait()
        results.append(fresh.embed_batch(VARIED[:4]))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(loads) == 1
    assert len(results) == 4
    for r in results[1:]:
        np.testing.assert_allclose(r, results[0], atol=1e-6)


def test_import_does_not_load_onnxruntime_or_tokenizers() -> None:
    code = (
        "import sys, befriend.model.embedder\n"
        "heavy = {'onnxruntime', 'tokenizers'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


class _FakeEmbedder(Embedder):
    name = "fake"
    dim = 2

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        return np.tile(np.array([1.0, 0.0], dtype=np.float32), (len(texts), 1))


@pytest.fixture
def isolated_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedder_module, "_FACTORIES", dict(embedder_module._FACTORIES))
    monkeypatch.setattr(embedder_module, "_INSTANCES", {})


@pytest.mark.usefixtures("isolated_registry")
def test_registry() -> None:
    assert DEFAULT_EMBEDDER in available_embedders()
    default = get_embedder()
    assert isinstance(default, OnnxEmbedder)
    assert get_embedder(DEFAULT_EMBEDDER) is default

    register_embedder("fake", _FakeEmbedder)
    assert available_embedders() == sorted([DEFAULT_EMBEDDER, "fake"])
    fake = get_embedder("fake")
    assert fake is get_embedder("fake")
    assert fake.embed_batch(["a", "b"]).shape == (2, 2)
    assert len(fake.fingerprint()) == 16

    with pytest.raises(KeyError, match="available: fake, minilm-l6-v2-int8"):
        get_embedder("no-such-model")
