"""The editor's field groups: numbers with their range check, and the Team tab's settings
(coverage window, on-call, key people, labour premiums)."""

from __future__ import annotations

import streamlit as st

from estimators import Scenario, ScenarioError
from estimators.presentation.fields import TEAM_FIELDS, FormField, out_of_range
from estimators.presentation.i18n import N_
from estimators.scenario import WEEKDAYS
from estimators.scenario.editing import parse_window, window_text
from pages._language import translated_choice
from pages._shared import lang, plain, t, tx

__all__ = ["number_fields", "team_fields"]

FALLBACK = {"vendor": N_("the vendor repairs at its hourly rate"),
            "wait": N_("incidents wait for their return")}
"""The choices for a sole expert's absence (``team.sole_expert_fallback``)."""


def number_fields(spec: tuple[FormField, ...], scenario: Scenario, prefix: str,
                  columns: int = 4) -> tuple[dict, list[str]]:
    """One number input per field (no browser-side limits, so what is typed reaches the check
    and stays on screen); returns the values to store and the out-of-range messages."""
    values, problems = {}, []
    currency = scenario.finance.currency
    cols = st.columns(columns)
    for i, field in enumerate(spec):
        stored = scenario.number_at(field.path)
        shown = cols[i % columns].number_input(
            field.label_in(lang(), currency), value=field.shown(stored),
            step=1 if field.whole else 10.0 ** -field.decimals,
            format="%d" if field.whole else f"%.{field.decimals}f",
            key=f"{prefix}::{field.path}", help=t(field.help) if field.help else None)
        problem = out_of_range(field, shown, lang(), currency)
        if problem is None:
            values[field.path] = field.stored(shown)
        else:
            cols[i % columns].error(problem, icon=":material/error:")
            problems.append(problem)
    return values, problems


def team_fields(s: Scenario, prefix: str) -> tuple[dict, list[str], dict[str, list[str]]]:
    """The Team tab's settings beside the levels table: the values to store (dotted paths),
    the problems, and the systems each level alone knows (by level name)."""
    team = s.team
    f: dict = {}
    problems: list[str] = []
    a, b, c = st.columns([2, 1, 1])
    window = a.text_input(
        t("Coverage window"), window_text(team.coverage), key=f"{prefix}::team.coverage",
        help=t("When the team is on duty: \"24x7\", or days and hours such as "
               "\"mon-fri 09:00-18:00\". One person covers 45 hours a week (40 hours and the "
               "statutory break); a window needing more people than the team has is "
               "infeasible."))
    try:
        f["team.coverage"] = parse_window(window, t("Coverage window"),
                                          team.coverage.model_dump(mode="json"))
    except ScenarioError as exc:
        problems += [tx(m) for m in exc.messages]
        a.error(problems[-1], icon=":material/error:")
    f["team.on_call.enabled"] = b.checkbox(
        t("On-call after hours"), team.on_call.enabled, key=f"{prefix}::team.on_call.enabled",
        help=t("Someone answers pages outside the window (each page is a night interruption)."))
    f["finance.include_operation"] = c.checkbox(
        t("Show operation (運用) as a cost line"), s.finance.include_operation,
        key=f"{prefix}::finance.include_operation",
        help=t("The team's non-maintenance time, the same in every strategy; untick to leave "
               "it out of all three."))
    values, more = number_fields(TEAM_FIELDS, s, prefix)
    f |= values
    problems += more
    d, e = st.columns(2)
    with d:
        f["team.sole_expert_fallback"] = translated_choice(
            st.selectbox, t("While a sole expert is away"), ["vendor", "wait"],
            lambda v: t(FALLBACK[v]), key=f"{prefix}::team.sole_expert_fallback",
            default=team.sole_expert_fallback,
            help=t("Who restores a system only one skill level knows while nobody of that "
                   "level is present (leave, sickness, a vacancy)."))
    with e:
        f["team.premiums.statutory_holiday"] = translated_choice(
            st.selectbox, t("Statutory holiday (法定休日)"), list(WEEKDAYS),
            lambda d: t(d.capitalize()), key=f"{prefix}::team.premiums.statutory_holiday",
            default=team.premiums.statutory_holiday,
            help=t("The weekly day off whose call-out hours earn the holiday premium."))
    names = [system.name for system in s.systems]
    experts = {}
    for level in team.levels:
        experts[level.name] = st.multiselect(
            t("Systems only {level} knows", level=plain(level.name)), names,
            [n for n in level.sole_expert_for if n in names],
            key=f"{prefix}::experts::{level.name}",
            help=t("Key-person risk (属人化): while nobody of this level is present, these "
                   "systems' in-house repairs go to the vendor or wait."))
    return f, problems, experts
