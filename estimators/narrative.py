"""A short plain-language reading of a cost comparison, for reports and spreadsheets."""

from __future__ import annotations

import numpy as np

from .costs import CostComparison
from .money import format_money
from .scenario import Scenario
from .strategies import Strategy

__all__ = ["crossing_year", "narrative"]


def crossing_year(a: np.ndarray, b: np.ndarray) -> float | None:
    """First time (years, interpolated within the year) at which cumulative cost ``a`` falls to
    ``b`` or below after starting above it; None if it never does within the horizon."""
    gap = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    if gap[0] <= 0:
        return None
    below = np.flatnonzero(gap <= 0)
    if below.size == 0:
        return None
    k = int(below[0])
    return float(k - 1 + gap[k - 1] / (gap[k - 1] - gap[k]))


def narrative(scenario: Scenario, comparison: CostComparison) -> list[str]:
    """Four or five sentences: the cheapest strategy, the horizon, downtime, break-even."""
    cur = comparison.currency
    costs = comparison.strategies
    order = sorted(costs, key=lambda s: costs[s].annual_total)
    best, runner = order[0], order[1]
    gap = costs[runner].annual_total - costs[best].annual_total
    share = gap / costs[runner].annual_total if costs[runner].annual_total else 0.0
    lines = [
        f"Cheapest expected cost: {best.label}, {format_money(costs[best].annual_total, cur)} a "
        f"year, {format_money(gap, cur)} ({100 * share:.0f} %) less than {runner.label}.",
    ]
    by_npv = min(costs, key=lambda s: costs[s].npv)
    horizon = comparison.horizon_years
    lines.append(
        f"Over {horizon} years: " + "; ".join(
            f"{s.label} {format_money(costs[s].horizon_total, cur)} (NPV "
            f"{format_money(costs[s].npv, cur)})" for s in order)
        + (f". By present value {by_npv.label} comes first." if by_npv is not best else "."))
    calm = min(costs, key=lambda s: costs[s].outage_hours.sum())
    lines.append(
        f"Least downtime: {calm.label}, about {costs[calm].outage_hours.sum():,.0f} outage-"
        f"equivalent hours a year (" + ", ".join(
            f"{s.label} {costs[s].outage_hours.sum():,.0f} h" for s in order if s is not calm)
        + ").")
    for s in Strategy:
        if s is best:
            continue
        when = crossing_year(costs[best].cumulative, costs[s].cumulative)
        if when is not None:
            lines.append(f"{best.label} costs more than {s.label} at first (one-off costs) and "
                         f"breaks even after about {when * 12:.0f} months.")
    for s in order:
        lines += [f"{s.label}: {w}" for w in costs[s].warnings]
    del scenario
    return lines
