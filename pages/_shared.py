"""Widgets and state shared by every page: the chosen scenario and its what-if inputs.

Widget values persist for the whole session (``persist_state="session"``), so a page switch keeps
the scenario and the sliders; what-if keys carry the scenario's file stem, so each sample keeps
its own values.
"""

from __future__ import annotations

import streamlit as st

from estimators import Scenario, ScenarioError, format_money, sample_paths, sample_scenario
from estimators.money import CURRENCY_SYMBOLS
from estimators.whatif import COVERAGE_CHOICES, WhatIf, apply_what_if, what_if_of

SCENARIO_KEY = "scenario_name"
DEFAULT_SAMPLE = "home_delivery_cloud"
COVERAGE_LABELS = {
    "business_hours": "Business hours only",
    "business_hours_on_call": "Business hours + on-call",
    "24x7": "24x7 shifts",
}
NUMBER_FORMAT = {"JPY": "yen", "USD": "dollar", "EUR": "euro"}


@st.cache_data(max_entries=32, show_spinner=False)
def ensure_routed() -> None:
    """Rerun through ``app.py`` if Streamlit's legacy ``pages/`` discovery ran this page directly.

    Until a script has called ``st.navigation``, Streamlit lists ``pages/`` itself, so the
    first deep link a fresh server receives runs the page script without ``app.py`` (and
    without our navigation). Switching the legacy mode off and rerunning routes it properly;
    ``st.navigation`` switches it off the same way.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_data(max_entries=32, show_spinner=False)
def _load_sample(stem: str) -> dict:
    return sample_scenario(stem).model_dump(mode="json")


def sample_label(stem: str) -> str:
    try:
        return Scenario.model_validate(_load_sample(stem)).name
    except ScenarioError:
        return stem


def scenario_picker() -> tuple[str, Scenario] | None:
    """Sidebar select box over the bundled sample scenarios; (file stem, scenario)."""
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
        persist_state="session",
        help="A bundled sample organisation. Every figure on the page is computed from it.",
    )
    try:
        scenario = Scenario.model_validate(_load_sample(stem))
    except ScenarioError as exc:
        st.error(str(exc))
        return None
    calibrated = st.session_state.get(_calibrated_key(stem))
    if calibrated is not None:
        scenario = Scenario.model_validate_json(calibrated)
        st.sidebar.caption(":material/tune: Rates and repair times calibrated from an incident "
                           "history.")
        if st.sidebar.button("Back to the sample's own figures", key=f"uncalibrate::{stem}"):
            del st.session_state[_calibrated_key(stem)]
            st.rerun()
    return stem, scenario


def _calibrated_key(stem: str) -> str:
    return f"calibrated::{stem}"


def set_calibrated(scenario: Scenario) -> None:
    """Use ``scenario`` (calibrated from a history) in place of the chosen sample everywhere."""
    st.session_state[_calibrated_key(st.session_state[SCENARIO_KEY])] = scenario.model_dump_json()


def what_if_sidebar(base: WhatIf, currency: str, stem: str) -> WhatIf:
    """The inputs that move cost most; keys carry the scenario so each keeps its own values."""
    symbol = CURRENCY_SYMBOLS[currency]
    st.sidebar.subheader("What if…")
    rate = st.sidebar.slider(
        "Incident-rate multiplier (× scenario rates)", 0.25, 4.0, base.incident_rate_multiplier,
        0.05, key=f"rate_multiplier::{stem}", persist_state="session",
        help="Scales every system's incident rate per year. 2.0 means twice as many failures; "
             "it drives corrective labour, vendor hours, per-incident fees and downtime cost.",
    )
    fte = st.sidebar.slider(
        "In-house team size (FTE)", 0.0, max(20.0, 3 * base.team_fte), base.team_fte, 0.5,
        key=f"team_fte::{stem}", persist_state="session",
        help="Full-time equivalents in the in-house team; each skill level keeps its share. "
             "The model adds FTE automatically when the coverage window needs more people.",
    )
    fee_max = max(1000.0, 3 * base.vendor_monthly_fee)
    fee = st.sidebar.slider(
        f"Vendor monthly fee ({symbol}/month)", 0.0, fee_max, base.vendor_monthly_fee,
        fee_max / 300, format=NUMBER_FORMAT.get(currency, "localized"),
        key=f"vendor_fee::{stem}", persist_state="session",
        help="The contract's fixed fee per month. Included hours, overage rate and service "
             "credits (a % of this fee) stay as in the contract.",
    )
    coverage = st.sidebar.radio(
        "In-house coverage", COVERAGE_CHOICES, COVERAGE_CHOICES.index(base.coverage),
        format_func=COVERAGE_LABELS.get, key=f"coverage::{stem}", persist_state="session",
        help="When the in-house team responds. Off-hours incidents wait for the window unless "
             "on-call is on; a 24x7 seat needs about 4.7 FTE (168 h a week / net hours per FTE).",
    )
    return WhatIf(rate, fte, fee, coverage)


def current_scenario() -> Scenario | None:
    """The chosen sample with the sidebar's what-if values applied (None after an error)."""
    picked = scenario_picker()
    if picked is None:
        return None
    stem, scenario = picked
    what_if = what_if_sidebar(what_if_of(scenario), scenario.finance.currency, stem)
    return apply_what_if(scenario, what_if)


def money(value: float, scenario: Scenario, compact: bool = False) -> str:
    return format_money(value, scenario.finance.currency, compact=compact)
