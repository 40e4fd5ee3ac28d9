"""Cost tables as the pages show them: several scenarios side by side (Compare) and one
comparison's breakdown (Cost comparison), with worded headers and no empty rows."""

from __future__ import annotations

import pandas as pd

from estimators.costs.expected import CostComparison
from estimators.presentation.i18n import N_, tr
from estimators.presentation.labels import name_of
from estimators.presentation.tables import Table
from estimators.scenario.strategies import Strategy

__all__ = ["breakdown_table", "difference_table", "difference_view", "drop_zero_rows"]

BREAKDOWN_TITLES = {"line": N_("Cost line"), "maintenance_type": N_("Maintenance type"),
                    "asset_kind": N_("Asset kind"), "system": N_("System")}
"""The first column's header of each breakdown (what its rows are)."""


def difference_table(comparisons: dict[str, CostComparison]) -> pd.DataFrame:
    """Annual cost per strategy and scenario, with the difference to the first scenario.

    One row per scenario (in the order given): ``scenario`` (its key), a column per strategy
    label (``In-house``, ...), ``<label> vs first`` (this scenario's cost minus the first's) and
    ``cheapest`` (the cheapest strategy's value, e.g. ``outsourced``). Data for code; the page
    shows :func:`difference_view`.
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


def difference_view(comparisons: dict[str, CostComparison], lang: str = "en") -> Table:
    """:func:`difference_table` as a reader sees it: headers in words in ``lang`` ("Scenario",
    "In-house (per year)", "In-house vs first", "Cheapest"), the cheapest strategy by name.
    Its money columns (annual amounts in the comparisons' currency) are named for formatting.
    """
    raw = difference_table(comparisons)
    headers = {"scenario": tr("Scenario", lang), "cheapest": tr("Cheapest", lang)}
    money = []
    for s in Strategy:
        label = name_of("strategy", s)
        shown = name_of("strategy", s, lang)
        headers[label] = tr("{s} (per year)", lang, s=shown)
        headers[f"{label} vs first"] = tr("{s} vs first", lang, s=shown)
        money += [headers[label], headers[f"{label} vs first"]]
    frame = raw.assign(cheapest=[name_of("strategy", v, lang) for v in raw["cheapest"]])
    return Table(frame.rename(columns=headers), frozenset(money))


def drop_zero_rows(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` without the rows whose every number is zero (e.g. Software ¥0 when a scenario
    has no software systems): they add nothing to read."""
    numbers = table.select_dtypes("number")
    return table[(numbers != 0).any(axis=1)] if not numbers.empty else table


def breakdown_table(comparison: CostComparison, by: str, lang: str = "en") -> pd.DataFrame:
    """Annual cost by ``by`` (``line``, ``maintenance_type``, ``asset_kind``, ``system``) and
    strategy, in the comparison's currency: strategies by name, rows by their translated name
    under a worded header, all-zero rows left out."""
    table = drop_zero_rows(comparison.breakdown(by))
    table = table.rename(columns=lambda s: name_of("strategy", s, lang))
    if by == "line":
        rows = {key: name_of("cost_line", key, lang) for key in table.index}
    elif by == "system":
        rows = {key: key for key in table.index}  # system names are data, kept as entered
    else:
        rows = {key: tr(str(key).capitalize(), lang) for key in table.index}
    return table.rename(index=rows).rename_axis(tr(BREAKDOWN_TITLES[by], lang))
