"""Summaries of Monte Carlo samples: mean and its standard error, percentiles, CVaR, convergence.

Percentiles use numpy's default (linear interpolation, Hyndman and Fan type 7). The standard
error of a percentile comes from the distribution-free order-statistic interval: with n samples,
the ranks n·p ± z·√(n·p·(1 − p)) bracket the p-quantile with probability ≈ Φ(z) − Φ(−z), so
SE ≈ (x_(hi) − x_(lo)) / (2z) (David and Nagaraja, *Order Statistics*, 2003, section 7.1).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

__all__ = [
    "IncidentSample",
    "Summary",
    "cvar",
    "describe",
    "ecdf_on_grid",
    "quantile_se",
    "relative_precision",
]

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Summary:
    """Mean with its standard error, and the percentiles users ask for (same unit as the data)."""

    mean: float
    mean_se: float
    p50: float
    p90: float
    p95: float
    p99: float

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


def describe(values: np.ndarray) -> Summary:
    """Summary of a sample; NaN everywhere for an empty sample."""
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        nan = float("nan")
        return Summary(nan, nan, nan, nan, nan, nan)
    p50, p90, p95, p99 = np.percentile(x, [50, 90, 95, 99])
    se = float(x.std(ddof=1) / np.sqrt(x.size)) if x.size > 1 else float("nan")
    return Summary(float(x.mean()), se, float(p50), float(p90), float(p95), float(p99))


def cvar(values: np.ndarray, level: float = 0.95) -> float:
    """Conditional value at risk: the mean of the worst (1 − level) share of outcomes.

    Computed as the mean of the ⌈n·(1 − level)⌉ largest values.
    """
    x = np.sort(np.asarray(values, dtype=float))
    if x.size == 0:
        return float("nan")
    tail = max(1, int(np.ceil(round(x.size * (1.0 - level), 9))))  # no float round-up
    return float(x[-tail:].mean())


def quantile_se(values: np.ndarray, p: float) -> float:
    """Standard error of the p-quantile from the order-statistic interval (module docstring)."""
    x = np.sort(np.asarray(values, dtype=float))
    n = x.size
    if n < 2:
        return float("nan")
    half = Z95 * np.sqrt(n * p * (1.0 - p))
    lo = int(np.clip(np.floor(n * p - half), 0, n - 1))
    hi = int(np.clip(np.ceil(n * p + half), 0, n - 1))
    return float((x[hi] - x[lo]) / (2.0 * Z95))


def relative_precision(values: np.ndarray) -> dict[str, float]:
    """Half-width of the 95 % interval relative to the estimate, for the mean and the P90.

    The ±3 % at 95 % rule of desktop Monte Carlo tools stops when both are at most 0.03.
    """
    x = np.asarray(values, dtype=float)
    if x.size < 2:
        return {"mean": float("inf"), "p90": float("inf")}
    mean = abs(float(x.mean()))
    p90 = abs(float(np.percentile(x, 90)))
    se_mean = float(x.std(ddof=1) / np.sqrt(x.size))
    rel_mean = Z95 * se_mean / mean if mean > 0 else (0.0 if se_mean == 0 else float("inf"))
    se_p90 = quantile_se(x, 0.9)
    rel_p90 = Z95 * se_p90 / p90 if p90 > 0 else (0.0 if se_p90 == 0 else float("inf"))
    return {"mean": rel_mean, "p90": rel_p90}


def ecdf_on_grid(values: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Empirical CDF of ``values`` at each grid point: the share of values ≤ the point."""
    x = np.sort(np.asarray(values, dtype=float))
    if x.size == 0:
        return np.full(len(grid), np.nan)
    return np.searchsorted(x, grid, side="right") / x.size


