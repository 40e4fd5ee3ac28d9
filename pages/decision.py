"""Sensitivity & break-even: which inputs move the answer, where strategies tie, what to do.

Four tabs, each computed only when opened (lazy tabs): one-at-a-time sensitivity (tornado and
spider), global sensitivity (Sobol indices on the Monte Carlo, on request), break-even (a
root and a 2-D map), and the optimisers (scope matrix, staffing, vendor tier, preventive
hours, in :mod:`pages._optimise`). Every result is kept by the scenario's JSON, so widgets
elsewhere do not recompute; the spider plot, the break-even map and the scope optimiser are
computed in the background (:mod:`pages._background`), so the tab's first figures show at once.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from estimators import Scenario, Strategy
from estimators.decisions.breakeven import breakeven, breakeven_map
from estimators.decisions.measures import MEASURES, MONEY_MEASURES, Measure
from estimators.decisions.sensitivity import spider, tornado
from estimators.decisions.sobol import sobol_indices, trial_years
from estimators.engine.simulation import SimulationError
from estimators.presentation.advice import breakeven_message, sobol_table
from estimators.presentation.charts import (
    breakeven_map_figure,
    sobol_figure,
    spider_figure,
    tornado_figure,
)
from estimators.presentation.labels import input_label, measure_name
from estimators.scenario.uncertainty import uncertainties_of, value_at
from pages._background import later
from pages._export import export_panel
from pages._optimise import optimise_tab
from pages._runs import latest_run
from pages._shared import (
    current_view,
    lang,
    plain,
    strategy_label,
    t,
    translated_choice,
    tx,
)

PERCENTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
SOBOL_SAMPLES = (256, 512, 1024)


# Each cached by the scenario's JSON: a widget elsewhere must not recompute them.
@st.cache_data(max_entries=16, show_spinner=False)
def _tornado(scenario_json: str) -> list:
    return tornado(Scenario.model_validate_json(scenario_json))


def _spider(scenario_json: str, strategy: str) -> dict:
    return spider(Scenario.model_validate_json(scenario_json), percentiles=PERCENTILES,
                  strategy=Strategy(strategy))


@st.cache_data(max_entries=8, show_spinner=False)
def _sobol(scenario_json: str, base_samples: int, replicates: int) -> dict:
    return sobol_indices(Scenario.model_validate_json(scenario_json),
                         base_samples=base_samples, replicates=replicates)


def _map(scenario_json: str, x: str, x_range: tuple, y: str, y_range: tuple,
         check: Callable[[int], None] | None = None) -> tuple:
    return breakeven_map(Scenario.model_validate_json(scenario_json), x, x_range, y, y_range,
                         points=15, progress=check)


def measure_label(key: str) -> str:
    """A measure's name; widgets hold a measure's key, a string Streamlit keeps as it is."""
    return measure_name(Measure.parse(key), lang())


def sensitivity_tab(scenario: Scenario, source: str) -> None:
    cur = scenario.finance.currency
    key = scenario.model_dump_json()
    st.caption(t("Each input is moved between its P10 and P90 ({source}); the bars show how "
                 "much the expected annual cost, or the difference between two strategies, "
                 "changes.", source=source))
    choice = translated_choice(
        st.segmented_control, t("Show the change of"), [m.key for m in MEASURES],
        measure_label, "decision_measure",
        help=t("A difference shows what could change the decision; a single strategy shows "
               "its own risk; downtime shows what moves its availability (outage-equivalent "
               "hours a year)."))
    with st.spinner(t("Moving each input through its range…")):
        bars = _tornado(key)
    measure = Measure.parse(choice) if choice else MEASURES[0]
    st.plotly_chart(tornado_figure(bars, measure, cur, lang()), width="stretch")
    strategy = st.selectbox(t("Spider plot for"), [s.value for s in Strategy],
                            format_func=strategy_label, key="spider_strategy")
    lines = later("spider", _spider, key, strategy)  # None while computed in the background
    if lines is None:
        st.caption(t("Moving each input through its range…"))
        return
    st.plotly_chart(spider_figure(lines, PERCENTILES, strategy, cur, lang()), width="stretch")


def sobol_tab(scenario: Scenario) -> None:
    st.caption(t("Sobol indices share out the variance of the annual cost when every uncertain "
                 "input moves at once: first order is what an input explains alone, total "
                 "includes its interactions. Computed on the Monte Carlo; correlations are not "
                 "used here."))
    c = st.columns(3)
    samples = c[0].selectbox(t("Base samples"), SOBOL_SAMPLES, index=1, key="sobol_n",
                             help=t("N: the design has N × (inputs + 2) rows. More samples, "
                                    "narrower intervals."))
    replicates = c[1].slider(t("Simulated years per row"), 2, 16, 8, key="sobol_r",
                             help=t("Trial-years simulated for each set of input values; their "
                                    "spread measures the incidents' own randomness, which is "
                                    "then taken out of the indices."))
    choice = c[2].selectbox(t("Indices of"), [m.key for m in MONEY_MEASURES], index=2,
                            format_func=measure_label, key="sobol_measure")
    inputs = len(uncertainties_of(scenario))
    trials = trial_years(inputs, samples, replicates)
    ask = st.button(t("Compute Sobol indices ({n:,} trial-years per strategy)", n=trials),
                    icon=":material/functions:", key="sobol_go")
    key = scenario.model_dump_json()
    if not ask and not st.session_state.get("sobol_done") == (key, samples, replicates):
        return
    try:
        with st.spinner(t("Simulating {n:,} trial-years for each strategy…", n=trials)):
            result = _sobol(key, samples, replicates)
    except (SimulationError, ValueError) as exc:
        st.error(tx(exc))
        return
    st.session_state["sobol_done"] = (key, samples, replicates)
    indices = result[Measure.parse(choice)]
    st.plotly_chart(sobol_figure(indices, lang()), width="stretch")
    st.dataframe(sobol_table(indices, lang()), hide_index=True, width="stretch")
    st.caption(t("Each index with its 95 % interval; ≈ 0 marks an index within its noise "
                 "(its interval reaches zero), which a share of variance cannot fall below."))
    if indices.noise_share is not None:
        st.caption(t("Incident randomness makes up {p:.0%} of one year's cost variance; the "
                     "indices describe the rest (the expected cost given the inputs).",
                     p=indices.noise_share))


def breakeven_tab(scenario: Scenario, inputs: list) -> None:
    cur = scenario.finance.currency
    labels = {u.path: input_label(u.name, u.unit, lang()) for u in inputs}
    units = {u.path: u.unit for u in inputs}
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
            (st.success if result.value is not None else st.warning)(
                plain(breakeven_message(result, lang(), units[path])))
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
    ranges = [u.plausible_range() for u in (xu, yu)]
    found = later("map", _map, scenario.model_dump_json(), x, tuple(ranges[0]), y,
                  tuple(ranges[1]), check=True)
    if found is None:  # computed in the background; the page reruns when it is ready
        st.caption(t("Computing the map…"))
        return
    xs, ys, winner, margin = found
    st.plotly_chart(breakeven_map_figure(xs, ys, winner, margin, labels[x], labels[y], cur,
                                         lang()), width="stretch")


def render() -> None:
    view = current_view()
    if view is None:
        return
    scenario = view.scenario
    st.title(t("Sensitivity & break-even"))
    inputs = uncertainties_of(scenario)
    source = (t("the scenario's own ranges") if scenario.uncertainty.inputs
              else t("default ranges around the scenario's values"))
    if st.query_params.get("tab") == "optimise":  # a link from the scope advice in brief
        st.session_state["decision_tab"] = t("Optimise")
        del st.query_params["tab"]
    tabs = st.tabs([t("Sensitivity"), t("Global sensitivity"), t("Break-even"),
                    t("Optimise")], key="decision_tab", on_change="rerun")
    views = (lambda: sensitivity_tab(scenario, source), lambda: sobol_tab(scenario),
             lambda: breakeven_tab(scenario, inputs), lambda: optimise_tab(scenario))
    for tab, draw in zip(tabs, views, strict=True):
        with tab:
            if tab.open:  # lazy: only the open tab computes
                draw()
    export_panel(view, latest_run(scenario), key="decision")
