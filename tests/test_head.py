"""The classifier head file: its arrays, its context, and how a bad file is refused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from befriend.errors import ModelLoadError
from befriend.labels import LABELS
from befriend.model.head import CONTEXT_WIDTH, CONTEXTS, Head, load_head, save_head, with_context


def _write(path: Path, dim: int, context: str | None) -> None:
    rng = np.random.default_rng(3)
    save_head(
        path,
        name="head-test",
        labels=LABELS,
        weights=rng.normal(size=(len(LABELS), dim)).astype(np.float32),
        bias=rng.normal(size=len(LABELS)).astype(np.float32),
        thresholds=np.full(len(LABELS), 0.5, np.float32),
        embedder="test",
        trained_on="test",
        **({} if context is None else {"context": context}),
    )


def test_context_is_the_mean_of_the_other_sentences_of_each_text() -> None:
    rows = np.array([[1, 0], [0, 1], [2, 2], [5, 5]], dtype=np.float32)
    out = with_context(rows, [3, 1])
    assert out.shape == (4, 4)
    assert np.array_equal(out[:, :2], rows)
    assert np.allclose(out[0, 2:], [1.0, 1.5])  # mean of rows 1 and 2
    assert np.allclose(out[2, 2:], [0.5, 0.5])  # mean of rows 0 and 1
    assert np.array_equal(out[3, 2:], [0.0, 0.0])  # a text of one sentence


def test_neighbours_context_adds_the_sentence_before_and_after_within_each_text() -> None:
    rows = np.array([[1, 0], [0, 1], [2, 2], [5, 5]], dtype=np.float32)
    out = with_context(rows, [3, 1], "neighbours")
    assert out.shape == (4, 8)
    assert np.array_equal(out[:, :4], with_context(rows, [3, 1]))
    assert np.array_equal(out[0, 4:6], [0.0, 0.0])  # nothing before the first sentence
    assert np.array_equal(out[1, 4:6], rows[0])
    assert np.array_equal(out[1, 6:8], rows[2])
    assert np.array_equal(out[2, 6:8], [0.0, 0.0])  # nothing after the last
    assert np.array_equal(out[3, 4:], np.zeros(4))  # texts do not leak into each other


def test_context_sizes_must_cover_every_row() -> None:
    with pytest.raises(ValueError, match="add up to 2"):
        with_context(np.zeros((3, 2), np.float32), [1, 1])


def test_a_context_head_reads_the_neighbours_and_a_plain_head_does_not(tmp_path: Path) -> None:
    _write(tmp_path / "ctx.npz", 4, "mean-of-others")
    _write(tmp_path / "plain.npz", 2, "none")
    ctx, plain = load_head(tmp_path / "ctx.npz"), load_head(tmp_path / "plain.npz")
    assert (ctx.context, plain.context) == ("mean-of-others", "none")
    sentence = np.array([[0.6, 0.8]], dtype=np.float32)
    calm = np.array([[1.0, 0.0]], dtype=np.float32)
    alarm = np.array([[0.0, 1.0]], dtype=np.float32)
    after_calm = ctx.predict(np.vstack([calm, sentence]), [2])[1]
    after_alarm = ctx.predict(np.vstack([alarm, sentence]), [2])[1]
    assert not np.allclose(after_calm, after_alarm)
    alone = ctx.predict(sentence, [1])[0]
    assert np.allclose(ctx.predict(sentence)[0], alone)  # no sizes: each row alone
    assert np.allclose(
        plain.predict(np.vstack([calm, sentence]), [2])[1],
        plain.predict(np.vstack([alarm, sentence]), [2])[1],
    )


def test_a_head_file_from_before_context_reads_as_none(tmp_path: Path) -> None:
    path = tmp_path / "old.npz"
    rng = np.random.default_rng(0)
    np.savez(
        path,
        name=np.array("old"),
        labels=np.array(LABELS),
        weights=rng.normal(size=(len(LABELS), 2)).astype(np.float32),
        bias=np.zeros(len(LABELS), np.float32),
        thresholds=np.full(len(LABELS), 0.5, np.float32),
        embedder=np.array("test"),
        trained_on=np.array("test"),
    )
    assert load_head(path).context == "none"


def test_an_unknown_context_is_refused_with_a_plain_message(tmp_path: Path) -> None:
    _write(tmp_path / "odd.npz", 2, "whole-paragraph")
    with pytest.raises(ModelLoadError, match="does not know"):
        load_head(tmp_path / "odd.npz")


def test_the_packaged_head_matches_the_packaged_embedder() -> None:
    head = load_head()
    assert isinstance(head, Head)
    assert head.context in CONTEXTS
    width = 384 * CONTEXT_WIDTH[head.context]
    assert head.weights.shape == (len(LABELS), width)
    assert head.labels == LABELS
