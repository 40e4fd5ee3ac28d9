"""Sensitivity & break-even: which inputs move the answer, where strategies tie, what to do.

Four tabs, each computed only when opened (lazy tabs): one-at-a-time sensitivity (tornado and
spider), global sensitivity (Sobol indices on the Monte Carlo, on request), break-even (a
root and a 2-D map), and the optimisers (scope matrix, staffing, vendor tier, preventive
hours). Every result is cached by the scenario's JSON, so widgets elsewhere do not recompute.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from estimators import Scenario, Strategy
from estimators.analysis_charts import (
    preventive_figure,
    scope_matrix_figure,
    sobol_figure,
    spider_figure,
)
from estimators.breakeven import breakeven, breakeven_map
from estimators.charts import breakeven_map_figure, tornado_figure
from estimators.optimise import (
    choose_vendor_tier,
    optimise_scope,
    optimise_staffing,
    preventive_curve,
)
from estimators.optimise.scope import FIELD_LABELS, PARTY_LABELS
from estimators.queueing import UnstableQueueError
from estimators.sensitivity import spider, tornado
from estimators.simulation import SimulationError
from estimators.sobol import sobol_indices
from estimators.uncertainty import input_name, uncertainties_of, value_at
from pages._shared import (
    COVERAGE_LABELS,
    current_scenario,
    ensure_routed,
    lang,
    money,
    strategy_label,
    t,
    translated_choice,
    tx,
)

MEASURES = ["outsourced-in_house", "hybrid-in_house", "in_house", "outsourced", "hybrid"]
OUTAGE_MEASURES = [f"outage:{s.value}" for s in Strategy]
PERCENTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
SOBOL_SAMPLES = (256, 512, 1024)


# Each cached by the scenario's JSON: a widget elsewhere must not recompute them.
@st.cache_data(max_entries=16, show_spinner=False)
def _tornado(scenario_json: str) -> list:
    scenario = Scenario.model_validate_json(scenario_json)
    return tornado(scenario, uncertainties_of(scenario))


@st.cache_data(max_entries=16, show_spinner=False)
def _spider(scenario_json: str, strategy: str) -> dict:
    return spider(Scenario.model_validate_json(scenario_json), percentiles=PERCENTILES,
                  strategy=Strategy(strategy))


@st.cache_data(max_entries=8, show_spinner=False)
def _sobol(scenario_json: str, base_samples: int, replicates: int) -> dict:
    return sobol_indices(Scenario.model_validate_json(scenario_json),
                         base_samples=base_samples, replicates=replicates)


@st.cache_data(max_entries=16, show_spinner=False)
def _map(scenario_json: str, x: str, x_range: tuple, y: str, y_range: tuple) -> tuple:
    return breakeven_map(Scenario.model_validate_json(scenario_json), x, x_range, y, y_range,
                         points=15)


@st.cache_data(max_entries=16, show_spinner=False)
def _scope(scenario_json: str, objective: str, pricing: str, target: float):
    return optimise_scope(Scenario.model_validate_json(scenario_json), objective=objective,
                          availability_target=target, pricing=pricing)


@st.cache_data(max_entries=16, show_spinner=False)
def _staffing(scenario_json: str, hours: float, level: float):
    return optimise_staffing(Scenario.model_validate_json(scenario_json), hours, level)


@st.cache_data(max_entries=16, show_spinner=False)
def _tiers(scenario_json: str, strategy: str, target: float):
    return choose_vendor_tier(Scenario.model_validate_json(scenario_json), strategy, target)


@st.cache_data(max_entries=16, show_spinner=False)
def _preventive(scenario_json: str):
    return preventive_curve(Scenario.model_validate_json(scenario_json))


def measure_label(measure: str) -> str:
    if measure.startswith("outage:"):
        return t("Downtime: {s}", s=strategy_label(measure.removeprefix("outage:")))
    if "-" in measure:
        a, b = measure.split("-")
        return t("{a} − {b}", a=strategy_label(a), b=strategy_label(b))
    return strategy_label(measure)


def sensitivity_tab(scenario: Scenario, source: str) -> None:
    cur = scenario.finance.currency
    key = scenario.model_dump_json()
    st.caption(t("Each input is moved between its P10 and P90 ({source}); the bars show how "
                 "much the expected annual cost, or the difference between two strategies, "
                 "changes.", source=source))
    measure = translated_choice(
        st.segmented_control, t("Show the change of"), MEASURES + OUTAGE_MEASURES,
        measure_label, "decision_measure",
        help=t("A difference shows what could change the decision; a single strategy shows "
               "its own risk; downtime shows what moves its availability (outage-equivalent "
               "hours a year)."))
    with st.spinner(t("Moving each input through its range…")):
        bars = _tornado(key)
    st.plotly_chart(tornado_figure(bars, measure or MEASURES[0], cur, lang()), width="stretch")
    strategy = st.selectbox(t("Spider plot for"), [s.value for s in Strategy],
                            format_func=strategy_label, key="spider_strategy")
    st.plotly_chart(spider_figure(_spider(key, strategy), PERCENTILES, strategy, cur, lang()),
                    width="stretch")


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
    measure = c[2].selectbox(t("Indices of"), MEASURES, index=2, format_func=measure_label,
                             key="sobol_measure")
    inputs = len(uncertainties_of(scenario))
    trials = samples * (inputs + 2) * replicates
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
    indices = result[measure]
    st.plotly_chart(sobol_figure(indices, lang()), width="stretch")
    if indices.noise_share is not None:
        st.caption(t("Incident randomness makes up {p:.0%} of one year's cost variance; the "
                     "indices describe the rest (the expected cost given the inputs).",
                     p=indices.noise_share))


def breakeven_tab(scenario: Scenario, inputs: list) -> None:
    cur = scenario.finance.currency
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
    ranges = [(u.quantile(0.01), u.quantile(0.99)) for u in (xu, yu)]
    with st.spinner(t("Computing the map…")):
        xs, ys, winner, margin = _map(scenario.model_dump_json(), x, ranges[0], y, ranges[1])
    st.plotly_chart(breakeven_map_figure(xs, ys, winner, margin, labels[x], labels[y], cur,
                                         lang()), width="stretch")


def scope_section(scenario: Scenario, target: float) -> None:
    st.subheader(t("What to keep in-house"))
    c = st.columns(2)
    objective = translated_choice(
        c[0].segmented_control, t("Minimise"), ["mean", "p90"],
        lambda v: t("Expected cost") if v == "mean" else t("P90 cost (simulated)"),
        "scope_objective",
        help=t("P90: the cost exceeded one year in ten; each candidate split is simulated, "
               "which takes longer."))
    pricing = translated_choice(
        c[1].segmented_control, t("Vendor and team sized"), ["pro_rata", "split"],
        lambda v: t("to the work they get") if v == "pro_rata" else t("as in the hybrid split"),
        "scope_pricing",
        help=t("To the work they get: the vendor's fee and the team's headcount follow each "
               "party's share of the work hours. As in the hybrid split: the fee share and team "
               "share entered for the hybrid strategy are kept."))
    with st.spinner(t("Trying splits of the work…")):
        result = _scope(scenario.model_dump_json(), objective or "mean", pricing or "pro_rata",
                        target)
    c = st.columns(4)
    c[0].metric(t("Current split"), money(result.current_score.objective, scenario),
                help=t("Annual cost of the hybrid split as entered."))
    c[1].metric(t("Best split found"), money(result.best_score.objective, scenario),
                delta=f"-{money(result.savings, scenario)}" if result.savings > 0 else None,
                delta_color="inverse")
    c[2].metric(t("P90 cost, best split"), money(result.best_p90, scenario, compact=True),
                delta=money(result.best_p90 - result.current_p90, scenario, compact=True),
                delta_color="inverse",
                help=t("Simulated annual cost exceeded one year in ten; the change is against "
                       "the current split."))
    c[3].metric(t("Lowest system availability"),
                f"{100 * result.best_score.availability.min():.3f} %",
                help=t("Expected availability of the weakest system under the best split."))
    if not result.feasible:
        st.warning(t("No split keeps every system at {target:.2f} % availability; this is the "
                     "one that comes closest.", target=100 * target))
    st.plotly_chart(scope_matrix_figure(result, lang()), width="stretch")
    with st.expander(t("Why each cell went where it did")):
        st.dataframe(pd.DataFrame({
            t("System"): [c.system for c in result.cells],
            t("Work"): [t(FIELD_LABELS[c.field]) for c in result.cells],
            t("Who"): [t(PARTY_LABELS[c.party]) for c in result.cells],
            t("Reason"): [tx(c.reason) for c in result.cells]}),
            hide_index=True, width="stretch")


def staffing_section(scenario: Scenario) -> None:
    st.subheader(t("Staffing for a response target"))
    goal = scenario.targets.get("S1")
    default = goal.response_hours if goal else scenario.contract.terms["S1"].response_hours
    c = st.columns(2)
    hours = c[0].number_input(t("Start work within (hours)"), min_value=0.05, max_value=72.0,
                              value=float(default), step=0.25, key="staff_hours",
                              help=t("From detection to an engineer starting hands-on work: "
                                     "acknowledgement plus waiting for a free engineer."))
    level = c[1].slider(t("For this share of incidents (%)"), 50, 99, 80, key="staff_level",
                        help=t("The service level: e.g. 80 % of incidents within the time."))
    with st.spinner(t("Screening teams with Erlang C and confirming by simulation…")):
        result = _staffing(scenario.model_dump_json(), hours, level / 100)
    (st.success if result.best is not None else st.warning)(tx(result.message))
    if result.options:
        names = [lv.name for lv in scenario.team.levels]
        frame = pd.DataFrame({
            t("Coverage"): [t(COVERAGE_LABELS[o.coverage]) for o in result.options],
            **{name: [o.headcount[name] for o in result.options] for name in names},
            t("FTE (whole)"): [o.total_fte for o in result.options],
            t("FTE the target needs"): [round(o.fte_needed, 2) for o in result.options],
            t("Engineers on duty"): [o.servers for o in result.options],
            t("Erlang C level"): [f"{o.erlang_level:.1%}" for o in result.options],
            t("Simulated level"): [f"{o.simulated_level:.1%}" if o.simulated_level is not None
                                   else "" for o in result.options],
            t("Annual cost"): [money(o.annual_cost, scenario) for o in result.options]})
        st.dataframe(frame.head(12), hide_index=True, width="stretch")


def tier_section(scenario: Scenario, target: float) -> None:
    st.subheader(t("Vendor tier"))
    if not scenario.vendor_tiers:
        st.info(t("The scenario lists no other contract options. Add the vendor's tiers "
                  "(fee, coverage, targets) under vendor_tiers in the Edit scenario page's "
                  "JSON tab to compare them here."), icon=":material/info:")
    strategy = st.selectbox(t("Under the strategy"), ["outsourced", "hybrid"],
                            format_func=strategy_label, key="tier_strategy")
    with st.spinner(t("Costing and simulating each contract option…")):
        result = _tiers(scenario.model_dump_json(), strategy, target)
    (st.success if result.best is not None else st.warning)(tx(result.message))
    st.dataframe(pd.DataFrame({
        t("Option"): [t(o.name) for o in result.options],
        t("Monthly fee"): [money(o.monthly_fee, scenario) for o in result.options],
        t("Annual cost"): [money(o.annual_cost, scenario) for o in result.options],
        t("P90 cost"): [money(o.p90_cost, scenario) for o in result.options],
        t("Lowest system availability"): [f"{100 * o.min_availability:.3f} %"
                                          for o in result.options],
        t("Meets the target"): [o.meets for o in result.options]}),
        hide_index=True, width="stretch")


def preventive_section(scenario: Scenario) -> None:
    st.subheader(t("Preventive vs corrective"))
    with st.spinner(t("Sweeping preventive hours…")):
        curve = _preventive(scenario.model_dump_json())
    st.plotly_chart(preventive_figure(curve, lang()), width="stretch")
    c = st.columns(len(Strategy))
    for col, strategy in zip(c, Strategy, strict=True):
        saving = curve.current_cost[strategy] - curve.optimum_cost[strategy]
        col.metric(t("{s}: best preventive hours", s=strategy_label(strategy)),
                   f"{curve.optimum_hours[strategy]:,.0f} h",
                   delta=t("saves {m} a year", m=money(saving, scenario, compact=True)),
                   help=t("Total preventive hours a year, shared among the systems as today."))


def optimise_tab(scenario: Scenario) -> None:
    target = st.number_input(
        t("Availability target (%)"), min_value=0.0, max_value=99.999,
        value=100 * scenario.availability_target, step=0.01, format="%.3f",
        key=f"opt_target::{scenario.availability_target}",
        help=t("Every system's expected availability must reach it (0 turns it off)."))
    try:
        scope_section(scenario, target / 100)
        staffing_section(scenario)
        tier_section(scenario, target / 100)
        preventive_section(scenario)
    except (SimulationError, UnstableQueueError, ValueError) as exc:
        st.error(tx(exc))


def render() -> None:
    ensure_routed()
    scenario = current_scenario()
    if scenario is None:
        return
    st.title(t("Sensitivity & break-even"))
    inputs = uncertainties_of(scenario)
    source = (t("the scenario's own ranges") if scenario.uncertainty.inputs
              else t("default ranges around the scenario's values"))
    tabs = st.tabs([t("Sensitivity"), t("Global sensitivity"), t("Break-even"),
                    t("Optimise")], key="decision_tab", on_change="rerun")
    views = (lambda: sensitivity_tab(scenario, source), lambda: sobol_tab(scenario),
             lambda: breakeven_tab(scenario, inputs), lambda: optimise_tab(scenario))
    for tab, view in zip(tabs, views, strict=True):
        with tab:
            if tab.open:  # lazy: only the open tab computes
                view()

render()
