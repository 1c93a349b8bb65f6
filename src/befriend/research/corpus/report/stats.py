"""Small, dependency-free statistics for the report: Wilson intervals, the
chi-square test of independence and Holm's adjustment."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

Z95: Final[float] = 1.959963984540054  # the 97.5th percentile of the standard normal


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a proportion (95% by default); (0, 0) for n = 0."""
    if n <= 0:
        return (0.0, 0.0)
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be between 0 and n ({n}), not {successes}")
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = (z / (1 + z2 / n)) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (max(0.0, centre - half), min(1.0, centre + half))


def upper_gamma_regularized(a: float, x: float) -> float:
    """Q(a, x) = Γ(a, x) / Γ(a), for a > 0 and x >= 0."""
    if a <= 0:
        raise ValueError("a must be positive")
    if x <= 0:
        return 1.0
    log_prefix = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1:
        # P(a, x) by its power series: sum over n of x^n / (a (a+1) ... (a+n)).
        term = 1.0 / a
        total = term
        k = a
        for _ in range(10_000):
            k += 1
            term *= x / k
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        return max(0.0, 1.0 - total * math.exp(log_prefix))
    # Q(a, x) by its continued fraction, evaluated with the modified Lentz method.
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        step = d * c
        h *= step
        if abs(step - 1) < 1e-15:
            break
    return min(1.0, math.exp(log_prefix) * h)


def chi2_sf(statistic: float, df: int) -> float:
    """The chance of a chi-square value at least ``statistic`` with ``df`` degrees of freedom."""
    if df < 1:
        raise ValueError("df must be 1 or more")
    return upper_gamma_regularized(df / 2, max(0.0, statistic) / 2)


@dataclass(frozen=True, slots=True)
class ChiSquare:
    statistic: float
    df: int
    p: float
    min_expected: float  # below 5, the chi-square approximation is unreliable


def chi_square_independence(table: Sequence[Sequence[int]]) -> ChiSquare | None:
    """Pearson's test on a contingency table (rows: groups; columns: outcomes).

    Rows or columns that sum to zero are dropped; None when fewer than two of either
    remain (nothing to compare).
    """
    rows = [list(r) for r in table if sum(r) > 0]
    if len(rows) < 2:
        return None
    keep = [j for j in range(len(rows[0])) if sum(r[j] for r in rows) > 0]
    if len(keep) < 2:
        return None
    rows = [[r[j] for j in keep] for r in rows]
    total = sum(map(sum, rows))
    row_sums = [sum(r) for r in rows]
    col_sums = [sum(r[j] for r in rows) for j in range(len(keep))]
    statistic = 0.0
    min_expected = math.inf
    for i, r in enumerate(rows):
        for j, observed in enumerate(r):
            expected = row_sums[i] * col_sums[j] / total
            min_expected = min(min_expected, expected)
            statistic += (observed - expected) ** 2 / expected
    df = (len(rows) - 1) * (len(keep) - 1)
    return ChiSquare(statistic, df, chi2_sf(statistic, df), min_expected)


def holm(p_values: Sequence[float | None]) -> list[float | None]:
    """Holm-Bonferroni adjusted p-values (None stays None), in the input order."""
    present = sorted((p, i) for i, p in enumerate(p_values) if p is not None)
    m = len(present)
    out: list[float | None] = [None] * len(p_values)
    running = 0.0
    for rank, (p, i) in enumerate(present):
        running = max(running, min(1.0, (m - rank) * p))
        out[i] = running
    return out
