"""Edit scenario: every field of a library scenario, validated before it is saved."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import streamlit as st

from estimators import Scenario, ScenarioError
from estimators.presentation.fields import (
    CONTRACT_FIELDS,
    GENERAL_FIELDS,
    SYSTEM_COLUMN_HELP,
)
from estimators.presentation.tables import systems_frame
from estimators.scenario import CURRENCIES
from estimators.scenario.editing import (
    chosen_edit,
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
from estimators.scenario.library import LibraryError
from estimators.scenario.ranges import CorrelationError, check_correlation
from pages._editor_fields import number_fields, team_fields
from pages._shared import (
    LIBRARY_PREFIX,
    choose,
    lang,
    library,
    plain,
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
    if lib is None:  # library() has said why
        return
    name = f"{scenario.name} (copy)"
    try:
        while name in lib:
            name += "+"
        lib.save(name, scenario, note="copied to edit")
    except LibraryError as exc:  # read-only library, full disk
        st.error(tx(exc), icon=":material/error:")
        return
    choose(LIBRARY_PREFIX + name)


def general_fields(s: Scenario, prefix: str) -> tuple[dict, list[str]]:
    c = st.columns([2, 1])
    f = {"name": c[0].text_input(t("Scenario title"), s.name, key=f"{prefix}::name")}
    f["finance.currency"] = c[1].selectbox(
        t("Currency"), CURRENCIES, CURRENCIES.index(s.finance.currency),
        key=f"{prefix}::currency", help=t("Every amount of the scenario is in this currency."))
    values, problems = number_fields(GENERAL_FIELDS, s, prefix, columns=5)
    f |= values
    f["notes"] = st.text_area(t("Where the figures come from"), s.notes, key=f"{prefix}::notes")
    return f, problems


def contract_fields(s: Scenario, prefix: str) -> tuple[dict, list[str]]:
    f = {"contract.vendor": st.text_input(t("Vendor"), s.contract.vendor,
                                          key=f"{prefix}::vendor")}
    values, problems = number_fields(CONTRACT_FIELDS, s, prefix)
    return f | values, problems


def _use_nearest(nearest: list[list[float]], paths: list[str], name: str) -> None:
    """Replace the edited correlation matrix by the nearest valid one."""
    st.session_state[f"ed_corr_base::{name}"] = (paths, nearest)
    st.session_state["ed_corr_version"] = st.session_state.get("ed_corr_version", 0) + 1


def uncertainty_fields(scenario: Scenario, name: str, prefix: str):
    """The uncertain-inputs table and their rank-correlation matrix, checked as they are typed."""
    st.caption(t("Ranges on any numeric input, by its dotted path (e.g. contract.monthly_fee, "
                 "effects.incident_rate_multiplier, systems.0.downtime_cost_per_hour). "
                 "Triangular and PERT need low, mode and high; uniform low and high; normal mean "
                 "and sd; lognormal median and sigma. The Monte Carlo can draw incident rates, "
                 "repair medians and amounts; every input works in the tornado and break-even."))
    ranges = st.data_editor(
        ranges_frame(scenario), num_rows="dynamic", key=f"{prefix}::ranges", hide_index=True,
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
        start, key=f"{prefix}::corr::{st.session_state.get('ed_corr_version', 0)}::{len(paths)}",
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


def _save(name: str, scenario: Scenario, edited: Scenario) -> None:
    """Save ``edited`` as the entry's next version (nothing when it equals what is saved)."""
    if edited.model_dump(mode="json") == scenario.model_dump(mode="json"):
        st.info(t("Nothing has changed since the last save: no new version."),
                icon=":material/info:")
        return
    lib = library()
    if lib is None:  # library() has said why
        return
    try:
        version = lib.save(name, edited, note="edited")
    except LibraryError as exc:  # read-only library, full disk: the edits stay in the fields
        st.error(tx(exc), icon=":material/error:")
        return
    st.session_state["ed_saved"] = t("Saved version {v} of '{name}'.", v=version,
                                     name=plain(name))
    st.rerun()  # the fields start again from the saved scenario


