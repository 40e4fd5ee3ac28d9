"""Compare: up to four scenarios side by side, the same charts on aligned axes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from estimators import ScenarioError, Strategy, compare_strategies
from estimators.charts import compare_figure, compare_lines_figure
from estimators.library import LibraryError
from pages._shared import (
    CHOICE_KEY,
    DEFAULT_SAMPLE,
    NUMBER_FORMAT,
    current_scenario,
    ensure_routed,
    load_option,
    option_label,
    scenario_options,
)

MAX_SCENARIOS = 4


def difference_table(comparisons: dict) -> pd.DataFrame:
    """Annual cost per strategy and scenario, with the difference to the first scenario."""
    first = next(iter(comparisons.values()))
    rows = []
    for name, comparison in comparisons.items():
        row = {"scenario": name}
        for s in Strategy:
            value = comparison.strategies[s].annual_total
            row[s.label] = value
            row[f"{s.label} vs first"] = value - first.strategies[s].annual_total
        row["cheapest"] = comparison.cheapest().label
        rows.append(row)
    return pd.DataFrame(rows)


def _currency(option: str) -> str | None:
    try:
        return load_option(option).finance.currency
    except (ScenarioError, LibraryError):
        return None


def render() -> None:
    ensure_routed()
    scenario = current_scenario()
    st.title("Compare scenarios")
    st.caption("Put up to four scenarios side by side — for example today's in-house setup, "
               "full outsourcing and a hybrid — on the same axes.")
    options = scenario_options()
    current = st.session_state.get(CHOICE_KEY, DEFAULT_SAMPLE)
    default = [current] if current in options else options[:1]
    if scenario is not None:
        default += [o for o in options if o not in default and _currency(o) ==
                    scenario.finance.currency][:1]
    chosen = st.multiselect("Scenarios", options, default=default, key="compare_pick",
                            max_selections=MAX_SCENARIOS, format_func=option_label,
                            help="Samples, your library and a shared link; the first is the "
                                 "reference for the differences.")
    if len(chosen) < 2:
        st.info("Pick at least two scenarios.", icon=":material/compare_arrows:")
        return
    comparisons = {}
    for option in chosen:
        try:
            comparisons[option_label(option)] = compare_strategies(load_option(option))
        except (ScenarioError, LibraryError) as exc:
            st.error(f"{option_label(option)}: {exc}")
            return
    currencies = {c.currency for c in comparisons.values()}
    if len(currencies) > 1:
        st.warning(f"These scenarios use different currencies ({', '.join(sorted(currencies))})"
                   "; compare scenarios in one currency.", icon=":material/currency_exchange:")
        return
    currency = currencies.pop()
    money = st.column_config.NumberColumn(format=NUMBER_FORMAT.get(currency, "localized"))
    table = difference_table(comparisons)
    st.dataframe(table, hide_index=True,
                 column_config={c: money for c in table.columns if c not in ("scenario",
                                                                             "cheapest")})
    st.plotly_chart(compare_figure(comparisons), width="stretch")
    strategy = st.segmented_control("Cost lines of", [s.value for s in Strategy],
                                    default="in_house", key="compare_strategy",
                                    format_func=lambda v: Strategy(v).label)
    st.plotly_chart(compare_lines_figure(comparisons, strategy or "in_house"), width="stretch")


render()
