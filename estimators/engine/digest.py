"""Small, chart-ready summaries of Monte Carlo results (binned histograms, ECDF on a fixed grid).

Pages draw from a :class:`Digest`, never from raw samples: its size does not grow with the number
of trials (a few kilobytes), so a million trial-years draw as fast as a thousand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from estimators.calendars.coverage import HOURS_PER_YEAR
from estimators.engine.results import SimulationResult
from estimators.engine.summary import SimulationSummary
from estimators.scenario import SEVERITIES, Scenario
from estimators.scenario.strategies import Strategy

__all__ = ["Digest", "Histogram", "digest", "nines"]

TTR_GRID_HOURS = np.unique(np.concatenate([np.geomspace(0.05, 2000.0, 240), [0.5, 1, 2, 4, 8]]))
"""Time-to-restore grid for ECDFs, hours (log-spaced, with the common target values)."""


@dataclass(frozen=True)
class Histogram:
    """Counts per bin; ``edges`` has one more entry than ``counts``."""

    edges: np.ndarray
    counts: np.ndarray

    @classmethod
    def of(cls, values: np.ndarray, bins: int = 40) -> Histogram:
        x = np.asarray(values, dtype=float)
        x = x[np.isfinite(x)]
        if x.size == 0:
            return cls(np.array([0.0, 1.0]), np.array([0]))
        low, high = float(x.min()), float(x.max())
        if high <= low:
            high = low + max(abs(low) * 1e-6, 1e-9)
        counts, edges = np.histogram(x, bins=bins, range=(low, high))
        return cls(edges, counts)

    @property
    def centres(self) -> np.ndarray:
        return 0.5 * (self.edges[:-1] + self.edges[1:])

    @property
    def shares(self) -> np.ndarray:
        total = self.counts.sum()
        return self.counts / total if total else self.counts.astype(float)


def nines(availability: np.ndarray) -> np.ndarray:
    """Availability as "nines": −log10(1 − A); 99.9 % is 3. Perfect years are capped at 6."""
    unavailable = np.clip(1.0 - np.asarray(availability, dtype=float), 1e-6, 1.0)
    return -np.log10(unavailable)


@dataclass(frozen=True)
class Digest:
    """What the Downtime & recovery page shows for one strategy."""

    strategy: Strategy
    trials: int
    summary: SimulationSummary
    total_cost: Histogram
    downtime_hours: Histogram
    availability_nines: Histogram
    ttr_grid: np.ndarray
    ttr_ecdf: dict[str, np.ndarray]
    targets_restore_hours: dict[str, float]


def digest(scenario: Scenario, result: SimulationResult) -> Digest:
    """Summaries and histograms for one strategy's result."""
    service = 1.0 - result.downtime_hours / (HOURS_PER_YEAR * max(len(result.systems), 1))
    ecdf = {"all": result.ttr_ecdf(TTR_GRID_HOURS)}
    for sev in SEVERITIES:
        ecdf[sev.value] = result.ttr_ecdf(TTR_GRID_HOURS, sev)
    targets = {}
    for sev in SEVERITIES:
        own = scenario.targets.get(sev)
        targets[sev.value] = (own.restore_hours if own
                              else scenario.contract.terms[sev].resolution_hours)
    return Digest(
        strategy=result.strategy,
        trials=result.trials,
        summary=result.summarise(),
        total_cost=Histogram.of(result.total_cost),
        downtime_hours=Histogram.of(result.downtime_hours),
        availability_nines=Histogram.of(nines(service)),
        ttr_grid=TTR_GRID_HOURS,
        ttr_ecdf=ecdf,
        targets_restore_hours=targets,
    )
