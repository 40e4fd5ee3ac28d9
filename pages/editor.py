"""Edit scenario: every field of a library scenario, validated before it is saved."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from estimators import Scenario, ScenarioError
from estimators.presentation.tables import systems_frame
from estimators.scenario import CURRENCIES
from estimators.scenario.editing import (
    correlation_frame,
    edit_scenario,
    hybrid_frame,
    levels_frame,
    matrix_from,
    ranges_frame,
    symmetrised,
    terms_frame,
    tiers_frame,
)
from estimators.scenario.loading import parse_scenario
from estimators.scenario.ranges import CorrelationError, check_correlation
from pages._shared import (
    LIBRARY_PREFIX,
    choose,
    library,
    scenario_picker,
    t,
    tx,
)

KINDS = ["hardware", "software", "cloud"]
FAMILIES = ["lognormal", "exponential", "weibull", "gamma"]
PARTIES = ["in_house", "vendor"]
DISTRIBUTIONS = ["triangular", "pert", "uniform", "normal", "lognormal"]


def _copy_to_library(scenario: Scenario) -> None:
    lib = library()
    name = f"{scenario.name} (copy)"
    while name in lib:
        name += "+"
    lib.save(name, scenario, note="copied to edit")
    choose(LIBRARY_PREFIX + name)


def general_fields(s: Scenario) -> dict:
    f = {}
    c = st.columns(3)
    f["name"] = c[0].text_input(t("Scenario title"), s.name, key="ed_title")
    f["finance.currency"] = c[1].selectbox(
        t("Currency"), CURRENCIES, CURRENCIES.index(s.finance.currency),
        key="ed_currency", help=t("Every amount of the scenario is in this currency."))
    f["finance.horizon_years"] = c[2].number_input(t("Horizon (years)"), 1, 30,
                                                   s.finance.horizon_years, key="ed_horizon")
    c = st.columns(4)
    f["finance.discount_rate"] = c[0].number_input(
        t("Discount rate (per year)"), 0.0, 0.5, s.finance.discount_rate, 0.005, format="%.3f",
        key="ed_discount", help=t("For the net present value; 0.03 = 3 %."))
    f["finance.salary_escalation"] = c[1].number_input(
        t("Salary escalation (per year)"), -0.5, 1.0, s.finance.salary_escalation, 0.005,
        format="%.3f", key="ed_salary")
    f["finance.general_inflation"] = c[2].number_input(
        t("General inflation (per year)"), -0.5, 1.0, s.finance.general_inflation, 0.005,
        format="%.3f", key="ed_inflation", help=t("Tools, parts and downtime cost."))
    f["availability_target"] = c[3].number_input(
        t("Availability target"), 0.5, 0.99999, s.availability_target, 0.0001, format="%.5f",
        key="ed_availability")
    f["notes"] = st.text_area(t("Where the figures come from"), s.notes, key="ed_notes")
    return f


def contract_fields(s: Scenario) -> dict:
    k = s.contract
    f = {}
    c = st.columns(4)
    f["contract.vendor"] = c[0].text_input(t("Vendor"), k.vendor, key="ed_vendor")
    f["contract.monthly_fee"] = c[1].number_input(t("Monthly fee"), 0.0, 1e12, k.monthly_fee,
                                                  key="ed_fee")
    f["contract.included_hours_per_month"] = c[2].number_input(
        t("Included hours per month"), 0.0, 1e5, k.included_hours_per_month, key="ed_included")
    f["contract.overage_rate"] = c[3].number_input(t("Overage rate (per hour)"), 0.0, 1e9,
                                                   k.overage_rate, key="ed_overage")
    c = st.columns(4)
    f["contract.transition_cost"] = c[0].number_input(t("Transition cost (one-off)"), 0.0, 1e12,
                                                      k.transition_cost, key="ed_transition")
    f["contract.minimum_term_months"] = c[1].number_input(t("Minimum term (months)"), 0, 240,
                                                          k.minimum_term_months, key="ed_term")
    f["contract.annual_escalation"] = c[2].number_input(
        t("Price escalation (per year)"), -0.5, 1.0, k.annual_escalation, 0.005, format="%.3f",
        key="ed_escalation")
    f["contract.credit_cap_pct"] = c[3].number_input(t("Credit cap (% of monthly fee)"), 0.0,
                                                     100.0, k.credit_cap_pct, key="ed_cap")
    return f


def _use_nearest(nearest: list[list[float]], paths: list[str], name: str) -> None:
    """Replace the edited correlation matrix by the nearest valid one."""
    st.session_state[f"ed_corr_base::{name}"] = (paths, nearest)
    st.session_state["ed_corr_version"] = st.session_state.get("ed_corr_version", 0) + 1


def uncertainty_fields(scenario: Scenario, name: str):
    """The uncertain-inputs table and their rank-correlation matrix, checked as they are typed."""
    st.caption(t("Ranges on any numeric input, by its dotted path (e.g. contract.monthly_fee, "
                 "effects.incident_rate_multiplier, systems.0.downtime_cost_per_hour). "
                 "Triangular and PERT need low, mode and high; uniform low and high; normal mean "
                 "and sd; lognormal median and sigma. The Monte Carlo can draw incident rates, "
                 "repair medians and amounts; every input works in the tornado and break-even."))
    ranges = st.data_editor(
        ranges_frame(scenario), num_rows="dynamic", key="ed_ranges", hide_index=True,
        column_config={"distribution": st.column_config.SelectboxColumn(options=DISTRIBUTIONS),
                       "path": st.column_config.TextColumn(required=True)})
    paths = [str(p) for p in ranges["path"].tolist() if isinstance(p, str) and p.strip()]
    base = correlation_frame(scenario)
    saved = st.session_state.get(f"ed_corr_base::{name}")
    if saved is not None:
        base = pd.DataFrame(saved[1], index=saved[0], columns=saved[0])
    start = pd.DataFrame(matrix_from(base, paths), index=paths, columns=paths)
    st.markdown(t("**Rank correlations** (Spearman, −1 to 1; 0 = independent)"))
    correlation = symmetrised(st.data_editor(
        start, key=f"ed_corr::{st.session_state.get('ed_corr_version', 0)}::{len(paths)}",
        width="stretch"), start)
    try:
        check_correlation(matrix_from(correlation, paths), len(paths))
    except CorrelationError as exc:
        st.error(tx(exc), icon=":material/error:")
        if exc.nearest is not None:
            st.button(t("Use the nearest valid matrix"), on_click=_use_nearest,
                      args=(exc.nearest.round(4).tolist(), paths, name), key="ed_corr_fix",
                      icon=":material/auto_fix_high:")
    return ranges, correlation


def render() -> None:
    picked = scenario_picker()
    st.title(t("Edit scenario"))
    if picked is None:
        return
    option, scenario = picked
    if not option.startswith(LIBRARY_PREFIX):
        st.info(t("Samples and shared links are read-only. Copy this one to your library to "
                  "edit it."), icon=":material/lock:")
        st.button(t("Copy to my library and edit"), on_click=_copy_to_library, args=(scenario,),
                  type="primary", key="ed_copy")
        return
    name = option.removeprefix(LIBRARY_PREFIX)
    st.caption(t("Editing library scenario **{name}**; saving keeps the previous versions.",
                 name=name))
    tabs = st.tabs([t(n) for n in ("General", "Systems", "Team", "Contract", "Hybrid split",
                                   "Uncertainty", "JSON")])
    with tabs[0]:
        fields = general_fields(scenario)
    with tabs[1]:
        systems = st.data_editor(
            systems_frame(scenario), num_rows="dynamic", key="ed_systems", hide_index=True,
            column_config={"kind": st.column_config.SelectboxColumn(options=KINDS),
                           **{f"{s}_repair": st.column_config.SelectboxColumn(options=FAMILIES)
                              for s in ("S1", "S2", "S3")}})
    with tabs[2]:
        levels = st.data_editor(levels_frame(scenario), num_rows="dynamic", key="ed_levels",
                                hide_index=True)
        st.caption(t("Coverage, on-call, attrition and other team settings: edit them in the "
                     "JSON tab (team.*)."))
    with tabs[3]:
        fields |= contract_fields(scenario)
        terms = st.data_editor(terms_frame(scenario), key="ed_terms", hide_index=True,
                               disabled=["severity"])
        st.markdown(t("**Other contract options (tiers)** — compared on the Sensitivity & "
                      "break-even page's Optimise tab"))
        tiers = st.data_editor(
            tiers_frame(scenario), num_rows="dynamic", key="ed_tiers", hide_index=True,
            column_config={"coverage": st.column_config.SelectboxColumn(
                options=["", "24x7", "business_hours"],
                help=t("Empty keeps the contract's window; business_hours uses the "
                       "contract's days and hours."))})
        st.caption(t("Empty cells keep the contract's terms. A tier's own response and "
                     "resolution targets per severity are set in the JSON tab "
                     "(vendor_tiers[].terms)."))
    with tabs[4]:
        hybrid = st.data_editor(
            hybrid_frame(scenario), key="ed_hybrid", hide_index=True, disabled=["system"],
            column_config={c: st.column_config.SelectboxColumn(options=PARTIES)
                           for c in ("first_response", "recovery", "adaptive", "preventive",
                                     "perfective", "predictive")})
    with tabs[5]:
        ranges, correlation = uncertainty_fields(scenario, name)
    with tabs[6]:
        raw = st.text_area(t("The whole scenario as JSON (every field; saved as is when changed)"),
                           json.dumps(scenario.model_dump(mode="json"), indent=2,
                                      ensure_ascii=False), height=400, key="ed_json")
    if st.button(t("Save as a new version"), type="primary", icon=":material/save:",
                 key="ed_save"):
        try:
            if json.loads(raw) != scenario.model_dump(mode="json"):
                edited = parse_scenario(raw, source="the JSON tab")
            else:
                edited = edit_scenario(scenario, systems=systems, levels=levels, terms=terms,
                                       hybrid=hybrid, ranges=ranges, correlation=correlation,
                                       tiers=tiers, fields=fields)
        except (ScenarioError, json.JSONDecodeError) as exc:
            messages = exc.messages if isinstance(exc, ScenarioError) else [str(exc)]
            st.error(t("Not saved — please fix:\n") + "\n".join(f"- {tx(m)}" for m in messages),
                     icon=":material/error:")
            return
        version = library().save(name, edited, note="edited")
        st.success(t("Saved version {v} of '{name}'.", v=version, name=name))