class IncidentSample:
    """Per-incident values (times in hours) labelled by group (severity), for summaries.

    Kept exactly (float32) when ``exact``; otherwise streamed into fixed log-spaced bins (0.35 %
    wide, from 1e-4 h to 1e5 h, with an underflow bin for 0 and an overflow bin), so memory stays
    bounded however many trials run. Means are exact either way (running sums); streamed
    percentiles are interpolated within a bin.
    """

    EDGES = np.concatenate([[0.0], np.geomspace(1e-4, 1e5, 4001), [np.inf]])

    def __init__(self, groups: int, exact: bool = True) -> None:
        self.groups = groups
        self.exact = exact
        self._chunks: list[tuple[np.ndarray, np.ndarray]] = []
        self._joined: tuple[np.ndarray, np.ndarray] | None = None
        self.counts = np.zeros((groups, self.EDGES.size - 1), dtype=np.int64)
        self.sums = np.zeros((groups, 3))  # n, Σx, Σx²

    def add(self, values: np.ndarray, labels: np.ndarray) -> None:
        """Add a chunk of values with their group labels (0 .. groups-1)."""
        x = np.asarray(values, dtype=float)
        g = np.asarray(labels, dtype=np.intp)
        for k, weights in enumerate((None, x, x * x)):
            self.sums[:, k] += np.bincount(g, weights=weights, minlength=self.groups)
        if self.exact:
            self._chunks.append((x.astype(np.float32), g.astype(np.int8)))
            self._joined = None
            return
        bins = np.clip(np.searchsorted(self.EDGES, x, side="right") - 1, 0,
                       self.EDGES.size - 2)
        width = self.EDGES.size - 1
        self.counts += np.bincount(g * width + bins, minlength=self.groups * width).reshape(
            self.groups, width)

    def snapshot(self) -> IncidentSample:
        """A copy as the sample stands now, which later additions leave alone (the exact
        chunks are shared, never changed; the bin counts and sums are copied, ~100 kB)."""
        copy = IncidentSample(self.groups, self.exact)
        copy._chunks = list(self._chunks)
        copy.counts = self.counts.copy()
        copy.sums = self.sums.copy()
        return copy

    def values(self, group: int | None = None) -> np.ndarray | None:
        """The exact values (float32), or None when the sample is streamed."""
        if not self.exact:
            return None
        if self._joined is None:
            if self._chunks:
                self._joined = (np.concatenate([c[0] for c in self._chunks]),
                                np.concatenate([c[1] for c in self._chunks]))
            else:
                self._joined = (np.empty(0, dtype=np.float32), np.empty(0, dtype=np.int8))
        values, labels = self._joined
        return values if group is None else values[labels == group]

    def labels(self) -> np.ndarray | None:
        """Group label per exact value, or None when streamed."""
        return None if self.values() is None else self._joined[1]

    def _select(self, group: int | None) -> tuple[np.ndarray, np.ndarray]:
        rows = slice(None) if group is None else slice(group, group + 1)
        return self.counts[rows].sum(axis=0), self.sums[rows].sum(axis=0)

    def describe(self, group: int | None = None) -> Summary:
        exact = self.values(group)
        if exact is not None:
            return describe(exact)
        counts, (n, total, squares) = self._select(group)
        if n == 0:
            return describe(np.empty(0))
        mean = total / n
        var = max(squares / n - mean * mean, 0.0) * n / max(n - 1, 1)
        p50, p90, p95, p99 = (self._quantile(counts, q) for q in (0.5, 0.9, 0.95, 0.99))
        return Summary(float(mean), float(np.sqrt(var / n)), p50, p90, p95, p99)

    def _quantile(self, counts: np.ndarray, q: float) -> float:
        cum = np.cumsum(counts)
        target = q * cum[-1]
        i = int(np.searchsorted(cum, target))
        low = self.EDGES[i]
        high = self.EDGES[i + 1] if np.isfinite(self.EDGES[i + 1]) else low
        before = cum[i - 1] if i else 0
        share = (target - before) / counts[i] if counts[i] else 0.0
        return float(low + share * (high - low))

    def ecdf(self, grid: np.ndarray, group: int | None = None) -> np.ndarray:
        """Share of values ≤ each grid point (interpolated within a bin when streamed)."""
        exact = self.values(group)
        if exact is not None:
            return ecdf_on_grid(exact, grid)
        counts, (n, _, _) = self._select(group)
        if n == 0:
            return np.full(len(grid), np.nan)
        cum = np.concatenate([[0.0], np.cumsum(counts[:-1])]) / n
        return np.clip(np.interp(grid, self.EDGES[:-1], cum), 0.0, 1.0)

    @property
    def size(self) -> int:
        return int(self.sums[:, 0].sum())
