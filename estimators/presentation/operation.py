"""Maintenance, operation and downtime side by side, and the build-cost sanity band, for the
cost page (docs/model.md §10: the operation line, the sanity band).

Operation (運用) is the team's non-maintenance work; it is the same in every strategy, so the
strategies differ only in maintenance and downtime. The 5-15 %-of-build-cost rule of thumb is
held against the vendor contract and maintenance labour alone (the rule describes maintenance
contracts), never against operation or downtime.
"""

from __future__ import annotations

import pandas as pd

from estimators.costs.expected import CostComparison, build_cost_band
from estimators.presentation.i18n import N_, tr
from estimators.presentation.labels import name_of
from estimators.scenario import Scenario

__all__ = ["BAND_COLUMN", "band_verdicts", "maintenance_operation_frame"]

BAND_COLUMN = N_("Contract + maintenance labour (per year)")
"""The column the build-cost band is read against."""


def maintenance_operation_frame(comparison: CostComparison, lang: str = "en") -> pd.DataFrame:
    """One row per strategy: maintenance (and, within it, the contract and labour the band
    reads), operation, downtime, the total, and the team's utilisation (money a year in the
    scenario's currency; utilisation a fraction, None where the team does no maintenance)."""
    rows = []
    for strategy, costs in comparison.strategies.items():
        rows.append({
            tr("Strategy", lang): name_of("strategy", strategy.value, lang),
            tr("Maintenance (per year)", lang): costs.maintenance_cost,
            tr(BAND_COLUMN, lang): costs.contract_and_labour,
            tr("Operation (運用, per year)", lang): costs.operation,
            tr("Downtime (per year)", lang): costs.by_line["downtime"],
            tr("Total (per year)", lang): costs.annual_total,
            tr("Team utilisation", lang): costs.utilisation,
        })
    return pd.DataFrame(rows)


def band_verdicts(comparison: CostComparison, scenario: Scenario,
                  lang: str = "en") -> list[str]:
    """Per strategy, where its contract and maintenance labour stand against 5-15 % of the build
    cost (empty when no system gives a build cost)."""
    band = build_cost_band(scenario)
    if band is None:
        return []
    build, low, high = band
    out = []
    for strategy, costs in comparison.strategies.items():
        share = costs.contract_and_labour / build
        where = (N_("below the band") if costs.contract_and_labour < low else
                 N_("above the band") if costs.contract_and_labour > high else
                 N_("within the band"))
        out.append(tr("{s}: {share:.1%} of the build cost, {where}.", lang,
                      s=name_of("strategy", strategy.value, lang), share=share,
                      where=tr(where, lang)))
    return out
