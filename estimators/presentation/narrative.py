"""A short plain-language reading of a cost comparison, for reports and spreadsheets."""

from __future__ import annotations

import numpy as np

from estimators.costs.expected import CostComparison
from estimators.presentation.formatting import format_money
from estimators.presentation.i18n import tr
from estimators.presentation.labels import name_of
from estimators.scenario.strategies import Strategy

__all__ = ["crossing_year", "narrative"]


def crossing_year(a: np.ndarray, b: np.ndarray) -> float | None:
    """First time (years, interpolated within the year) at which cumulative cost ``a`` falls to
    ``b`` or below after starting above it; None if it never does within the horizon. An
    overloaded queue's infinite cost against another's is no crossing (inf − inf is NaN)."""
    with np.errstate(invalid="ignore"):
        gap = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    if gap[0] <= 0:
        return None
    below = np.flatnonzero(gap <= 0)
    if below.size == 0:
        return None
    k = int(below[0])
    return float(k - 1 + gap[k - 1] / (gap[k - 1] - gap[k]))


def narrative(comparison: CostComparison, lang: str = "en") -> list[str]:
    """Four or five sentences: the cheapest strategy, the horizon, downtime, break-even."""
    cur = comparison.currency
    costs = comparison.strategies

    def name(strategy: Strategy) -> str:
        return name_of("strategy", strategy, lang)

    def cash(value: float) -> str:
        return format_money(value, cur, lang=lang)

    order = comparison.ranked()  # feasible strategies first: an infeasible one is never first
    best, runner = order[0], order[1]
    gap = costs[runner].annual_total - costs[best].annual_total
    share = gap / costs[runner].annual_total if costs[runner].annual_total else 0.0
    lines = [tr("Cheapest expected cost: {best}, {total} a year, {gap} ({share:.0f} %) less than "
                "{runner}.", lang, best=name(best), total=cash(costs[best].annual_total),
                gap=cash(gap), share=100 * share, runner=name(runner))]
    totals = "; ".join(tr("{s} {total} (NPV {npv})", lang, s=name(s),
                          total=cash(costs[s].horizon_total), npv=cash(costs[s].npv))
                       for s in order)
    lines.append(tr("Over {n} years: {totals}.", lang, n=comparison.horizon_years,
                    totals=totals))
    by_npv = min((s for s in order if costs[s].feasible), key=lambda s: costs[s].npv,
                 default=best)
    if by_npv is not best:
        lines.append(tr("By present value {s} comes first.", lang, s=name(by_npv)))
    calm = min(costs, key=lambda s: costs[s].outage_hours.sum())
    others = ", ".join(tr("{s} {h:,.0f} h", lang, s=name(s), h=costs[s].outage_hours.sum())
                       for s in order if s is not calm)
    lines.append(tr("Least downtime: {s}, about {h:,.0f} outage-equivalent hours a year "
                    "({others}).", lang, s=name(calm), h=costs[calm].outage_hours.sum(),
                    others=others))
    for s in Strategy:
        if s is best:
            continue
        when = crossing_year(costs[best].cumulative, costs[s].cumulative)
        if when is not None:
            lines.append(tr("{a} costs more than {b} at first (one-off costs) and breaks even "
                            "after about {m:.0f} months.", lang, a=name(best), b=name(s),
                            m=when * 12))
    for s in order:
        lines += [f"{name(s)}: {tr(template, lang, **values)}"
                  for template, values in costs[s].notices]
    return lines
