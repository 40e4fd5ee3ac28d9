"""Home: what Hoshu answers, where to start, and the headline comparison at once."""

from __future__ import annotations

from functools import partial

import streamlit as st

from estimators import compare_strategies, sample_paths
from estimators.presentation.charts import cumulative_figure
from pages import cost_comparison, incident_history
from pages._export import export_panel
from pages._runs import latest_run
from pages._scope_brief import scope_brief_box
from pages._shared import (
    CHOICE_KEY,
    DEFAULT_SAMPLE,
    choose,
    current_view,
    headline,
    lang,
    page,
    plain,
    sample_label,
    t,
)


def render() -> None:
    view = current_view()
    scenario = None if view is None else view.scenario
    st.title(t("Hoshu 保守 — what IT maintenance really costs"))
    st.markdown(t("Hoshu compares keeping IT system maintenance in-house, outsourcing it, or "
                  "splitting the two: the cost of each, year by year, and how much downtime each "
                  "one buys. Start from a sample organisation or from your own incident "
                  "history, then change what you want to test."))
    left, right = st.columns(2)
    with left.container(border=True):
        st.subheader(t("Start from a sample"))
        stems = list(sample_paths())
        current = st.session_state.get(CHOICE_KEY, DEFAULT_SAMPLE)
        stem = st.selectbox(t("Sample organisation"), stems,
                            format_func=partial(sample_label, language=lang()),
                            index=stems.index(current) if current in stems else 0,
                            key="home_sample",
                            help=t("Three bundled organisations with sourced figures; copy one "
                                   "to your library to make it yours."))
        if st.button(t("Open its cost comparison"), type="primary", key="home_open",
                     icon=":material/balance:"):
            choose(stem)
            st.switch_page(page(cost_comparison))
    with right.container(border=True):
        st.subheader(t("Start from your incident history"))
        st.caption(t("Upload an export from ServiceNow, Jira, PagerDuty, Opsgenie, Zabbix or a "
                     "spreadsheet (Japanese Excel CSV included): Hoshu fits it and calibrates "
                     "the scenario."))
        st.page_link(page(incident_history), label=t("Bring your incident history"),
                     icon=":material/history:")
    if scenario is None:
        return
    comparison = compare_strategies(scenario)
    st.subheader(t("Headline: {name}", name=plain(scenario.name)))
    headline(comparison, scenario)
    left, right = st.columns([3, 2])
    left.plotly_chart(cumulative_figure(comparison, lang()), width="stretch", key="home_cum")
    with right:
        scope_brief_box(scenario, key="home")
    export_panel(view, latest_run(scenario), key="home")
