"""The two ways of computing one model, side by side: the expected annual cost and the
simulated mean with its 95 % interval, so a reader sees they give one answer."""

from __future__ import annotations

import math

import pandas as pd

from estimators.costs.expected import CostComparison
from estimators.engine.digest import Digest
from estimators.presentation.formatting import format_money
from estimators.presentation.i18n import tr
from estimators.presentation.labels import name_of
from estimators.statistics import Z95

__all__ = ["agreement_table"]


def agreement_table(comparison: CostComparison, digests: list[Digest],
                    lang: str = "en") -> pd.DataFrame:
    """Per strategy: expected annual cost, simulated mean ± its 95 % half-width, the trial-years
    behind it and the difference in percent of the expected cost."""
    rows = []
    currency = comparison.currency
    for d in digests:
        expected = comparison.strategies[d.strategy].annual_total
        mean, half = d.summary.total_cost.mean, Z95 * d.summary.total_cost.mean_se
        rows.append({
            tr("Strategy", lang): name_of("strategy", d.strategy, lang),
            tr("Expected (cost model)", lang): format_money(expected, currency, lang=lang),
            tr("Simulated mean (95 % interval)", lang):
                f"{format_money(mean, currency, lang=lang)} ± "
                f"{format_money(half, currency, lang=lang)}",
            tr("Trial-years", lang): f"{d.trials:,}",
            tr("Difference", lang): f"{100 * (mean - expected) / expected:+.1f} %"
            if expected and math.isfinite(expected) else "",
        })
    return pd.DataFrame(rows)
