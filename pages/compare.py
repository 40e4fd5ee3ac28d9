"""Compare: up to four scenarios side by side, the same charts on aligned axes."""

from __future__ import annotations

import streamlit as st

from estimators import ScenarioError, Strategy, compare_strategies
from estimators.presentation.charts import compare_figure, compare_lines_figure
from estimators.presentation.comparison import difference_view
from estimators.scenario.library import LibraryError
from pages._shared import (
    CHOICE_KEY,
    DEFAULT_SAMPLE,
    NUMBER_FORMAT,
    current_scenario,
    lang,
    load_option,
    option_label,
    plain,
    scenario_options,
    strategy_label,
    t,
    translated_choice,
    tx,
)

MAX_SCENARIOS = 4


def _currency(option: str) -> str | None:
    try:
        return load_option(option).finance.currency
    except (ScenarioError, LibraryError):
        return None


def render() -> None:
    scenario = current_scenario()
    st.title(t("Compare scenarios"))
    st.caption(t("Put up to four scenarios side by side — for example today's in-house setup, "
                 "full outsourcing and a hybrid — on the same axes."))
    options = scenario_options()
    current = st.session_state.get(CHOICE_KEY, DEFAULT_SAMPLE)
    default = [current] if current in options else options[:1]
    if scenario is not None:
        default += [o for o in options if o not in default and _currency(o) ==
                    scenario.finance.currency][:1]
    chosen = st.multiselect(t("Scenarios"), options, default=default, key="compare_pick",
                            max_selections=MAX_SCENARIOS, format_func=option_label,
                            help=t("Samples, your library and a shared link; the first is "
                                   "the reference for the differences."))
    if len(chosen) < 2:
        st.info(t("Pick at least two scenarios."), icon=":material/compare_arrows:")
        return
    comparisons = {}
    for option in chosen:
        try:
            comparisons[option_label(option)] = compare_strategies(load_option(option))
        except (ScenarioError, LibraryError) as exc:
            st.error(f"{plain(option_label(option))}: {tx(exc)}")
            return
    currencies = {c.currency for c in comparisons.values()}
    if len(currencies) > 1:
        st.warning(t("These scenarios use different currencies ({c}); compare scenarios in one "
                     "currency.", c=", ".join(sorted(currencies))),
                   icon=":material/currency_exchange:")
        return
    currency = currencies.pop()
    money_format = NUMBER_FORMAT.get(currency, "localized")
    table = difference_view(comparisons, lang())
    st.dataframe(table.frame, hide_index=True,
                 column_config={c: st.column_config.NumberColumn(format=money_format)
                                for c in table.money})
    st.plotly_chart(compare_figure(comparisons, lang()), width="stretch")
    strategy = translated_choice(st.segmented_control, t("Cost lines of"),
                                 [s.value for s in Strategy], strategy_label,
                                 "compare_strategy")
    st.plotly_chart(compare_lines_figure(comparisons, strategy or "in_house", lang()),
                    width="stretch")
