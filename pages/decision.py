"""Sensitivity & break-even: which inputs move the answer, and where strategies tie."""

from __future__ import annotations

import streamlit as st

from estimators import Scenario, Strategy
from estimators.breakeven import breakeven, breakeven_map
from estimators.charts import breakeven_map_figure, tornado_figure
from estimators.sensitivity import tornado
from estimators.uncertainty import default_uncertainties, input_name, value_at
from pages._shared import (
    current_scenario,
    ensure_routed,
    lang,
    strategy_label,
    t,
    translated_choice,
    tx,
)

MEASURES = ["outsourced-in_house", "hybrid-in_house", "in_house", "outsourced", "hybrid"]


# Cached by the scenario's JSON: a widget change below must not recompute the tornado
# (two evaluations per input) or the map (points² evaluations).
@st.cache_data(max_entries=16, show_spinner=False)
def _tornado(scenario_json: str) -> list:
    scenario = Scenario.model_validate_json(scenario_json)
    return tornado(scenario, default_uncertainties(scenario))


@st.cache_data(max_entries=16, show_spinner=False)
def _map(scenario_json: str, x: str, x_range: tuple, y: str, y_range: tuple) -> tuple:
    return breakeven_map(Scenario.model_validate_json(scenario_json), x, x_range, y, y_range,
                         points=15)


def measure_label(measure: str) -> str:
    if "-" in measure:
        a, b = measure.split("-")
        return t("{a} − {b}", a=strategy_label(a), b=strategy_label(b))
    return strategy_label(measure)


def render() -> None:
    ensure_routed()
    scenario = current_scenario()
    if scenario is None:
        return
    cur = scenario.finance.currency
    st.title(t("Sensitivity & break-even"))
    st.caption(t("Each input is moved between its P10 and P90 (default ranges around the "
                 "scenario's values); the bars show how much the expected annual cost, or the "
                 "difference between two strategies, changes."))
    inputs = default_uncertainties(scenario)
    measure = translated_choice(
        st.segmented_control, t("Show the change of"), MEASURES, measure_label,
        "decision_measure",
        help=t("A difference shows what could change the decision; a single strategy shows "
               "its own risk."))
    bars = _tornado(scenario.model_dump_json())
    st.plotly_chart(tornado_figure(bars, measure or MEASURES[0], cur, lang()), width="stretch")

    st.subheader(t("Break-even"))
    labels = {u.path: input_name(u.name, lang()) for u in inputs}
    c = st.columns(4)
    path = c[0].selectbox(t("Input"), list(labels), format_func=labels.get, key="be_input",
                          help=t("The input to vary; the other inputs keep their values."))
    a = c[1].selectbox(t("Strategy A"), [s.value for s in Strategy], key="be_a",
                       format_func=strategy_label)
    b = c[2].selectbox(t("Strategy B"), [s.value for s in Strategy], index=1, key="be_b",
                       format_func=strategy_label)
    base = value_at(scenario, path)
    high = c[3].number_input(t("Search up to"), min_value=0.0, value=max(3 * base, 1.0),
                             key=f"be_high::{path}",
                             help=t("The search runs from 0 to this value."))
    if a == b:
        st.info(t("Pick two different strategies."), icon=":material/compare_arrows:")
    else:
        try:
            result = breakeven(scenario, path, a, b, low=0.0, high=high)
            (st.success if result.value is not None else st.warning)(tx(result.message))
        except ValueError as exc:
            st.error(tx(exc))

    st.subheader(t("Which strategy wins where"))
    c = st.columns(2)
    x = c[0].selectbox(t("Horizontal axis"), list(labels), format_func=labels.get,
                       key="map_x")
    y = c[1].selectbox(t("Vertical axis"), list(labels), index=min(1, len(labels) - 1),
                       format_func=labels.get, key="map_y")
    if x == y:
        st.info(t("Pick two different inputs."), icon=":material/grid_on:")
        return
    xu = next(u for u in inputs if u.path == x)
    yu = next(u for u in inputs if u.path == y)
    with st.spinner(t("Computing the map…")):
        xs, ys, winner, margin = _map(scenario.model_dump_json(), x, (xu.low, xu.high), y,
                                      (yu.low, yu.high))
    st.plotly_chart(breakeven_map_figure(xs, ys, winner, margin, labels[x], labels[y], cur,
                                         lang()), width="stretch")


render()