def _refuse(messages: list[str]) -> None:
    st.error(t("Not saved — please fix:") + "\n" + "\n".join(f"- {m}" for m in messages),
             icon=":material/error:")


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
    saved = scenario.model_dump(mode="json")
    # Widget keys carry the saved scenario: typed values stay while it is unchanged (a refused
    # save keeps them), and every field starts again from the scenario once it is saved.
    fingerprint = hashlib.sha1(json.dumps(saved, sort_keys=True).encode()).hexdigest()[:10]
    prefix = f"ed::{name}::{fingerprint}"
    st.caption(t("Editing library scenario **{name}**; saving keeps the previous versions.",
                 name=plain(name)))
    if "ed_saved" in st.session_state:
        st.success(st.session_state.pop("ed_saved"), icon=":material/check_circle:")
    tabs = st.tabs([t(n) for n in ("General", "Systems", "Team", "Contract", "Hybrid split",
                                   "Uncertainty", "JSON")], key=f"ed_tabs::{lang()}")
    with tabs[0]:
        fields, problems = general_fields(scenario, prefix)
    with tabs[1]:
        systems = st.data_editor(
            systems_frame(scenario), num_rows="dynamic", key=f"{prefix}::systems",
            hide_index=True,
            column_config={"kind": st.column_config.SelectboxColumn(options=KINDS),
                           **{f"{s}_repair": st.column_config.SelectboxColumn(options=FAMILIES)
                              for s in ("S1", "S2", "S3")},
                           **{column: st.column_config.Column(help=t(text))
                              for column, text in SYSTEM_COLUMN_HELP.items()}})
    with tabs[2]:
        levels = st.data_editor(
            levels_frame(scenario), num_rows="dynamic", key=f"{prefix}::levels",
            hide_index=True, column_config={"part_time": st.column_config.CheckboxColumn(
                help=t("Part-time (兼任): the headcount is the share of time these people give "
                       "to IT, e.g. 0.5; other levels count whole people."))})
        team, team_problems, experts = team_fields(scenario, prefix)
        fields |= team
        problems += team_problems
    with tabs[3]:
        contract, contract_problems = contract_fields(scenario, prefix)
        fields |= contract
        problems += contract_problems
        terms = st.data_editor(terms_frame(scenario), key=f"{prefix}::terms", hide_index=True,
                               disabled=["severity"])
        st.markdown(t("**Other contract options (tiers)** — compared on the Sensitivity & "
                      "break-even page's Optimise tab"))
        tiers = st.data_editor(
            tiers_frame(scenario), num_rows="dynamic", key=f"{prefix}::tiers", hide_index=True,
            column_config={"coverage": st.column_config.SelectboxColumn(
                options=["", "24x7", "business_hours"],
                help=t("Empty keeps the contract's window; business_hours uses the "
                       "contract's days and hours."))})
        st.caption(t("Empty cells keep the contract's terms. A tier's own response and "
                     "resolution targets per severity are set in the JSON tab "
                     "(vendor_tiers[].terms)."))
    with tabs[4]:
        hybrid = st.data_editor(
            hybrid_frame(scenario), key=f"{prefix}::hybrid", hide_index=True,
            disabled=["system"],
            column_config={c: st.column_config.SelectboxColumn(options=PARTIES)
                           for c in ("first_response", "recovery", "adaptive", "preventive",
                                     "perfective", "predictive")})
    with tabs[5]:
        ranges, correlation = uncertainty_fields(scenario, name, prefix)
    with tabs[6]:
        raw = st.text_area(t("The whole scenario as JSON (every field; saved as is when changed)"),
                           json.dumps(saved, indent=2, ensure_ascii=False), height=400,
                           key=f"{prefix}::json")
    if not st.button(t("Save as a new version"), type="primary", icon=":material/save:",
                     key="ed_save"):
        return
    if problems:
        _refuse(problems)
        return
    try:
        edited = chosen_edit(scenario, edit_scenario(
            scenario, systems=systems, levels=levels, terms=terms, hybrid=hybrid, ranges=ranges,
            correlation=correlation, tiers=tiers, fields=fields, experts=experts), raw)
    except ScenarioError as exc:
        _refuse([tx(m) for m in exc.messages])
        return
    _save(name, scenario, edited)
