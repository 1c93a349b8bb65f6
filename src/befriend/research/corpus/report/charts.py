"""The report's charts, drawn by matplotlib as inline SVG (no files, no requests)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

_PALETTE = {"bar": "#5f8fa8", "ink": "#333333", "grid": "#dddddd"}


def _figure(width: float, height: float) -> Any:
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = "befriend"  # stable ids: the same report twice
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text, in the page's font
    matplotlib.rcParams["font.size"] = 9
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _svg(fig: Any) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    return re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)


def prevalence_chart(
    names: Sequence[str], shares: Sequence[float], intervals: Sequence[tuple[float, float]]
) -> str:
    """Horizontal bars: the share of texts with each label, with its 95% interval."""
    fig = _figure(6.4, 0.28 * len(names) + 0.8)
    ax = fig.add_subplot()
    y = list(range(len(names)))[::-1]
    low = [s - lo for s, (lo, _) in zip(shares, intervals, strict=True)]
    high = [hi - s for s, (_, hi) in zip(shares, intervals, strict=True)]
    ax.barh(y, [s * 100 for s in shares], color=_PALETTE["bar"], height=0.6)
    ax.errorbar(
        [s * 100 for s in shares],
        y,
        xerr=[[v * 100 for v in low], [v * 100 for v in high]],
        fmt="none",
        ecolor=_PALETTE["ink"],
        capsize=2,
        linewidth=0.8,
    )
    ax.set_yticks(y, list(names))
    ax.set_xlabel("% of analysed texts (bars: 95% Wilson interval)")
    ax.set_xlim(0, 100)
    ax.grid(axis="x", color=_PALETTE["grid"], linewidth=0.5)
    ax.set_axisbelow(True)
    return _svg(fig)


def balance_chart(names: Sequence[str], counts: Sequence[int]) -> str:
    fig = _figure(5.0, 2.2)
    ax = fig.add_subplot()
    total = sum(counts) or 1
    ax.bar(list(names), [c / total * 100 for c in counts], color=_PALETTE["bar"], width=0.6)
    ax.set_ylabel("% of analysed texts")
    ax.grid(axis="y", color=_PALETTE["grid"], linewidth=0.5)
    ax.set_axisbelow(True)
    return _svg(fig)


def heat_map(names: Sequence[str], matrix: Sequence[Sequence[float | None]]) -> str:
    """Row i, column j: the % of texts with label i that also have label j."""
    import numpy as np

    values = np.array(
        [[np.nan if v is None else v * 100 for v in row] for row in matrix], dtype=float
    )
    fig = _figure(7.2, 6.2)
    ax = fig.add_subplot()
    image = ax.imshow(np.ma.masked_invalid(values), cmap="Blues", vmin=0, vmax=100)
    ax.set_xticks(range(len(names)), list(names), rotation=45, ha="right")
    ax.set_yticks(range(len(names)), list(names))
    for i in range(len(names)):
        for j in range(len(names)):
            v = values[i, j]
            if not np.isnan(v):
                ax.text(
                    j,
                    i,
                    f"{v:.0f}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if v > 60 else _PALETTE["ink"],
                )
    ax.set_xlabel("… also has this label")
    ax.set_ylabel("Texts with this label …")
    fig.colorbar(image, ax=ax, shrink=0.7, label="%")
    return _svg(fig)
