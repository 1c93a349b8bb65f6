"""How scripts/soup_models.py averages classifier heads."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "scripts"))

from befriend.model.head import stored_context
from soup_models import average_heads


def _head(value: float, context: str | None = "mean-of-others") -> dict[str, np.ndarray]:
    head = {
        "weights": np.full((2, 6), value, dtype=np.float32),
        "bias": np.full(2, value, dtype=np.float32),
        "trained_on": np.array(f"model {value}"),
    }
    if context is not None:
        head["context"] = np.array(context)
    return head


def test_weights_and_biases_are_averaged_element_by_element() -> None:
    head = average_heads([_head(1.0), _head(3.0)])
    assert np.allclose(head["weights"], 2.0) and np.allclose(head["bias"], 2.0)
    assert head["weights"].dtype == np.float32
    assert str(head["trained_on"]) == "weight average of: model 1.0 | model 3.0"


def test_the_context_the_heads_read_travels_with_the_average(tmp_path: Path) -> None:
    # A soup saved without its context is read as "none" and cannot take the wider input.
    head = average_heads([_head(1.0), _head(3.0)])
    assert str(head["context"]) == "mean-of-others"
    np.savez(tmp_path / "head.npz", weights=head["weights"], context=head["context"])
    with np.load(tmp_path / "head.npz", allow_pickle=False) as saved:
        assert stored_context(saved) == "mean-of-others"


def test_heads_that_read_different_contexts_are_refused() -> None:
    with pytest.raises(SystemExit, match="different contexts"):
        average_heads([_head(1.0), _head(3.0, context="neighbours")])
    # A head saved before the context existed reads only its sentence.
    with pytest.raises(SystemExit, match="mean-of-others, none"):
        average_heads([_head(1.0), _head(3.0, context=None)])
