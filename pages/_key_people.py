"""The Downtime & recovery page's key-person panel: under-strength days from the run, and, on
request, what absences and departures cost in a bad year (a paired run with and without them)."""

from __future__ import annotations

import streamlit as st

from estimators import Scenario, Strategy
from estimators.engine.digest import Digest
from estimators.engine.simulation import key_person_cost
from estimators.presentation.key_people import key_person_cost_sentence, under_strength_sentence
from pages._shared import lang, t

__all__ = ["key_people_panel"]

TRIALS = 2_000
"""Trial-years of each of the two paired runs (enough for the P95 within a few per cent)."""


@st.cache_data(max_entries=32, show_spinner=False)
def _paired(scenario_json: str, strategy: str):
    return key_person_cost(Scenario.model_validate_json(scenario_json), Strategy(strategy),
                           TRIALS, seed=0)


def key_people_panel(scenario: Scenario, digests: list[Digest], key: str) -> None:
    """Under-strength days per strategy and, on a click, the cost of key-person events."""
    lines = [under_strength_sentence(d.strategy.value, d.summary, lang()) for d in digests]
    lines = [line for line in lines if line]
    if not lines:
        return
    st.subheader(t("Key people (属人化)"))
    for line in lines:
        st.markdown(f"- {line}")
    teams = [d.strategy for d in digests if under_strength_sentence(d.strategy.value,
                                                                    d.summary)]
    if st.button(t("What do absences and departures cost in a bad year?"), key=f"kp::{key}",
                 help=t("Runs each strategy with a team twice on the same simulated years, with "
                        "and without leave, sickness and departures ({n:,} trial-years each).",
                        n=TRIALS)):
        with st.spinner(t("Simulating with and without key-person events…")):
            for strategy in teams:
                cost = _paired(scenario.model_dump_json(), strategy.value)
                st.markdown("- " + key_person_cost_sentence(
                    strategy.value, cost, scenario.finance.currency, lang()))
