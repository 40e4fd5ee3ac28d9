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

from estimators.decisions.executor import Executor
from estimators.decisions.measures import GAPS, Measure, MeasureKind
from estimators.decisions.sweep import Point, sweep
from estimators.scenario import Scenario
from estimators.scenario.strategies import Strategy
from estimators.scenario.uncertainty import Uncertainty, uncertainties_of, value_at

__all__ = ["TornadoBar", "spider", "tornado"]


@dataclass(frozen=True)
class TornadoBar:
    """One input's swing: its P10 and P90 values and the cost changes they cause.

    Attributes:
        low_cost, high_cost: change of each strategy's expected annual cost at P10 and P90.
        low_gap, high_gap: change of each cost difference of :data:`~.measures.GAPS`
            (outsourced − in-house, hybrid − in-house), keyed by the gap's :class:`Measure`.
        low_outage, high_outage: change of outage-equivalent hours per year per strategy.
    """

    uncertainty: Uncertainty
    base: float
    low: float
    high: float
    low_cost: dict[Strategy, float]
    high_cost: dict[Strategy, float]
    low_gap: dict[Measure, float]
    high_gap: dict[Measure, float]
    low_outage: dict[Strategy, float]
    high_outage: dict[Strategy, float]

    @property
    def swing(self) -> float:
        """The largest change of any strategy's cost or of any difference, absolute."""
        values = [*self.low_cost.values(), *self.high_cost.values(), *self.low_gap.values(),
                  *self.high_gap.values()]
        return float(max(abs(v) for v in values))

    def change(self, measure: Measure) -> tuple[float, float]:
        """(change at P10, change at P90) of ``measure``: money for a cost or a difference,
        hours for downtime. KeyError for a difference the analysis did not compute."""
        if measure.kind is MeasureKind.outage:
            return self.low_outage[measure.strategy], self.high_outage[measure.strategy]
        if measure.kind is MeasureKind.gap:
            return self.low_gap[measure], self.high_gap[measure]
        return self.low_cost[measure.strategy], self.high_cost[measure.strategy]

    def to_dict(self) -> dict:
        return {
            "path": self.uncertainty.path, "label": self.uncertainty.name,
            "unit": self.uncertainty.unit, "base": self.base, "low": self.low,
            "high": self.high,
            "cost_change": {s.value: [self.low_cost[s], self.high_cost[s]] for s in Strategy},
            "difference_change": {m.key: [self.low_gap[m], self.high_gap[m]]
                                  for m in self.low_gap},
            "outage_hours_change": {s.value: [self.low_outage[s], self.high_outage[s]]
                                    for s in Strategy},
        }


def tornado(scenario: Scenario, uncertainties: list[Uncertainty] | None = None,
            low_p: float = 0.1, high_p: float = 0.9, executor: Executor | None = None
            ) -> list[TornadoBar]:
    """Swing each input between two percentiles; bars sorted by swing, largest first."""
    inputs = uncertainties if uncertainties is not None else uncertainties_of(scenario)
    ends = [(u.quantile(low_p), u.quantile(high_p)) for u in inputs]
    points = sweep(scenario, [{}] + [{u.path: x} for u, pair in zip(inputs, ends, strict=True)
                                     for x in pair], executor)
    base_cost, base_outage = _split(points[0])

    def gaps(cost: dict[Strategy, float]) -> dict[Measure, float]:
        return {m: cost[m.strategy] - cost[m.baseline] for m in GAPS}

    base_gap = gaps(base_cost)
    bars = []
    for k, u in enumerate(inputs):
        sides = []
        for point in points[1 + 2 * k: 3 + 2 * k]:
            cost, outage = _split(point)
            sides.append(({s: cost[s] - base_cost[s] for s in Strategy},
                          {m: v - base_gap[m] for m, v in gaps(cost).items()},
                          {s: outage[s] - base_outage[s] for s in Strategy}))
        (lc, lg, lo), (hc, hg, ho) = sides
        bars.append(TornadoBar(u, value_at(scenario, u.path), *ends[k], lc, hc, lg, hg, lo, ho))
    return sorted(bars, key=lambda b: b.swing, reverse=True)


def _split(point: Point) -> tuple[dict[Strategy, float], dict[Strategy, float]]:
    """(cost by strategy, outage hours by strategy) of one evaluated point."""
    return {s: v[0] for s, v in point.items()}, {s: v[1] for s, v in point.items()}


def spider(scenario: Scenario, uncertainties: list[Uncertainty] | None = None,
           percentiles: tuple[float, ...] = (0.1, 0.25, 0.5, 0.75, 0.9),
           strategy: Strategy = Strategy.in_house, executor: Executor | None = None
           ) -> dict[str, np.ndarray]:
    """Expected annual cost of ``strategy`` as each input runs over the percentiles."""
    inputs = uncertainties if uncertainties is not None else uncertainties_of(scenario)
    points = sweep(scenario, [{u.path: u.quantile(p)} for u in inputs for p in percentiles],
                   executor)
    k = len(percentiles)
    return {u.name: np.array([p[strategy][0] for p in points[i * k:(i + 1) * k]])
            for i, u in enumerate(inputs)}
