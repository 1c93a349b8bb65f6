"""befriend: talk to yourself the way you would talk to a close friend.

The public API is small: :func:`analyze` and :class:`Analyzer`. Heavy components
(ONNX Runtime, the model) load on first use, not on import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from befriend.analysis import Analysis
    from befriend.analyzer import Analyzer

__all__ = ["Analysis", "Analyzer", "__version__", "analyze"]


def analyze(text: str) -> Analysis:
    """Analyse one text: labels, scores, evidence, balance and the crisis flag."""
    from befriend.analyzer import analyze as _analyze

    return _analyze(text)


def __getattr__(name: str) -> Any:
    if name == "Analyzer":
        from befriend.analyzer import Analyzer

        return Analyzer
    if name == "Analysis":
        from befriend.analysis import Analysis

        return Analysis
    raise AttributeError(f"module 'befriend' has no attribute {name!r}")
