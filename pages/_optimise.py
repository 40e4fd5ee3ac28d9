"""The Optimise tab of Sensitivity & break-even: scope, staffing, vendor tier, preventive hours.

Each answer comes from :mod:`estimators.optimise` and is cached by the scenario's JSON; this
module only lays out the widgets, metrics, figures and tables.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from estimators import Scenario, Strategy
from estimators.decisions.optimise import (
    choose_vendor_tier,
    optimise_scope,
    optimise_staffing,
    preventive_curve,
)
from estimators.decisions.optimise.scope import RISK_TRIALS, ScopeResult
from estimators.decisions.optimise.staffing import default_response_hours
from estimators.engine.simulation import SimulationError, planned_run
from estimators.presentation.advice import (
    scope_reasons_table,
    scope_summary,
    staffing_message,
    staffing_table,
    tier_message,
    tier_table,
)
from estimators.presentation.charts import preventive_figure, scope_matrix_figure
from estimators.queueing import UnstableQueueError
from pages._background import later
from pages._shared import lang, money, plain, strategy_label, t, translated_choice, tx

SHOWN_TEAMS = 12


def _scope(scenario_json: str, objective: str, pricing: str, target: float,
           check: Callable[[int], None] | None = None) -> ScopeResult:
    """The scope optimiser's answer (a background job: ``check`` stops it when abandoned)."""
    return optimise_scope(Scenario.model_validate_json(scenario_json), objective=objective,
                          availability_target=target, pricing=pricing, progress=check)


SCOPE_SYSTEMS = {"brief": 10, "tab": 40}
"""Most systems the scope optimiser takes on: on its own on a first screen (Home, Cost
comparison: ~1-2.5 s for the samples' 4-5 systems; its work grows with the square of the cells)
and when asked on the Optimise tab."""
SCOPE_RISK_SECONDS = {"brief": 1.0, "tab": 10.0}
"""Planned seconds of each of its two P90 simulations (docs/model.md §13, planned work)."""


def scope_too_large(scenario: Scenario, where: str) -> str | None:
    """Why the scope optimiser is not run for ``scenario`` here (``"brief"`` or ``"tab"``), in
    the interface language; None when it may run. Bounds the work a page starts on its own."""
    if len(scenario.systems) > SCOPE_SYSTEMS[where]:
        return t("With {n} systems, trying every split of the work would take too long here "
                 "(the limit is {limit} systems).", n=len(scenario.systems),
                 limit=SCOPE_SYSTEMS[where])
    try:
        for strategy in Strategy:
            planned_run(scenario, strategy, RISK_TRIALS, max_seconds=SCOPE_RISK_SECONDS[where])
    except (SimulationError, UnstableQueueError, ValueError) as exc:
        return tx(exc)
    return None


def scope_result(scenario: Scenario, objective: str, pricing: str,
                 target: float) -> ScopeResult | None:
    """The scope optimiser's answer for ``scenario`` by its JSON, None while it is computed
    in the background (Home and Cost comparison show it in brief, the Optimise tab in full:
    one computation, kept for every session)."""
    return later("scope", _scope, scenario.model_dump_json(), objective, pricing, float(target),
                 check=True)


@st.cache_data(max_entries=16, show_spinner=False)
def _staffing(scenario_json: str, hours: float, level: float):
    return optimise_staffing(Scenario.model_validate_json(scenario_json), hours, level)


@st.cache_data(max_entries=16, show_spinner=False)
def _tiers(scenario_json: str, strategy: str, target: float):
    return choose_vendor_tier(Scenario.model_validate_json(scenario_json), strategy, target)


@st.cache_data(max_entries=16, show_spinner=False)
def _preventive(scenario_json: str):
    return preventive_curve(Scenario.model_validate_json(scenario_json))


def scope_section(scenario: Scenario, target: float) -> None:
    st.subheader(t("What to keep in-house"))
    if (reason := scope_too_large(scenario, "tab")) is not None:
        st.info(reason, icon=":material/info:")
        return
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
    result = scope_result(scenario, objective or "mean", pricing or "pro_rata", target)
    if result is None:
        st.caption(t("Trying splits of the work…"))
        return
    (st.info if result.feasible else st.warning)(plain(scope_summary(result, lang())))
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
    st.plotly_chart(scope_matrix_figure(result, lang()), width="stretch")
    with st.expander(t("Why each cell went where it did")):
        # A static table: its long reasons wrap instead of being cut at the column's edge.
        # st.table renders Markdown in its cells, and they hold system names.
        st.table(scope_reasons_table(result, lang()).map(plain), hide_index=True,
                 border="horizontal")


def staffing_section(scenario: Scenario) -> None:
    st.subheader(t("Staffing for a response target"))
    c = st.columns(2)
    hours = c[0].number_input(t("Start work within (hours)"), min_value=0.05, max_value=72.0,
                              value=float(default_response_hours(scenario)), step=0.25,
                              key="staff_hours",
                              help=t("From detection to an engineer starting hands-on work: "
                                     "acknowledgement plus waiting for a free engineer."))
    level = c[1].slider(t("For this share of incidents (%)"), 50, 99, 80, key="staff_level",
                        help=t("The service level: e.g. 80 % of incidents within the time."))
    with st.spinner(t("Screening teams with Erlang C and confirming by simulation…")):
        result = _staffing(scenario.model_dump_json(), hours, level / 100)
    (st.success if result.best is not None else st.warning)(
        plain(staffing_message(result, lang())))
    if result.options:
        st.dataframe(staffing_table(result, lang()).head(SHOWN_TEAMS), hide_index=True,
                     width="stretch")


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
    (st.success if result.best is not None else st.warning)(plain(tier_message(result, lang())))
    st.dataframe(tier_table(result, lang()), hide_index=True, width="stretch")


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
    st.caption(t("An hour of the team's time is valued at {value} (loaded cost per net hour): "
                 "the advice stops where one more preventive hour saves less than that, even "
                 "when the team has idle hours.", value=money(curve.hour_value, scenario)))


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
