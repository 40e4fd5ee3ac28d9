"""One-at-a-time sensitivity on the expected-cost model: tornado and spider.

Tornado: each uncertain input is set to its P10 and then its P90 (all others at the scenario's
values) and the expected annual cost of every strategy is recomputed; the bars are the changes
from the base, and the inputs are sorted by the largest swing. The change of the *difference*
between strategies is reported too: that is what decides, more than either cost alone.
Spider: the same, over a ladder of percentiles.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .costs import compare_strategies
from .scenario import Scenario
from .strategies import Strategy
from .uncertainty import Uncertainty, default_uncertainties, value_at

__all__ = ["TornadoBar", "spider", "tornado"]

PAIRS = ((Strategy.outsourced, Strategy.in_house), (Strategy.hybrid, Strategy.in_house))


def _totals(scenario: Scenario) -> dict[Strategy, float]:
    return {s: c.annual_total for s, c in compare_strategies(scenario).strategies.items()}


def _outage(scenario: Scenario) -> dict[Strategy, float]:
    return {s: float(c.outage_hours.sum())
            for s, c in compare_strategies(scenario).strategies.items()}


@dataclass(frozen=True)
class TornadoBar:
    """One input's swing: its P10 and P90 values and the cost changes they cause.

    Attributes:
        low_cost, high_cost: change of each strategy's expected annual cost at P10 and P90.
        low_gap, high_gap: change of (strategy − in-house) cost for outsourced and hybrid.
        low_outage, high_outage: change of outage-equivalent hours per year per strategy.
    """

    uncertainty: Uncertainty
    base: float
    low: float
    high: float
    low_cost: dict[Strategy, float]
    high_cost: dict[Strategy, float]
    low_gap: dict[str, float]
    high_gap: dict[str, float]
    low_outage: dict[Strategy, float]
    high_outage: dict[Strategy, float]

    @property
    def swing(self) -> float:
        """The largest change of any strategy's cost or of any difference, absolute."""
        values = [*self.low_cost.values(), *self.high_cost.values(), *self.low_gap.values(),
                  *self.high_gap.values()]
        return float(max(abs(v) for v in values))

    def to_dict(self) -> dict:
        return {
            "path": self.uncertainty.path, "label": self.uncertainty.name,
            "unit": self.uncertainty.unit, "base": self.base, "low": self.low,
            "high": self.high,
            "cost_change": {s.value: [self.low_cost[s], self.high_cost[s]] for s in Strategy},
            "difference_change": {k: [self.low_gap[k], self.high_gap[k]] for k in self.low_gap},
            "outage_hours_change": {s.value: [self.low_outage[s], self.high_outage[s]]
                                    for s in Strategy},
        }


def tornado(scenario: Scenario, uncertainties: list[Uncertainty] | None = None,
            low_p: float = 0.1, high_p: float = 0.9) -> list[TornadoBar]:
    """Swing each input between two percentiles; bars sorted by swing, largest first."""
    inputs = uncertainties if uncertainties is not None else default_uncertainties(scenario)
    base_cost, base_outage = _totals(scenario), _outage(scenario)

    def gaps(cost: dict[Strategy, float]) -> dict[str, float]:
        return {f"{a.value}-{b.value}": cost[a] - cost[b] for a, b in PAIRS}

    base_gap = gaps(base_cost)
    bars = []
    for u in inputs:
        base = value_at(scenario, u.path)
        ends = {}
        for name, p in (("low", low_p), ("high", high_p)):
            moved = scenario.with_changes(**{u.path: u.quantile(p)})
            cost, outage = _totals(moved), _outage(moved)
            ends[name] = (u.quantile(p), {s: cost[s] - base_cost[s] for s in Strategy},
                          {k: v - base_gap[k] for k, v in gaps(cost).items()},
                          {s: outage[s] - base_outage[s] for s in Strategy})
        (low, lc, lg, lo), (high, hc, hg, ho) = ends["low"], ends["high"]
        bars.append(TornadoBar(u, base, low, high, lc, hc, lg, hg, lo, ho))
    return sorted(bars, key=lambda b: b.swing, reverse=True)


def spider(scenario: Scenario, uncertainties: list[Uncertainty] | None = None,
           percentiles: tuple[float, ...] = (0.1, 0.25, 0.5, 0.75, 0.9),
           strategy: Strategy = Strategy.in_house) -> dict[str, np.ndarray]:
    """Expected annual cost of ``strategy`` as each input runs over the percentiles."""
    inputs = uncertainties if uncertainties is not None else default_uncertainties(scenario)
    out = {}
    for u in inputs:
        out[u.name] = np.array([
            _totals(scenario.with_changes(**{u.path: u.quantile(p)}))[strategy]
            for p in percentiles])
    return out
