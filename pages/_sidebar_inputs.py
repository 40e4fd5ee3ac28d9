"""The sidebar's inputs shared by the result pages: the what-ifs that move cost most, and the
currency amounts are shown in (re-exported by :mod:`pages._shared`)."""

from __future__ import annotations

import streamlit as st

from estimators import Scenario
from estimators.presentation.formatting import CURRENCY_SYMBOLS
from estimators.presentation.labels import COVERAGE as COVERAGE_LABELS
from estimators.scenario import CURRENCIES
from estimators.scenario.currency import convert_currency
from estimators.scenario.whatif import COVERAGE_CHOICES, WhatIf
from pages._language import lang, t, translated_choice

__all__ = ["NUMBER_FORMAT", "YEN_PER", "display_currency", "what_if_sidebar"]

NUMBER_FORMAT = {"JPY": "yen", "USD": "dollar", "EUR": "euro"}
"""Streamlit's number formats for each currency's amounts."""


def what_if_sidebar(base: WhatIf, currency: str, stem: str, area=None) -> WhatIf:
    """The inputs that move cost most, each with a one-line description under it.

    Keys carry the scenario so each keeps its own values; ``area`` is where they go (the
    sidebar by default, the page in presenter mode).
    """
    area = area or st.sidebar
    symbol = CURRENCY_SYMBOLS[currency]
    area.subheader(t("What if…"))
    rate = area.slider(
        t("Incident-rate multiplier (× scenario rates)"), 0.25, 4.0,
        base.incident_rate_multiplier, 0.05, key=f"rate_multiplier::{stem}",
        persist_state="session",
        help=t("Scales every system's incident rate per year. 2.0 means twice as many failures; "
               "it drives corrective labour, vendor hours, per-incident fees and downtime cost."),
    )
    area.caption(t("How often things break, relative to the scenario."))
    fte = area.slider(
        t("In-house team size (FTE)"), 0.0, max(20.0, 3 * base.team_fte), base.team_fte, 0.5,
        key=f"team_fte::{stem}", persist_state="session",
        help=t("Full-time equivalents in the in-house team; each skill level keeps its share, "
               "in whole people (a part-time level keeps its share of time). Nothing is added: "
               "a team too small for its coverage window is marked infeasible."),
    )
    area.caption(t("Engineers you employ, in whole people."))
    fee_max = max(1000.0, 3 * base.vendor_monthly_fee)
    fee = area.slider(
        t("Vendor monthly fee ({symbol}/month)", symbol=symbol), 0.0, fee_max,
        base.vendor_monthly_fee, fee_max / 300, format=NUMBER_FORMAT.get(currency, "localized"),
        key=f"vendor_fee::{stem}", persist_state="session",
        help=t("The contract's fixed fee per month. Included hours, overage rate and service "
               "credits (a % of this fee) stay as in the contract."),
    )
    area.caption(t("The vendor contract's fixed fee."))
    coverage = translated_choice(
        area.radio, t("In-house coverage"), list(COVERAGE_CHOICES),
        lambda c: t(COVERAGE_LABELS[c]), f"coverage::{stem}", default=base.coverage,
        help=t("When the in-house team responds. Off-hours incidents wait for the window unless "
               "on-call is on; a 24x7 seat needs about 4.7 FTE (168 h a week / net hours per "
               "FTE). See the [Glossary](/glossary)."),
    )
    area.caption(t("When your own team answers incidents."))
    return WhatIf(rate, fte, fee, coverage)


YEN_PER = {"JPY": 1.0, "USD": 150.0, "EUR": 160.0}
"""Default exchange rates (yen per unit), editable in the sidebar."""


def display_currency(scenario: Scenario, area=None) -> Scenario:
    """Show the scenario in another currency at an exchange rate the user sets."""
    area = area or st.sidebar
    options = list(CURRENCIES)
    own = scenario.finance.currency
    default = "JPY" if lang() == "ja" else own  # yen by default in Japanese
    shown = area.selectbox(t("Display currency"), options, index=options.index(default),
                           key=f"display_currency::{own}", persist_state="session",
                           help=t("Show every amount in another currency, converted at the "
                                  "rate below (the scenario itself is not changed)."))
    if shown == own:
        return scenario
    default = YEN_PER[shown] / YEN_PER[own]
    rate = area.number_input(t("1 {to} = ? {own}", to=shown, own=own), min_value=1e-6,
                             max_value=1e6, value=default, format="%.4f",
                             key=f"rate::{own}->{shown}", persist_state="session",
                             help=t("The exchange rate to use; set today's rate."))
    return convert_currency(scenario, shown, 1.0 / rate)


