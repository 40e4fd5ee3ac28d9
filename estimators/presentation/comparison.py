"""Several scenarios side by side: the Compare page's table of annual costs and differences."""

from __future__ import annotations

import pandas as pd

from estimators.costs.expected import CostComparison
from estimators.presentation.labels import name_of
from estimators.scenario.strategies import Strategy

__all__ = ["difference_table"]


def difference_table(comparisons: dict[str, CostComparison]) -> pd.DataFrame:
    """Annual cost per strategy and scenario, with the difference to the first scenario.

    One row per scenario (in the order given): ``scenario`` (its key), a column per strategy
    label (``In-house``, ...), ``<label> vs first`` (this scenario's cost minus the first's) and
    ``cheapest`` (the cheapest strategy's value, e.g. ``outsourced``).
    """
    first = next(iter(comparisons.values()))
    rows = []
    for name, comparison in comparisons.items():
        row: dict[str, object] = {"scenario": name}
        for s in Strategy:
            value = comparison.strategies[s].annual_total
            label = name_of("strategy", s)
            row[label] = value
            row[f"{label} vs first"] = value - first.strategies[s].annual_total
        row["cheapest"] = comparison.cheapest().value
        rows.append(row)
    return pd.DataFrame(rows)
