"""Widgets and state shared by every page: the chosen scenario lives in session state."""

from __future__ import annotations

import streamlit as st

from estimators import Scenario, ScenarioError, format_money, sample_paths, sample_scenario

SCENARIO_KEY = "scenario_name"
DEFAULT_SAMPLE = "home_delivery_cloud"


@st.cache_data(max_entries=32, show_spinner=False)
def _load_sample(stem: str) -> dict:
    return sample_scenario(stem).model_dump(mode="json")


def sample_label(stem: str) -> str:
    try:
        return Scenario.model_validate(_load_sample(stem)).name
    except ScenarioError:
        return stem


def scenario_picker() -> Scenario | None:
    """Sidebar select box over the bundled sample scenarios; returns the chosen scenario."""
    stems = list(sample_paths())
    if not stems:
        st.error("No sample scenarios were found in data/scenarios/.")
        return None
    stem = st.sidebar.selectbox(
        "Scenario",
        stems,
        index=stems.index(DEFAULT_SAMPLE) if DEFAULT_SAMPLE in stems else 0,
        format_func=sample_label,
        key=SCENARIO_KEY,
        help="A bundled sample organisation. Every figure on the page is computed from it.",
    )
    try:
        return Scenario.model_validate(_load_sample(stem))
    except ScenarioError as exc:
        st.error(str(exc))
        return None


def money(value: float, scenario: Scenario, compact: bool = False) -> str:
    return format_money(value, scenario.finance.currency, compact=compact)
